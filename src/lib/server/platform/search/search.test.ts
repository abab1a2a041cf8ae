// German search over the Projektpool, the same expectations on SQLite and PostgreSQL (createTestDb picks the
// database): hostile queries first, then folding, stemming, prefixes, compounds, ranking, snippets, filters,
// sorts, hidden projects, and the index kept current by every write path.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../../../tests/helpers/testDb.ts';
import { createUser } from '../../auth/accounts.ts';
import type { Actor } from '../../policy/index.ts';
import { insertTenant, type Tenant } from '../../tenancy/tenants.ts';
import { adoptProject } from '../projects/adoptProject.ts';
import { changeProjectStatus, createProject, setProjectHidden, updateProject } from '../projects/saveProject.ts';
import { createProjectSchema, listProjectsSchema, updateProjectSchema } from '../projects/schemas.ts';
import { findProjects, listProjects } from './projectSearch.ts';

let t: TestDb;
const v = {} as Record<'county' | 'muniA' | 'muniB' | 'A' | 'A2' | 'B', Tenant>;
const ip = '127.0.0.1';
let editorA: Actor;
let editorB: Actor;
let adminMuniA: Actor;
let adminMuniB: Actor;
// filled by make() before every test that reads them
const ids = {} as Record<string, string> & { xss: string; body: string; strasse: string; laden: string; bank: string };

const input = (over: Record<string, unknown>) => createProjectSchema.parse({ village: 'dorf-a', title: 'Projekt', categoryKey: 'mobilitaet', ...over });
const search = async (query: Record<string, unknown>) => (await listProjects(t.db, listProjectsSchema.parse(query))).projects;
const titles = async (query: Record<string, unknown>) => (await search(query)).map((p) => p.title);

beforeAll(async () => {
	t = await createTestDb();
	v.county = await insertTenant(t.db, { kind: 'county', slug: 'kreis', name: 'Kreis', parent: null });
	v.muniA = await insertTenant(t.db, { kind: 'municipality', slug: 'gemeinde-a', name: 'Gemeinde A', parent: v.county });
	v.muniB = await insertTenant(t.db, { kind: 'municipality', slug: 'gemeinde-b', name: 'Gemeinde B', parent: v.county });
	v.A = await insertTenant(t.db, { kind: 'village', slug: 'dorf-a', name: 'Dorf A', parent: v.muniA });
	v.A2 = await insertTenant(t.db, { kind: 'village', slug: 'dorf-a2', name: 'Dorf A2', parent: v.muniA });
	v.B = await insertTenant(t.db, { kind: 'village', slug: 'dorf-b', name: 'Dorf B', parent: v.muniB });
	const user = async (name: string) => (await createUser(t.db, { email: `${name}@example.org`, password: 'ein langes passwort', displayName: name, verified: true })).id;
	editorA = { userId: await user('editora'), memberships: [{ tenantId: v.A.id, role: 'editor' }, { tenantId: v.A2.id, role: 'editor' }], clubRoles: [] };
	editorB = { userId: await user('editorb'), memberships: [{ tenantId: v.B.id, role: 'editor' }], clubRoles: [] };
	adminMuniA = { userId: await user('adminmunia'), memberships: [{ tenantId: v.muniA.id, role: 'admin' }], clubRoles: [] };
	adminMuniB = { userId: await user('adminmunib'), memberships: [{ tenantId: v.muniB.id, role: 'admin' }], clubRoles: [] };
	const make = async (key: string, who: Actor, over: Record<string, unknown>) => (ids[key] = (await createProject(t.db, { actor: who, ip, input: input(over) })).id);
	await make('bank', editorA, { title: 'Mitfahrbank am Dorfplatz', summary: 'Wer mitgenommen werden will, setzt sich auf die Bank.', sdgs: [11, 3], costOneOff: 1800 });
	await make('baenke', editorB, { village: 'dorf-b', title: 'Mitfahrbänke nach Anröchte', summary: 'Drei Bänke an der Straße.', sdgs: [11], costOneOff: 4500 });
	await make('laden', editorA, { village: 'dorf-a2', title: 'Dorfladen in Bürgerhand', summary: 'Ein Laden für das Nötigste, getragen von einer Genossenschaft.', categoryKey: 'soziales', status: 'implementation', costOneOff: 60000 });
	await make('body', editorB, { village: 'dorf-b', title: 'Treffpunkt am Teich', summary: 'Neben dem Teich steht auch eine Mitfahrbank.', categoryKey: 'soziales' });
	await make('strasse', editorA, { title: 'Sichere Straße zur Schule', summary: 'Tempo 30 vor der Grundschule.', categoryKey: 'soziales' });
	await make('xss', editorB, { village: 'dorf-b', title: '<script>alert(1)</script> Dorfladen-Fest', summary: 'Ein Fest für den <b>Laden</b> & alle.', categoryKey: 'kultur' });
});
afterAll(() => t.cleanup());

