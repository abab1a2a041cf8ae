// Projects of the Projektpool: who may create, edit, hide and adopt; what an adoption copies; the lineage.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../../../tests/helpers/testDb.ts';
import { createUser } from '../../auth/accounts.ts';
import { AppError } from '../../http/errors.ts';
import type { Actor } from '../../policy/index.ts';
import { insertTenant, type Tenant } from '../../tenancy/tenants.ts';
import { ADOPTED_FIELDS, adoptProject } from './adoptProject.ts';
import { createProjectFromIdea } from './projectFromIdea.ts';
import { follow, unfollow } from '../follows.ts';
import { listProjectUpdates, postProjectUpdate, projectUpdateSchema } from './projectUpdates.ts';
import { getProject, listProjects } from './projectQueries.ts';
import { changeProjectStatus, createProject, setProjectHidden, updateProject } from './saveProject.ts';
import { createProjectSchema, listProjectsSchema, projectIdFromRef, updateProjectSchema } from './schemas.ts';

let t: TestDb;
const v = {} as Record<'county' | 'muniA' | 'A' | 'A2' | 'B' | 'muniB', Tenant>;
const ip = '127.0.0.1';
const people = {} as Record<'editorA' | 'editorB' | 'adminA' | 'adminMuniA' | 'memberA', string>;
const actor = (userId: string | null, memberships: Actor['memberships'] = []): Actor => ({ userId, memberships, clubRoles: [] });
let editorA: Actor;
let editorB: Actor;
let adminA: Actor;
let adminMuniA: Actor;
let memberA: Actor;
const anonymous = actor(null);

const profile = (over: Record<string, unknown> = {}) =>
	createProjectSchema.parse({
		village: 'dorf-a',
		title: 'Mitfahrbank am Dorfplatz',
		summary: 'Eine Bank, auf der man sitzt, wenn man mitgenommen werden möchte.',
		categoryKey: 'mobilitaet',
		sdgs: '11, 3',
		goals: '- Wege ins Nachbardorf ohne Auto',
		targetGroup: 'Ältere ohne Auto, Jugendliche',
		preconditions: 'Eine Stelle an der Durchgangsstraße, an der Autos gefahrlos halten können.',
		costOneOff: '1800',
		costRunning: '50',
		volunteerHours: '120',
		timeline: 'Frühjahr 2024 Idee, Sommer 2024 Bank aufgestellt',
		startedOn: '2024-03-01',
		steps: '1. Gemeinde fragen\n2. Bank bauen',
		pitfalls: 'Das Schild war zu klein.',
		lessons: 'Früh mit dem Ordnungsamt sprechen.',
		results: 'Zwölf Mitfahrten im ersten Monat.',
		contactName: 'Martina K.',
		contactRole: 'Ortsvorsteherin',
		links: [{ title: 'Flyer', url: 'https://example.org/flyer' }],
		...over
	});

const code = async (p: Promise<unknown>) => {
	try {
		await p;
		return 'ok';
	} catch (e) {
		if (e instanceof AppError) return `${e.status} ${Object.keys(e.fields).join(',')}`.trim();
		throw e;
	}
};

beforeAll(async () => {
	t = await createTestDb();
	v.county = await insertTenant(t.db, { kind: 'county', slug: 'kreis', name: 'Kreis', parent: null });
	v.muniA = await insertTenant(t.db, { kind: 'municipality', slug: 'gemeinde-a', name: 'Gemeinde A', parent: v.county });
	v.muniB = await insertTenant(t.db, { kind: 'municipality', slug: 'gemeinde-b', name: 'Gemeinde B', parent: v.county });
	v.A = await insertTenant(t.db, { kind: 'village', slug: 'dorf-a', name: 'Dorf A', parent: v.muniA });
	v.A2 = await insertTenant(t.db, { kind: 'village', slug: 'dorf-a2', name: 'Dorf A2', parent: v.muniA });
	v.B = await insertTenant(t.db, { kind: 'village', slug: 'dorf-b', name: 'Dorf B', parent: v.muniB });
	for (const key of Object.keys({ editorA: 1, editorB: 1, adminA: 1, adminMuniA: 1, memberA: 1 }) as (keyof typeof people)[]) {
		people[key] = (await createUser(t.db, { email: `${key.toLowerCase()}@example.org`, password: 'ein langes passwort', displayName: key, verified: true })).id;
	}
	editorA = actor(people.editorA, [{ tenantId: v.A.id, role: 'editor' }]);
	editorB = actor(people.editorB, [{ tenantId: v.B.id, role: 'editor' }]);
	adminA = actor(people.adminA, [{ tenantId: v.A.id, role: 'admin' }]);
	adminMuniA = actor(people.adminMuniA, [{ tenantId: v.muniA.id, role: 'admin' }]);
	memberA = actor(people.memberA, [{ tenantId: v.A.id, role: 'member' }]);
});
afterAll(() => t.cleanup());

