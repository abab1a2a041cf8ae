import type { Actions, PageServerLoad } from './$types';
import { error, redirect } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages.js';
import { redirectSaved, savedKey } from '$lib/server/http/flash';
import { handleForm } from '$lib/server/http/forms';
import { joinRequestSchema, joinStatus, requestToJoin } from '$lib/server/tenancy/joinRequests';
import type { Tenant } from '$lib/server/tenancy/tenants';

// "Mitglied werden": the page behind a village's join link and QR code (shared from /<village>/admin/members).
// A signed-in person asks to become a member, with an optional message to the admins; without an account they are
// led to log in or register and come back here (next=…). Asking again shows where the request stands.

function village(locals: App.Locals): Tenant {
	const tenant = locals.tenant;
	if (!tenant || tenant.kind !== 'village') error(404, m.err_not_found());
	return tenant;
}

export const load: PageServerLoad = async ({ locals, url }) => {
	const tenant = village(locals);
	const status = locals.user ? await joinStatus(locals.rt.db, { tenant, userId: locals.user.id }) : null;
	return { status, justAsked: savedKey(url) === 'requested', here: url.pathname };
};

export const actions: Actions = {
	default: async (event) => {
		const tenant = village(event.locals);
		if (!event.locals.user) redirect(303, `/login?next=${encodeURIComponent(event.url.pathname)}`);
		return handleForm(event, joinRequestSchema, async (input) => {
			const outcome = await requestToJoin(event.locals.rt.db, { actor: event.locals.actor, tenant, message: input.joinMessage, ip: event.getClientAddress() });
			redirectSaved(event, { saved: outcome });
		});
	}
};