describe('hostile queries: no crash, a 400 or nothing', () => {
	it.each(['"', '*', ':', '(', ')', 'NEAR', 'OR', 'AND', 'NOT', '-', '__proto__', 'constructor', '"Mitfahr*', 'bank:*', 'a & b | !c', '^title', "'; drop table projects; --", '!!!', '…', '\u0000'])('%j', async (q) => {
		const result = await listProjects(t.db, listProjectsSchema.parse({ q }));
		expect(Array.isArray(result.projects)).toBe(true);
	});
	it('refuses a query of 2,000 characters and bad filters with a 400 (schema), not a crash', () => {
		expect(listProjectsSchema.safeParse({ q: 'x'.repeat(2000) }).success).toBe(false);
		for (const bad of [{ sdg: '18' }, { sdg: '__proto__' }, { costMin: '-1' }, { costMax: 'viel' }, { sort: 'constructor' }, { adopted: 'ja' }, { status: '__proto__' }]) expect(listProjectsSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
	});
	it('finds nothing (not everything) for only punctuation or only function words', async () => {
		expect(await titles({ q: '?!.,' })).toEqual([]);
		expect(await titles({ q: 'der die das und' })).toEqual([]);
	});
	it('the old LIKE escape bug: % and _ are not wildcards', async () => {
		expect(await titles({ q: '100%_' })).toEqual([]);
	});
});

describe('German words', () => {
	it('folds umlauts and ae: "Mitfahrbaenke" and "Mitfahrbänke" find "Mitfahrbank" and "Mitfahrbänke"', async () => {
		expect((await titles({ q: 'Mitfahrbaenke' })).sort()).toEqual(['Mitfahrbank am Dorfplatz', 'Mitfahrbänke nach Anröchte', 'Treffpunkt am Teich'].sort());
		expect((await titles({ q: 'Mitfahrbänke' })).sort()).toEqual((await titles({ q: 'Mitfahrbaenke' })).sort());
	});
	it('plural meets singular: "Dorfläden" finds "Dorfladen"', async () => {
		expect(await titles({ q: 'Dorfläden', sort: 'newest' })).toEqual(['<script>alert(1)</script> Dorfladen-Fest', 'Dorfladen in Bürgerhand']);
	});
	it('ß and ss: "Strasse" finds "Straße", "Straßen" too', async () => {
		expect(await titles({ q: 'Strasse', sort: 'newest' })).toEqual(['Sichere Straße zur Schule', 'Mitfahrbänke nach Anröchte']);
		expect(await titles({ q: 'Straßen', sort: 'newest' })).toEqual(['Sichere Straße zur Schule', 'Mitfahrbänke nach Anröchte']);
	});
	it('prefix as you type: "mitfahr" finds every Mitfahrbank, "dorfl" the Dorfläden', async () => {
		expect((await titles({ q: 'mitfahr' })).length).toBe(3);
		expect((await titles({ q: 'dorfl' })).length).toBe(2);
		// only the last word is a prefix
		expect(await titles({ q: 'mitfahr dorfplatz' })).toEqual([]);
		expect(await titles({ q: 'Mitfahrbank dorfpl' })).toEqual(['Mitfahrbank am Dorfplatz']);
	});
	it('compounds: the head finds the whole word ("Bank" → "Mitfahrbank"), hyphenated words both ways', async () => {
		expect((await titles({ q: 'Bank' })).sort()).toEqual(['Mitfahrbank am Dorfplatz', 'Mitfahrbänke nach Anröchte', 'Treffpunkt am Teich'].sort());
		expect(await titles({ q: 'Dorfladenfest' })).toEqual(['<script>alert(1)</script> Dorfladen-Fest']);
		expect(await titles({ q: 'Fest' })).toEqual(['<script>alert(1)</script> Dorfladen-Fest']);
	});
	it('every word must match (AND)', async () => {
		expect(await titles({ q: 'Dorfladen Genossenschaft' })).toEqual(['Dorfladen in Bürgerhand']);
	});
});

describe('ranking and snippets', () => {
	it('a title match ranks above a body match', async () => {
		const found = await titles({ q: 'Mitfahrbank' });
		expect(found.at(-1)).toBe('Treffpunkt am Teich');
	});
	it('marks the matching words in title and snippet, and escapes HTML', async () => {
		const [hit] = await search({ q: 'dorfladen' }).then((all) => all.filter((p) => p.id === ids.xss));
		expect(hit!.titleHtml).toBe('&lt;script&gt;alert(1)&lt;/script&gt; <mark>Dorfladen-Fest</mark>');
		const [bank] = await search({ q: 'mitfahrbank' }).then((all) => all.filter((p) => p.id === ids.body));
		expect(bank!.snippetHtml).toBe('Neben dem Teich steht auch eine <mark>Mitfahrbank</mark>.');
		const [laden] = await search({ q: 'laden' }).then((all) => all.filter((p) => p.id === ids.xss));
		expect(laden!.snippetHtml).toBe('Ein Fest für den &lt;b&gt;<mark>Laden</mark>&lt;/b&gt; &amp; alle.');
	});
	it('takes the snippet from the profile when the summary does not match', async () => {
		await updateProject(t.db, { actor: editorA, ip, projectId: ids.strasse, input: updateProjectSchema.parse({ title: 'Sichere Straße zur Schule', summary: 'Tempo 30 vor der Grundschule.', categoryKey: 'soziales', lessons: 'Die Elternpflegschaft war der wichtigste Partner.' }) });
		const [hit] = await search({ q: 'elternpflegschaft' });
		expect(hit!.snippetHtml).toBe('Die <mark>Elternpflegschaft</mark> war der wichtigste Partner.');
	});
});

describe('filters combine (AND) and sorts', () => {
	it('category, status, village, municipality, SDG, cost range with and without q', async () => {
		expect((await titles({ q: 'mitfahr', category: 'soziales' }))).toEqual(['Treffpunkt am Teich']);
		expect(await titles({ q: 'dorfladen', status: 'implementation' })).toEqual(['Dorfladen in Bürgerhand']);
		expect(await titles({ q: 'mitfahr', village: 'dorf-b', sort: 'newest' })).toEqual(['Treffpunkt am Teich', 'Mitfahrbänke nach Anröchte']);
		expect(await titles({ q: 'mitfahr', municipality: 'gemeinde-a' })).toEqual(['Mitfahrbank am Dorfplatz']);
		expect((await titles({ sdg: '3' }))).toEqual(['Mitfahrbank am Dorfplatz']);
		expect((await titles({ sdg: '11', sort: 'newest' }))).toEqual(['Mitfahrbänke nach Anröchte', 'Mitfahrbank am Dorfplatz']);
		expect(await titles({ sdg: '1' })).toEqual([]);
		expect(await titles({ costMin: '2000', costMax: '5000' })).toEqual(['Mitfahrbänke nach Anröchte']);
		expect(await titles({ q: 'mitfahr', costMax: '2000' })).toEqual(['Mitfahrbank am Dorfplatz']);
		expect(await titles({ q: 'mitfahr', municipality: 'gemeinde-b', category: 'mobilitaet' })).toEqual(['Mitfahrbänke nach Anröchte']);
	});
	it('"adopted at least once" and sort by most adopted', async () => {
		expect(await titles({ adopted: '1' })).toEqual([]);
		const copy = await adoptProject(t.db, { actor: editorB, ip, projectId: ids.laden, village: 'dorf-b' });
		expect(await titles({ adopted: '1' })).toEqual(['Dorfladen in Bürgerhand']);
		expect((await titles({ q: 'dorfladen', sort: 'adopted' }))[0]).toBe('Dorfladen in Bürgerhand');
		// the copy is found by its own text, in its own village
		expect((await search({ q: 'genossenschaft', village: 'dorf-b' })).map((p) => p.id)).toEqual([copy.id]);
		await setProjectHidden(t.db, { actor: adminMuniB, ip, projectId: copy.id, hidden: true, reason: 'Doppelt' });
		expect(await titles({ adopted: '1' })).toEqual([]);
	});
	it('pages and the total agree with the filters', async () => {
		const { total, projects } = await findProjects(t.db, listProjectsSchema.parse({ q: 'mitfahr' }), { limit: 2, offset: 2 });
		expect(total).toBe(3);
		expect(projects).toHaveLength(1);
	});
});

describe('hidden projects are never found, and every write keeps the index current', () => {
	it('hide → unhide → hide', async () => {
		const hide = (hidden: boolean) => setProjectHidden(t.db, { actor: adminMuniA, ip, projectId: ids.bank, hidden, reason: 'Prüfung' });
		await hide(true);
		expect(await titles({ q: 'Dorfplatz' })).toEqual([]);
		await hide(false);
		expect(await titles({ q: 'Dorfplatz' })).toEqual(['Mitfahrbank am Dorfplatz']);
		await hide(true);
		expect(await titles({ q: 'Dorfplatz' })).toEqual([]);
		expect(await titles({ q: 'mitfahr', sdg: '3' })).toEqual([]);
		await hide(false);
	});
	it('create, save (new words found, old ones gone) and status change', async () => {
		const { id } = await createProject(t.db, { actor: editorA, ip, input: input({ title: 'Bücherschrank am Bahnhof' }) });
		expect((await search({ q: 'Bücherschränke' })).map((p) => p.id)).toEqual([id]);
		await updateProject(t.db, { actor: editorA, ip, projectId: id, input: updateProjectSchema.parse({ title: 'Tauschregal im Rathaus', categoryKey: 'mobilitaet' }) });
		expect(await titles({ q: 'Bücherschrank' })).toEqual([]);
		expect(await titles({ q: 'tauschreg' })).toEqual(['Tauschregal im Rathaus']);
		await changeProjectStatus(t.db, { actor: editorA, ip, projectId: id, status: 'completed', note: '' });
		expect(await titles({ q: 'tauschregal', status: 'completed' })).toEqual(['Tauschregal im Rathaus']);
	});
});
