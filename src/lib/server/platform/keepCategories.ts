// Keeping the Projektpool's categories: the county's admins add, rename, reorder and delete them (the same
// people and the same permission as the funding catalogue: tenant.update at the county). A category's key
// comes from its German name once and never changes, because projects, ideas and funding programmes store
// it; a rename changes only the names. A category in use by a project or an idea cannot be deleted. Each
// write checks the permission first, runs in one transaction and is audit-logged with ids only.
import { z } from 'zod';
import { audit } from '../audit/audit.ts';
import type { Db } from '../db/index.ts';
import { AppError, fieldError, forbidden, notFound } from '../http/errors.ts';
import { newId } from '../ids.ts';
import { can, type Actor } from '../policy/index.ts';
import { slugify } from '../tenancy/slugs.ts';
import { getRootTenant, type Tenant } from '../tenancy/tenants.ts';
import { DEFAULT_CATEGORIES } from './categories.ts';

interface Who {
	actor: Actor;
	ip: string;
}

const name = z.string().trim().min(1).max(60);
/** a category key: what slugify makes of a German name, at most 40 characters (as projects store it) */
const key = z.string().trim().min(1).max(40);
export const categoryNamesSchema = z.object({ nameDe: name, nameEn: name });
export const categoryRenameSchema = categoryNamesSchema.extend({ categoryKey: key });
export const categoryMoveSchema = z.object({ categoryKey: key, direction: z.enum(['up', 'down']) });
export const categoryKeySchema = z.object({ categoryKey: key });

export interface KeptCategory {
	key: string;
	nameDe: string;
	nameEn: string;
	/** how many projects and ideas (hidden ones too) use it */
	projects: number;
	ideas: number;
}

/** The county, if the actor may keep its categories (its admins); anonymous → 401, others → 403. */
export async function countyForCategories(db: Db, actor: Actor): Promise<Tenant> {
	if (!actor.userId) throw new AppError(401, 'unauthorized');
	const county = await getRootTenant(db);
	if (!county || !can(actor, 'tenant.update', county)) throw forbidden();
	return county;
}

/** true when the actor may keep the categories (for a link to the page). */
export async function mayKeepCategories(db: Db, actor: Actor): Promise<boolean> {
	const county = await getRootTenant(db);
	return !!county && can(actor, 'tenant.update', county);
}

async function useCounts(db: Db, table: 'projects' | 'ideas'): Promise<Map<string, number>> {
	const rows = await db.selectFrom(table).select(['categoryKey', (eb) => eb.fn.countAll().as('n')]).groupBy('categoryKey').execute();
	return new Map(rows.map((r) => [r.categoryKey, Number(r.n)]));
}

/** The categories in their order with how often each is used; the defaults while the county has no list of its own. */
export async function listKeptCategories(db: Db, county: Tenant): Promise<KeptCategory[]> {
	const rows = await db.selectFrom('projectCategories').select(['key', 'nameDe', 'nameEn']).where('tenantId', '=', county.id).orderBy('position').execute();
	const list = rows.length ? rows : DEFAULT_CATEGORIES.map((c) => ({ key: c.key, nameDe: c.de, nameEn: c.en }));
	const [projects, ideas] = await Promise.all([useCounts(db, 'projects'), useCounts(db, 'ideas')]);
	return list.map((c) => ({ ...c, projects: projects.get(c.key) ?? 0, ideas: ideas.get(c.key) ?? 0 }));
}

/**
 * The county's own rows in order. While it has none, the defaults apply (categories.ts); the first change
 * writes them as the county's list, so that adding one category does not make the seven others disappear.
 */
async function ownRows(trx: Db, county: Tenant, now: number) {
	const read = () => trx.selectFrom('projectCategories').select(['id', 'key', 'position']).where('tenantId', '=', county.id).orderBy('position').execute();
	const rows = await read();
	if (rows.length) return rows;
	for (const [position, c] of DEFAULT_CATEGORIES.entries())
		await trx.insertInto('projectCategories').values({ id: newId(now), tenantId: county.id, key: c.key, nameDe: c.de, nameEn: c.en, position, createdAt: now }).execute();
	return read();
}

async function rowOf(trx: Db, county: Tenant, categoryKey: string, now: number) {
	const row = (await ownRows(trx, county, now)).find((r) => r.key === categoryKey);
	if (!row) throw notFound();
	return row;
}

