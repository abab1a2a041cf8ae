import type { Actions } from './$types';
import { z } from 'zod';
import { handleForm, requireUser } from '$lib/server/http/forms';
import { notFound } from '$lib/server/http/errors';
import { createChildTenant } from '$lib/server/tenancy/manageTenants';
import { createTenantSchema } from '$lib/server/tenancy/schemas';
import { getTenantById } from '$lib/server/tenancy/tenants';

const createChildSchema = createTenantSchema.extend({ parentId: z.string().min(1).max(64) });

export const actions: Actions = {
	createChild: (event) =>
		handleForm(event, createChildSchema, async ({ parentId, ...input }) => {
			requireUser(event);
			const { db } = event.locals.rt;
			const parent = await getTenantById(db, parentId);
			if (!parent) throw notFound();
			const tenant = await createChildTenant(db, { actor: event.locals.actor, parent, input, ip: event.getClientAddress() });
			return { created: { id: tenant.id, name: tenant.name, slug: tenant.slug, kind: tenant.kind } };
		})
};
