import type { RequestHandler } from './$types';
import { error, json } from '@sveltejs/kit';
import { apiVillage } from '$lib/server/builder/apiVillage';
import { moduleContext } from '$lib/server/builder/moduleContext';
import { enabledModule } from '$lib/server/builder/villageModules';
import * as m from '$lib/paraglide/messages.js';

/** A module's read-only JSON; a switched-off or unknown module (or endpoint) answers 404. */
export const GET: RequestHandler = async (event) => {
	const village = await apiVillage(event, event.params.village);
	const vm = await enabledModule(event.locals.rt.db, village.id, event.params.module);
	const endpoint = vm?.module.server.api?.[event.params.name];
	if (!vm || !endpoint) error(404, m.err_not_found());
	return json(await endpoint(moduleContext(event, village, vm.module, vm.settings)), { headers: { 'cache-control': 'no-cache' } });
};
