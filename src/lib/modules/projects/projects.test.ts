// The projects module and the ctx.pool it reads through, against a real database (SQLite, and PostgreSQL when
// TEST_DATABASE_URL is set). Unhappy paths first: another village's project and ideas, hidden ones, the idea form
// for anonymous visitors and with bad input; then the happy paths.
import { isHttpError } from '@sveltejs/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../../tests/helpers/testDb.ts';
import { createUser } from '../../server/auth/accounts.ts';
import { formAction, runModuleAction } from '../../server/builder/moduleActions.ts';
import { createModuleContext } from '../../server/builder/moduleContext.ts';
import { newId } from '../../server/ids.ts';
import type { Actor } from '../../server/policy/index.ts';
import { createLocalHub } from '../../server/realtime/hub.ts';
import { insertTenant, type Tenant } from '../../server/tenancy/tenants.ts';
import type { AnyModule } from '../registry.ts';
import projects from './module.ts';
import { settingsSchema } from './schemas.ts';

let t: TestDb;
let A: Tenant;
let B: Tenant;
let member: Actor;
const module = projects as unknown as AnyModule;
const anonymous: Actor = { userId: null, memberships: [], clubRoles: [] };
const ids = {} as Record<'a1' | 'a2' | 'aHidden' | 'b1' | 'ideaA' | 'ideaHiddenA' | 'ideaArchivedA' | 'ideaB', string>;
const slugOf = new Map<string, string>();

let clock = Date.now() - 100_000;
async function project(village: Tenant, title: string, fields: Record<string, unknown> = {}): Promise<string> {
	const now = ++clock;
	const id = newId(now);
	const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, '-');
	slugOf.set(id, slug);
	await t.db.insertInto('projects').values({ id, tenantId: village.id, clubId: null, slug, title, status: 'implementation', categoryKey: 'mobilitaet', costOneOff: null, costRunning: null, volunteerHours: null, startedOn: null, ideaId: null, adaptedFromId: null, hiddenAt: null, createdBy: null, createdAt: now, updatedAt: now, ...fields }).execute();
	return id;
}
async function idea(village: Tenant, title: string, fields: Record<string, unknown> = {}): Promise<string> {
	const now = ++clock;
	const id = newId(now);
	await t.db.insertInto('ideas').values({ id, tenantId: village.id, clubId: null, authorId: null, title, categoryKey: 'soziales', imageFileId: null, status: 'new', projectId: null, hiddenAt: null, createdAt: now, updatedAt: now, ...fields }).execute();
	return id;
}
const ref = (id: string) => `${id}-${slugOf.get(id)}`;

beforeAll(async () => {
	t = await createTestDb();
	const county = await insertTenant(t.db, { kind: 'county', slug: 'kreis', name: 'Kreis', parent: null });
	const muni = await insertTenant(t.db, { kind: 'municipality', slug: 'gemeinde', name: 'Gemeinde', parent: county });
	A = await insertTenant(t.db, { kind: 'village', slug: 'dorf-a', name: 'Dorf A', parent: muni });
	B = await insertTenant(t.db, { kind: 'village', slug: 'dorf-b', name: 'Dorf B', parent: muni });
	const user = await createUser(t.db, { email: 'ideen@example.org', password: 'ein langes Passwort 123', displayName: 'Ida Idee', verified: true });
	member = { userId: user.id, memberships: [{ tenantId: A.id, role: 'member' }], clubRoles: [] };
	ids.a1 = await project(A, 'Mitfahrbank', { summary: 'Bänke an der Hauptstraße', goals: 'Mobil **ohne** Auto', results: 'Drei Bänke stehen.', status: 'completed' });
	ids.a2 = await project(A, 'Dorfladen', { status: 'planning' });
	ids.aHidden = await project(A, 'Versteckt', { hiddenAt: Date.now(), hiddenReason: 'Spam' });
	ids.b1 = await project(B, 'Repair-Café');
	// an adoption of A's bench by B counts; a hidden adoption does not
	await project(B, 'Mitfahrbank in B', { adaptedFromId: ids.a1 });
	await project(B, 'Versteckte Übernahme', { adaptedFromId: ids.a1, hiddenAt: Date.now() });
	await t.db.insertInto('projectIndicators').values({ id: newId(), tenantId: A.id, projectId: ids.a1, name: 'Mitfahrten', value: 120, unit: 'pro Monat', measuredOn: '2026-05-01', position: 0 }).execute();
	await t.db.insertInto('projectUpdates').values({ id: newId(), tenantId: A.id, projectId: ids.a1, authorId: null, body: 'Die **dritte** Bank steht.', createdAt: Date.now() }).execute();
	ids.ideaA = await idea(A, 'Bücherschrank');
	ids.ideaHiddenA = await idea(A, 'Versteckte Idee', { hiddenAt: Date.now() });
	ids.ideaArchivedA = await idea(A, 'Alte Idee', { status: 'archived' });
	ids.ideaB = await idea(B, 'Idee aus B');
});
afterAll(() => t.cleanup());

