// The county's admins keep the Projektpool's categories: who may, duplicate and odd names, renames that keep
// the key, the order, and deletes that refuse a category in use.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../../tests/helpers/testDb.ts';
import { createUser } from '../auth/accounts.ts';
import { AppError } from '../http/errors.ts';
import { newId } from '../ids.ts';
import type { Actor } from '../policy/index.ts';
import { insertTenant, type Tenant } from '../tenancy/tenants.ts';
import { DEFAULT_CATEGORIES, listCategories } from './categories.ts';
import { addCategory, categoryNamesSchema, deleteCategory, listKeptCategories, moveCategory, renameCategory } from './keepCategories.ts';
import { createProject } from './projects/saveProject.ts';
import { createProjectSchema } from './projects/schemas.ts';

let t: TestDb;
const v = {} as Record<'county' | 'muni' | 'A', Tenant>;
const ip = '127.0.0.1';
const who = {} as Record<'county' | 'countyEditor' | 'muniAdmin' | 'villageAdmin' | 'member', Actor>;
const anonymous: Actor = { userId: null, memberships: [], clubRoles: [] };

const code = async (p: Promise<unknown>) => {
	try {
		await p;
		return 'ok';
	} catch (e) {
		if (e instanceof AppError) return `${e.status} ${Object.entries(e.fields).map(([k, m]) => `${k}: ${m}`).join(',')}`.trim();
		throw e;
	}
};
const names = (nameDe: string, nameEn = nameDe) => categoryNamesSchema.parse({ nameDe, nameEn });
const add = (actor: Actor, nameDe: string, nameEn?: string) => addCategory(t.db, { actor, ip, input: names(nameDe, nameEn) });
const keys = async () => (await listCategories(t.db)).map((c) => c.key);
const auditOf = async (action: string) => t.db.selectFrom('auditLog').select(['actorId', 'tenantId', 'data']).where('action', '=', action).execute();

beforeAll(async () => {
	t = await createTestDb();
	v.county = await insertTenant(t.db, { kind: 'county', slug: 'kreis', name: 'Kreis', parent: null });
	v.muni = await insertTenant(t.db, { kind: 'municipality', slug: 'gemeinde', name: 'Gemeinde', parent: v.county });
	v.A = await insertTenant(t.db, { kind: 'village', slug: 'dorf-a', name: 'Dorf A', parent: v.muni });
	const roles: Record<keyof typeof who, Actor['memberships']> = {
		county: [{ tenantId: v.county.id, role: 'admin' }],
		countyEditor: [{ tenantId: v.county.id, role: 'editor' }],
		muniAdmin: [{ tenantId: v.muni.id, role: 'admin' }],
		villageAdmin: [{ tenantId: v.A.id, role: 'admin' }],
		member: [{ tenantId: v.A.id, role: 'member' }]
	};
	for (const [key, memberships] of Object.entries(roles)) {
		const user = await createUser(t.db, { email: `${key.toLowerCase()}@example.org`, password: 'ein langes passwort', displayName: key, verified: true });
		who[key as keyof typeof who] = { userId: user.id, memberships, clubRoles: [] };
	}
});
afterAll(() => t.cleanup());

describe('who keeps the categories', () => {
	it('refuses anonymous callers (401) and everyone but the county admins (403); nothing is written', async () => {
		expect(await code(add(anonymous, 'Energie'))).toBe('401');
		for (const actor of [who.countyEditor, who.muniAdmin, who.villageAdmin, who.member]) {
			expect(await code(add(actor, 'Energie'))).toBe('403');
			expect(await code(renameCategory(t.db, { actor, ip, input: { categoryKey: 'kultur', nameDe: 'Gekapert', nameEn: 'Hijacked' } }))).toBe('403');
			expect(await code(moveCategory(t.db, { actor, ip, input: { categoryKey: 'kultur', direction: 'up' } }))).toBe('403');
			expect(await code(deleteCategory(t.db, { actor, ip, input: { categoryKey: 'sonstiges' } }))).toBe('403');
		}
		expect(await t.db.selectFrom('projectCategories').select('id').execute()).toEqual([]);
		expect(await keys()).toEqual(DEFAULT_CATEGORIES.map((c) => c.key));
		expect(await t.db.selectFrom('auditLog').select('id').execute()).toEqual([]);
	});
});