describe('creating a project', () => {
	it('refuses anonymous visitors, plain members, editors of another village, the county and unknown places', async () => {
		expect(await code(createProject(t.db, { actor: anonymous, ip, input: profile() }))).toBe('403');
		expect(await code(createProject(t.db, { actor: memberA, ip, input: profile() }))).toBe('403 village');
		expect(await code(createProject(t.db, { actor: editorB, ip, input: profile() }))).toBe('403 village');
		expect(await code(createProject(t.db, { actor: editorA, ip, input: profile({ village: 'kreis' }) }))).toBe('400 village');
		expect(await code(createProject(t.db, { actor: editorA, ip, input: profile({ village: 'no-such-village' }) }))).toBe('400 village');
		expect(await code(createProject(t.db, { actor: editorA, ip, input: profile({ categoryKey: 'no-such-category' }) }))).toBe('400 categoryKey');
		expect(await t.db.selectFrom('projects').select('id').execute()).toEqual([]);
	});

	it('refuses bad input by field: SDGs out of range, negative costs, non-web links, a missing title', () => {
		const bad = updateProjectSchema.safeParse({ title: 'X', categoryKey: 'kultur', sdgs: '0, 18', costOneOff: '-5', links: [{ title: 'Böse', url: 'javascript:alert(1)' }] });
		expect(bad.success).toBe(false);
		const paths = bad.error!.issues.map((i) => i.path.join('.'));
		expect(paths).toEqual(expect.arrayContaining(['title', 'sdgs.0', 'costOneOff', 'links.0.url']));
	});

	it('takes the SDGs from the form checkboxes, sorted and once each', () => {
		const parsed = updateProjectSchema.parse({ title: 'Blühwiese', categoryKey: 'nachhaltigkeit', 'sdg-15': 'on', 'sdg-13': 'on', 'sdg-x': 'on' });
		expect(parsed.sdgs).toEqual([13, 15]);
		expect(updateProjectSchema.safeParse({ title: 'Blühwiese', categoryKey: 'nachhaltigkeit', 'sdg-99': 'on' }).success).toBe(false);
	});

	it('lets an editor of the village create one, with the first status change logged and audited', async () => {
		const { id, slug } = await createProject(t.db, { actor: editorA, ip, input: profile() });
		expect(slug).toBe('mitfahrbank-am-dorfplatz');
		const project = (await getProject(t.db, id))!;
		expect(project).toMatchObject({ title: 'Mitfahrbank am Dorfplatz', status: 'planning', sdgs: [3, 11], costOneOff: 1800, place: { slug: 'dorf-a', municipality: 'Gemeinde A' }, ancestors: [], adoptions: [] });
		expect(project.statusChanges).toEqual([{ fromStatus: null, toStatus: 'planning', note: '', createdAt: expect.any(Number) }]);
		expect(await t.db.selectFrom('auditLog').select(['action', 'tenantId']).where('targetId', '=', id).execute()).toEqual([{ action: 'project.create', tenantId: v.A.id }]);
	});
});

