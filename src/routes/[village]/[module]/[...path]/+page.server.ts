import type { Actions, PageServerLoad } from './$types';
import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { formAction, runModuleAction } from '$lib/server/builder/moduleActions';
import { abilities, allows, moduleContext } from '$lib/server/builder/moduleContext';
import { enabledModule } from '$lib/server/builder/villageModules';
import { readFormWithFiles } from '$lib/server/http/validate';
import { matchPage, modulePath } from '$lib/server/builder/pages';
import * as m from '$lib/paraglide/messages.js';

/** The switched-on module of this URL; unknown villages, unknown or switched-off modules answer 404. */
async function resolveModule(event: RequestEvent) {
	const village = event.locals.tenant;
	if (!village || village.kind !== 'village') error(404, m.err_not_found());
	const params = event.params as { module: string; path: string };
	const vm = await enabledModule(event.locals.rt.db, village.id, params.module);
	if (!vm) error(404, m.err_not_found());
	return { village, vm };
}

const toLogin = (event: RequestEvent) => redirect(303, `/login?next=${encodeURIComponent(event.url.pathname)}`);

// Every page of every module goes through here: the core resolves village, module and page and checks the
// page's permission; the module loads its data. What the actor may do comes with the data (`can`).
export const load: PageServerLoad = async (event) => {
	const { village, vm } = await resolveModule(event);
	const match = matchPage(vm.module.pages, (event.params as { path: string }).path);
	if (!match) error(404, m.err_not_found());
	const { actor } = event.locals;
	if (!allows(vm.module, actor, village, match.page.permission ?? 'public')) {
		if (actor.userId === null) toLogin(event);
		error(403, m.err_forbidden());
	}
	const moduleData = await vm.module.server.load(moduleContext(event, village, vm.module, vm.settings), match.page, match.params, event.url.searchParams);
	return { moduleId: vm.module.id, component: match.page.component, title: match.page.title[event.locals.locale], moduleData: { ...moduleData, can: abilities(vm.module, actor, village) } };
};

export const actions: Actions = {
	// A module's forms post here with a hidden "_action" naming the module action.
	default: async (event) => {
		const { village, vm } = await resolveModule(event);
		const posted = await readFormWithFiles(event.request);
		if (!posted) return fail(400, { action: null, errors: { _form: m.err_bad_form() }, values: {} });
		const form = posted.fields;
		const name = form._action ?? '';
		const action = formAction(vm.module, name);
		if (!action) return fail(400, { action: name, errors: { _form: m.err_bad_form() }, values: {} });
		const { _action: _, ...input } = form;
		const { rt, actor, locale } = event.locals;
		const outcome = await runModuleAction({ rt, village, vm, action, actor, locale, ip: event.getClientAddress(), input, files: posted.files, origin: event.url.origin });
		if (!outcome.ok) {
			if (outcome.status === 401) toLogin(event);
			return fail(outcome.status, { action: name, errors: outcome.errors, values: outcome.values ?? {} });
		}
		// Post/redirect/get: a module that names where to go next gets a page that a reload does not post again.
		if (outcome.redirect !== undefined) redirect(303, modulePath(village.slug, vm.module.id, outcome.redirect));
		return { action: name, ok: true, data: outcome.data };
	}
};