describe('adding', () => {
	it('refuses a name whose key exists (400 naming the German name), a name without letters, and oversized names', async () => {
		expect(await code(add(who.county, 'Kultur', 'Culture'))).toBe('400 nameDe: Name (deutsch): Eine Kategorie mit diesem Namen gibt es schon (Schlüssel „kultur“). Bitte wählen Sie einen anderen Namen.');
		expect(await code(add(who.county, 'KULTUR!'))).toMatch(/^400 nameDe: /);
		expect(await code(add(who.county, '?!–'))).toBe('400 nameDe: Name (deutsch): Der Name braucht mindestens einen Buchstaben oder eine Ziffer.');
		expect(categoryNamesSchema.safeParse({ nameDe: 'x'.repeat(61), nameEn: 'x' }).success).toBe(false);
		expect(categoryNamesSchema.safeParse({ nameDe: 'Energie' }).success).toBe(false);
		expect(await t.db.selectFrom('projectCategories').select('id').execute()).toEqual([]);
	});

	it('adds at the end, keeping the seven defaults as the county list; audited with ids only', async () => {
		expect(await add(who.county, 'Energie & Klima', 'Energy & climate')).toEqual({ key: 'energie-klima' });
		expect(await keys()).toEqual([...DEFAULT_CATEGORIES.map((c) => c.key), 'energie-klima']);
		expect((await listCategories(t.db)).at(-1)).toEqual({ key: 'energie-klima', de: 'Energie & Klima', en: 'Energy & climate' });
		expect(await code(add(who.county, 'Energie-Klima'))).toMatch(/^400 nameDe: /);
		expect(await auditOf('category.create')).toEqual([{ actorId: who.county.userId, tenantId: v.county.id, data: '{}' }]);
	});

	it('takes "__proto__" and "constructor" as plain names', async () => {
		expect(await add(who.county, '__proto__', 'constructor')).toEqual({ key: 'proto' });
		expect(await add(who.county, 'constructor', '__proto__')).toEqual({ key: 'constructor' });
		expect((await listCategories(t.db)).slice(-2)).toEqual([
			{ key: 'proto', de: '__proto__', en: 'constructor' },
			{ key: 'constructor', de: 'constructor', en: '__proto__' }
		]);
		// a project can use one
		const editor: Actor = { userId: who.villageAdmin.userId, memberships: who.villageAdmin.memberships, clubRoles: [] };
		const project = await createProject(t.db, { actor: editor, ip, input: createProjectSchema.parse({ village: 'dorf-a', title: 'Bauplan', categoryKey: 'constructor', status: 'planning' }) });
		expect(project.id).toBeTruthy();
	});
});