const ctx = (village: Tenant, actor: Actor = anonymous, settings = {}) =>
	createModuleContext({ db: t.db, village, module, settings: settingsSchema.parse(settings), actor, locale: 'de', ip: '127.0.0.1', readOnly: true });
const page = (path: string) => module.pages.find((p) => p.path === path)!;
const load = (village: Tenant, path: string, params: Record<string, string> = {}, query = '', actor: Actor = anonymous) => module.server.load(ctx(village, actor), page(path), params, new URLSearchParams(query));
/** the status of what a load threw (SvelteKit's error()), or 'none' */
const thrown = async (p: Promise<unknown>) => {
	try {
		await p;
		return 'none';
	} catch (e) {
		if (isHttpError(e)) return e.status;
		throw e;
	}
};
const act = (village: Tenant, actor: Actor, input: Record<string, string>) =>
	runModuleAction({
		rt: { db: t.db, hub: createLocalHub(), kickJobs: () => {} },
		village,
		vm: { module, enabled: true, position: 0, settings: settingsSchema.parse({}) },
		action: formAction(module, 'submitIdea')!,
		actor,
		locale: 'de',
		ip: '127.0.0.1',
		input
	});
const ideasIn = (village: Tenant) => t.db.selectFrom('ideas').selectAll().where('tenantId', '=', village.id).orderBy('createdAt').execute();

describe('ctx.pool is bound to its village', () => {
	it('never answers another village’s project, a hidden one, or a reference that is none', async () => {
		const pool = ctx(A).pool;
		expect(await pool.project(ref(ids.b1))).toBeNull();
		expect(await pool.project(ids.b1)).toBeNull();
		expect(await pool.project(ref(ids.aHidden))).toBeNull();
		for (const junk of ['', '__proto__', 'constructor', 'x'.repeat(5000), `${ids.a1}x`, ids.a1.toUpperCase()]) expect(await pool.project(junk), junk.slice(0, 20)).toBeNull();
		expect(await ctx(B).pool.project(ref(ids.a1))).toBeNull();
	});

	it('lists only the village’s visible projects, newest change first, with adoptions that are visible', async () => {
		const list = await ctx(A).pool.projects();
		expect(list.map((p) => p.title)).toEqual(['Dorfladen', 'Mitfahrbank']);
		expect(list.find((p) => p.id === ids.a1)).toMatchObject({ adoptionCount: 1, category: 'Mobilität', status: 'completed', ref: ref(ids.a1), poolUrl: `/projects/${ref(ids.a1)}` });
		expect((await ctx(B).pool.projects()).map((p) => p.title)).toEqual(['Mitfahrbank in B', 'Repair-Café']);
		// limits are bounded whatever a module asks for
		expect(await ctx(A).pool.projects({ limit: 1 })).toHaveLength(1);
		expect(await ctx(A).pool.projects({ limit: -5 })).toHaveLength(1);
		expect(await ctx(A).pool.projects({ limit: Number.NaN })).toHaveLength(2);
	});

	it('lists only the village’s open ideas: not hidden, not archived, not another village’s', async () => {
		const list = await ctx(A).pool.ideas();
		expect(list.map((i) => i.id)).toEqual([ids.ideaA]);
		expect(list[0]).toMatchObject({ title: 'Bücherschrank', status: 'new', category: 'Soziales', poolUrl: `/ideas/${ids.ideaA}` });
	});

	it('refuses to submit while reading (pages, widgets)', async () => {
		await expect(ctx(A, member).pool.submitIdea({ title: 'Nie', category: 'kultur' })).rejects.toThrow();
	});
});

