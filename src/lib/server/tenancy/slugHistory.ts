import type { Db } from '../db/index.ts';
import { newId } from '../ids.ts';
import { isUsableSlug } from './slugs.ts';

// Old slugs redirect forever: a village's (or municipality's) earlier slugs are kept in tenant_slug_history, and a
// request to /<old>/… or /api/v1/villages/<old>/… is answered with the same path under the current slug. The rows
// point at the tenant, not at the next slug, so a chain of renames (a → b → c) always ends at the newest.

/** The current slug of the tenant that once had `slug`, or undefined when no tenant ever gave it up. */
export async function currentSlugFor(db: Db, slug: string): Promise<string | undefined> {
	if (!isUsableSlug(slug)) return undefined;
	const row = await db
		.selectFrom('tenantSlugHistory')
		.innerJoin('tenants', 'tenants.id', 'tenantSlugHistory.tenantId')
		.select('tenants.slug')
		.where('tenantSlugHistory.slug', '=', slug)
		.executeTakeFirst();
	return row?.slug;
}

/** true when `slug` is an old slug of a tenant other than `exceptId` (then nobody else may take it). */
export async function isOldSlugOfAnother(db: Db, slug: string, exceptId?: string): Promise<boolean> {
	let q = db.selectFrom('tenantSlugHistory').select('id').where('slug', '=', slug);
	if (exceptId) q = q.where('tenantId', '!=', exceptId);
	return !!(await q.executeTakeFirst());
}

/**
 * Records a rename inside the caller's transaction: `from` becomes an old slug of the tenant; `to`, if the tenant
 * had it before, is its own again and no longer redirects.
 */
export async function recordSlugChange(db: Db, args: { tenantId: string; from: string; to: string }): Promise<void> {
	await db.deleteFrom('tenantSlugHistory').where('tenantId', '=', args.tenantId).where('slug', 'in', [args.from, args.to]).execute();
	await db.insertInto('tenantSlugHistory').values({ id: newId(), tenantId: args.tenantId, slug: args.from, createdAt: Date.now() }).execute();
}

const PREFIXES = ['/api/v1/villages/', '/municipalities/'];

/** The tenant slug a path names and where it sits: "/<slug>/…", "/api/v1/villages/<slug>/…" or "/municipalities/<slug>". */
export function slugInPath(pathname: string): { slug: string; prefix: string } | null {
	const prefix = PREFIXES.find((p) => pathname.startsWith(p)) ?? '/';
	const slug = pathname.slice(prefix.length).split('/')[0] ?? '';
	return slug ? { slug, prefix } : null;
}

/**
 * The redirect for a request to an old slug, or null. `tenantFound`: the first path segment named a current tenant
 * (then there is nothing to look up). GET and HEAD get 301 (Moved Permanently); a form post or API write 308, which
 * keeps its method and body. Browsers may not keep the answer (no-cache): the tenant may take its old slug back.
 */
export async function oldSlugRedirect(db: Db, url: URL, method: string, tenantFound: boolean): Promise<Response | null> {
	const where = slugInPath(url.pathname);
	if (!where || (where.prefix === '/' && tenantFound)) return null;
	const current = await currentSlugFor(db, where.slug);
	if (!current || current === where.slug) return null;
	const status = method === 'GET' || method === 'HEAD' ? 301 : 308;
	return new Response(null, { status, headers: { location: renamedLocation(url, where, current), 'cache-control': 'no-cache' } });
}

/** The same address with the old slug replaced by the new one (path rest and query kept). */
export function renamedLocation(url: URL, where: { slug: string; prefix: string }, current: string): string {
	const rest = url.pathname.slice(where.prefix.length + where.slug.length);
	return `${where.prefix}${current}${rest}${url.search}`;
}
