// The platform core over HTTP beyond the role × route table (routeTable.test.ts): reaching across villages with
// the other's ids, input validation, security headers and sessions, the logo, the audit log and the public API.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, rawRequest } from '../helpers/http.ts';
import { openServerDb, startServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
const c = {} as Record<'anonymous' | 'member' | 'editor' | 'adminA' | 'adminB' | 'county', Client>;
type Who = keyof typeof c;
const WHO: Who[] = ['anonymous', 'member', 'editor', 'adminA', 'adminB', 'county'];
const ids = {} as Record<'county' | 'anroechte' | 'A' | 'B', string>;
let clubB = '';

interface Node {
	id: string;
	slug: string;
	children: Node[];
}
const find = (nodes: Node[], slug: string): Node | undefined => {
	for (const n of nodes) {
		if (n.slug === slug) return n;
		const hit = find(n.children, slug);
		if (hit) return hit;
	}
	return undefined;
};

beforeAll(async () => {
	server = await startServer();
	for (const w of WHO) c[w] = new Client(server.url);
	await c.member.login('buerger@example.org');
	await c.editor.login('redaktion@example.org');
	await c.adminA.login('dorf1@example.org');
	await c.adminB.login('dorf2@example.org');
	await c.county.login('kreis@example.org');
	const tree = (await (await fetch(`${server.url}/api/v1/tenants`)).json()) as { tenants: Node[] };
	ids.county = find(tree.tenants, 'kreis-soest')!.id;
	ids.anroechte = find(tree.tenants, 'anroechte')!.id;
	ids.A = find(tree.tenants, 'altengeseke')!.id;
	ids.B = find(tree.tenants, 'koerbecke')!.id;
	// a club in each village, to try reaching across villages with its id
	expect((await c.adminB.post('/koerbecke/admin/clubs?/createClub', { name: 'Heimatverein Körbecke' })).status).toBe(303);
	const pageB = await (await c.adminB.get('/koerbecke/admin/clubs')).text();
	clubB = /name="clubId" value="([^"]+)"/.exec(pageB)![1]!;
}, 60_000);

afterAll(async () => {
	await server?.stop();
});

const LOGIN = 303; // anonymous visitors of protected pages are sent to the login

describe('tenant isolation', () => {
	it('an admin of village A cannot touch village B, even with B ids on A routes', async () => {
		expect((await c.adminA.post('/koerbecke/admin/members?/addMember', { email: 'dorf1@example.org', role: 'admin' })).status).toBe(403);
		expect((await c.adminA.post('/koerbecke/admin/clubs?/deleteClub', { clubId: clubB })).status).toBe(403);
		// B's club id on A's own route is not found: the query is scoped to village A
		expect((await c.adminA.post('/altengeseke/admin/clubs?/deleteClub', { clubId: clubB })).status).toBe(404);
		expect((await c.adminA.post('/altengeseke/admin/clubs?/addClubMember', { clubId: clubB, email: 'dorf1@example.org', role: 'admin' })).status).toBe(404);
		expect((await c.adminA.post('/admin/tenants/:B?/update'.replace(':B', ids.B), { name: 'Gekapert', slug: 'gekapert' })).status).toBe(403);
		const b = await (await c.adminB.get('/koerbecke/admin/clubs')).text();
		expect(b).toContain('Heimatverein Körbecke');
		expect(b).not.toContain('Gekapert');
	});

	it("a village admin cannot edit another village's links, even with ids from there", async () => {
		const api = (await (await fetch(`${server.url}/api/v1/villages/koerbecke/links/links`)).json()) as { groups: { id: string }[] };
		const groupId = api.groups[0]!.id;
		expect((await c.adminA.post('/koerbecke/links', { _action: 'deleteGroup', groupId })).status).toBe(403);
		expect((await c.adminA.post('/koerbecke/links', { _action: 'renameGroup', groupId, name: 'Gekapert' })).status).toBe(403);
		// Körbecke's group id used on Altengeseke's own links page: not found there
		expect((await c.adminA.post('/altengeseke/links', { _action: 'deleteGroup', groupId })).status).toBe(404);
		const after = (await (await fetch(`${server.url}/api/v1/villages/koerbecke/links/links`)).json()) as { groups: { id: string; name: string }[] };
		expect(after.groups.map((g) => g.id)).toContain(groupId);
		expect(after.groups.map((g) => g.name)).not.toContain('Gekapert');
	});

	it('a village admin cannot create villages', async () => {
		expect((await c.adminA.post('/admin?/createChild', { parentId: ids.A, name: 'Unterdorf' })).status).toBe(403);
	});
});

