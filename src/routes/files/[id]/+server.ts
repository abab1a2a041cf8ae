import type { RequestHandler } from './$types';
import { error } from '@sveltejs/kit';
import { getFile } from '$lib/server/files/logo';
import * as m from '$lib/paraglide/messages.js';

/** Stored images (re-encoded on upload). A file never changes under its id, so it may be cached for good. */
export const GET: RequestHandler = async ({ params, locals }) => {
	const file = params.id.length <= 64 ? await getFile(locals.rt.db, params.id) : undefined;
	if (!file) error(404, m.err_not_found());
	return new Response(Buffer.from(file.dataBase64, 'base64'), {
		headers: {
			'content-type': file.contentType,
			'cache-control': 'public, max-age=31536000, immutable',
			'content-security-policy': "default-src 'none'; sandbox"
		}
	});
};