describe('renaming and ordering', () => {
	it('renames in both languages and keeps the key; an unknown key is 404', async () => {
		expect(await code(renameCategory(t.db, { actor: who.county, ip, input: { categoryKey: 'no-such-key', nameDe: 'X', nameEn: 'X' } }))).toBe('404');
		await renameCategory(t.db, { actor: who.county, ip, input: { categoryKey: 'proto', nameDe: 'Prototypen', nameEn: 'Prototypes' } });
		expect((await listCategories(t.db)).find((c) => c.key === 'proto')).toEqual({ key: 'proto', de: 'Prototypen', en: 'Prototypes' });
		expect(await auditOf('category.update')).toHaveLength(1);
	});

	it('moves one place up or down; the first up and the last down change nothing', async () => {
		const before = await keys();
		await moveCategory(t.db, { actor: who.county, ip, input: { categoryKey: before[0]!, direction: 'up' } });
		await moveCategory(t.db, { actor: who.county, ip, input: { categoryKey: before.at(-1)!, direction: 'down' } });
		expect(await keys()).toEqual(before);
		await moveCategory(t.db, { actor: who.county, ip, input: { categoryKey: 'mobilitaet', direction: 'up' } });
		await moveCategory(t.db, { actor: who.county, ip, input: { categoryKey: 'digitalisierung', direction: 'down' } });
		expect((await keys()).slice(0, 4)).toEqual(['mobilitaet', 'digitalisierung', 'nachhaltigkeit', 'soziales']);
		expect(await code(moveCategory(t.db, { actor: who.county, ip, input: { categoryKey: '__proto__', direction: 'up' } }))).toBe('404');
		expect(await auditOf('category.move')).toHaveLength(2);
	});
});

describe('deleting', () => {
	beforeAll(async () => {
		const now = Date.now();
		await t.db.insertInto('ideas').values({ id: newId(now), tenantId: v.A.id, clubId: null, authorId: who.member.userId, title: 'Kino im Dorf', description: '', categoryKey: 'kultur', imageFileId: null, status: 'new', projectId: null, hiddenAt: now, hiddenReason: 'Doppelt', createdAt: now, updatedAt: now }).execute();
		await t.db.insertInto('ideas').values({ id: newId(now), tenantId: v.A.id, clubId: null, authorId: who.member.userId, title: 'Lesecafé', description: '', categoryKey: 'kultur', imageFileId: null, status: 'new', projectId: null, hiddenAt: null, createdAt: now, updatedAt: now }).execute();
		await createProject(t.db, { actor: who.villageAdmin, ip, input: createProjectSchema.parse({ village: 'dorf-a', title: 'Sommerkino', categoryKey: 'kultur', status: 'planning' }) });
		await t.db.insertInto('fundingProgrammes').values({ id: 'prog-1', tenantId: v.county.id, key: 'dorfkultur', name: 'Dorfkultur', maxAmount: null, categories: '["bildung","kultur"]', createdAt: now, updatedAt: now }).execute();
	});

	it('refuses a category in use, saying how many projects and ideas (hidden ones too) use it', async () => {
		expect(await code(deleteCategory(t.db, { actor: who.county, ip, input: { categoryKey: 'kultur' } }))).toBe('400 categoryKey: Kategorie: Diese Kategorie wird noch genutzt (Projekte: 1, Ideen: 2). Sie kann erst gelöscht werden, wenn kein Projekt und keine Idee sie mehr nutzt.');
		expect(await code(deleteCategory(t.db, { actor: who.county, ip, input: { categoryKey: 'constructor' } }))).toMatch(/^400 categoryKey: Kategorie: Diese Kategorie wird noch genutzt \(Projekte: 1, Ideen: 0\)/);
		expect(await keys()).toContain('kultur');
		const kept = await listKeptCategories(t.db, v.county);
		expect(kept.find((c) => c.key === 'kultur')).toMatchObject({ projects: 1, ideas: 2 });
	});

	it('deletes an unused one, takes it out of the funding programmes that named it, audited; an unknown key is 404', async () => {
		expect(await code(deleteCategory(t.db, { actor: who.county, ip, input: { categoryKey: 'no-such-key' } }))).toBe('404');
		await deleteCategory(t.db, { actor: who.county, ip, input: { categoryKey: 'bildung' } });
		expect(await keys()).not.toContain('bildung');
		expect((await t.db.selectFrom('fundingProgrammes').select('categories').where('id', '=', 'prog-1').executeTakeFirstOrThrow()).categories).toBe('["kultur"]');
		expect(await auditOf('category.delete')).toEqual([{ actorId: who.county.userId, tenantId: v.county.id, data: '{}' }]);
	});
});
