import { fieldLabel, type FieldErrors } from './validate.ts';
import * as m from '../../paraglide/messages.js';

type MessageFn = (inputs?: Record<string, string>) => string;
const catalog = m as unknown as Record<string, MessageFn | undefined>;

/** An expected failure of a command: becomes a 4xx page, form error or JSON error, never a 500. */
export class AppError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		readonly fields: FieldErrors = {}
	) {
		super(Object.values(fields).join(' ') || code);
	}
}

export const forbidden = () => new AppError(403, 'forbidden');
export const notFound = () => new AppError(404, 'not_found');

/**
 * A 400 (or another status) that names the field; `messageKey` is a message id such as "err_slug_taken".
 * Optional: the message's parameters ("err_upload_too_large" with { max: "10 MB" }), a label for fields the
 * core does not know, and the status (403 for a field the actor may not change).
 */
export function fieldError(field: string, messageKey: string, options: { params?: Record<string, string>; label?: string; status?: number } = {}): AppError {
	const text = catalog[messageKey]?.(options.params) ?? messageKey;
	const status = options.status ?? 400;
	return new AppError(status, status === 403 ? 'forbidden' : 'validation', { [field]: `${options.label ?? fieldLabel(field)}: ${text}` });
}

/** A 400 for the whole form (not one field). */
export function formError(messageKey: string, status = 400): AppError {
	return new AppError(status, 'validation', { _form: catalog[messageKey]?.() ?? messageKey });
}
