import type { Actions, PageServerLoad } from './$types';
import { error, type RequestEvent } from '@sveltejs/kit';
import { handleForm, requireUser } from '$lib/server/http/forms';
import { rolloutSchema, rolloutView, saveRollout } from '$lib/server/builder/moduleRollout';
import { can } from '$lib/server/policy';
import { getRootTenant } from '$lib/server/tenancy/tenants';
import * as m from '$lib/paraglide/messages.js';

// "Bausteine freigeben": the county's admins decide which modules the villages of which municipalities may
// switch on; municipality admins read their municipalities' part. Everyone else: 403.
export const load: PageServerLoad = async (event) => {
	requireUser(event);
	const view = await rolloutView(event.locals.rt.db, event.locals.actor);
	if (!view) error(403, m.err_forbidden());
	return { view };
};

/** The county, when the actor may change its rollout; refused before the form is read. */
async function guardCounty(event: RequestEvent) {
	requireUser(event);
	const county = await getRootTenant(event.locals.rt.db);
	if (!county || !can(event.locals.actor, 'tenant.rolloutModules', county)) error(403, m.err_forbidden());
	return county;
}

export const actions: Actions = {
	// One module's form: its mode, the pilot mark and the ticked municipalities (the checkboxes repeat "available").
	save: async (event) => {
		const county = await guardCounty(event);
		return handleForm(
			event,
			rolloutSchema,
			async (input) => ({ saved: input.moduleId, changed: await saveRollout(event.locals.rt.db, { actor: event.locals.actor, county, input, ip: event.getClientAddress() }) }),
			{},
			['available']
		);
	}
};