/** Adds a category at the end; its key comes from the German name and must be new. */
export async function addCategory(db: Db, args: Who & { input: z.infer<typeof categoryNamesSchema> }): Promise<{ key: string }> {
	const county = await countyForCategories(db, args.actor);
	const categoryKey = slugify(args.input.nameDe).slice(0, 40).replace(/-+$/, '');
	if (!categoryKey) throw fieldError('nameDe', 'err_category_name_format');
	const now = Date.now();
	await db.transaction().execute(async (trx) => {
		const rows = await ownRows(trx, county, now);
		if (rows.some((r) => r.key === categoryKey)) throw fieldError('nameDe', 'err_category_taken', { params: { key: categoryKey } });
		const id = newId(now);
		const position = Math.max(-1, ...rows.map((r) => r.position)) + 1;
		await trx.insertInto('projectCategories').values({ id, tenantId: county.id, key: categoryKey, nameDe: args.input.nameDe, nameEn: args.input.nameEn, position, createdAt: now }).execute();
		await audit(trx, { actorId: args.actor.userId, tenantId: county.id, action: 'category.create', targetType: 'project_category', targetId: id, ip: args.ip });
	});
	return { key: categoryKey };
}

/** Renames a category in both languages; its key stays, so projects, ideas and filters keep it. */
export async function renameCategory(db: Db, args: Who & { input: z.infer<typeof categoryRenameSchema> }): Promise<void> {
	const county = await countyForCategories(db, args.actor);
	await db.transaction().execute(async (trx) => {
		const row = await rowOf(trx, county, args.input.categoryKey, Date.now());
		await trx.updateTable('projectCategories').set({ nameDe: args.input.nameDe, nameEn: args.input.nameEn }).where('id', '=', row.id).where('tenantId', '=', county.id).execute();
		await audit(trx, { actorId: args.actor.userId, tenantId: county.id, action: 'category.update', targetType: 'project_category', targetId: row.id, ip: args.ip });
	});
}

/** Moves a category one place up or down (the first up and the last down stay where they are). */
export async function moveCategory(db: Db, args: Who & { input: z.infer<typeof categoryMoveSchema> }): Promise<void> {
	const county = await countyForCategories(db, args.actor);
	await db.transaction().execute(async (trx) => {
		const rows = await ownRows(trx, county, Date.now());
		const at = rows.findIndex((r) => r.key === args.input.categoryKey);
		if (at < 0) throw notFound();
		const other = rows[args.input.direction === 'up' ? at - 1 : at + 1];
		if (!other) return;
		const row = rows[at]!;
		// positions are renumbered 0…n-1 with the two swapped, so the order holds even after old gaps or ties
		const order = rows.map((r) => r.id);
		order[at] = other.id;
		order[rows.indexOf(other)] = row.id;
		for (const [position, id] of order.entries()) await trx.updateTable('projectCategories').set({ position }).where('id', '=', id).where('tenantId', '=', county.id).execute();
		await audit(trx, { actorId: args.actor.userId, tenantId: county.id, action: 'category.move', targetType: 'project_category', targetId: row.id, data: { direction: args.input.direction }, ip: args.ip });
	});
}

/**
 * Deletes a category no project and no idea uses (else a field error saying how many do); funding
 * programmes that listed it as fitting simply lose it from their list. The last category stays.
 */
export async function deleteCategory(db: Db, args: Who & { input: z.infer<typeof categoryKeySchema> }): Promise<void> {
	const county = await countyForCategories(db, args.actor);
	const { categoryKey } = args.input;
	await db.transaction().execute(async (trx) => {
		const rows = await ownRows(trx, county, Date.now());
		const row = rows.find((r) => r.key === categoryKey);
		if (!row) throw notFound();
		const count = async (table: 'projects' | 'ideas') => Number((await trx.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).where('categoryKey', '=', categoryKey).executeTakeFirstOrThrow()).n);
		const [projects, ideas] = [await count('projects'), await count('ideas')];
		if (projects + ideas > 0) throw fieldError('categoryKey', 'err_category_in_use', { params: { projects: String(projects), ideas: String(ideas) } });
		if (rows.length === 1) throw fieldError('categoryKey', 'err_category_last');
		await trx.deleteFrom('projectCategories').where('id', '=', row.id).where('tenantId', '=', county.id).execute();
		const programmes = await trx.selectFrom('fundingProgrammes').select(['id', 'categories']).where('tenantId', '=', county.id).execute();
		for (const p of programmes) {
			const keys = parseKeys(p.categories);
			if (!keys.includes(categoryKey)) continue;
			await trx.updateTable('fundingProgrammes').set({ categories: JSON.stringify(keys.filter((k) => k !== categoryKey)) }).where('id', '=', p.id).where('tenantId', '=', county.id).execute();
		}
		await audit(trx, { actorId: args.actor.userId, tenantId: county.id, action: 'category.delete', targetType: 'project_category', targetId: row.id, ip: args.ip });
	});
}

function parseKeys(text: string): string[] {
	try {
		const list: unknown = JSON.parse(text);
		return Array.isArray(list) ? list.filter((k): k is string => typeof k === 'string') : [];
	} catch {
		return [];
	}
}
