// The module platform over HTTP, against the real server with the demo county: every module write as every
// kind of actor (the core enforces the declared permission before the module runs), names that are not
// actions, unknown villages, and the error format of the JSON API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, switchModuleAndPublish } from '../helpers/http.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { createToken } from '../helpers/tokens.ts';

let server: TestServer;
const c = {} as Record<'anonymous' | 'member' | 'editor' | 'adminA' | 'adminB' | 'county', Client>;
type Who = keyof typeof c;
const WHO: Who[] = ['anonymous', 'member', 'editor', 'adminA', 'adminB', 'county'];
const API = '/api/v1/villages/koerbecke/links';
let groupB = '';
let linkB = '';
// API tokens (Bearer, no cookie): a token acts with its own role at its village, never more than its owner's
const tokens = {} as Record<'tokenAdminB' | 'tokenEditorB' | 'tokenMemberB' | 'tokenAdminA' | 'revoked', string>;
type TokenWho = keyof typeof tokens;
const TOKEN_WHO: TokenWho[] = ['tokenAdminB', 'tokenEditorB', 'tokenMemberB', 'tokenAdminA', 'revoked'];

const bearer = (who: TokenWho, method: string, path: string, body: unknown) => new Client(server.url).api(method, path, body, { authorization: `Bearer ${tokens[who]}` });

interface Groups {
	groups: { id: string; name: string; links: { id: string; title: string; url: string }[] }[];
}
const groupsOf = async (slug: string) => (await (await fetch(`${server.url}/api/v1/villages/${slug}/links/links`)).json()) as Groups;

beforeAll(async () => {
	server = await startServer();
	for (const w of WHO) c[w] = new Client(server.url);
	await c.member.login('buerger@example.org');
	await c.editor.login('redaktion@example.org'); // editor of Altengeseke, not of Körbecke
	await c.adminA.login('dorf1@example.org');
	await c.adminB.login('dorf2@example.org');
	await c.county.login('kreis@example.org');
	const groups = await groupsOf('koerbecke');
	groupB = groups.groups[0]!.id;
	linkB = groups.groups[0]!.links[0]!.id;
	const tree = JSON.stringify(await (await fetch(`${server.url}/api/v1/tenants`)).json());
	const idOf = (slug: string) => new RegExp(`"id":"([^"]+)","slug":"${slug}"`).exec(tree)![1]!;
	tokens.tokenAdminB = await createToken(c.adminB, idOf('koerbecke'), 'admin');
	tokens.tokenEditorB = await createToken(c.adminB, idOf('koerbecke'), 'editor');
	tokens.tokenMemberB = await createToken(c.adminB, idOf('koerbecke'), 'member');
	tokens.tokenAdminA = await createToken(c.adminA, idOf('altengeseke'), 'admin');
	tokens.revoked = await createToken(c.adminB, idOf('koerbecke'), 'admin', true);
}, 60_000);
afterAll(() => server?.stop());

