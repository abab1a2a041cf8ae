import type { LayoutServerLoad } from './$types';
import { error } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages.js';
import { canBuildApp } from '$lib/server/builder/appDraft';
import { requireUser } from '$lib/server/http/forms';
import { savedKey } from '$lib/server/http/flash';
import { can } from '$lib/server/policy';
import { undoNoticeFor } from '$lib/server/undo/undo';

// The village administration's home and its section navigation. Its admins use every section; its editors only
// those they may (Überblick and Push-Nachrichten; the App-Baukasten where the village lets them). Others are
// refused here first — anonymous visitors go to the login, others get 403/404 — and each section's page guards
// itself too (a layout's load does not protect a page's form actions).
export const load: LayoutServerLoad = async (event) => {
	requireUser(event);
	const { actor } = event.locals;
	const tenant = event.locals.tenant;
	if (!tenant || tenant.kind !== 'village') error(404, m.err_not_found());
	const administers = can(actor, 'tenant.administer', tenant);
	const sendsPush = can(actor, 'tenant.sendPush', tenant);
	if (!administers && !sendsPush) error(403, m.err_forbidden());
	return {
		admin: { canBuild: canBuildApp(actor, tenant), administers, sendsPush },
		// the message after a form saved (Post/Redirect/Get, see $lib/server/http/flash.ts)
		saved: savedKey(event.url),
		// after a delete: "… gelöscht. Rückgängig" (src/lib/server/undo), for whoever may undo it
		undo: await undoNoticeFor(event.locals.rt.db, { url: event.url, village: tenant, actor, locale: event.locals.locale })
	};
};
