import type { RequestHandler } from './$types';
import { error } from '@sveltejs/kit';
import { appManifestResponse } from '$lib/server/builder/appManifest';
import * as m from '$lib/paraglide/messages.js';

/** /<village>/manifest.webmanifest: what makes the village app installable (see appManifest.ts). */
export const GET: RequestHandler = ({ locals, request }) => {
	const village = locals.tenant;
	if (!village || village.kind !== 'village') error(404, m.err_not_found());
	return appManifestResponse(village, request);
};
