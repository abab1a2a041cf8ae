import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import type { z } from 'zod';
import * as m from '../../paraglide/messages.js';
import { AppError } from './errors.ts';
import { formToObject, parseInput, readFormData, type FieldErrors } from './validate.ts';

export type FormFailure = { errors: FieldErrors; values: Record<string, string | undefined> };

// Never echo secrets back into a re-rendered form.
const SECRET_FIELDS = new Set(['password', 'currentPassword', 'token']);

function echo(values: Record<string, string | undefined>) {
	return Object.fromEntries(Object.entries(values).filter(([k]) => !SECRET_FIELDS.has(k)));
}

/** A failed form action: errors by field (or "_form") and the values to show again. */
export function failure(status: number, errors: FieldErrors, values: Record<string, string | undefined> = {}, extra: Record<string, unknown> = {}) {
	return fail(status, { errors, values: echo(values), ...extra } as FormFailure);
}

/**
 * The body of every form action: read the form, validate it with the schema, run the command.
 * Validation errors and expected failures (AppError) come back as `fail(status, { errors, values })`
 * so the page shows them next to the fields and keeps what the user typed.
 */
export async function handleForm<S extends z.ZodType, R>(
	event: RequestEvent,
	schema: S,
	run: (data: z.infer<S>) => Promise<R>,
	/** values from the URL (route params) that the schema checks along with the form */
	extra: Record<string, string> = {},
	/** fields that repeat (a group of checkboxes with one name): the schema gets each as a list of strings */
	lists: readonly string[] = []
) {
	const form = await readFormData(event.request);
	const values = form && { ...formToObject(form), ...extra };
	if (!form || !values) return failure(400, { _form: m.err_bad_form() });
	const repeated = Object.fromEntries(lists.map((key) => [key, form.getAll(key).filter((v) => typeof v === 'string')]));
	const parsed = parseInput(schema, { ...values, ...repeated });
	if (!parsed.ok) return failure(400, parsed.errors, values);
	try {
		return await run(parsed.data);
	} catch (e) {
		if (e instanceof AppError) {
			if (e.status === 404) error(404, m.err_not_found());
			const errors: FieldErrors = Object.keys(e.fields).length ? e.fields : { _form: e.status === 403 ? m.err_forbidden() : m.err_invalid() };
			return failure(e.status, errors, values);
		}
		throw e;
	}
}

/** The signed-in user or a redirect to the login page that comes back here afterwards. */
export function requireUser(event: RequestEvent) {
	const user = event.locals.user;
	if (!user) redirect(303, `/login?next=${encodeURIComponent(event.url.pathname + event.url.search)}`);
	return user;
}

/** Longest `next` that is followed; longer values are not a page of ours anyway. */
const MAX_NEXT_LENGTH = 2000;

/**
 * Where to go after login and similar steps: only a path on our own site (no open redirect). The value is
 * resolved against ORIGIN the way a browser resolves a Location header (tabs and line breaks dropped,
 * backslashes read as slashes), and kept only if it stays on ORIGIN; what comes back is the serialised
 * path, query and fragment, so it holds no control characters that could break the header.
 */
export function safeNext(next: string | null | undefined, options: { origin: string; fallback?: string }): string {
	const fallback = options.fallback ?? '/';
	if (!next || next.length > MAX_NEXT_LENGTH) return fallback;
	let url: URL;
	let base: URL;
	try {
		base = new URL(options.origin);
		url = new URL(next, base);
	} catch {
		return fallback;
	}
	if (url.origin !== base.origin) return fallback;
	const path = url.pathname + url.search + url.hash;
	// "/.//evil.example" resolves to the path "//evil.example", which a browser reads as another host.
	if (!path.startsWith('/') || path.startsWith('//') || path.length > MAX_NEXT_LENGTH) return fallback;
	return path;
}