describe('editing, status and moderation', () => {
	let id = '';
	beforeAll(async () => {
		id = (await createProject(t.db, { actor: editorA, ip, input: profile({ title: 'Repair-Café im Pfarrheim', categoryKey: 'nachhaltigkeit' }) })).id;
	});

	it("refuses another village's editor and plain members; changes nothing", async () => {
		const input = updateProjectSchema.parse({ title: 'Gekapert', categoryKey: 'kultur' });
		expect(await code(updateProject(t.db, { actor: editorB, ip, projectId: id, input }))).toBe('403');
		expect(await code(updateProject(t.db, { actor: memberA, ip, projectId: id, input }))).toBe('403');
		expect(await code(changeProjectStatus(t.db, { actor: editorB, ip, projectId: id, status: 'cancelled', note: '' }))).toBe('403');
		expect(await code(updateProject(t.db, { actor: editorA, ip, projectId: 'no-such-project', input }))).toBe('404');
		expect((await getProject(t.db, id))!.title).toBe('Repair-Café im Pfarrheim');
	});

	it('saves the profile and logs each status change with its note', async () => {
		await updateProject(t.db, { actor: adminMuniA, ip, projectId: id, input: updateProjectSchema.parse({ title: 'Repair-Café Dorf A', categoryKey: 'nachhaltigkeit', results: 'Drei Termine, 41 Geräte repariert.' }) });
		await changeProjectStatus(t.db, { actor: editorA, ip, projectId: id, status: 'implementation', note: 'Erster Termin am Samstag' });
		await changeProjectStatus(t.db, { actor: editorA, ip, projectId: id, status: 'implementation', note: 'no change, no entry' });
		const project = (await getProject(t.db, id))!;
		expect(project).toMatchObject({ title: 'Repair-Café Dorf A', slug: 'repair-cafe-dorf-a', status: 'implementation', results: 'Drei Termine, 41 Geräte repariert.' });
		expect(project.statusChanges.map((s) => [s.fromStatus, s.toStatus, s.note])).toEqual([
			[null, 'planning', ''],
			['planning', 'implementation', 'Erster Termin am Samstag']
		]);
	});

	it("lets the municipality admin hide it with a reason, not the village's own admin; hidden ones leave lists and pages", async () => {
		expect(await code(setProjectHidden(t.db, { actor: adminA, ip, projectId: id, hidden: true, reason: 'Doppelt' }))).toBe('403');
		expect(await code(setProjectHidden(t.db, { actor: editorA, ip, projectId: id, hidden: true, reason: 'Doppelt' }))).toBe('403');
		await setProjectHidden(t.db, { actor: adminMuniA, ip, projectId: id, hidden: true, reason: 'Doppelt eingetragen' });
		expect(await getProject(t.db, id)).toBeNull();
		expect((await getProject(t.db, id, { includeHidden: true }))!.hidden).toEqual({ at: expect.any(Number), reason: 'Doppelt eingetragen' });
		expect((await listProjects(t.db, listProjectsSchema.parse({}))).projects.map((p) => p.id)).not.toContain(id);
		// the village's editor cannot even find it to edit it
		expect(await code(updateProject(t.db, { actor: editorA, ip, projectId: id, input: updateProjectSchema.parse({ title: 'Wieder da', categoryKey: 'kultur' }) }))).toBe('404');
		await setProjectHidden(t.db, { actor: adminMuniA, ip, projectId: id, hidden: false });
		expect((await listProjects(t.db, listProjectsSchema.parse({}))).projects.map((p) => p.id)).toContain(id);
	});
});