describe('the pages', () => {
	it('answers 404 for another village’s project through this village’s app, for hidden ones and for junk', async () => {
		for (const p of [ref(ids.b1), ref(ids.aHidden), '__proto__', 'constructor', 'x'.repeat(300)]) expect(await thrown(load(A, ':project', { project: p })), p.slice(0, 20)).toBe(404);
	});

	it('shows a project: summary, status, goals, results, indicators and news, with its link into the Projektpool', async () => {
		const data = (await load(A, ':project', { project: ref(ids.a1) })) as { project: Record<string, unknown> & { html: Record<string, string>; indicators: unknown[]; news: { html: string }[] } };
		expect(data.project).toMatchObject({ title: 'Mitfahrbank', summary: 'Bänke an der Hauptstraße', statusLabel: 'Abgeschlossen', poolUrl: `/projects/${ref(ids.a1)}` });
		expect(data.project.html.goals).toContain('<strong>ohne</strong>');
		expect(data.project.html.results).toContain('Drei Bänke stehen.');
		expect(data.project.html.lessons).toBe('');
		expect(data.project.indicators).toEqual([{ name: 'Mitfahrten', value: '120', unit: 'pro Monat', measuredOn: '1. Mai 2026' }]);
		expect(data.project.news[0]!.html).toContain('<strong>dritte</strong>');
	});

	it('lists the projects by status and the open ideas; with ideas switched off, none', async () => {
		const data = (await load(A, '')) as { sections: { status: string; projects: { title: string }[] }[]; ideas: { id: string }[] };
		expect(data.sections.map((s) => [s.status, s.projects.map((p) => p.title)])).toEqual([
			['planning', ['Dorfladen']],
			['completed', ['Mitfahrbank']]
		]);
		expect(data.ideas.map((i) => i.id)).toEqual([ids.ideaA]);
		const off = (await module.server.load(ctx(A, anonymous, { showIdeas: false }), page(''), {}, new URLSearchParams())) as { ideas: unknown[]; showIdeas: boolean };
		expect(off).toMatchObject({ ideas: [], showIdeas: false });
	});

	it('thanks for a submitted idea only with an id that is one (no other text reaches the page)', async () => {
		expect(((await load(A, '', {}, `idea=${ids.ideaA}`)) as { submitted: string | null }).submitted).toBe(`/ideas/${ids.ideaA}`);
		expect(((await load(A, '', {}, 'idea=javascript:alert(1)')) as { submitted: string | null }).submitted).toBeNull();
	});

	it('gives anonymous visitors of the idea page no form (the page links to the sign-in), signed-in people the categories', async () => {
		expect(await load(A, 'idea')).toEqual({ categories: [], signedIn: false });
		const data = (await load(A, 'idea', {}, '', member)) as { categories: { key: string; name: string }[]; signedIn: boolean };
		expect(data.signedIn).toBe(true);
		expect(data.categories).toContainEqual({ key: 'kultur', name: 'Kultur' });
	});

	it('shows the latest few projects in the widget, as many as the setting says', async () => {
		const widget = module.server.widget!;
		const data = (await widget(createModuleContext({ db: t.db, village: A, module, settings: settingsSchema.parse({ widgetCount: 1 }), actor: anonymous, locale: 'en', ip: '', readOnly: true }))) as { projects: { title: string; statusLabel: string }[]; texts: { all: string } };
		expect(data.projects).toEqual([{ ref: ref(ids.a2), title: 'Dorfladen', statusLabel: 'Planning' }]);
		expect(data.texts.all).toBe('All projects');
	});
});

describe('Idee einreichen', () => {
	it('sends anonymous visitors to the sign-in (401) and writes nothing', async () => {
		const before = (await ideasIn(A)).length;
		expect(await act(A, anonymous, { title: 'Bücherschrank', category: 'kultur' })).toMatchObject({ ok: false, status: 401 });
		expect(await ideasIn(A)).toHaveLength(before);
	});

	it('refuses bad input with 400 naming the field, and writes nothing', async () => {
		const before = (await ideasIn(A)).length;
		const short = await act(A, member, { title: 'x', category: 'kultur' });
		expect(short).toMatchObject({ ok: false, status: 400 });
		expect(!short.ok && short.errors.title).toMatch(/^Titel: /);
		const long = await act(A, member, { title: 'Gute Idee', description: 'x'.repeat(5001), category: 'kultur' });
		expect(!long.ok && long.errors.description).toMatch(/^Beschreibung/);
		// a category the county does not have: the core's own check, named at the field
		const unknown = await act(A, member, { title: 'Gute Idee', category: '__proto__' });
		expect(unknown).toMatchObject({ ok: false, status: 400 });
		expect(!unknown.ok && unknown.errors.category).toBeTruthy();
		const wrongType = await act(A, member, { title: ['a', 'b'] as unknown as string, category: 'kultur' });
		expect(wrongType).toMatchObject({ ok: false, status: 400 });
		expect(await ideasIn(A)).toHaveLength(before);
	});

	it('submits the idea in this village through the core (status new, author, audit entry), whatever village the form names', async () => {
		const beforeB = await ideasIn(B);
		const res = await act(A, member, { title: 'Bücherschrank am Dorfplatz', description: 'Zum Tauschen', category: 'kultur', village: B.id });
		expect(res).toMatchObject({ ok: true });
		const id = res.ok ? (res.data.id as string) : '';
		expect(res.ok && res.redirect).toBe(`?idea=${id}`);
		const row = await t.db.selectFrom('ideas').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
		expect(row).toMatchObject({ tenantId: A.id, authorId: member.userId, title: 'Bücherschrank am Dorfplatz', description: 'Zum Tauschen', categoryKey: 'kultur', status: 'new', hiddenAt: null });
		const audit = await t.db.selectFrom('auditLog').select(['tenantId', 'actorId']).where('action', '=', 'idea.submit').where('targetId', '=', id).executeTakeFirst();
		expect(audit).toEqual({ tenantId: A.id, actorId: member.userId });
		expect(await ideasIn(B)).toEqual(beforeB);
		// and the app lists it among the open ideas
		expect((await ctx(A).pool.ideas()).map((i) => i.id)).toContain(id);
	});
});
