// What a module's server code gets from the core: everything bound to its village. A test-only module with
// one table, one channel and one job (not in the registry) shows that another village's rows, members,
// clubs and files stay out of reach, and that the core's services record the village, module and actor.
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestEvent } from '@sveltejs/kit';
import { createTestDb, type TestDb } from '../../../../tests/helpers/testDb.ts';
import type { AnyModule } from '../../modules/registry.ts';
import { createUser } from '../auth/accounts.ts';
import { newId } from '../ids.ts';
import type { Actor } from '../policy/index.ts';
import { channelTopic } from '../realtime/topics.ts';
import { grantRole } from '../tenancy/memberships.ts';
import { insertTenant, type Tenant } from '../tenancy/tenants.ts';
import { abilities, allows, createModuleContext, moduleContext, requestModules, type AfterCommit } from './moduleContext.ts';

const probe = {
	id: 'ctxprobe',
	permissions: [
		{ id: 'ctxprobe.write', role: 'editor', description: { de: 'x', en: 'x' } },
		{ id: 'ctxprobe.moderate', role: 'moderator', description: { de: 'x', en: 'x' } }
	],
	tables: ['ctxprobeItems'],
	server: {
		load: async () => ({}),
		channels: { items: { params: z.object({ list: z.string() }), permission: 'public' } },
		jobs: { remind: async () => {} }
	}
} as unknown as AnyModule;
const bare = { ...probe, server: { load: async () => ({}) } } as unknown as AnyModule;

type Items = { ctxprobeItems: { id: string; tenantId: string; text: string } };
let t: TestDb;
let county: Tenant;
let A: Tenant;
let B: Tenant;
const ids: Record<string, string> = {};
const actor = (memberships: Actor['memberships'], extra: Partial<Actor> = {}): Actor => ({ userId: ids.editor!, memberships, clubRoles: [], ...extra });
const ctx = (village: Tenant, extra: Partial<Parameters<typeof createModuleContext>[0]> = {}) =>
	createModuleContext({ db: t.db, village, module: probe, settings: { greeting: 'Hallo' }, actor: actor([{ tenantId: village.id, role: 'editor' }]), locale: 'de', ip: '10.1.1.1', ...extra });
const items = () => t.db.withTables<Items>();

beforeAll(async () => {
	t = await createTestDb();
	county = await insertTenant(t.db, { kind: 'county', slug: 'kreis', name: 'Kreis', parent: null });
	A = await insertTenant(t.db, { kind: 'village', slug: 'dorf-a', name: 'Dorf A', parent: county });
	B = await insertTenant(t.db, { kind: 'village', slug: 'dorf-b', name: 'Dorf B', parent: county });
	for (const [key, name] of [['editor', 'Erika'], ['zora', 'Zora'], ['anton', 'Anton'], ['bert', 'Bert']] as const) {
		ids[key] = (await createUser(t.db, { email: `${key}@example.org`, password: 'ein langes passwort', displayName: name, verified: true })).id;
	}
	await grantRole(t.db, { tenantId: A.id, userId: ids.zora!, role: 'admin' });
	await grantRole(t.db, { tenantId: A.id, userId: ids.anton!, role: 'member' });
	await grantRole(t.db, { tenantId: A.id, userId: ids.editor!, role: 'editor' });
	await grantRole(t.db, { tenantId: B.id, userId: ids.bert!, role: 'admin' });
	await t.db.schema.createTable('ctxprobe_items').addColumn('id', 'text', (c) => c.primaryKey()).addColumn('tenant_id', 'text', (c) => c.notNull()).addColumn('text', 'text', (c) => c.notNull()).execute();
	await items().insertInto('ctxprobeItems').values([{ id: 'a1', tenantId: A.id, text: 'in A' }, { id: 'b1', tenantId: B.id, text: 'in B' }]).execute();
	const now = Date.now();
	for (const [village, name] of [[A, 'Zimmerei-Verein'], [A, 'Angelverein'], [B, 'Billardclub']] as const) {
		await t.db.insertInto('clubs').values({ id: newId(), tenantId: village.id, name, slug: name.toLowerCase(), description: 'd', createdAt: now, updatedAt: now }).execute();
	}
});
afterAll(() => t.cleanup());

