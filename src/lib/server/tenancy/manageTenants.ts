import type { z } from 'zod';
import { audit } from '../audit/audit.ts';
import type { Db } from '../db/index.ts';
import { AppError, fieldError, forbidden } from '../http/errors.ts';
import { can, type Actor } from '../policy/index.ts';
import type { createTenantSchema, updateTenantSchema } from './schemas.ts';
import { isUsableSlug, slugify } from './slugs.ts';
import { isPlatformHost } from './hostNames.ts';
import { recordSlugChange } from './slugHistory.ts';
import { childKindOf, insertTenant, isHostFree, isNameFreeAmongSiblings, isSlugFree, type Tenant } from './tenants.ts';
import { nameKey } from '../../tenantNames.ts';

/** A free slug for a new tenant: the wished one, else the name's, else the name's with the parent's added. */
async function pickSlug(db: Db, args: { wished: string | null | undefined; name: string; parent: Tenant }): Promise<string> {
	if (args.wished) {
		if (!(await isSlugFree(db, args.wished))) throw fieldError('slug', 'err_slug_taken');
		return args.wished;
	}
	const base = slugify(args.name);
	for (const candidate of [base, `${base}-${args.parent.slug}`]) {
		if (isUsableSlug(candidate) && (await isSlugFree(db, candidate))) return candidate;
	}
	throw fieldError('slug', 'err_slug_taken');
}

/** Refuses a name that another child of the same parent already has (case and spaces do not count), naming the field. */
async function assertNameFree(db: Db, args: { parent: Pick<Tenant, 'id' | 'name'>; kind: string; name: string; exceptId?: string }): Promise<void> {
	if (await isNameFreeAmongSiblings(db, { parentId: args.parent.id, name: args.name, exceptId: args.exceptId })) return;
	throw fieldError('name', args.kind === 'municipality' ? 'err_name_taken_municipality' : 'err_name_taken_village', { params: { name: args.name, parent: args.parent.name } });
}

/** Creates a municipality below the county or a village below a municipality, audit-logged. */
export async function createChildTenant(
	db: Db,
	args: { actor: Actor; parent: Tenant; input: z.infer<typeof createTenantSchema>; ip: string }
): Promise<Tenant> {
	if (!can(args.actor, 'tenant.createChild', args.parent)) throw forbidden();
	const kind = childKindOf(args.parent.kind);
	if (!kind) throw new AppError(400, 'no_children');
	return db.transaction().execute(async (trx) => {
		await assertNameFree(trx, { parent: args.parent, kind, name: args.input.name });
		const slug = await pickSlug(trx, { wished: args.input.slug, name: args.input.name, parent: args.parent });
		const tenant = await insertTenant(trx, { kind, slug, name: args.input.name, parent: args.parent, description: args.input.description });
		await audit(trx, { actorId: args.actor.userId, tenantId: tenant.id, action: 'tenant.create', targetType: 'tenant', targetId: tenant.id, data: { name: tenant.name, slug, kind, parentId: args.parent.id }, ip: args.ip });
		return tenant;
	});
}

/**
 * The host name a tenant gets from this update. Only county admins set host names (policy tenant.setHost).
 * Everyone else may save the other fields: a form without the host keeps the current one, and a host other
 * than the current one is refused with 403 (not silently dropped, so nobody believes it was saved).
 */
function nextHost(args: { actor: Actor; tenant: Tenant; input: z.infer<typeof updateTenantSchema> }): string | null {
	const { tenant, input } = args;
	if (can(args.actor, 'tenant.setHost', tenant)) return input.host || null;
	if (input.host && input.host !== tenant.host) throw fieldError('host', 'err_host_county_only', { status: 403 });
	return tenant.host;
}

/** Updates a tenant's details and branding, audit-logged with the changed fields. `origin` is the platform's ORIGIN. */
export async function updateTenant(db: Db, args: { actor: Actor; tenant: Tenant; input: z.infer<typeof updateTenantSchema>; ip: string; origin: string }): Promise<Tenant> {
	if (!can(args.actor, 'tenant.update', args.tenant)) throw forbidden();
	const { input, tenant } = args;
	const host = nextHost(args);
	return db.transaction().execute(async (trx) => {
		if (input.slug !== tenant.slug && !(await isSlugFree(trx, input.slug, tenant.id))) throw fieldError('slug', 'err_slug_taken');
		if (tenant.parentId && nameKey(input.name) !== nameKey(tenant.name)) {
			const parent = await trx.selectFrom('tenants').select(['id', 'name']).where('id', '=', tenant.parentId).executeTakeFirstOrThrow();
			await assertNameFree(trx, { parent, kind: tenant.kind, name: input.name, exceptId: tenant.id });
		}
		if (host && host !== tenant.host) {
			// Only a village app can be served on its own host name (see hostRouting.ts).
			if (tenant.kind !== 'village') throw fieldError('host', 'err_host_village_only');
			// The platform's own name would send /admin and the login to this village.
			if (isPlatformHost(host, args.origin)) throw fieldError('host', 'err_host_platform');
			if (!(await isHostFree(trx, host, tenant.id))) throw fieldError('host', 'err_host_taken');
		}
		const next = {
			name: input.name,
			slug: input.slug,
			description: input.description ?? '',
			host,
			colorPrimary: input.colorPrimary || null,
			colorAccent: input.colorAccent || null,
			lat: input.lat ?? null,
			lon: input.lon ?? null
		};
		const changed = Object.fromEntries(Object.entries(next).filter(([k, v]) => tenant[k as keyof typeof next] !== v));
		if (Object.keys(changed).length === 0) return tenant;
		await trx.updateTable('tenants').set({ ...next, updatedAt: Date.now() }).where('id', '=', tenant.id).execute();
		// the old address keeps working: /<old>/… answers 301 to /<new>/… (hooks.server.ts)
		if (next.slug !== tenant.slug) await recordSlugChange(trx, { tenantId: tenant.id, from: tenant.slug, to: next.slug });
		await audit(trx, { actorId: args.actor.userId, tenantId: tenant.id, action: 'tenant.update', targetType: 'tenant', targetId: tenant.id, data: changed, ip: args.ip });
		return { ...tenant, ...next };
	});
}
