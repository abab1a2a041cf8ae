import type { Db } from '../db/index.ts';
import type { TenantKind, TenantsTable } from '../db/types.ts';
import { newId } from '../ids.ts';
import { pathIds } from './roles.ts';
import { isOldSlugOfAnother } from './slugHistory.ts';
import { nameKey } from '../../tenantNames.ts';

export type Tenant = TenantsTable;

const CHILD_KIND: Record<TenantKind, TenantKind | null> = { county: 'municipality', municipality: 'village', village: null };

/** The kind of tenant that may be created below a tenant of this kind (null: none). */
export function childKindOf(kind: TenantKind): TenantKind | null {
	return CHILD_KIND[kind];
}

export async function getTenantById(db: Db, id: string): Promise<Tenant | undefined> {
	return db.selectFrom('tenants').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function getTenantBySlug(db: Db, slug: string): Promise<Tenant | undefined> {
	return db.selectFrom('tenants').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export async function getTenantByHost(db: Db, host: string): Promise<Tenant | undefined> {
	return db.selectFrom('tenants').selectAll().where('host', '=', host.toLowerCase()).executeTakeFirst();
}

/** The root of the tree (the county); an installation has exactly one. */
export async function getRootTenant(db: Db): Promise<Tenant | undefined> {
	return db.selectFrom('tenants').selectAll().where('parentId', 'is', null).orderBy('createdAt').executeTakeFirst();
}

/** The tenant and its ancestors, root first. */
export async function getAncestry(db: Db, tenant: Tenant): Promise<Tenant[]> {
	const ids = pathIds(tenant.path);
	const rows = await db.selectFrom('tenants').selectAll().where('id', 'in', ids).execute();
	return ids.map((id) => rows.find((r) => r.id === id)).filter((t): t is Tenant => !!t);
}

/** Every tenant, ordered by name: the public tree is small (a county has a few hundred villages). */
export async function listTenants(db: Db): Promise<Tenant[]> {
	return db.selectFrom('tenants').selectAll().orderBy('name').execute();
}

export interface TenantNode {
	id: string;
	slug: string;
	name: string;
	kind: TenantKind;
	/** where it lies (WGS84), null when not set */
	lat: number | null;
	lon: number | null;
	children: TenantNode[];
}

/** Builds the nested public tree (id, slug, name, kind, coordinates) from a flat list. */
export function toTree(tenants: readonly Tenant[]): TenantNode[] {
	const nodes = new Map<string, TenantNode>();
	for (const t of tenants) nodes.set(t.id, { id: t.id, slug: t.slug, name: t.name, kind: t.kind, lat: t.lat, lon: t.lon, children: [] });
	const roots: TenantNode[] = [];
	for (const t of tenants) {
		const node = nodes.get(t.id)!;
		const parent = t.parentId ? nodes.get(t.parentId) : undefined;
		if (parent) parent.children.push(node);
		else roots.push(node);
	}
	return roots;
}

export interface NewTenant {
	kind: TenantKind;
	slug: string;
	name: string;
	parent: Tenant | null;
	host?: string | null;
	description?: string;
	colorPrimary?: string | null;
	colorAccent?: string | null;
}

/** Inserts a tenant below its parent; the caller has checked the policy and the slug. */
export async function insertTenant(db: Db, input: NewTenant): Promise<Tenant> {
	const id = newId();
	const now = Date.now();
	const row: Tenant = {
		id,
		parentId: input.parent?.id ?? null,
		kind: input.kind,
		slug: input.slug,
		name: input.name,
		path: `${input.parent?.path ?? '/'}${id}/`,
		host: input.host?.toLowerCase() || null,
		logoUrl: null,
		colorPrimary: input.colorPrimary ?? null,
		colorAccent: input.colorAccent ?? null,
		description: input.description ?? '',
		contentVersion: 0,
		membersCreateProjectsAt: null,
		appVersion: 0,
		appSettings: null,
		editorsBuildAppAt: null,
		lat: null,
		lon: null,
		createdAt: now,
		updatedAt: now
	};
	await db.insertInto('tenants').values(row).execute();
	return row;
}

/**
 * true when no tenant uses this slug (or only the tenant with `exceptId`) and it is no other tenant's old slug:
 * old slugs redirect forever, so only the tenant that gave one up may take it back.
 */
export async function isSlugFree(db: Db, slug: string, exceptId?: string): Promise<boolean> {
	let q = db.selectFrom('tenants').select('id').where('slug', '=', slug);
	if (exceptId) q = q.where('id', '!=', exceptId);
	if (await q.executeTakeFirst()) return false;
	return !(await isOldSlugOfAnother(db, slug, exceptId));
}

/** true when no other child of `parentId` (than `exceptId`) has this name, ignoring case and spaces. */
export async function isNameFreeAmongSiblings(db: Db, args: { parentId: string; name: string; exceptId?: string }): Promise<boolean> {
	let q = db.selectFrom('tenants').select('name').where('parentId', '=', args.parentId);
	if (args.exceptId) q = q.where('id', '!=', args.exceptId);
	const key = nameKey(args.name);
	return !(await q.execute()).some((sibling) => nameKey(sibling.name) === key);
}

/** true when no tenant uses this host name (or only the tenant with `exceptId`) */
export async function isHostFree(db: Db, host: string, exceptId?: string): Promise<boolean> {
	let q = db.selectFrom('tenants').select('id').where('host', '=', host.toLowerCase());
	if (exceptId) q = q.where('id', '!=', exceptId);
	return !(await q.executeTakeFirst());
}