describe('input validation', () => {
	it('answers invalid forms with 400 and a translated message naming the field', async () => {
		const res = await c.county.post('/admin?/createChild', { parentId: ids.anroechte, name: 'X', slug: 'Admin!' });
		expect(res.status).toBe(400);
		const html = await res.text();
		expect(html).toContain('Name: Mindestens 2 Zeichen.');
		expect(html).toContain('Kurzname in der Adresse:');
	});

	it('refuses reserved and taken slugs', async () => {
		const reserved = await c.county.post('/admin?/createChild', { parentId: ids.anroechte, name: 'Admin', slug: 'admin' });
		expect(reserved.status).toBe(400);
		expect(await reserved.text()).toContain('für die Plattform reserviert');
		const taken = await c.county.post('/admin?/createChild', { parentId: ids.anroechte, name: 'Noch ein Altengeseke', slug: 'altengeseke' });
		expect(taken.status).toBe(400);
		expect(await taken.text()).toContain('schon vergeben');
	});

	it('refuses a javascript: link with 400 and the field named, in the page', async () => {
		const api = (await (await fetch(`${server.url}/api/v1/villages/koerbecke/links/links`)).json()) as { groups: { id: string }[] };
		const res = await c.adminB.post('/koerbecke/links', { _action: 'addLink', groupId: api.groups[0]!.id, title: 'Böse', url: 'javascript:alert(1)' });
		expect(res.status).toBe(400);
		expect(await res.text()).toContain('Adresse (URL): Erlaubt sind Internetadressen mit https:// oder http://');
	});

	it('refuses unknown module actions and invalid module settings with 400', async () => {
		expect((await c.adminB.post('/koerbecke/links', { _action: 'dropTables' })).status).toBe(400);
		const res = await c.adminB.post('/koerbecke/builder?/moduleSettings', { moduleId: 'links', title: '', widgetCount: 'viele' });
		expect(res.status).toBe(400);
		const html = await res.text();
		expect(html).toContain('Überschrift: Bitte ausfüllen.');
		expect(html).toContain('Links auf dem Startbildschirm:');
		expect((await c.adminB.post('/koerbecke/builder?/moduleSettings', { moduleId: 'no-such-module' })).status).toBe(400);
	});

	it('invites an unknown address with the same answer as a registered one (security review finding 4c)', async () => {
		for (const email of ['unbekannt@example.org', 'dorf2@example.org']) {
			const res = await c.adminA.post('/altengeseke/admin/members?/addMember', { email, role: 'member' });
			expect(res.status).toBe(303);
			expect(res.headers.get('location')).toBe('/altengeseke/admin/members?saved=invited');
		}
		// nobody was attached: the registered person is not a member until they accept
		expect(await (await c.adminA.get('/altengeseke/admin/members')).text()).not.toMatch(/class="email[^"]*">dorf2@example\.org</);
	});

	it('never answers malformed bodies with a 5xx', async () => {
		const bodies: [string, string][] = [
			['application/x-www-form-urlencoded', '%%%invalid%%%&&=='],
			['multipart/form-data; boundary=nope', '--broken'],
			['application/json', '{"email":'],
			['text/plain', '\u0000\u0001binary']
		];
		for (const path of ['/login', '/register', '/altengeseke/admin/clubs?/createClub', '/admin?/createChild', '/locale']) {
			for (const [type, body] of bodies) {
				const res = await fetch(server.url + path, { method: 'POST', redirect: 'manual', headers: { origin: server.url, accept: 'text/html', 'content-type': type, cookie: '' }, body });
				expect(res.status, `${path} ${type}`).toBeLessThan(500);
			}
		}
	});

	it('refuses oversized bodies with 413', async () => {
		const res = await fetch(`${server.url}/register`, {
			method: 'POST',
			headers: { origin: server.url, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
			body: `displayName=${'x'.repeat(13 * 1024 * 1024)}`
		});
		expect(res.status).toBe(413);
	});
});

describe('security', () => {
	it('refuses writes from other origins and cross-site requests', async () => {
		const evil = await fetch(`${server.url}/login`, { method: 'POST', redirect: 'manual', headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' }, body: 'email=a@b.de&password=x' });
		expect(evil.status).toBe(403);
		const crossSite = await fetch(`${server.url}/login`, { method: 'POST', redirect: 'manual', headers: { 'sec-fetch-site': 'cross-site', 'content-type': 'application/x-www-form-urlencoded' }, body: 'email=a@b.de&password=x' });
		expect(crossSite.status).toBe(403);
	});

	it('sends a CSP with the hash of the one inline script, without unsafe-inline scripts, and the security headers', async () => {
		const res = await fetch(`${server.url}/login`);
		const csp = res.headers.get('content-security-policy') ?? '';
		const scriptSrc = /script-src ([^;]+)/.exec(csp)?.[1] ?? '';
		const html = await res.text();
		const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
		expect(inline.length).toBeGreaterThan(0);
		for (const script of inline) expect(scriptSrc).toContain(`'sha256-${createHash('sha256').update(script).digest('base64')}'`);
		expect(scriptSrc).not.toContain('nonce-');
		expect(scriptSrc).not.toContain('unsafe-inline');
		expect(csp).toContain("frame-ancestors 'none'");
		expect(res.headers.get('x-content-type-options')).toBe('nosniff');
		expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
		expect(res.headers.get('x-request-id')).toBeTruthy();
	});

	it('sets an http-only SameSite session cookie and a new session id on every login', async () => {
		const form = 'email=redaktion%40example.org&password=allmende-demo';
		const headers = { origin: server.url, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' };
		const res = await fetch(`${server.url}/login`, { method: 'POST', redirect: 'manual', headers, body: form });
		expect(res.status).toBe(303);
		const cookie = res.headers.getSetCookie().find((h) => h.startsWith('allmende_session='))!;
		expect(cookie).toMatch(/HttpOnly/i);
		expect(cookie).toMatch(/SameSite=Lax/i);
		const first = cookie.split(';')[0]!;
		expect((await fetch(`${server.url}/account`, { redirect: 'manual', headers: { cookie: first } })).status).toBe(200);
		// logging in again with that cookie ends the old session and starts one with a new id
		const again = await fetch(`${server.url}/login`, { method: 'POST', redirect: 'manual', headers: { ...headers, cookie: first }, body: form });
		expect(again.status).toBe(303);
		const second = again.headers.getSetCookie().find((h) => h.startsWith('allmende_session='))!.split(';')[0]!;
		expect(second).not.toBe(first);
		expect((await fetch(`${server.url}/account`, { redirect: 'manual', headers: { cookie: first } })).status).toBe(LOGIN);
		expect((await fetch(`${server.url}/account`, { redirect: 'manual', headers: { cookie: second } })).status).toBe(200);
	});

	it('answers the 6th login attempt within a minute for one account with 429', async () => {
		const client = new Client(server.url);
		const statuses: number[] = [];
		for (let i = 0; i < 6; i++) statuses.push((await client.post('/login', { email: 'niemand@example.org', password: 'falsches passwort' })).status);
		expect(statuses).toEqual([400, 400, 400, 400, 400, 429]);
		const limited = await client.post('/login', { email: 'niemand@example.org', password: 'falsches passwort' });
		expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
		expect(await limited.text()).toContain('Zu viele Anmeldeversuche');
	});

	it('keeps refusing the right password while the limit holds (defect 9: exact position and Retry-After)', async () => {
		// The limit: RATE_LIMIT_LOGINS_PER_MINUTE (5) attempts per account and address in a window of one minute
		// from the first attempt, successful ones included. dorf2's login in beforeAll may or may not still count
		// (the window may have run out), so the test starts dorf2's window afresh on this address.
		const url = server.databaseUrl;
		const db = openServerDb(url).db;
		try {
			await db.deleteFrom('rateLimits').where('key', 'like', 'login%dorf2@example.org%').execute();
		} finally {
			await db.destroy();
		}
		const started = Date.now();
		// a successful login (in another browser on the same address) counts as the first attempt of the window
		await new Client(server.url).login('dorf2@example.org');
		const client = new Client(server.url);
		const statuses: number[] = [];
		for (let i = 0; i < 5; i++) statuses.push((await client.post('/login', { email: 'dorf2@example.org', password: 'falsches passwort' })).status);
		expect(statuses).toEqual([400, 400, 400, 400, 429]);
		const right = await client.post('/login', { email: 'dorf2@example.org', password: 'allmende-demo' });
		expect(right.status).toBe(429);
		// Retry-After: the seconds left in the one-minute window that began with the first attempt
		const retryAfter = Number(right.headers.get('retry-after'));
		const elapsed = Math.ceil((Date.now() - started) / 1000);
		expect(Number.isInteger(retryAfter)).toBe(true);
		expect(retryAfter).toBeGreaterThanOrEqual(60 - elapsed);
		expect(retryAfter).toBeLessThanOrEqual(60);
	});

	it('binds a session to the host it was issued on: its cookie with another Host header signs nobody in', async () => {
		const platformHost = new URL(server.url).host;
		const get = (host: string, cookie: string) => raw({ path: '/account', headers: { host, cookie, accept: 'text/html' } });
		// a platform session on another host name (a village's own domain) or another port
		expect((await get(platformHost, c.county.cookieHeader())).status).toBe(200);
		expect((await get('dorf.example.de', c.county.cookieHeader())).status).toBe(LOGIN);
		expect((await get(`localhost:${Number(new URL(server.url).port) + 1}`, c.county.cookieHeader())).status).toBe(LOGIN);
		expect((await get(platformHost, c.county.cookieHeader())).status).toBe(200);
		// a session from a village's own domain on the platform
		const body = 'email=dorf1%40example.org&password=allmende-demo';
		const login = await raw({ path: '/login', method: 'POST', body, headers: { host: 'dorf.example.de', origin: 'http://dorf.example.de', accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' } });
		expect(login.status).toBe(303);
		const villageCookie = login.setCookie.find((h) => h.startsWith('allmende_session='))!.split(';')[0]!;
		expect((await get('dorf.example.de', villageCookie)).status).toBe(200);
		expect((await get(platformHost, villageCookie)).status).toBe(LOGIN);
		expect((await fetch(`${server.url}/account/export`, { headers: { cookie: villageCookie } })).status).toBe(401);
	});

	it('ends the session on logout and on "log out everywhere"', async () => {
		const a = new Client(server.url);
		const b = new Client(server.url);
		await a.login('buerger@example.org');
		await b.login('buerger@example.org');
		expect((await a.post('/logout', {})).status).toBe(303);
		expect((await a.get('/account')).status).toBe(LOGIN);
		expect((await b.get('/account')).status).toBe(200);
		await a.login('buerger@example.org');
		expect((await a.post('/account?/logoutEverywhere', {})).status).toBe(303);
		expect((await b.get('/account')).status).toBe(LOGIN);
		expect((await a.get('/account')).status).toBe(LOGIN);
	});
});

describe('village logo', () => {
	const logoForm = async () => {
		const sharp = (await import('sharp')).default;
		const png = await sharp({ create: { width: 40, height: 40, channels: 3, background: '#b35c00' } }).png().toBuffer();
		const form = new FormData();
		form.set('logo', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'logo.png');
		return form;
	};

	it('is uploaded by the village admin, re-encoded, served and shown in the app', async () => {
		expect((await c.adminA.postMultipart(`/admin/tenants/${ids.B}?/uploadLogo`, await logoForm())).status).toBe(403);
		expect((await c.adminB.postMultipart(`/admin/tenants/${ids.B}?/uploadLogo`, await logoForm())).status).toBe(200);
		const app = (await (await fetch(`${server.url}/api/v1/villages/koerbecke/app`)).json()) as { theme: { logoUrl: string } };
		expect(app.theme.logoUrl).toMatch(/^\/files\/[\w-]+$/);
		const file = await fetch(server.url + app.theme.logoUrl);
		expect(file.status).toBe(200);
		expect(file.headers.get('content-type')).toBe('image/png');
		expect(await (await c.anonymous.get('/koerbecke/')).text()).toContain(`src="${app.theme.logoUrl}"`);
	});

	it('refuses files that are not images, naming the field', async () => {
		const form = new FormData();
		form.set('logo', new Blob(['not an image']), 'logo.png');
		const res = await c.adminB.postMultipart(`/admin/tenants/${ids.B}?/uploadLogo`, form);
		expect(res.status).toBe(400);
		expect(await res.text()).toContain('Logo: Das ist keine Bilddatei');
	});

	it('says that a phone photo is too large, also when it is over BODY_SIZE_LIMIT', async () => {
		for (const [megabytes, status] of [
			[10.5, 400], // over the upload limit
			[13, 413] // over BODY_SIZE_LIMIT (12M): refused by adapter-node before the action reads it
		] as const) {
			const form = new FormData();
			form.set('logo', new Blob([new Uint8Array(megabytes * 1024 * 1024).fill(0xff)], { type: 'image/jpeg' }), 'IMG_1234.jpg');
			const res = await c.adminB.postMultipart(`/admin/tenants/${ids.B}?/uploadLogo`, form);
			expect(res.status).toBe(status);
			const html = await res.text();
			expect(html).toContain('Logo: Die Datei ist zu groß (höchstens 10 MB).');
			expect(html).not.toContain('Bitte ausfüllen');
		}
	});

	it('serves the logo and its WebP immutable, with ETag, nosniff and a sandbox CSP', async () => {
		expect((await c.adminB.postMultipart(`/admin/tenants/${ids.B}?/uploadLogo`, await logoForm())).status).toBe(200);
		const app = (await (await fetch(`${server.url}/api/v1/villages/koerbecke/app`)).json()) as { theme: { logoUrl: string } };
		for (const [path, type] of [[app.theme.logoUrl, 'image/png'], [`${app.theme.logoUrl}/logo.webp`, 'image/webp']] as const) {
			const res = await fetch(server.url + path);
			expect(res.status).toBe(200);
			expect(res.headers.get('content-type')).toBe(type);
			expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
			expect(res.headers.get('x-content-type-options')).toBe('nosniff');
			expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
			const again = await fetch(server.url + path, { headers: { 'if-none-match': res.headers.get('etag')! } });
			expect(again.status).toBe(304);
		}
		expect((await fetch(`${server.url}${app.theme.logoUrl}/nonsense`)).status).toBe(404);
	});
});

describe('audit log', () => {
	it('records admin actions with actor and is readable by the admins', async () => {
		expect((await c.adminA.post('/altengeseke/admin/clubs?/createClub', { name: 'Landfrauen Altengeseke' })).status).toBe(303);
		expect((await c.county.post('/admin?/createChild', { parentId: ids.anroechte, name: 'Neudorf an der Lippe' })).status).toBe(200);
		const html = await (await c.adminA.get('/altengeseke/admin/history')).text();
		expect(html).toContain('Anna Altengeseke hat unbekannt@example.org für die Rolle ‚Mitglied‘ eingeladen');
		expect(html).toContain('Anna Altengeseke hat den Verein ‚Landfrauen Altengeseke‘ angelegt');
		const county = await (await c.county.get('/admin/audit')).text();
		expect(county).toContain('hat den Ort ‚Neudorf an der Lippe‘ angelegt');
	});
});

describe('API', () => {
	it('reports health with the database in use', async () => {
		const body = (await (await fetch(`${server.url}/healthz`)).json()) as { status: string; database: string };
		expect(body).toMatchObject({ status: 'ok', database: server.database });
	});

	it('lists the public tenant tree without private fields', async () => {
		const body = (await (await fetch(`${server.url}/api/v1/tenants`)).json()) as { tenants: Node[] };
		expect(body.tenants).toHaveLength(1);
		expect(body.tenants[0]!.children).toHaveLength(14);
		expect(JSON.stringify(body)).not.toContain('path');
	});

	it('documents every JSON endpoint in OpenAPI', async () => {
		const doc = (await (await fetch(`${server.url}/api/v1/openapi.json`)).json()) as { openapi: string; paths: Record<string, unknown>; components: { schemas: Record<string, unknown> } };
		expect(doc.openapi).toBe('3.1.0');
		for (const p of ['/healthz', '/api/v1/tenants', '/api/v1/openapi.json', '/account/export']) expect(Object.keys(doc.paths)).toContain(p);
		expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['TenantNode', 'TenantTree', 'Health']));
	});
});

/** A request with any Host header (fetch does not let one set it), to the test server's port. */
const raw = (args: Parameters<typeof rawRequest>[1]) => rawRequest(server.url, args);
