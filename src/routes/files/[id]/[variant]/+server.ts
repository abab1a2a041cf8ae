import type { RequestHandler } from './$types';
import { error } from '@sveltejs/kit';
import { fileResponse } from '$lib/server/files/serveFile';
import * as m from '$lib/paraglide/messages.js';

/** One rendition of a stored image: "page", "page.webp", "thumb", "thumb.webp", "logo", "logo.webp". */
export const GET: RequestHandler = async ({ params, locals, request }) => {
	const response = await fileResponse(locals.rt.db, request, params.id, params.variant);
	if (!response) error(404, m.err_not_found());
	return response;
};