describe('adoption', () => {
	let origin = '';
	beforeAll(async () => {
		origin = (await createProject(t.db, { actor: editorA, ip, input: profile({ title: 'Dorfladen in Bürgerhand', categoryKey: 'soziales' }) })).id;
		await t.db.insertInto('projectIndicators').values({ id: 'ind-1', tenantId: v.A.id, projectId: origin, name: 'Kundschaft pro Woche', value: 240, unit: 'Personen', measuredOn: '2024-06-30', position: 0 }).execute();
		await t.db.insertInto('projectFundings').values({ id: 'fund-1', tenantId: v.A.id, projectId: origin, programmeId: null, programmeName: 'LEADER', amount: 29000, sharePercent: 65, state: 'used', position: 0 }).execute();
	});

	it('refuses a person without rights in the target village, anonymous callers and unknown projects', async () => {
		expect(await code(adoptProject(t.db, { actor: editorA, ip, projectId: origin, village: 'dorf-b' }))).toBe('403 village');
		expect(await code(adoptProject(t.db, { actor: memberA, ip, projectId: origin, village: 'dorf-a' }))).toBe('403 village');
		expect(await code(adoptProject(t.db, { actor: anonymous, ip, projectId: origin, village: 'dorf-b' }))).toBe('403');
		expect(await code(adoptProject(t.db, { actor: editorB, ip, projectId: 'no-such-project', village: 'dorf-b' }))).toBe('404');
		expect((await getProject(t.db, origin))!.adoptions).toEqual([]);
	});

	it('copies exactly the documented fields and records where it came from', async () => {
		const { id } = await adoptProject(t.db, { actor: editorB, ip, projectId: origin, village: 'dorf-b' });
		const [from, to] = await Promise.all([t.db.selectFrom('projects').selectAll().where('id', '=', origin).executeTakeFirstOrThrow(), t.db.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirstOrThrow()]);
		for (const field of ADOPTED_FIELDS) expect(to[field], field).toEqual(from[field]);
		expect(to).toMatchObject({ tenantId: v.B.id, adaptedFromId: origin, status: 'planning', createdBy: people.editorB, contactName: '', contactRole: '', results: '', timeline: '', startedOn: null, ideaId: null, hiddenAt: null, clubId: null });
		// every column is either copied or set on purpose: a new column must be decided on here
		const decided = new Set<string>([...ADOPTED_FIELDS, 'id', 'tenantId', 'adaptedFromId', 'status', 'createdBy', 'createdAt', 'updatedAt', 'contactName', 'contactRole', 'results', 'timeline', 'startedOn', 'ideaId', 'hiddenAt', 'hiddenReason', 'clubId']);
		expect(Object.keys(to).filter((k) => !decided.has(k))).toEqual([]);
		// figures and funding are the origin's own
		expect(await t.db.selectFrom('projectIndicators').select('id').where('projectId', '=', id).execute()).toEqual([]);
		expect(await t.db.selectFrom('projectFundings').select('id').where('projectId', '=', id).execute()).toEqual([]);
		// the origin's creator hears of it, in their language
		const note = await t.db.selectFrom('notifications').select(['userId', 'title', 'url']).where('kind', '=', 'project.adopted').executeTakeFirstOrThrow();
		expect(note).toEqual({ userId: people.editorA, title: 'Dorf B übernimmt Ihr Projekt „Dorfladen in Bürgerhand“', url: `/projects/${id}-dorfladen-in-buergerhand` });
	});

	it('shows the lineage across two adoptions, from each end', async () => {
		const second = (await getProject(t.db, origin))!.adoptions[0]!.id;
		// Dorf A2's project adopts Dorf B's adaptation
		const editorA2 = actor(people.adminMuniA, [{ tenantId: v.muniA.id, role: 'admin' }]);
		const { id: third } = await adoptProject(t.db, { actor: editorA2, ip, projectId: second, village: 'dorf-a2' });
		const fromOrigin = (await getProject(t.db, origin))!;
		expect(fromOrigin.adoptionCount).toBe(1);
		expect(fromOrigin.adoptions.map((n) => [n.place.slug, n.children.map((c) => c.place.slug)])).toEqual([['dorf-b', ['dorf-a2']]]);
		const fromThird = (await getProject(t.db, third))!;
		expect(fromThird.ancestors.map((n) => n.place.slug)).toEqual(['dorf-a', 'dorf-b']);
		expect(fromThird.adoptions).toEqual([]);
		const middle = (await getProject(t.db, second))!;
		expect([middle.ancestors.map((n) => n.id), middle.adoptions.map((n) => n.id)]).toEqual([[origin], [third]]);
	});

	it('does not adopt a hidden project, and hides it from the lineage of the others', async () => {
		const hidden = (await createProject(t.db, { actor: editorA, ip, input: profile({ title: 'Versteckt' }) })).id;
		await setProjectHidden(t.db, { actor: adminMuniA, ip, projectId: hidden, hidden: true, reason: 'Test' });
		expect(await code(adoptProject(t.db, { actor: editorB, ip, projectId: hidden, village: 'dorf-b' }))).toBe('404');
		// a hidden adaptation leaves its origin's lineage
		const visible = (await createProject(t.db, { actor: editorA, ip, input: profile({ title: 'Bücherzelle' }) })).id;
		const copy = (await adoptProject(t.db, { actor: editorB, ip, projectId: visible, village: 'dorf-b' })).id;
		expect((await getProject(t.db, visible))!.adoptions.map((n) => n.id)).toEqual([copy]);
		const countyAdmin = actor('county-admin', [{ tenantId: v.county.id, role: 'admin' }]);
		await setProjectHidden(t.db, { actor: countyAdmin, ip, projectId: copy, hidden: true, reason: 'Test' });
		expect((await getProject(t.db, visible))!).toMatchObject({ adoptions: [], adoptionCount: 0 });
	});
});

