import type { RequestHandler } from './$types';
import { error } from '@sveltejs/kit';
import { appIconResponse, isAppIconName } from '$lib/server/builder/appIcons';
import * as m from '$lib/paraglide/messages.js';

/** /<village>/icons/icon-192.png, …/maskable-512.png, …/apple-touch-icon.png: the app's icons (see appIcons.ts). */
export const GET: RequestHandler = ({ locals, params, request, url }) => {
	const village = locals.tenant;
	const name = params.icon.endsWith('.png') ? params.icon.slice(0, -'.png'.length) : '';
	if (!village || village.kind !== 'village' || !isAppIconName(name)) error(404, m.err_not_found());
	return appIconResponse({ db: locals.rt.db, village, name, request, version: url.searchParams.get('v') });
};
