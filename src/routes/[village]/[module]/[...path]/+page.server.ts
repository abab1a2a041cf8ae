import type { Actions, PageServerLoad } from './$types';
import { error, fail, type RequestEvent } from '@sveltejs/kit';
import { moduleContext } from '$lib/server/builder/moduleContext';
import { enabledModule } from '$lib/server/builder/villageModules';
import { readForm } from '$lib/server/http/validate';
import { matchPage } from '$lib/server/builder/pages';
import * as m from '$lib/paraglide/messages.js';

/** The switched-on module of this URL and its page; unknown or switched-off modules answer 404. */
async function resolve(event: RequestEvent) {
	const village = event.locals.tenant!;
	const params = event.params as { module: string; path: string };
	const vm = await enabledModule(event.locals.rt.db, village.id, params.module);
	if (!vm) error(404, m.err_not_found());
	const match = matchPage(vm.module.pages, params.path);
	if (!match) error(404, m.err_not_found());
	return { village, vm, ...match, ctx: moduleContext(event, village, vm.module, vm.settings) };
}

// Every page of every module goes through here: the core resolves village and module, the module does the rest.
export const load: PageServerLoad = async (event) => {
	const { vm, page, params, ctx } = await resolve(event);
	const moduleData = await vm.module.server.load(ctx, page, params);
	return { moduleId: vm.module.id, component: page.component, title: page.title[event.locals.locale], moduleData };
};

export const actions: Actions = {
	// A module's forms post here with a hidden "_action" naming the module action.
	default: async (event) => {
		const { vm, ctx } = await resolve(event);
		const form = await readForm(event.request);
		if (!form) return fail(400, { action: null, errors: { _form: m.err_bad_form() }, values: {} });
		const name = form._action ?? '';
		const action = vm.module.server.actions?.[name];
		if (!action) return fail(400, { action: name, errors: { _form: m.err_bad_form() }, values: {} });
		const result = await action(ctx, form);
		if (!result.ok) return fail(result.status, { action: name, errors: result.errors, values: result.values ?? {} });
		return { action: name, ok: true, data: result.data ?? {} };
	}
};