describe('allows and abilities: tenant first, then the declared role', () => {
	const anonymous: Actor = { userId: null, memberships: [], clubRoles: [] };
	it('refuses anonymous callers everything but public', () => {
		expect(allows(probe, anonymous, A, 'public')).toBe(true);
		expect(allows(probe, anonymous, A, 'signedIn')).toBe(false);
		expect(allows(probe, anonymous, A, 'ctxprobe.write')).toBe(false);
	});

	it("refuses a role held in another village, a role below the declared one, and permissions the module did not declare", () => {
		expect(allows(probe, actor([{ tenantId: B.id, role: 'admin' }]), A, 'ctxprobe.write')).toBe(false);
		expect(allows(probe, actor([{ tenantId: A.id, role: 'moderator' }]), A, 'ctxprobe.write')).toBe(false);
		expect(allows(probe, actor([{ tenantId: A.id, role: 'admin' }]), A, 'other.write' as never)).toBe(false);
		expect(allows(probe, actor([]), A, 'signedIn')).toBe(true);
	});

	it('allows the declared role and above, also inherited from the county', () => {
		expect(allows(probe, actor([{ tenantId: A.id, role: 'editor' }]), A, 'ctxprobe.write')).toBe(true);
		expect(allows(probe, actor([{ tenantId: county.id, role: 'admin' }]), A, 'ctxprobe.write')).toBe(true);
		expect(abilities(probe, actor([{ tenantId: A.id, role: 'moderator' }]), A)).toEqual({ 'ctxprobe.write': false, 'ctxprobe.moderate': true });
		expect(abilities(probe, anonymous, A)).toEqual({ 'ctxprobe.write': false, 'ctxprobe.moderate': false });
		expect(ctx(A).can('ctxprobe.write')).toBe(true);
		expect(ctx(A, { actor: actor([{ tenantId: B.id, role: 'admin' }]) }).can('ctxprobe.write')).toBe(false);
	});
});