// (method, path, body, expected status per actor: anonymous, member, editor, adminA, adminB, county;
//  then per token: Körbecke admin, Körbecke editor, Körbecke member, Altengeseke admin, revoked)
// Only Körbecke's admins and the county's may edit Körbecke's links; the permission is checked before
// anything else, so a missing id answers 404 only to those who may edit.
// (group names are unique in a village: each try adds another)
let groupNo = 0;
const writes: [string, () => string, () => unknown, number[], number[]][] = [
	['POST', () => `${API}/groups`, () => ({ name: `Vereine ${++groupNo}` }), [401, 403, 403, 403, 201, 201], [201, 201, 403, 403, 401]],
	['PATCH', () => `${API}/groups/${groupB}`, () => ({ name: 'Kreis und Gemeinde' }), [401, 403, 403, 403, 200, 200], [200, 200, 403, 403, 401]],
	['DELETE', () => `${API}/groups/no-such-group`, () => undefined, [401, 403, 403, 403, 404, 404], [404, 404, 403, 403, 401]],
	['POST', () => `${API}/links`, () => ({ groupId: groupB, title: 'Feuerwehr', url: 'https://feuerwehr.example.org' }), [401, 403, 403, 403, 201, 201], [201, 201, 403, 403, 401]],
	['PATCH', () => `${API}/links/${linkB}`, () => ({ groupId: groupB, title: 'Kreis Soest', url: 'https://www.kreis-soest.de' }), [401, 403, 403, 403, 200, 200], [200, 200, 403, 403, 401]],
	['DELETE', () => `${API}/links/no-such-link`, () => undefined, [401, 403, 403, 403, 404, 404], [404, 404, 403, 403, 401]],
	// a POST on one thing acts on it (200); only a POST without an id creates (201)
	['POST', () => `${API}/move-link/${linkB}`, () => ({ direction: 'down' }), [401, 403, 403, 403, 200, 200], [200, 200, 403, 403, 401]],
	['POST', () => `${API}/move-group/${groupB}`, () => ({ direction: 'up' }), [401, 403, 403, 403, 200, 200], [200, 200, 403, 403, 401]],
	// reads are public: a valid token reads like anyone; a revoked one is refused before anything else
	['GET', () => `${API}/links`, () => undefined, [200, 200, 200, 200, 200, 200], [200, 200, 200, 200, 401]],
	// a switched-off module is not there, whoever asks (links is off in Altengeseke)
	['POST', () => '/api/v1/villages/altengeseke/links/groups', () => ({ name: 'X' }), [404, 404, 404, 404, 404, 404], [404, 404, 404, 404, 401]],
	['POST', () => '/api/v1/villages/no-such-village/links/groups', () => ({ name: 'X' }), [404, 404, 404, 404, 404, 404], [404, 404, 404, 404, 401]]
];

describe('module JSON API by actor', () => {
	const rows = writes.flatMap(([method, path, body, statuses]) => WHO.map((who, i) => [method, path, who, statuses[i]!, body] as const));
	it.each(rows)('%s %s as %s → %i', async (method, path, who, expected, body) => {
		const res = await c[who].api(method, path(), body());
		expect(res.status).toBe(expected);
		if (expected >= 400) {
			const json = (await res.json()) as { error: { status: number; message: string } };
			expect(json.error.status).toBe(expected);
			expect(json.error.message.length).toBeGreaterThan(0);
		}
		if (expected === 401) expect(res.headers.get('www-authenticate')).toBe('Bearer');
	});
});

describe('module JSON API by API token (Authorization: Bearer, no cookie)', () => {
	const rows = writes.flatMap(([method, path, body, , statuses]) => TOKEN_WHO.map((who, i) => [method, path, who, statuses[i]!, body] as const));
	it.each(rows)('%s %s with %s → %i', async (method, path, who, expected, body) => {
		const res = await bearer(who, method, path(), body());
		expect(res.status).toBe(expected);
		if (expected >= 400) expect(((await res.json()) as { error: { status: number } }).error.status).toBe(expected);
	});

	it('records which token acted in the audit log', async () => {
		const res = await bearer('tokenEditorB', 'POST', `${API}/groups`, { name: 'Über Token' });
		expect(res.status).toBe(201);
		const html = await (await c.adminB.get('/koerbecke/admin')).text();
		expect(html).toMatch(/über Token/);
	});
});