describe('an idea becomes a project', () => {
	const idea = async (status: 'new' | 'discussion' | 'archived' = 'discussion') => {
		const id = `idea-${Math.random().toString(36).slice(2)}`;
		await t.db.insertInto('ideas').values({ id, tenantId: v.A.id, clubId: null, authorId: people.memberA, title: 'Bücherzelle in der alten Telefonzelle', description: 'Die **Telefonzelle** am Kirchplatz steht leer.', categoryKey: 'kultur', imageFileId: null, status, projectId: null, hiddenAt: null, createdAt: 1, updatedAt: 1 }).execute();
		return id;
	};

	it("refuses plain members, another village's editor, and ideas that are archived or already a project", async () => {
		const id = await idea();
		expect(await code(createProjectFromIdea(t.db, { actor: memberA, ip, ideaId: id }))).toBe('403');
		expect(await code(createProjectFromIdea(t.db, { actor: editorB, ip, ideaId: id }))).toBe('403');
		expect(await code(createProjectFromIdea(t.db, { actor: anonymous, ip, ideaId: id }))).toBe('403');
		expect(await code(createProjectFromIdea(t.db, { actor: editorA, ip, ideaId: await idea('archived') }))).toBe('400 status');
		expect(await code(createProjectFromIdea(t.db, { actor: editorA, ip, ideaId: 'no-such-idea' }))).toBe('404');
		expect(await t.db.selectFrom('projects').select('id').where('ideaId', '=', id).execute()).toEqual([]);
	});

	it('creates the project with the idea\'s title, category and text; both link to each other; the author hears of it', async () => {
		const id = await idea('new');
		const project = await createProjectFromIdea(t.db, { actor: editorA, ip, ideaId: id });
		expect(await getProject(t.db, project.id)).toMatchObject({ title: 'Bücherzelle in der alten Telefonzelle', categoryKey: 'kultur', status: 'planning', ideaId: id, summary: 'Die Telefonzelle am Kirchplatz steht leer.', goals: 'Die **Telefonzelle** am Kirchplatz steht leer.', place: { slug: 'dorf-a' } });
		expect(await t.db.selectFrom('ideas').select(['status', 'projectId']).where('id', '=', id).executeTakeFirst()).toEqual({ status: 'project', projectId: project.id });
		const note = await t.db.selectFrom('notifications').select(['userId', 'title', 'url']).where('kind', '=', 'idea.project').executeTakeFirstOrThrow();
		expect(note).toEqual({ userId: people.memberA, title: 'Aus Ihrer Idee „Bücherzelle in der alten Telefonzelle“ wird ein Projekt', url: `/projects/${project.id}-buecherzelle-in-der-alten-telefonzelle` });
		// only once
		expect(await code(createProjectFromIdea(t.db, { actor: editorA, ip, ideaId: id }))).toBe('400 status');
	});
});

describe('followers', () => {
	it('hear of status changes and adoptions, in their language; the one who acted does not; unfollowing ends it', async () => {
		const { id } = await createProject(t.db, { actor: editorA, ip, input: profile({ title: 'Streuobstwiese am Bach' }) });
		await t.db.updateTable('users').set({ locale: 'en' }).where('id', '=', people.adminMuniA).execute();
		for (const who of [memberA, adminMuniA, editorA]) await follow(t.db, { actor: who, target: { type: 'project', id, tenantId: v.A.id } });
		await follow(t.db, { actor: memberA, target: { type: 'project', id, tenantId: v.A.id } }); // twice is once
		await changeProjectStatus(t.db, { actor: editorA, ip, projectId: id, status: 'implementation', note: '' });
		const told = async (kind: string) => t.db.selectFrom('notifications').select(['userId', 'title']).where('kind', '=', kind).where('url', 'like', `/projects/%`).where('title', 'like', '%Streuobstwiese%').orderBy('userId').execute();
		expect(await told('project.status')).toEqual(
			[
				{ userId: people.memberA, title: '„Streuobstwiese am Bach“ steht jetzt auf „In Umsetzung“' },
				{ userId: people.adminMuniA, title: '“Streuobstwiese am Bach” is now “Under way”' }
			].sort((a, b) => a.userId.localeCompare(b.userId))
		);
		await unfollow(t.db, { actor: memberA, target: { type: 'project', id } });
		await adoptProject(t.db, { actor: editorB, ip, projectId: id, village: 'dorf-b' });
		// the creator (editorA) is told as the creator; the follower who stayed hears it too
		expect((await told('project.adopted')).map((n) => n.userId).sort()).toEqual([people.adminMuniA, people.editorA].sort());
		expect(await code(follow(t.db, { actor: anonymous, target: { type: 'project', id, tenantId: v.A.id } }))).toBe('401');
	});
});