describe('createModuleContext', () => {
	it('hands over the village, actor, language, settings and ip it was made with', () => {
		const c = ctx(A);
		expect(c).toMatchObject({ village: A, locale: 'de', settings: { greeting: 'Hallo' }, ip: '10.1.1.1', actor: { userId: ids.editor } });
	});

	it("reads and writes the module's table in its own village only; a read-only context refuses writes", async () => {
		const read = async (c: ReturnType<typeof ctx>) => (await c.data.selectFrom('ctxprobeItems' as never).select(['id'] as never).execute()).map((r) => (r as { id: string }).id);
		expect(await read(ctx(A))).toEqual(['a1']);
		expect(await read(ctx(B))).toEqual(['b1']);
		const insert = (c: ReturnType<typeof ctx>, id: string) => (c.data as unknown as ReturnType<typeof items>).insertInto('ctxprobeItems').values({ id, text: 'neu' } as never).execute();
		await expect(insert(ctx(A, { readOnly: true }), 'a-ro')).rejects.toThrow(/writes are not allowed while reading/);
		await insert(ctx(A), 'a2');
		expect((await items().selectFrom('ctxprobeItems').select(['id', 'tenantId']).where('id', '=', 'a2').execute()).map((r) => ({ ...r }))).toEqual([{ id: 'a2', tenantId: A.id }]);
	});

	it('audits for its village with actor, ip and the API token that acted', async () => {
		await ctx(A).audit({ action: 'ctxprobe.one', targetType: 'ctxprobe.item', targetId: 'a1', data: { n: 1 } });
		await ctx(A, { actor: actor([{ tenantId: A.id, role: 'editor' }], { token: { id: 'tok-1', name: 'Robot', tenantId: A.id } }) }).audit({ action: 'ctxprobe.two', targetType: 'ctxprobe.item' });
		const rows = await t.db.selectFrom('auditLog').select(['action', 'tenantId', 'actorId', 'tokenId', 'ip', 'targetType', 'targetId', 'data']).where('action', 'like', 'ctxprobe.%').orderBy('action').execute();
		expect(rows.map((r) => ({ ...r }))).toEqual([
			{ action: 'ctxprobe.one', tenantId: A.id, actorId: ids.editor, tokenId: null, ip: '10.1.1.1', targetType: 'ctxprobe.item', targetId: 'a1', data: '{"n":1}' },
			{ action: 'ctxprobe.two', tenantId: A.id, actorId: ids.editor, tokenId: 'tok-1', ip: '10.1.1.1', targetType: 'ctxprobe.item', targetId: null, data: '{}' }
		]);
	});

	it("lists the village's own members by name, at least the asked role, never another village's", async () => {
		expect(await ctx(A).members()).toEqual([
			{ userId: ids.anton, displayName: 'Anton', role: 'member' },
			{ userId: ids.editor, displayName: 'Erika', role: 'editor' },
			{ userId: ids.zora, displayName: 'Zora', role: 'admin' }
		]);
		expect((await ctx(A).members({ role: 'editor' })).map((m) => m.displayName)).toEqual(['Erika', 'Zora']);
		expect((await ctx(A).members({ role: 'admin' })).map((m) => m.displayName)).toEqual(['Zora']);
		expect((await ctx(B).members()).map((m) => m.displayName)).toEqual(['Bert']);
	});

	it("lists the village's clubs by name with id, name and slug only", async () => {
		const clubs = await ctx(A).clubs();
		expect(clubs.map((c) => ({ ...c }))).toEqual([
			{ id: expect.any(String), name: 'Angelverein', slug: 'angelverein' },
			{ id: expect.any(String), name: 'Zimmerei-Verein', slug: 'zimmerei-verein' }
		]);
		expect((await ctx(B).clubs()).map((c) => c.name)).toEqual(['Billardclub']);
	});

	it("names the village's clubs the actor administers: not those it is only a member of, not another village's", async () => {
		const [angel, zimmerei] = await ctx(A).clubs();
		const [billard] = await ctx(B).clubs();
		const clubRoles = [
			{ clubId: zimmerei!.id, role: 'admin' as const },
			{ clubId: angel!.id, role: 'member' as const },
			{ clubId: billard!.id, role: 'admin' as const }
		];
		const withRoles = (village: Tenant) => ctx(village, { actor: actor([], { clubRoles }) });
		expect((await withRoles(A).clubsAdministered()).map((c) => c.name)).toEqual(['Zimmerei-Verein']);
		expect((await withRoles(B).clubsAdministered()).map((c) => c.name)).toEqual(['Billardclub']);
		expect(await ctx(A, { actor: { userId: null, memberships: [], clubRoles: [] } }).clubsAdministered()).toEqual([]);
	});

	it("finds and deletes the village's own files only; a read-only context deletes nothing", async () => {
		const store = async (village: Tenant) => {
			const id = newId();
			await t.db.insertInto('files').values({ id, tenantId: village.id, contentType: 'application/pdf', dataBase64: 'JVBERi0=', size: 5, createdAt: Date.now(), groupId: id, variant: 'original', kind: 'pdf', width: null, height: null }).execute();
			return id;
		};
		const inA = await store(A);
		const inB = await store(B);
		expect(await ctx(A).files.get(inB)).toBeUndefined();
		expect(await ctx(A).files.get(inA)).toMatchObject({ id: inA, kind: 'pdf' });
		expect(await ctx(A).files.delete(inB)).toBe(false);
		await expect(ctx(A, { readOnly: true }).files.delete(inA)).rejects.toThrow('files cannot be deleted while reading');
		expect(await ctx(A).files.get(inA)).toBeDefined();
		expect(await ctx(A).files.delete(inA)).toBe(true);
		expect(await ctx(A).files.get(inA)).toBeUndefined();
		expect(await ctx(B).files.get(inB)).toMatchObject({ id: inB });
	});

	it('notifies with its village and module', async () => {
		await ctx(A).notify({ userIds: [ids.anton!], kind: 'ctxprobe.hello', title: 'Hallo' });
		const rows = await t.db.selectFrom('notifications').select(['userId', 'tenantId', 'moduleId', 'kind', 'title']).where('kind', '=', 'ctxprobe.hello').execute();
		expect(rows.map((r) => ({ ...r }))).toEqual([{ userId: ids.anton, tenantId: A.id, moduleId: 'ctxprobe', kind: 'ctxprobe.hello', title: 'Hallo' }]);
	});

	it('publishes on declared channels only: after the commit when there is one, else at once', () => {
		for (const channel of ['nope', 'toString', 'constructor']) expect(() => ctx(A).publish(channel, {}, 1), channel).toThrow(`module ctxprobe has no channel "${channel}"`);
		expect(() => createModuleContext({ db: t.db, village: A, module: bare, settings: {}, actor: actor([]), locale: 'de', ip: '' }).publish('items', {}, 1)).toThrow('module ctxprobe has no channel "items"');
		const topic = channelTopic({ villageId: A.id, moduleId: 'ctxprobe', channel: 'items', params: { list: 'x' } });
		const after: AfterCommit = { events: [], jobs: false };
		const now: unknown[] = [];
		ctx(A, { afterCommit: after, publishNow: (...e) => now.push(e) }).publish('items', { list: 'x' }, { n: 1 });
		expect(after.events).toEqual([{ topic, event: { n: 1 } }]);
		expect(now).toEqual([]);
		ctx(A, { publishNow: (...e) => now.push(e) }).publish('items', { list: 'x' }, { n: 2 });
		expect(now).toEqual([[topic, { n: 2 }]]);
		expect(() => ctx(A).publish('items', { list: 'x' }, { n: 3 })).not.toThrow();
	});

	it('schedules declared jobs only, for its village and module, with a key per village and job', async () => {
		for (const job of ['nope', 'hasOwnProperty']) await expect(ctx(A).schedule({ job }), job).rejects.toThrow(`module ctxprobe has no job "${job}"`);
		await expect(createModuleContext({ db: t.db, village: A, module: bare, settings: {}, actor: actor([]), locale: 'de', ip: '' }).schedule({ job: 'remind' })).rejects.toThrow('module ctxprobe has no job "remind"');
		const after: AfterCommit = { events: [], jobs: false };
		await ctx(A, { afterCommit: after }).schedule({ job: 'remind', payload: { who: 1 }, runAt: 5, key: 'k1' });
		expect(after.jobs).toBe(true);
		await ctx(A).schedule({ job: 'remind', payload: { who: 2 }, runAt: 6, key: 'k1' }); // same key: ignored
		await ctx(A).schedule({ job: 'remind', runAt: 7 });
		const jobs = await t.db.selectFrom('jobs').select(['kind', 'tenantId', 'moduleId', 'payload', 'runAt', 'idempotencyKey', 'id']).orderBy('runAt').execute();
		expect(jobs.map((j) => ({ ...j, runAt: Number(j.runAt), payload: JSON.parse(j.payload) }))).toEqual([
			{ kind: 'module', tenantId: A.id, moduleId: 'ctxprobe', payload: { job: 'remind', data: { who: 1 } }, runAt: 5, idempotencyKey: `module:ctxprobe:${A.id}:remind:k1`, id: expect.any(String) },
			{ kind: 'module', tenantId: A.id, moduleId: 'ctxprobe', payload: { job: 'remind', data: null }, runAt: 7, idempotencyKey: jobs[1]!.id, id: jobs[1]!.id }
		]);
	});
});

