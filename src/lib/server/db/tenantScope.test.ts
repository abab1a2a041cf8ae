// The tenant scope on real databases (SQLite always, PostgreSQL with TEST_DATABASE_URL): every way a module
// query could reach another village's rows, tried once — and the village's own rows still work.
import { sql, type Generated, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../../tests/helpers/testDb.ts';
import { TenantScope, TenantScopeError } from './tenantScope.ts';

// tenantId is optional on insert: the scope fills it in (the raw handle sets it by hand)
type Tables = {
	scopeItems: { id: string; tenantId: Generated<string>; groupId: string | null; title: string; position: number };
	scopeGroups: { id: string; tenantId: Generated<string>; name: string };
	tenants: { id: string; name: string };
};

let t: TestDb;
let raw: Kysely<Tables>;
const A = 'village-a';
const B = 'village-b';
const scoped = (tenantId: string, readOnly = false) => raw.withPlugin(new TenantScope(tenantId, ['scopeItems', 'scopeGroups'], { readOnly }));

beforeAll(async () => {
	t = await createTestDb();
	raw = t.db.withTables<Tables>() as unknown as Kysely<Tables>;
	await t.db.schema.createTable('scope_groups').addColumn('id', 'text', (c) => c.primaryKey()).addColumn('tenant_id', 'text', (c) => c.notNull()).addColumn('name', 'text', (c) => c.notNull()).execute();
	await t.db.schema
		.createTable('scope_items')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('tenant_id', 'text', (c) => c.notNull())
		.addColumn('group_id', 'text')
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('position', 'integer', (c) => c.notNull())
		.execute();
	await raw.insertInto('scopeGroups').values([{ id: 'ga', tenantId: A, name: 'A group' }, { id: 'gb', tenantId: B, name: 'B group' }]).execute();
	await raw
		.insertInto('scopeItems')
		.values([
			{ id: 'a1', tenantId: A, groupId: 'ga', title: 'A one', position: 0 },
			{ id: 'b1', tenantId: B, groupId: 'gb', title: 'B one', position: 0 },
			{ id: 'b2', tenantId: B, groupId: 'ga', title: 'B item in A group id', position: 1 }
		])
		.execute();
});
afterAll(() => t.cleanup());

const titlesOf = async (tenant: string) => (await raw.selectFrom('scopeItems').select('title').where('tenantId', '=', tenant).orderBy('id').execute()).map((r) => r.title);

describe('tenant scope refuses what could leave the village', () => {
	it('refuses tables the module did not declare (core tables included)', async () => {
		await expect(scoped(A).selectFrom('tenants').selectAll().execute()).rejects.toThrow(TenantScopeError);
		await expect(scoped(A).selectFrom('scopeItems').innerJoin('tenants', 'tenants.id', 'scopeItems.tenantId').selectAll().execute()).rejects.toThrow(/not one of the module's tables/);
		await expect(scoped(A).selectFrom('scopeItems').where('id', 'in', (eb) => eb.selectFrom('tenants').select('id')).selectAll().execute()).rejects.toThrow(TenantScopeError);
	});

	it('refuses raw SQL, CTEs, insert-or-replace and insert … select', async () => {
		await expect(scoped(A).selectFrom('scopeItems').selectAll().where(sql<boolean>`1 = 1`).execute()).rejects.toThrow(/raw SQL/);
		await expect(scoped(A).with('x', (db) => db.selectFrom('scopeItems').selectAll()).selectFrom('x').selectAll().execute()).rejects.toThrow(/common table/);
		await expect(scoped(A).insertInto('scopeItems').orReplace().values({ id: 'b1', groupId: null, title: 'stolen', position: 0 }).execute()).rejects.toThrow(/replace/);
		await expect(scoped(A).insertInto('scopeItems').columns(['id', 'groupId', 'title', 'position']).expression((eb) => eb.selectFrom('scopeItems').select(['id', 'groupId', 'title', 'position'])).execute()).rejects.toThrow(TenantScopeError);
		expect(await titlesOf(B)).toEqual(['B one', 'B item in A group id']);
	});

	it('refuses inserting for another village and moving a row to another village', async () => {
		await expect(scoped(A).insertInto('scopeItems').values({ id: 'x1', tenantId: B, groupId: null, title: 'planted', position: 0 }).execute()).rejects.toThrow(/another village/);
		await expect(scoped(A).updateTable('scopeItems').set({ tenantId: B }).where('id', '=', 'a1').execute()).rejects.toThrow(/moved/);
		expect(await titlesOf(B)).toEqual(['B one', 'B item in A group id']);
	});

	it('refuses writes on a read-only handle (pages, widgets, GET)', async () => {
		await expect(scoped(A, true).updateTable('scopeItems').set({ title: 'x' }).execute()).rejects.toThrow(/while reading/);
		await expect(scoped(A, true).deleteFrom('scopeItems').execute()).rejects.toThrow(/while reading/);
		await expect(scoped(A, true).insertInto('scopeItems').values({ id: 'r1', groupId: null, title: 'x', position: 0 }).execute()).rejects.toThrow(/while reading/);
	});
});

describe('tenant scope filters what it allows', () => {
	it('reads only the village’s rows, also with an `or` that tries to escape', async () => {
		expect((await scoped(A).selectFrom('scopeItems').select('title').execute()).map((r) => r.title)).toEqual(['A one']);
		const escape = await scoped(A)
			.selectFrom('scopeItems')
			.select('id')
			.where((eb) => eb.or([eb('id', '=', 'b1'), eb('id', '=', 'a1')]))
			.execute();
		expect(escape.map((r) => r.id)).toEqual(['a1']);
		expect(await scoped(A).selectFrom('scopeItems').selectAll().where('id', '=', 'b1').executeTakeFirst()).toBeUndefined();
	});

	it('filters joined tables (inner and left) and subqueries', async () => {
		// b2 belongs to B but points at A's group id: joining from B must not reveal A's group name
		const inner = await scoped(B).selectFrom('scopeItems').innerJoin('scopeGroups', 'scopeGroups.id', 'scopeItems.groupId').select(['scopeItems.id', 'scopeGroups.name']).execute();
		expect(inner).toEqual([{ id: 'b1', name: 'B group' }]);
		const left = await scoped(B).selectFrom('scopeItems as i').leftJoin('scopeGroups as g', 'g.id', 'i.groupId').select(['i.id', 'g.name']).orderBy('i.id').execute();
		expect(left).toEqual([{ id: 'b1', name: 'B group' }, { id: 'b2', name: null }]);
		const sub = await scoped(A)
			.selectFrom('scopeGroups')
			.select((eb) => ['id', eb.selectFrom('scopeItems').select((e) => e.fn.countAll<number>().as('n')).whereRef('scopeItems.groupId', '=', 'scopeGroups.id').as('items')])
			.execute();
		expect(sub.map((r) => [r.id, Number(r.items)])).toEqual([['ga', 1]]); // b2 (village B) is not counted
		const exists = await scoped(A).selectFrom('scopeGroups').select('id').where((eb) => eb.exists(eb.selectFrom('scopeItems').select('id').where('scopeItems.id', '=', 'b1'))).execute();
		expect(exists).toEqual([]);
	});

	it('updates and deletes only the village’s rows', async () => {
		await scoped(A).updateTable('scopeItems').set({ title: 'renamed' }).execute();
		await scoped(A).deleteFrom('scopeItems').where('id', '=', 'b1').execute();
		expect(await titlesOf(B)).toEqual(['B one', 'B item in A group id']);
		expect(await titlesOf(A)).toEqual(['renamed']);
		await scoped(A).updateTable('scopeItems').set({ title: 'A one' }).execute();
	});

	it('stamps inserts with the village, one row or many', async () => {
		await scoped(A).insertInto('scopeItems').values({ id: 'a2', groupId: null, title: 'A two', position: 1 }).execute();
		await scoped(A).insertInto('scopeItems').values([{ id: 'a3', groupId: null, title: 'A three', position: 2 }, { id: 'a4', groupId: null, title: 'A four', position: 3 }]).execute();
		await scoped(A).insertInto('scopeItems').values({ id: 'a5', tenantId: A, groupId: null, title: 'A five', position: 4 }).execute();
		expect(await titlesOf(A)).toEqual(['A one', 'A two', 'A three', 'A four', 'A five']);
	});

	it('an upsert on another village’s id cannot rewrite that row', async () => {
		await scoped(A)
			.insertInto('scopeItems')
			.values({ id: 'b1', groupId: null, title: 'hijacked', position: 9 })
			.onConflict((oc) => oc.column('id').doUpdateSet({ title: 'hijacked' }))
			.execute();
		expect(await titlesOf(B)).toEqual(['B one', 'B item in A group id']);
		// … and on its own row it works
		await scoped(A)
			.insertInto('scopeItems')
			.values({ id: 'a1', groupId: null, title: 'x', position: 0 })
			.onConflict((oc) => oc.column('id').doUpdateSet({ title: 'A one (upserted)' }))
			.execute();
		expect((await titlesOf(A))[0]).toBe('A one (upserted)');
	});

	it('holds inside a transaction', async () => {
		await t.db.transaction().execute(async (trx) => {
			const data = (trx.withTables<Tables>() as unknown as Kysely<Tables>).withPlugin(new TenantScope(A, ['scopeItems']));
			expect((await data.selectFrom('scopeItems').select('id').execute()).map((r) => r.id)).not.toContain('b1');
			await data.deleteFrom('scopeItems').where('id', '=', 'b2').execute();
		});
		expect(await titlesOf(B)).toEqual(['B one', 'B item in A group id']);
	});
});

describe('tenant scope covers the less common query shapes', () => {
	const idsOf = (rows: { id: string }[]) => rows.map((r) => r.id);

	it('filters a cross join (a join without ON) in the WHERE', async () => {
		const rows = await scoped(A).selectFrom('scopeItems').crossJoin('scopeGroups').select(['scopeItems.id as item', 'scopeGroups.id as grp']).execute();
		expect(rows.length).toBeGreaterThan(0);
		expect(new Set(rows.map((r) => r.grp))).toEqual(new Set(['ga']));
		expect(rows.map((r) => r.item)).not.toContain('b1');
	});

	it('scopes derived tables (subqueries in FROM and JOIN) by their own query', async () => {
		const from = await scoped(B).selectFrom((eb) => eb.selectFrom('scopeItems').select('id').as('x')).select('x.id').orderBy('x.id').execute();
		expect(idsOf(from)).toEqual(['b1', 'b2']);
		const joined = await scoped(B)
			.selectFrom('scopeItems')
			.innerJoin(
				(eb) => eb.selectFrom('scopeGroups').select(['id', 'name']).as('g'),
				(join) => join.onRef('g.id', '=', 'scopeItems.groupId')
			)
			.select(['scopeItems.id', 'g.name'])
			.execute();
		expect(joined).toEqual([{ id: 'b1', name: 'B group' }]); // b2 points at A's group: not revealed
	});

	it('allows the raw fragments Kysely itself writes (order directions)', async () => {
		expect(idsOf(await scoped(B).selectFrom('scopeItems').select('id').orderBy('id', 'desc').execute())).toEqual(['b2', 'b1']);
		expect(idsOf(await scoped(B).selectFrom('scopeItems').select('id').orderBy('id', (o) => o.asc().nullsLast()).execute())).toEqual(['b1', 'b2']);
	});

	it('an insert that does nothing on conflict leaves another village’s row alone', async () => {
		await scoped(A)
			.insertInto('scopeItems')
			.values({ id: 'b1', groupId: null, title: 'planted', position: 9 })
			.onConflict((oc) => oc.column('id').doNothing())
			.execute();
		expect(await titlesOf(B)).toEqual(['B one', 'B item in A group id']);
	});

	it('checks and stamps rows whose values are expressions, not only plain values', async () => {
		await expect(
			scoped(A)
				.insertInto('scopeItems')
				.values((eb) => ({ id: 'x2', tenantId: eb.val(B), groupId: null, title: eb.val('planted'), position: 0 }))
				.execute()
		).rejects.toThrow(/another village/);
		await scoped(A)
			.insertInto('scopeItems')
			.values((eb) => ({ id: 'a6', tenantId: eb.val(A), groupId: null, title: eb.val('A six'), position: 5 }))
			.execute();
		await scoped(A)
			.insertInto('scopeItems')
			.values((eb) => ({ id: 'a7', groupId: null, title: eb.val('A seven'), position: 6 }))
			.execute();
		expect(await titlesOf(A)).toEqual(expect.arrayContaining(['A six', 'A seven']));
		expect(await titlesOf(B)).toEqual(['B one', 'B item in A group id']);
	});

	it('filters a table under an alias, in FROM and in a join', async () => {
		expect(idsOf(await scoped(B).selectFrom('scopeItems as i').select('i.id').orderBy('i.id').execute())).toEqual(['b1', 'b2']);
		const joined = await scoped(A).selectFrom('scopeItems as i').innerJoin('scopeGroups as g', 'g.id', 'i.groupId').select(['i.id', 'g.id as grp']).execute();
		expect(joined).toEqual([{ id: 'a1', grp: 'ga' }]);
		expect(await scoped(A).selectFrom('scopeItems as i').select('i.id').where('i.id', '=', 'b1').execute()).toEqual([]);
	});

	it('lets insert … or ignore through (it overwrites nothing) and stamps it; PostgreSQL has no such statement', async () => {
		const planted = scoped(A).insertInto('scopeItems').orIgnore().values({ id: 'b1', groupId: null, title: 'planted', position: 9 });
		const own = scoped(A).insertInto('scopeItems').orIgnore().values({ id: 'a8', groupId: null, title: 'A eight', position: 7 });
		if (t.dialect === 'sqlite') {
			await planted.execute();
			await own.execute();
			expect(await titlesOf(A)).toContain('A eight');
		} else {
			// the scope lets it pass (no TenantScopeError); the database itself refuses the syntax
			const error = await own.execute().catch((e: unknown) => e);
			expect(error).toBeInstanceOf(Error);
			expect(error).not.toBeInstanceOf(TenantScopeError);
		}
		expect(await titlesOf(B)).toEqual(['B one', 'B item in A group id']);
	});

	it('refuses a raw fragment with a value in it, even when its text alone looks like an order direction', async () => {
		const attempt = scoped(A).selectFrom('scopeItems').select('id').orderBy('id', sql`desc${' , (select 1)'}`);
		await expect(attempt.execute()).rejects.toThrow(TenantScopeError);
		await expect(attempt.execute()).rejects.toThrow(/raw SQL/);
	});

	it('names its error, so callers and logs can tell a refusal from a database failure', async () => {
		const error = await scoped(A).selectFrom('tenants').selectAll().execute().catch((e: unknown) => e);
		expect(error).toBeInstanceOf(TenantScopeError);
		expect((error as Error).name).toBe('TenantScopeError');
	});
});
