// The multipart form reader: a body that adapter-node refused for its size is answered on the file field with
// the limit, not as "Bitte ausfüllen" for the text fields it could not read.
import type { RequestEvent } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { handleUploadForm } from './uploadForm.ts';

const schema = z.object({ alt: z.string().trim().min(3) });
const eventWith = (request: Request | { formData: () => Promise<FormData> }) => ({ request }) as unknown as RequestEvent;

describe('handleUploadForm', () => {
	it('answers a body over BODY_SIZE_LIMIT (413 from adapter-node) with the size limit on the file field', async () => {
		const tooLarge = Object.assign(new Error('Payload Too Large'), { status: 413 });
		const result = await handleUploadForm(eventWith({ formData: () => Promise.reject(tooLarge) }), { schema, fileField: 'image', run: async () => 'ran' });
		expect(result).toMatchObject({ status: 413, data: { errors: { image: 'Bild: Die Datei ist zu groß (höchstens 10 MB).' } } });
	});

	it('answers a body that is no form with 400, and checks the text fields before running', async () => {
		const broken = await handleUploadForm(eventWith({ formData: () => Promise.reject(new TypeError('bad body')) }), { schema, fileField: 'image', run: async () => 'ran' });
		expect(broken).toMatchObject({ status: 400, data: { errors: { _form: expect.any(String) } } });
		const form = new FormData();
		form.set('alt', 'x');
		const invalid = await handleUploadForm(eventWith(new Request('http://x/', { method: 'POST', body: form })), { schema, fileField: 'image', run: async () => 'ran' });
		expect(invalid).toMatchObject({ status: 400, data: { errors: { alt: expect.stringContaining('Bildbeschreibung') } } });
	});

	it('hands non-empty file parts to run, by field', async () => {
		const form = new FormData();
		form.set('alt', 'Der Dorfplatz');
		form.set('image', new Blob([new Uint8Array([1, 2, 3])]), 'a.png');
		form.set('empty', new Blob([]), '');
		const got = await handleUploadForm(eventWith(new Request('http://x/', { method: 'POST', body: form })), { schema, fileField: 'image', run: async (data, files) => ({ data, names: Object.keys(files) }) });
		expect(got).toEqual({ data: { alt: 'Der Dorfplatz' }, names: ['image'] });
	});
});
