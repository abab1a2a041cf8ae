import type { Actions, PageServerLoad } from './$types';
import type { RequestEvent } from '@sveltejs/kit';
import { listAudit } from '$lib/server/audit/audit';
import { removeLogo, setLogo } from '$lib/server/files/logo';
import { isTooLarge, uploadTooLarge } from '$lib/server/files/uploads';
import { AppError } from '$lib/server/http/errors';
import { failure } from '$lib/server/http/forms';
import * as m from '$lib/paraglide/messages.js';
import { can } from '$lib/server/policy';
import { guardTenantById } from '$lib/server/tenancy/guards';
import { updateTenant } from '$lib/server/tenancy/manageTenants';
import { memberActions, tenantAction } from '$lib/server/tenancy/tenantActions';
import { listInvitations } from '$lib/server/tenancy/invitations';
import { listMembers } from '$lib/server/tenancy/memberships';
import { updateTenantSchema } from '$lib/server/tenancy/schemas';
import { getAncestry } from '$lib/server/tenancy/tenants';

const guard = (event: RequestEvent) => guardTenantById(event, (event.params as { id: string }).id);

export const load: PageServerLoad = async (event) => {
	const tenant = await guard(event);
	const { db } = event.locals.rt;
	const [members, invitations, audit, ancestry] = await Promise.all([
		listMembers(db, tenant.id),
		listInvitations(db, { tenantId: tenant.id, clubId: null }),
		can(event.locals.actor, 'tenant.readAudit', tenant) ? listAudit(db, { tenantIds: [tenant.id], limit: 50, locale: event.locals.locale }) : [],
		getAncestry(db, tenant)
	]);
	return { tenant, members, invitations, audit, ancestry: ancestry.map((t) => ({ id: t.id, name: t.name })), canSetHost: can(event.locals.actor, 'tenant.setHost', tenant) };
};

export const actions: Actions = {
	update: tenantAction(guard, updateTenantSchema, async ({ event, tenant, input }) => {
		await updateTenant(event.locals.rt.db, { actor: event.locals.actor, tenant, input, ip: event.getClientAddress(), origin: event.locals.rt.config.origin });
		return { saved: 'tenant' };
	}),
	...memberActions(guard),
	// The logo comes as a file, so this action reads the multipart form itself.
	uploadLogo: async (event) => {
		const tenant = await guard(event);
		// A phone photo larger than BODY_SIZE_LIMIT is refused by adapter-node before this runs: say so on the field.
		const form = await event.request.formData().catch((e: unknown) => (isTooLarge(e) ? ('too-large' as const) : null));
		if (form === 'too-large') return failure(413, uploadTooLarge('logo').fields, { formId: 'logo' });
		const file = form?.get('logo');
		if (!(file instanceof File) || (file.size === 0 && !file.name)) return failure(400, { logo: `${m.field_logo()}: ${m.err_required()}` }, { formId: 'logo' });
		try {
			await setLogo(event.locals.rt.db, { actor: event.locals.actor, tenant, bytes: new Uint8Array(await file.arrayBuffer()), fileName: file.name, ip: event.getClientAddress() });
		} catch (e) {
			if (e instanceof AppError) return failure(e.status, e.fields, { formId: 'logo' });
			throw e;
		}
		return { saved: 'logo' };
	},
	removeLogo: async (event) => {
		const tenant = await guard(event);
		await removeLogo(event.locals.rt.db, { actor: event.locals.actor, tenant, ip: event.getClientAddress() });
		return { saved: 'logo' };
	}
};
