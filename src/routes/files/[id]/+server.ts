import type { RequestHandler } from './$types';
import { error } from '@sveltejs/kit';
import { fileResponse } from '$lib/server/files/serveFile';
import * as m from '$lib/paraglide/messages.js';

/** A stored file: an image's main rendition (re-encoded on upload), a logo, or a PDF (as a download). */
export const GET: RequestHandler = async ({ params, locals, request }) => {
	const response = await fileResponse(locals.rt.db, request, params.id);
	if (!response) error(404, m.err_not_found());
	return response;
};
