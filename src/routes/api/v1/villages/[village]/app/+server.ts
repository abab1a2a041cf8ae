import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { villageApp } from '$lib/server/builder/appConfig';
import { apiVillage } from '$lib/server/builder/apiVillage';

/** The published configuration of a village app (see appConfig.ts and openapi.ts). */
export const GET: RequestHandler = async (event) => {
	const village = await apiVillage(event, event.params.village);
	return json(await villageApp(event.locals.rt.db, village, event.locals.rt.config.origin), { headers: { 'cache-control': 'no-cache' } });
};