describe('moduleContext and requestModules for a request', () => {
	const event = (locals: object) => ({ locals, getClientAddress: () => '192.0.2.7', url: new URL('https://allmende.example/dorf/links') }) as unknown as RequestEvent;

	it("makes a read-only context with the request's actor, language and address", async () => {
		const editor = actor([{ tenantId: A.id, role: 'editor' }]);
		const c = moduleContext(event({ actor: editor, locale: 'en', rt: { db: t.db } }), A, probe, { x: 1 });
		expect(c).toMatchObject({ village: A, actor: editor, locale: 'en', ip: '192.0.2.7', origin: 'https://allmende.example', settings: { x: 1 } });
		await expect((c.data as unknown as ReturnType<typeof items>).insertInto('ctxprobeItems').values({ id: 'ro', text: 'x' } as never).execute()).rejects.toThrow(/writes are not allowed/);
	});

	it("reads the village's switched-on modules once per request", async () => {
		const locals = { rt: { db: t.db } };
		const first = requestModules(event(locals), A);
		expect(requestModules(event(locals), A)).toBe(first);
		const other = requestModules(event({ rt: { db: t.db } }), A);
		expect(other).not.toBe(first);
		expect(await first).toEqual([]);
		expect(await other).toEqual([]);
	});
});

describe('one transaction for a job’s writes', () => {
	const texts = async (village: Tenant) => (await items().selectFrom('ctxprobeItems').select('text').where('tenantId', '=', village.id).orderBy('id').execute()).map((r) => r.text);
	const version = async (village: Tenant) => Number((await t.db.selectFrom('tenants').select('contentVersion').where('id', '=', village.id).executeTakeFirstOrThrow()).contentVersion);

	it('commits all of it with the village’s content version, or none of it', async () => {
		const job = ctx(A);
		const before = await version(A);
		await job.transaction(async (c) => {
			await c.data.insertInto('ctxprobeItems' as never).values({ id: 'tx1', text: 'eins' } as never).execute();
			await c.data.insertInto('ctxprobeItems' as never).values({ id: 'tx2', text: 'zwei' } as never).execute();
		});
		expect(await texts(A)).toEqual(expect.arrayContaining(['eins', 'zwei']));
		expect(await version(A)).toBe(before + 1);
		await expect(
			job.transaction(async (c) => {
				await c.data.insertInto('ctxprobeItems' as never).values({ id: 'tx3', text: 'drei' } as never).execute();
				throw new Error('the source broke off');
			})
		).rejects.toThrow('the source broke off');
		expect(await texts(A)).not.toContain('drei');
		expect(await version(A)).toBe(before + 1);
		// B's rows are out of reach inside it too
		await job.transaction(async (c) => {
			expect(await c.data.selectFrom('ctxprobeItems' as never).select('id' as never).where('id' as never, '=', 'b1' as never).execute()).toEqual([]);
		});
	});

	it('simply runs inside an action’s transaction, and refuses to write while reading', async () => {
		await t.db.transaction().execute(async (trx) => {
			const inAction = createModuleContext({ db: trx, village: A, module: probe, settings: {}, actor: actor([{ tenantId: A.id, role: 'editor' }]), locale: 'de', ip: '' });
			expect(await inAction.transaction(async (c) => c === inAction)).toBe(true);
		});
		await expect(ctx(A, { readOnly: true }).transaction(async () => 1)).rejects.toThrow(/reading/);
	});
});
