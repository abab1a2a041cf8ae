// The Projektpool's JSON writes with API tokens (/api/v1/projects…, /api/v1/ideas) against the real server with
// the demo county: refusals first (no token, another village's token, bad JSON, bad fields, "__proto__",
// oversized bodies), then each write as an editor token of Altengeseke, with answers as OpenAPI documents them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { ENDPOINTS } from '../../src/lib/server/http/openapi.ts';
import type { Db } from '../../src/lib/server/db/index.ts';
import { Client } from '../helpers/http.ts';
import { openServerDb, startServer, type TestServer } from '../helpers/server.ts';
import { createToken } from '../helpers/tokens.ts';
import { newId } from '../../src/lib/server/ids.ts';

let server: TestServer;
let db: Db;
/** an editor token of Altengeseke (A), an admin token of Körbecke (B), and nobody */
let editorA: Client;
let tokenB: Client;
let anonymous: Client;
/** A's demo project "Dorfladen in Bürgerhand" and a task on its board */
let projectA = '';
let taskA = '';

const tenantId = async (slug: string) => (await db.selectFrom('tenants').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;

/** The answer checked against the schema and status the OpenAPI document gives for this method and path. */
async function documented<T>(res: Response, method: string, path: string): Promise<T> {
	const endpoint = ENDPOINTS.find((e) => e.method === method && e.path === path);
	expect(endpoint, `${method} ${path} is documented`).toBeDefined();
	const body: unknown = await res.json();
	expect(res.status, JSON.stringify(body)).toBe(endpoint!.status ?? 200);
	const parsed = (endpoint!.response as z.ZodType).safeParse(body);
	expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
	return body as T;
}

/** Everything of A's project a write could change: the row, its status log, news and tasks. */
async function stateOfA() {
	return {
		project: await db.selectFrom('projects').selectAll().where('id', '=', projectA).executeTakeFirstOrThrow(),
		status: await db.selectFrom('projectStatusChanges').select('id').where('projectId', '=', projectA).orderBy('id').execute(),
		news: await db.selectFrom('projectUpdates').select('id').where('projectId', '=', projectA).orderBy('id').execute(),
		tasks: await db.selectFrom('projectTasks').selectAll().where('projectId', '=', projectA).orderBy('id').execute()
	};
}

const writesOnA = () => [
	['PATCH', `/api/v1/projects/${projectA}`, { summary: 'Gekapert' }],
	['POST', `/api/v1/projects/${projectA}/status`, { status: 'cancelled', note: '' }],
	['POST', `/api/v1/projects/${projectA}/news`, { body: 'Fremde Neuigkeit' }],
	['POST', `/api/v1/projects/${projectA}/tasks`, { title: 'Fremde Aufgabe' }],
	['PATCH', `/api/v1/projects/${projectA}/tasks/${taskA}`, { title: 'Gekaperte Aufgabe' }],
	['PATCH', `/api/v1/projects/${projectA}/tasks/${taskA}`, { status: 'done', position: 0 }]
] as const;

beforeAll(async () => {
	server = await startServer();
	db = openServerDb(server.databaseUrl).db;
	const A = await tenantId('altengeseke');
	const B = await tenantId('koerbecke');
	const redaktion = new Client(server.url);
	await redaktion.login('redaktion@example.org');
	const dorf2 = new Client(server.url);
	await dorf2.login('dorf2@example.org');
	editorA = new Client(server.url, { authorization: `Bearer ${await createToken(redaktion, A, 'editor')}` });
	tokenB = new Client(server.url, { authorization: `Bearer ${await createToken(dorf2, B, 'admin')}` });
	anonymous = new Client(server.url);
	projectA = (await db.selectFrom('projects').select('id').where('tenantId', '=', A).where('title', '=', 'Dorfladen in Bürgerhand').executeTakeFirstOrThrow()).id;
	const task = await editorA.api('POST', `/api/v1/projects/${projectA}/tasks`, { title: 'Kassensystem aussuchen' });
	expect(task.status, await task.clone().text()).toBe(201);
	taskA = ((await task.json()) as { id: string }).id;
}, 180_000);

afterAll(async () => {
	await db?.destroy();
	await server?.stop();
});

describe('refused', () => {
	it('answers every write without a token with 401 and WWW-Authenticate, and writes nothing', async () => {
		const before = await stateOfA();
		for (const [method, path, body] of [...writesOnA(), ['POST', '/api/v1/projects', { village: 'altengeseke', title: 'Ohne Anmeldung', categoryKey: 'kultur' }], ['POST', '/api/v1/ideas', { title: 'Ohne Anmeldung', category: 'kultur', village: 'altengeseke' }]] as const) {
			const res = await anonymous.api(method, path, body);
			expect(res.status, `${method} ${path}`).toBe(401);
			expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
		}
		expect(await stateOfA()).toEqual(before);
		expect(await db.selectFrom('projects').select('id').where('title', '=', 'Ohne Anmeldung').execute()).toEqual([]);
		expect(await db.selectFrom('ideas').select('id').where('title', '=', 'Ohne Anmeldung').execute()).toEqual([]);
	});

	it("refuses Körbecke's admin token on Altengeseke's project with 403, changing nothing", async () => {
		const before = await stateOfA();
		for (const [method, path, body] of writesOnA()) {
			const res = await tokenB.api(method, path, body);
			expect(res.status, `${method} ${path}: ${await res.clone().text()}`).toBe(403);
			expect(((await res.json()) as { error: { message: string } }).error.message).toBeTruthy();
		}
		expect(await stateOfA()).toEqual(before);
	});

	it("refuses Körbecke's token on Altengeseke's project even when its person leads that project's team: a token acts in its one village", async () => {
		const dorf2 = await db.selectFrom('users').select('id').where('email', '=', 'dorf2@example.org').executeTakeFirstOrThrow();
		const A = (await db.selectFrom('projects').select('tenantId').where('id', '=', projectA).executeTakeFirstOrThrow()).tenantId;
		await db.insertInto('projectMembers').values({ id: newId(), tenantId: A, projectId: projectA, userId: dorf2.id, role: 'lead', createdAt: Date.now() }).execute();
		try {
			const before = await stateOfA();
			for (const [method, path, body] of writesOnA()) expect((await tokenB.api(method, path, body)).status, `${method} ${path}`).toBe(403);
			expect(await stateOfA()).toEqual(before);
		} finally {
			await db.deleteFrom('projectMembers').where('projectId', '=', projectA).where('userId', '=', dorf2.id).execute();
		}
	});

	it("refuses Körbecke's token an idea for Altengeseke, naming the field village", async () => {
		const res = await tokenB.api('POST', '/api/v1/ideas', { title: 'Fremde Idee per Token', category: 'kultur', village: 'altengeseke' });
		expect(res.status).toBe(403);
		expect(((await res.json()) as { error: { fields: Record<string, string> } }).error.fields.village).toBeTruthy();
		expect(await db.selectFrom('ideas').select('id').where('title', '=', 'Fremde Idee per Token').execute()).toEqual([]);
	});

	it("refuses Körbecke's token a new project in Altengeseke by the field village", async () => {
		const res = await tokenB.api('POST', '/api/v1/projects', { village: 'altengeseke', title: 'Fremdes Projekt', categoryKey: 'kultur' });
		expect(res.status).toBe(403);
		expect(((await res.json()) as { error: { fields: Record<string, string> } }).error.fields.village).toBeTruthy();
		expect(await db.selectFrom('projects').select('id').where('title', '=', 'Fremdes Projekt').execute()).toEqual([]);
	});

	it('answers malformed JSON, a JSON array and a form body with 400', async () => {
		for (const [body, type] of [
			['{"title": ', 'application/json'],
			['[1, 2]', 'application/json'],
			['"Dorfladen"', 'application/json'],
			['title=Dorfladen', 'application/x-www-form-urlencoded']
		] as const) {
			const res = await editorA.api('PATCH', `/api/v1/projects/${projectA}`, body, { 'content-type': type });
			expect(res.status, body).toBe(400);
			expect(((await res.json()) as { error: { message: string } }).error.message).toBeTruthy();
		}
		const empty = await editorA.api('POST', `/api/v1/projects/${projectA}/news`, '', { 'content-type': 'application/json' });
		expect(empty.status).toBe(400);
	});

	it('names the field of a bad value, translated', async () => {
		const cases = [
			['POST', '/api/v1/projects', { village: 'altengeseke', title: 'X', categoryKey: 'kultur' }, 'title'],
			['PATCH', `/api/v1/projects/${projectA}`, { title: 'X' }, 'title'],
			['PATCH', `/api/v1/projects/${projectA}`, { steps: 'x'.repeat(20_001) }, 'steps'],
			['PATCH', `/api/v1/projects/${projectA}`, { categoryKey: '__proto__' }, 'categoryKey'],
			['POST', `/api/v1/projects/${projectA}/status`, { status: 'constructor' }, 'status'],
			['POST', `/api/v1/projects/${projectA}/news`, { body: 'x' }, 'body'],
			['POST', `/api/v1/projects/${projectA}/tasks`, { title: 'X' }, 'title'],
			['PATCH', `/api/v1/projects/${projectA}/tasks/${taskA}`, { status: 'done', position: -1 }, 'position'],
			['PATCH', `/api/v1/projects/${projectA}/tasks/${taskA}`, { dueOn: '2025-13-45' }, 'dueOn'],
			['POST', '/api/v1/ideas', { title: 'Idee', category: 'kultur', village: '__proto__' }, 'village']
		] as const;
		const before = await stateOfA();
		for (const [method, path, body, field] of cases) {
			const res = await editorA.api(method, path, body);
			const answer = (await res.json()) as { error: { fields?: Record<string, string> } };
			expect(res.status, `${method} ${path} ${field}`).toBe(400);
			expect(answer.error.fields?.[field], `${field} in ${JSON.stringify(answer)}`).toBeTruthy();
		}
		const title = (await (await editorA.api('POST', '/api/v1/projects', cases[0][2], { 'accept-language': 'de' })).json()) as { error: { fields: Record<string, string> } };
		expect(title.error.fields.title).toContain('Titel');
		expect(await stateOfA()).toEqual(before);
	});

	it('answers unknown project and task ids with 404', async () => {
		expect((await editorA.api('PATCH', '/api/v1/projects/__proto__', { summary: 'x' })).status).toBe(404);
		expect((await editorA.api('POST', '/api/v1/projects/00000000-0000-7000-8000-000000000000/news', { body: 'Ins Leere' })).status).toBe(404);
		expect((await editorA.api('PATCH', `/api/v1/projects/${projectA}/tasks/constructor`, { title: 'Ins Leere' })).status).toBe(404);
		expect((await editorA.api('PATCH', `/api/v1/projects/${projectA}/tasks/constructor`, { status: 'done', position: 0 })).status).toBe(404);
	});

	it('treats "__proto__" and "constructor" in the JSON as plain unknown keys: no crash, nothing polluted', async () => {
		const before = await stateOfA();
		const res = await editorA.api('PATCH', `/api/v1/projects/${projectA}`, '{"__proto__": {"title": "Gekapert", "summary": "Gekapert"}, "constructor": {"prototype": {"x": 1}}}');
		expect(res.status, await res.clone().text()).toBe(200);
		const after = await stateOfA();
		expect(after.project.title).toBe(before.project.title);
		expect(after.project.summary).toBe(before.project.summary);
		const created = await editorA.api('POST', '/api/v1/projects', '{"__proto__": {"isAdmin": true}, "village": "altengeseke", "title": "Mit Prototyp", "categoryKey": "kultur"}');
		expect(created.status, await created.clone().text()).toBe(201);
		expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
		// the server still answers
		expect((await fetch(`${server.url}/api/v1/projects/${projectA}`)).status).toBe(200);
	});

	it('refuses a body over the size limit with 413, not a 500', async () => {
		const res = await editorA.api('POST', `/api/v1/projects/${projectA}/news`, JSON.stringify({ body: 'x'.repeat(13 * 1024 * 1024) }));
		expect(res.status).toBe(413);
		expect((await fetch(`${server.url}/api/v1/projects/${projectA}`)).status).toBe(200);
	});
});

describe('as an editor token of Altengeseke', () => {
	interface Detail {
		title: string;
		summary: string;
		status: string;
		news: { text: string }[];
		tasks: { title: string; status: string }[];
	}
	const detail = async (id: string) => (await (await fetch(`${server.url}/api/v1/projects/${id}`)).json()) as Detail;

	it('creates a project (201, its id and address) and the token’s person leads it', async () => {
		const res = await editorA.api('POST', '/api/v1/projects', { village: 'altengeseke', title: 'Boule-Platz am Sportheim', categoryKey: 'kultur', sdgs: [3, 11], summary: 'Ein Platz für alle.' });
		const answer = await documented<{ id: string; url: string }>(res, 'post', '/api/v1/projects');
		expect(answer.url).toBe(`/projects/${answer.id}-boule-platz-am-sportheim`);
		const project = await detail(answer.id);
		expect(project.title).toBe('Boule-Platz am Sportheim');
		expect(project.status).toBe('planning');
		const lead = await db.selectFrom('projectMembers').innerJoin('users', 'users.id', 'projectMembers.userId').select(['users.email', 'projectMembers.role']).where('projectId', '=', answer.id).execute();
		expect(lead).toEqual([{ email: 'redaktion@example.org', role: 'lead' }]);
	});

	it('saves the profile: fields left out keep their values', async () => {
		const before = await detail(projectA);
		const res = await editorA.api('PATCH', `/api/v1/projects/${projectA}`, { summary: 'Ein Laden, den das Dorf selbst betreibt – seit 2024.' });
		const answer = await documented<{ id: string; url: string }>(res, 'patch', '/api/v1/projects/{id}');
		expect(answer.id).toBe(projectA);
		const after = await detail(projectA);
		expect(after.summary).toBe('Ein Laden, den das Dorf selbst betreibt – seit 2024.');
		expect(after.title).toBe(before.title);
		expect({ ...after, summary: before.summary, updatedAt: '' }).toEqual({ ...before, updatedAt: '' });
	});

	it('changes the status', async () => {
		const res = await editorA.api('POST', `/api/v1/projects/${projectA}/status`, { status: 'paused', note: 'Winterpause' });
		expect(await documented(res, 'post', '/api/v1/projects/{id}/status')).toEqual({ id: projectA, status: 'paused' });
		expect((await detail(projectA)).status).toBe('paused');
	});

	it('posts news', async () => {
		const res = await editorA.api('POST', `/api/v1/projects/${projectA}/news`, { body: 'Die **Kasse** ist da.' });
		await documented(res, 'post', '/api/v1/projects/{id}/news');
		expect((await detail(projectA)).news[0]!.text).toBe('Die **Kasse** ist da.');
	});

	it('adds a task, edits it (left-out fields stay) and moves it', async () => {
		const res = await editorA.api('POST', `/api/v1/projects/${projectA}/tasks`, { title: 'Regale bestellen', description: 'Aus Holz' });
		const { id } = await documented<{ id: string }>(res, 'post', '/api/v1/projects/{id}/tasks');
		const edit = await editorA.api('PATCH', `/api/v1/projects/${projectA}/tasks/${id}`, { dueOn: '2027-03-01' });
		expect(await documented(edit, 'patch', '/api/v1/projects/{id}/tasks/{taskId}')).toEqual({ id });
		const row = await db.selectFrom('projectTasks').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
		expect([row.title, row.description, row.dueOn, row.status]).toEqual(['Regale bestellen', 'Aus Holz', '2027-03-01', 'todo']);
		const move = await editorA.api('PATCH', `/api/v1/projects/${projectA}/tasks/${id}`, { status: 'doing', position: 0 });
		expect(await documented(move, 'patch', '/api/v1/projects/{id}/tasks/{taskId}')).toEqual({ id, status: 'doing' });
		expect((await detail(projectA)).tasks.find((t) => t.title === 'Regale bestellen')?.status).toBe('doing');
	});

	it('submits an idea', async () => {
		const res = await editorA.api('POST', '/api/v1/ideas', { title: 'Bücherzelle am Dorfplatz', category: 'kultur', village: 'altengeseke', description: 'Eine alte Telefonzelle.' });
		const { id, url } = await documented<{ id: string; url: string }>(res, 'post', '/api/v1/ideas');
		expect(url).toBe(`/ideas/${id}`);
		const idea = (await (await fetch(`${server.url}/api/v1/ideas/${id}`)).json()) as { title: string };
		expect(idea.title).toBe('Bücherzelle am Dorfplatz');
	});

	it('audits each write with the token’s person', async () => {
		const actions = await db.selectFrom('auditLog').select('action').where('targetId', '=', projectA).execute();
		for (const action of ['project.update', 'project.status', 'project.news', 'project.task.create', 'project.task.update', 'project.task.move']) expect(actions.map((a) => a.action)).toContain(action);
	});
});

describe('GET /api/v1/projects: German search with filters, over HTTP', () => {
	type List = { projects: { title: string; place: { slug: string }; category: string; adoptionCount: number; snippet: string | null }[]; total: number };
	const list = async (query: string) => documented<List>(await anonymous.api('GET', `/api/v1/projects?${query}`), 'get', '/api/v1/projects');

	it('refuses bad input with a 400 naming the field, never a 500', async () => {
		for (const [query, field] of [[`q=${'x'.repeat(201)}`, 'q'], ['costMin=abc', 'costMin'], ['sdg=18', 'sdg'], ['sort=__proto__', 'sort'], ['adopted=constructor', 'adopted']] as const) {
			const res = await anonymous.api('GET', `/api/v1/projects?${query}`);
			const body = (await res.json()) as { error: { fields?: Record<string, string> } };
			expect(res.status, query).toBe(400);
			expect(Object.keys(body.error.fields ?? {}), query).toContain(field);
		}
	});
	it('hostile queries find nothing or something, but answer', async () => {
		for (const q of ['"', '*', ':*', 'NEAR(a b)', '-', '__proto__', '!!!']) expect((await anonymous.api('GET', `/api/v1/projects?q=${encodeURIComponent(q)}`)).status, q).toBe(200);
		expect((await list('q=%21%21%21')).total).toBe(0);
	});
	it('"mitfahr" finds the Mitfahrbank projects of several villages, with snippets (escaped HTML, <mark>)', async () => {
		const { projects, total } = await list('q=mitfahr');
		expect(total).toBeGreaterThanOrEqual(3);
		expect(new Set(projects.map((p) => p.place.slug)).size).toBeGreaterThanOrEqual(3);
		expect(projects.every((p) => /mitfahr/i.test(p.title + (p.snippet ?? '')))).toBe(true);
		expect(projects.some((p) => p.snippet?.includes('<mark>'))).toBe(true);
		// no snippet without a query
		expect((await list('page=1')).projects.every((p) => p.snippet === null)).toBe(true);
	});
	it('filters narrow the search (AND) and sort by most adopted', async () => {
		const mobility = await list('q=mitfahr&category=mobilitaet');
		expect(mobility.projects.every((p) => p.category === 'mobilitaet')).toBe(true);
		expect((await list('q=mitfahr&category=kultur')).total).toBe(0);
		const adopted = await list('q=mitfahr&adopted=1&sort=adopted');
		expect(adopted.total).toBeGreaterThanOrEqual(1);
		expect(adopted.projects.every((p) => p.adoptionCount >= 1)).toBe(true);
		const counts = (await list('sort=adopted')).projects.map((p) => p.adoptionCount);
		expect(counts).toEqual([...counts].sort((a, b) => b - a));
		expect((await list('q=mitfahr&village=koerbecke')).projects.map((p) => p.place.slug)).toEqual(['koerbecke']);
	});
});
