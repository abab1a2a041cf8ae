import type { PageServerLoad } from './$types';
import { error } from '@sveltejs/kit';
import { appAddress } from '$lib/server/builder/appAddress';
import { installPlatform } from '$lib/ui/app/installPlatform';
import * as m from '$lib/paraglide/messages.js';

// How to put the village app on the home screen. Public: it is what a neighbour is sent to.
export const load: PageServerLoad = ({ locals, request, setHeaders }) => {
	const village = locals.tenant;
	if (!village || village.kind !== 'village') error(404, m.err_not_found());
	// the steps for the visitor's kind of device come first, so the page differs by browser
	setHeaders({ vary: 'user-agent' });
	return { platform: installPlatform(request.headers.get('user-agent')), address: appAddress(village, locals.rt.config.origin) };
};
