import { error, type RequestEvent } from '@sveltejs/kit';
import type { z } from 'zod';
import * as m from '../../paraglide/messages.js';
import { AppError } from '../http/errors.ts';
import { failure } from '../http/forms.ts';
import { formToObject, parseInput, type FieldErrors } from '../http/validate.ts';
import { isTooLarge, uploadTooLarge } from './uploads.ts';

/**
 * handleForm for a multipart form with files: validates the text fields with the schema and hands the files
 * (non-empty parts, by field name) to `run`. A body over BODY_SIZE_LIMIT, which adapter-node refuses before any
 * field can be read, is answered on the file field ("zu groß (höchstens …)"), not as missing fields.
 */
export async function handleUploadForm<S extends z.ZodType, R>(
	event: RequestEvent,
	options: {
		schema: S;
		fileField: string;
		/** for a body over the limit, whose fields cannot be read: the file field's label and the values to answer with (e.g. which form it was) */
		tooLarge?: { label?: string; values?: Record<string, string> };
		run: (data: z.infer<S>, files: Record<string, File>) => Promise<R>;
	}
) {
	const form = await event.request.formData().catch((e: unknown) => (isTooLarge(e) ? ('too-large' as const) : null));
	if (form === 'too-large') return failure(413, uploadTooLarge(options.fileField, { label: options.tooLarge?.label }).fields, options.tooLarge?.values);
	if (!form) return failure(400, { _form: m.err_bad_form() });
	const values = formToObject(form);
	const files: Record<string, File> = {};
	for (const [key, value] of form.entries()) if (typeof value !== 'string' && value.size > 0 && !Object.hasOwn(files, key)) files[key] = value;
	const parsed = parseInput(options.schema, values);
	if (!parsed.ok) return failure(400, parsed.errors, values);
	try {
		return await options.run(parsed.data, files);
	} catch (e) {
		if (e instanceof AppError) {
			if (e.status === 404) error(404, m.err_not_found());
			const errors: FieldErrors = Object.keys(e.fields).length ? e.fields : { _form: e.status === 403 ? m.err_forbidden() : m.err_invalid() };
			return failure(e.status, errors, values);
		}
		throw e;
	}
}

/** A posted file's bytes and name, for the upload service. */
export async function fileBytes(file: File | undefined): Promise<{ bytes: Uint8Array; fileName: string } | null> {
	return file ? { bytes: new Uint8Array(await file.arrayBuffer()), fileName: file.name } : null;
}
