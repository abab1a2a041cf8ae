import type { Actions, PageServerLoad } from './$types';
import { error, fail, redirect } from '@sveltejs/kit';
import { readForm } from '$lib/server/http/validate';
import { restoreUndo } from '$lib/server/undo/restore';
import { findUndo, mayUndo, safeReturnPath, undoLabel } from '$lib/server/undo/undo';
import * as m from '$lib/paraglide/messages.js';

// "Rückgängig" for a deletion in this village (src/lib/server/undo/). The UndoNotice posts here; the page itself is
// what a visitor without JavaScript sees when the restore was refused, or who opens the address again.
const village = (locals: App.Locals) => {
	const tenant = locals.tenant;
	if (!tenant || tenant.kind !== 'village') error(404, m.err_not_found());
	return tenant;
};

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const tenant = village(locals);
	if (locals.actor.userId === null) redirect(303, `/login?next=${encodeURIComponent(url.pathname + url.search)}`);
	const entry = await findUndo(locals.rt.db, tenant.id, params.id);
	if (!entry) error(404, m.err_not_found());
	if (!mayUndo(locals.actor, entry, tenant)) error(403, m.undo_err_not_yours());
	const state = entry.undoneAt !== null ? 'done' : Number(entry.expiresAt) <= Date.now() ? 'expired' : 'open';
	return { entry: { id: entry.id, label: undoLabel(entry, locals.locale), state }, next: safeReturnPath(tenant, url.searchParams.get('next')) };
};

export const actions: Actions = {
	default: async ({ locals, params, request, url, getClientAddress }) => {
		const tenant = village(locals);
		const form = (await readForm(request)) ?? {};
		const next = safeReturnPath(tenant, form.next);
		const outcome = await restoreUndo({ rt: locals.rt, village: tenant, actor: locals.actor, id: params.id, locale: locals.locale, ip: getClientAddress() });
		if (!outcome.ok) {
			if (outcome.status === 401) redirect(303, `/login?next=${encodeURIComponent(url.pathname)}`);
			return fail(outcome.status, { message: outcome.message, next });
		}
		redirect(303, `${next}?restored=${encodeURIComponent(outcome.id)}`);
	}
};
