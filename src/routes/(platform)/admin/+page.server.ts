import type { Actions, PageServerLoad } from './$types';
import { z } from 'zod';
import { villageAppStatus } from '$lib/server/builder/publishedApps';
import { handleForm, requireUser } from '$lib/server/http/forms';
import { notFound } from '$lib/server/http/errors';
import { createChildTenant } from '$lib/server/tenancy/manageTenants';
import { createTenantSchema } from '$lib/server/tenancy/schemas';
import { getTenantById } from '$lib/server/tenancy/tenants';
import { villageCare } from '$lib/server/tenancy/villageOverview';

// Each village the actor administers (the layout found them), with its published app, its admins and its last
// activity — four queries however many villages there are. `q` filters the list (the "find a village" box
// without JavaScript; with it, the page filters as people type).
export const load: PageServerLoad = async (event) => {
	const { administered } = await event.parent();
	const villageIds = administered.filter((t) => t.kind === 'village').map((t) => t.id);
	const [apps, care] = await Promise.all([villageAppStatus(event.locals.rt.db, villageIds), villageCare(event.locals.rt.db, villageIds)]);
	return { apps, care, q: (event.url.searchParams.get('q') ?? '').slice(0, 100) };
};

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
