import type { Actions, PageServerLoad } from './$types';
import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { formAction, runModuleAction, tooLargeErrors } from '$lib/server/builder/moduleActions';
import { isTooLarge } from '$lib/server/files/uploads';
import { abilities, allows, moduleContext, requestModules } from '$lib/server/builder/moduleContext';
import { readFormWithFiles } from '$lib/server/http/validate';
import { matchPage, modulePath } from '$lib/server/builder/pages';
import { moduleTitle } from '$lib/server/builder/moduleTitle';
import { undoNoticeFor, withUndo } from '$lib/server/undo/undo';
import * as m from '$lib/paraglide/messages.js';

/** The switched-on module of this URL; unknown villages, unknown or switched-off modules answer 404. */
async function resolveModule(event: RequestEvent) {
	const village = event.locals.tenant;
	if (!village || village.kind !== 'village') error(404, m.err_not_found());
	const params = event.params as { module: string; path: string };
	const vm = (await requestModules(event, village)).find((x) => x.module.id === params.module);
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
	const [moduleData, undo] = await Promise.all([
		vm.module.server.load(moduleContext(event, village, vm.module, vm.settings), match.page, match.params, event.url.searchParams),
		undoNoticeFor(event.locals.rt.db, { url: event.url, village, actor, locale: event.locals.locale })
	]);
	// the main page is called what the village calls the module (its title setting); the others by the manifest
	const title = match.page.path === '' ? moduleTitle(vm, event.locals.locale) : match.page.title[event.locals.locale];
	return { moduleId: vm.module.id, component: match.page.component, title, undo, moduleData: { ...moduleData, can: abilities(vm.module, actor, village) } };
};

export const actions: Actions = {
	// A module's forms post here with a hidden "_action" naming the module action.
	default: async (event) => {
		const { village, vm } = await resolveModule(event);
		// a phone photo over BODY_SIZE_LIMIT: "Bild: Die Datei ist zu groß (höchstens 10 MB)." at the form, not an error page
		const posted = await readFormWithFiles(event.request).catch((e: unknown) => {
			if (isTooLarge(e)) return 'too-large' as const;
			throw e;
		});
		if (posted === 'too-large') return fail(413, { action: null, errors: tooLargeErrors(vm.module, event.locals.locale), values: {} });
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
		// A deletion that can be undone goes back to the page with "… gelöscht. [Rückgängig]" (undo/undo.ts).
		if (outcome.undoId) redirect(303, withUndo(outcome.redirect !== undefined ? modulePath(village.slug, vm.module.id, outcome.redirect) : event.url.pathname, outcome.undoId));
		if (outcome.redirect !== undefined) redirect(303, modulePath(village.slug, vm.module.id, outcome.redirect));
		return { action: name, ok: true, data: outcome.data };
	}
};