describe('names that are not actions', () => {
	it('never dispatches on the prototype: constructor, __proto__, hasOwnProperty … answer 404/400', async () => {
		for (const name of ['constructor', '__proto__', 'hasOwnProperty', 'toString', 'valueOf']) {
			const read = await c.anonymous.api('GET', `${API}/${name}`);
			expect(read.status, `GET ${name}`).toBe(404);
			const body = await read.text();
			expect(body).not.toContain('settings');
			expect(body).not.toContain('memberships');
			expect((await c.adminB.api('POST', `${API}/${name}`, {})).status, `POST ${name}`).toBe(404);
			expect((await c.adminB.api('POST', `${API}/${name}/x`, {})).status, `POST ${name}/x`).toBe(404);
			expect((await c.adminB.post('/koerbecke/links', { _action: name })).status, `_action=${name}`).toBe(400);
		}
	});

	it('answers a known path with the wrong method with 405 and the allowed methods', async () => {
		const res = await c.adminB.api('PATCH', `${API}/groups`, { name: 'x' });
		expect(res.status).toBe(405);
		expect(res.headers.get('allow')).toBe('POST');
	});

	it('answers module routes of an unknown village with 404, also for a POST', async () => {
		expect((await c.adminB.post('/no-such-village/links', { _action: 'addGroup', name: 'x' })).status).toBe(404);
		expect((await c.anonymous.get('/no-such-village/links')).status).toBe(404);
	});
});

describe('bad input over the JSON API', () => {
	it('refuses a body that is not a JSON object with 400, and writes nothing', async () => {
		const before = await groupsOf('koerbecke');
		for (const body of ['{"name":', '[1,2]', '"text"', 'null']) expect((await c.adminB.api('POST', `${API}/groups`, body)).status, body).toBe(400);
		expect((await c.adminB.api('POST', `${API}/groups`, 'name=x', { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(400);
		expect(await groupsOf('koerbecke')).toEqual(before);
	});

	it('names each invalid field in the language of the caller', async () => {
		const res = await c.adminB.api('POST', `${API}/links`, { groupId: groupB, title: '', url: 'javascript:alert(1)' });
		expect(res.status).toBe(400);
		const { error } = (await res.json()) as { error: { status: number; message: string; fields: Record<string, string> } };
		expect(error.fields.title).toBe('Titel: Bitte ausfüllen.');
		expect(error.fields.url).toMatch(/^Adresse \(URL\): Erlaubt sind Internetadressen mit https:\/\/ oder http:\/\/ /);
		const en = await c.adminB.api('POST', `${API}/links`, { groupId: groupB, title: '', url: 'https://x.example' }, { cookie: `${c.adminB.cookieHeader().replace(/PARAGLIDE_LOCALE=\w+/, '')}; PARAGLIDE_LOCALE=en` });
		expect(((await en.json()) as { error: { fields: Record<string, string> } }).error.fields.title).toBe('Title: Please fill in.');
	});

	it('refuses ids of another village as not found and changes nothing there', async () => {
		const before = await groupsOf('koerbecke');
		// Altengeseke's admin switches links on there; Körbecke's ids are not found in Altengeseke
		expect((await switchModuleAndPublish(c.adminA, 'altengeseke', 'links', true)).status).toBe(303);
		expect((await c.adminA.api('PATCH', `/api/v1/villages/altengeseke/links/groups/${groupB}`, { name: 'Gekapert' })).status).toBe(404);
		expect(await groupsOf('koerbecke')).toEqual(before);
	});
});

describe('a link added over the API', () => {
	it('shows in the app, and bumps nothing for a refused write', async () => {
		const res = await c.adminB.api('POST', `${API}/links`, { groupId: groupB, title: 'Dorfladen Körbecke', url: 'https://dorfladen.example.org' });
		expect(res.status).toBe(201);
		const { id } = (await res.json()) as { id: string };
		expect(id).toMatch(/^[0-9a-f-]{36}$/);
		const page = await (await c.anonymous.get('/koerbecke/links')).text();
		expect(page).toContain('Dorfladen Körbecke');
		expect(((await (await c.anonymous.api('GET', `${API}/links/${id}`)).json()) as { title: string }).title).toBe('Dorfladen Körbecke');
		expect((await c.adminB.api('DELETE', `${API}/links/${id}`)).status).toBe(204);
		expect((await c.anonymous.api('GET', `${API}/links/${id}`)).status).toBe(404);
	});
});
