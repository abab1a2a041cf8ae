// A calendar file (.ics) that a module's form takes (`uploads: { field: { accept: 'calendar' } }`): read as text
// for the action, never stored — an import reads it once. Checked by its content, not by its name or the
// browser's claim: text without NUL bytes that begins with BEGIN:VCALENDAR, within the size limit.
import { fieldError } from '../http/errors.ts';
import { MAX_UPLOAD_BYTES, uploadTooLarge } from './uploads.ts';

/** The default limit of a calendar file: 2 MB (a municipality's waste calendar for a year is a few hundred KB). */
export const MAX_CALENDAR_BYTES = 2 * 1024 * 1024;

/** The text of an uploaded iCalendar file, or a field error naming `field` (empty, too large, not a calendar). */
export function readCalendarUpload(args: { bytes: Uint8Array; field: string; label?: string; maxBytes?: number }): string {
	const maxBytes = Math.min(args.maxBytes ?? MAX_CALENDAR_BYTES, MAX_UPLOAD_BYTES);
	if (args.bytes.byteLength === 0) throw fieldError(args.field, 'err_upload_empty', { label: args.label });
	if (args.bytes.byteLength > maxBytes) throw uploadTooLarge(args.field, { maxBytes, label: args.label });
	if (args.bytes.includes(0)) throw fieldError(args.field, 'err_upload_type_calendar', { label: args.label });
	let text: string;
	try {
		text = new TextDecoder('utf-8', { fatal: true }).decode(args.bytes);
	} catch {
		// RFC 5545 asks for UTF-8; older programs wrote Windows-1252, which reads the same for BEGIN:VCALENDAR
		text = new TextDecoder('windows-1252').decode(args.bytes);
	}
	text = text.replace(/^\uFEFF/, '');
	if (!/^\s*BEGIN:VCALENDAR\r?\n/i.test(text)) throw fieldError(args.field, 'err_upload_type_calendar', { label: args.label });
	return text;
}
