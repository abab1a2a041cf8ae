import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { villageApp } from '$lib/server/builder/appConfig';
import { apiError, findApiVillage } from '$lib/server/builder/apiVillage';
import * as m from '$lib/paraglide/messages.js';

/** The published configuration of a village app (see appConfig.ts and openapi.ts). */
export const GET: RequestHandler = async (event) => {
	const village = await findApiVillage(event.locals.rt.db, event.params.village);
	if (!village) return apiError(404, m.err_not_found());
	return json(await villageApp(event.locals.rt.db, village, event.locals.rt.config.origin), { headers: { 'cache-control': 'no-cache' } });
};