describe('news', () => {
	it("are written by the project's editors only, listed newest first, and sent to followers", async () => {
		const { id } = await createProject(t.db, { actor: editorA, ip, input: profile({ title: 'Dorf-WLAN am Sportplatz' }) });
		await follow(t.db, { actor: memberA, target: { type: 'project', id, tenantId: v.A.id } });
		expect(await code(postProjectUpdate(t.db, { actor: memberA, ip, projectId: id, body: 'Ich war es nicht' }))).toBe('403');
		expect(await code(postProjectUpdate(t.db, { actor: editorB, ip, projectId: id, body: 'Gekapert' }))).toBe('403');
		expect(projectUpdateSchema.safeParse({ body: 'x'.repeat(5001) }).success).toBe(false);
		await postProjectUpdate(t.db, { actor: editorA, ip, projectId: id, body: 'Der Router ist **bestellt**.' });
		await postProjectUpdate(t.db, { actor: editorA, ip, projectId: id, body: 'Das Netz läuft.' });
		expect((await listProjectUpdates(t.db, id)).map((u) => u.body)).toEqual(['Das Netz läuft.', 'Der Router ist **bestellt**.']);
		const told = await t.db.selectFrom('notifications').select(['userId', 'title']).where('kind', '=', 'project.news').execute();
		expect(told).toEqual([
			{ userId: people.memberA, title: 'Neues von „Dorf-WLAN am Sportplatz“: Der Router ist bestellt.' },
			{ userId: people.memberA, title: 'Neues von „Dorf-WLAN am Sportplatz“: Das Netz läuft.' }
		]);
	});
});

describe('listing and references', () => {
	it('filters by category, status, village and municipality, and pages', async () => {
		const all = await listProjects(t.db, listProjectsSchema.parse({}));
		expect(all.total).toBe(all.projects.length);
		const inB = await listProjects(t.db, listProjectsSchema.parse({ municipality: 'gemeinde-b' }));
		expect(inB.projects.length).toBeGreaterThan(0);
		expect(new Set(inB.projects.map((p) => p.place.slug))).toEqual(new Set(['dorf-b']));
		expect((await listProjects(t.db, listProjectsSchema.parse({ village: 'dorf-a2' }))).projects).toHaveLength(1);
		expect((await listProjects(t.db, listProjectsSchema.parse({ category: 'soziales', status: 'planning' }))).projects.every((p) => p.categoryKey === 'soziales' && p.status === 'planning')).toBe(true);
		expect((await listProjects(t.db, listProjectsSchema.parse({ q: '100%_' }))).projects).toEqual([]);
		expect((await listProjects(t.db, listProjectsSchema.parse({ page: '99' }))).projects).toEqual([]);
		expect(listProjectsSchema.safeParse({ status: '__proto__' }).success).toBe(false);
	});

	it('reads a project id from "<id>-<slug>" and refuses anything else', () => {
		const id = '01a2263a-5b2c-7d3e-8f40-123456789abc';
		expect(projectIdFromRef(`${id}-dorfladen`)).toBe(id);
		expect(projectIdFromRef(id)).toBe(id);
		for (const bad of ['constructor', '__proto__', `${id}x`, `${id.toUpperCase()}-a`, '', '../../etc/passwd']) expect(projectIdFromRef(bad), bad).toBeNull();
	});
});
