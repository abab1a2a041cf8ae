import { error, isHttpError } from '@sveltejs/kit';
import { z } from 'zod';
import * as m from '../../paraglide/messages.js';

export type FieldErrors = Record<string, string>;
export type Parsed<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors; message: string };

type MessageFn = (inputs?: Record<string, unknown>) => string;
const catalog = m as unknown as Record<string, MessageFn | undefined>;

/** The translated label of a form field ("email" → "E-Mail-Adresse"); falls back to the key. */
export function fieldLabel(key: string): string {
	// a nested field ("links.0.url") is named by its list ("Links")
	return (catalog[`field_${key}`] ?? catalog[`field_${key.split('.')[0]}`])?.() ?? key;
}

/**
 * Custom refinements put a message key in their message ("err_slug_taken"); everything else is
 * translated from zod's issue code, so every error the user sees is German or English and names the field.
 */
function issueText(issue: z.core.$ZodIssue, messages?: Record<string, string>): string {
	if (messages?.[issue.message]) return messages[issue.message]!;
	const custom = catalog[issue.message];
	if (custom) return custom();
	switch (issue.code) {
		case 'invalid_type': {
			// zod names what it got ("undefined" for a missing field, "NaN" for "abc" as a number)
			const received = (issue as { received?: string }).received;
			if (received === undefined || received === 'undefined' || received === 'null') return m.err_required();
			return issue.expected === 'number' || issue.expected === 'int' ? m.err_number() : m.err_invalid();
		}
		case 'too_small':
			if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? m.err_required() : m.err_too_short({ min: String(issue.minimum) });
			return m.err_too_small({ min: String(issue.minimum) });
		case 'too_big':
			if (issue.origin === 'string') return m.err_too_long({ max: String(issue.maximum) });
			return m.err_too_big({ max: String(issue.maximum) });
		case 'invalid_format':
			if (issue.format === 'email') return m.err_email();
			if (issue.format === 'url') return m.err_url();
			return m.err_format();
		case 'invalid_value':
			return m.err_choice();
		default:
			return m.err_invalid();
	}
}

export interface ParseOptions {
	/** field labels that are not in the core's catalog (a module's own fields) */
	labels?: Record<string, string>;
	/** texts for custom refinement messages (a module's own message keys) */
	messages?: Record<string, string>;
}

/** Validates input against a schema; on failure returns one translated message per field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, options: ParseOptions = {}): Parsed<z.infer<S>> {
	const result = schema.safeParse(input);
	if (result.success) return { ok: true, data: result.data };
	const errors: FieldErrors = {};
	for (const issue of result.error.issues) {
		const key = issue.path.length ? issue.path.map(String).join('.') : '_form';
		if (errors[key]) continue;
		const text = issueText(issue, options.messages);
		errors[key] = key === '_form' ? text : `${options.labels?.[key] ?? fieldLabel(key)}: ${text}`;
	}
	return { ok: false, errors, message: Object.values(errors).join(' ') };
}

/**
 * A form post as a plain object of strings. Empty fields become undefined so that "required" reads as
 * required; file parts are ignored here (uploads have their own boundary).
 */
export function formToObject(form: FormData): Record<string, string | undefined> {
	const out: Record<string, string | undefined> = {};
	for (const [key, value] of form.entries()) {
		if (typeof value !== 'string') continue;
		out[key] = value === '' ? undefined : value;
	}
	return out;
}

/** Reads a form post, turning a malformed or oversized body into a 4xx instead of a 500. */
export async function readForm(request: Request): Promise<Record<string, string | undefined> | null> {
	return (await readFormWithFiles(request))?.fields ?? null;
}

/** A form post with its files (non-empty file parts by field name); null for a malformed body. */
export async function readFormWithFiles(request: Request): Promise<{ fields: Record<string, string | undefined>; files: Record<string, File> } | null> {
	const form = await readFormData(request);
	if (!form) return null;
	const files: Record<string, File> = {};
	for (const [key, value] of form.entries()) if (typeof value !== 'string' && value.size > 0 && !Object.hasOwn(files, key)) files[key] = value;
	return { fields: formToObject(form), files };
}

/** The raw form post (for fields that repeat, such as a list of checkboxes); null for a malformed body. */
export async function readFormData(request: Request): Promise<FormData | null> {
	try {
		return await request.formData();
	} catch (e) {
		if (isHttpError(e)) throw e;
		// adapter-node signals a body over BODY_SIZE_LIMIT with a 413 error of its own kind
		if (typeof e === 'object' && e !== null && (e as { status?: unknown }).status === 413) error(413, m.err_too_large());
		return null;
	}
}

/** Reads the JSON body: an object, or nothing (DELETE). null when it is not JSON or not an object. */
export async function readJsonObject(request: Request, optional: boolean): Promise<Record<string, unknown> | null> {
	const text = await request.text();
	if (text.trim() === '') return optional ? {} : null;
	if (!(request.headers.get('content-type') ?? '').toLowerCase().startsWith('application/json')) return null;
	try {
		const value: unknown = JSON.parse(text);
		return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
	} catch {
		return null;
	}
}
