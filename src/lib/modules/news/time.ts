// Times as people in the county read and type them: Europe/Berlin wall-clock time, German or English format.
import { Temporal } from 'temporal-polyfill';
import type { Locale } from '../types.ts';
import { dateFormat } from '../../ui/format.ts';

const ZONE = 'Europe/Berlin';
const LOCAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * A moment from a form ("2026-12-24T18:00", Berlin time; the skipped spring hour is read with the offset
 * before it, the repeated autumn hour as the first) or from JSON (ISO 8601 with Z or an offset). Null if neither.
 */
export function parseMoment(value: string): number | null {
	try {
		if (LOCAL.test(value)) return Temporal.PlainDateTime.from(value).toZonedDateTime(ZONE, { disambiguation: 'compatible' }).epochMilliseconds;
		if (WITH_OFFSET.test(value)) return Temporal.Instant.from(value).epochMilliseconds;
	} catch {
		return null;
	}
	return null;
}

/** The end of a day ("2026-12-24", inclusive) in Berlin, as the first moment of the next day; or a moment. */
export function parseUntil(value: string): number | null {
	if (!DATE.test(value)) return parseMoment(value);
	try {
		return Temporal.PlainDate.from(value).add({ days: 1 }).toZonedDateTime({ timeZone: ZONE }).epochMilliseconds;
	} catch {
		return null;
	}
}

/** "2026-12-24T18:00" in Berlin, for a datetime-local field. */
export function toLocalInput(ms: number): string {
	return Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(ZONE).toPlainDateTime().toString({ smallestUnit: 'minute' });
}

/** The last day (inclusive) of an end that is the first moment of the next day, for a date field. */
export function toDateInput(untilMs: number): string {
	return Temporal.Instant.fromEpochMilliseconds(untilMs - 1).toZonedDateTimeISO(ZONE).toPlainDate().toString();
}

/** "24. Dezember 2026, 18:00" / "24 December 2026, 18:00" in Berlin time. */
export function formatMoment(ms: number, locale: Locale): string {
	return dateFormat(locale === 'en' ? 'en-GB' : 'de-DE', { dateStyle: 'long', timeStyle: 'short', timeZone: ZONE }).format(ms);
}

/** "24. Dezember 2026" / "24 December 2026" in Berlin time. */
export function formatDay(ms: number, locale: Locale): string {
	return dateFormat(locale === 'en' ? 'en-GB' : 'de-DE', { day: 'numeric', month: 'long', year: 'numeric', timeZone: ZONE }).format(ms);
}
