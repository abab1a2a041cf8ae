// API tokens against the real server with the demo county: created through /account/tokens, used with
// `Authorization: Bearer` on /api/v1, refused when revoked, expired or made up, and never a browser session.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/lib/server/db/index.ts';
import { Client } from '../helpers/http.ts';
import { openServerDb, startServer, type TestServer } from '../helpers/server.ts';

const TOKEN_LIMIT = 20; // requests per token and minute on this file's server

let server: TestServer;
let db: Db;
let dorf2: Client; // admin of Körbecke
let editor: Client; // editor in Altengeseke
let koerbecke = '';
let altengeseke = '';

beforeAll(async () => {
	server = await startServer({ RATE_LIMIT_TOKEN_PER_MINUTE: String(TOKEN_LIMIT) });
	const url = server.databaseUrl;
	db = openServerDb(url).db;
	dorf2 = new Client(server.url);
	editor = new Client(server.url);
	await dorf2.login('dorf2@example.org');
	await editor.login('redaktion@example.org');
	const ids = await db.selectFrom('tenants').select(['id', 'slug']).where('slug', 'in', ['koerbecke', 'altengeseke']).execute();
	koerbecke = ids.find((t) => t.slug === 'koerbecke')!.id;
	altengeseke = ids.find((t) => t.slug === 'altengeseke')!.id;
}, 60_000);

afterAll(async () => {
	await db?.destroy();
	await server?.stop();
});

const bearer = (secret: string, headers: Record<string, string> = {}) => ({ authorization: `Bearer ${secret}`, ...headers });
const api = (path: string, init: RequestInit = {}) => fetch(server.url + path, { redirect: 'manual', ...init });

/** Creates a token through the form as the client's person; returns its secret and id. */
async function createToken(client: Client, form: Record<string, string>): Promise<{ secret: string; id: string }> {
	const res = await client.post('/account/tokens?/create', form);
	const html = await res.text();
	expect(res.status, html.slice(0, 500)).toBe(200);
	const secret = /id="token-secret"[^>]*value="(alm_[\w-]+)"/.exec(html)?.[1];
	expect(secret, 'the secret is shown after creating').toBeDefined();
	const page = await (await client.get('/account/tokens')).text();
	const id = new RegExp(`<h3[^>]*>${form.tokenName}</h3>[\\s\\S]*?name="tokenId" value="([^"]+)"`).exec(page)?.[1];
	expect(id, 'the token is listed with a revoke form').toBeDefined();
	return { secret: secret!, id: id! };
}

async function expect401(res: Response) {
	expect(res.status).toBe(401);
	expect(res.headers.get('www-authenticate')).toMatch(/^Bearer\b/);
	expect(res.headers.get('content-type')).toContain('application/json');
	expect(await res.json()).toEqual({ error: { status: 401, message: 'Das API-Token fehlt, ist unbekannt, widerrufen oder abgelaufen.' } });
}

describe('refusals', () => {
	it('answers a made-up, empty or prefix-less token with 401 JSON and WWW-Authenticate: Bearer', async () => {
		await expect401(await api('/api/v1/villages/koerbecke/app', { headers: bearer('alm_made-up') }));
		await expect401(await api('/api/v1/villages/koerbecke/app', { headers: bearer('garbage') }));
		await expect401(await api('/api/v1/villages/koerbecke/app', { headers: { authorization: 'Bearer' } }));
		// even where the API is public, and in English when asked for
		await expect401(await api('/api/v1/tenants', { headers: bearer('garbage', { accept: 'text/html' }) }));
		const en = await api('/api/v1/tenants', { headers: bearer('garbage', { cookie: 'PARAGLIDE_LOCALE=en' }) });
		expect(((await en.json()) as { error: { message: string } }).error.message).toBe('The API token is missing, unknown, revoked or expired.');
	});

	it('ignores the session cookie when a Bearer header is sent (a bad token is not rescued by a cookie)', async () => {
		await expect401(await api('/api/v1/villages/koerbecke/app', { headers: bearer('garbage', { cookie: dorf2.cookieHeader() }) }));
	});

	it('answers a write with a bad token with 401, not with the cross-origin 403', async () => {
		await expect401(await api('/api/v1/villages/koerbecke/links/links', { method: 'POST', headers: bearer('garbage', { origin: 'https://evil.example', 'content-type': 'application/json' }), body: '{}' }));
	});

	it('keeps /account/tokens for signed-in people', async () => {
		expect((await new Client(server.url).get('/account/tokens')).status).toBe(303);
		expect((await new Client(server.url).post('/account/tokens?/create', { tokenName: 'x', tenantId: koerbecke, role: 'member', days: '90' })).status).toBe(303);
	});

	it('refuses a role above the own, a place without a role, and bad input, naming the field', async () => {
		const cases: [Record<string, string>, string][] = [
			[{ tokenName: 'Zu hoch', tenantId: altengeseke, role: 'admin', days: '90' }, 'Rolle: Diese Rolle ist höher als Ihre eigene an diesem Ort.'],
			[{ tokenName: 'Fremd', tenantId: koerbecke, role: 'member', days: '90' }, 'Ort: Hier haben Sie keine Rolle.'],
			[{ tokenName: 'Unbekannt', tenantId: 'no-such-tenant', role: 'member', days: '90' }, 'Ort: Hier haben Sie keine Rolle.'],
			[{ tokenName: '', tenantId: altengeseke, role: 'member', days: '90' }, 'Name des Tokens: Bitte ausfüllen.'],
			[{ tokenName: 'Null Tage', tenantId: altengeseke, role: 'member', days: '0' }, 'Gültigkeit in Tagen: Mindestens 1.'],
			[{ tokenName: 'Ewig', tenantId: altengeseke, role: 'member', days: '366' }, 'Gültigkeit in Tagen: Höchstens 365.'],
			[{ tokenName: 'Chef', tenantId: altengeseke, role: 'owner', days: '90' }, 'Rolle: Bitte einen der angebotenen Werte wählen.']
		];
		for (const [form, message] of cases) {
			const res = await editor.post('/account/tokens?/create', form);
			expect(res.status, form.tokenName).toBe(400);
			const html = await res.text();
			expect(html).toContain(message);
			expect(html).not.toMatch(/alm_[\w-]{43}/);
		}
		expect(await db.selectFrom('apiTokens').select('id').execute()).toEqual([]);
	});

	it('offers only the places where the person holds a role, and roles up to their own', async () => {
		const html = await (await editor.get('/account/tokens')).text();
		expect(html).toContain(`<option value="${altengeseke}"`);
		expect(html).not.toContain(`value="${koerbecke}"`);
		expect(html).toContain('<option value="editor"');
		expect(html).not.toContain('<option value="admin"');
	});
});

describe('a token created on /account/tokens', () => {
	let token = { secret: '', id: '' };
	beforeAll(async () => {
		token = await createToken(dorf2, { tokenName: 'Website', tenantId: koerbecke, role: 'editor', days: '90' });
	});

	it('is shown once and stored as a hash only', async () => {
		expect(await (await dorf2.get('/account/tokens')).text()).not.toContain(token.secret);
		const rows = await db.selectFrom('apiTokens').selectAll().execute();
		expect(JSON.stringify(rows)).not.toContain(token.secret);
	});

	it('reads the API with Bearer', async () => {
		const res = await api('/api/v1/villages/koerbecke/app', { headers: bearer(token.secret) });
		expect(res.status).toBe(200);
		expect(((await res.json()) as { village: { slug: string } }).village.slug).toBe('koerbecke');
		expect(res.headers.get('set-cookie')).toBeNull();
		const used = await db.selectFrom('apiTokens').select('lastUsedAt').where('id', '=', token.id).executeTakeFirstOrThrow();
		expect(used.lastUsedAt).not.toBeNull();
	});

	it('writes to /api/v1 without Origin, or with any Origin, without the cross-origin refusal', async () => {
		const body = JSON.stringify({});
		const plain = await api('/api/v1/villages/koerbecke/links/links', { method: 'POST', headers: bearer(token.secret, { 'content-type': 'application/json' }), body });
		expect([401, 403]).not.toContain(plain.status);
		expect(plain.status).toBeLessThan(500);
		const foreign = await api('/api/v1/villages/koerbecke/links/links', { method: 'POST', headers: bearer(token.secret, { origin: 'https://elsewhere.example', 'content-type': 'application/json' }), body });
		expect([401, 403]).not.toContain(foreign.status);
		// the same write with the cookie from another origin is still refused
		const cookie = await api('/api/v1/villages/koerbecke/links/links', { method: 'POST', headers: { cookie: dorf2.cookieHeader(), origin: 'https://elsewhere.example', 'content-type': 'application/json' }, body });
		expect(cookie.status).toBe(403);
	});

	it('signs nobody in on pages: a Bearer header outside /api/v1 is ignored', async () => {
		expect((await api('/account', { headers: bearer(token.secret, { accept: 'text/html' }) })).status).toBe(303);
		expect((await api('/account/export', { headers: bearer(token.secret) })).status).toBe(401);
		expect((await api('/koerbecke/admin', { headers: bearer(token.secret, { accept: 'text/html' }) })).status).toBe(303);
		// and the cookie still works as before next to an (ignored) Bearer header
		expect((await api('/account', { headers: bearer('garbage', { cookie: dorf2.cookieHeader(), accept: 'text/html' }) })).status).toBe(200);
	});

	it('is refused after it is revoked; the revocation is in the village audit log', async () => {
		const own = await createToken(dorf2, { tokenName: 'Kurzlebig', tenantId: koerbecke, role: 'member', days: '30' });
		expect((await api('/api/v1/villages/koerbecke/app', { headers: bearer(own.secret) })).status).toBe(200);
		// someone else cannot revoke it
		expect((await editor.post('/account/tokens?/revoke', { tokenId: own.id })).status).toBe(404);
		expect((await api('/api/v1/villages/koerbecke/app', { headers: bearer(own.secret) })).status).toBe(200);
		const res = await dorf2.post('/account/tokens?/revoke', { tokenId: own.id });
		expect(res.status).toBe(200);
		expect(await res.text()).toContain('Das Token ist widerrufen.');
		await expect401(await api('/api/v1/villages/koerbecke/app', { headers: bearer(own.secret) }));
		const audit = await (await dorf2.get('/koerbecke/admin/history')).text();
		expect(audit).toMatch(/hat das API-Token ‚[^‘]+‘ mit der Rolle ‚[^‘]+‘ angelegt/);
		expect(audit).toMatch(/hat das API-Token ‚[^‘]+‘ widerrufen/);
	});

	it('is named in the audit log where it acted', async () => {
		// No core write takes a token yet (module writes over /api/v1 will); an entry as such a write leaves it.
		const user = await db.selectFrom('users').select('id').where('email', '=', 'dorf2@example.org').executeTakeFirstOrThrow();
		await db
			.insertInto('auditLog')
			.values({ id: `test-${Date.now()}`, tenantId: koerbecke, actorId: user.id, action: 'links.add', targetType: 'links.link', targetId: null, data: '{}', ip: '', tokenId: token.id, createdAt: Date.now() })
			.execute();
		const html = await (await dorf2.get('/koerbecke/admin/history')).text();
		expect(html).toContain('über Token „Website“');
	});

	it('is refused once it has expired', async () => {
		const short = await createToken(dorf2, { tokenName: 'Abgelaufen', tenantId: koerbecke, role: 'member', days: '1' });
		expect((await api('/api/v1/villages/koerbecke/app', { headers: bearer(short.secret) })).status).toBe(200);
		await db.updateTable('apiTokens').set({ expiresAt: Date.now() - 1 }).where('id', '=', short.id).execute();
		await expect401(await api('/api/v1/villages/koerbecke/app', { headers: bearer(short.secret) }));
		expect(await (await dorf2.get('/account/tokens')).text()).toContain('abgelaufen');
	});

	it(`is limited to ${TOKEN_LIMIT} requests a minute, with Retry-After`, async () => {
		const busy = await createToken(dorf2, { tokenName: 'Eilig', tenantId: koerbecke, role: 'member', days: '1' });
		const statuses: number[] = [];
		for (let i = 0; i <= TOKEN_LIMIT; i++) statuses.push((await api('/api/v1/tenants', { headers: bearer(busy.secret) })).status);
		expect(statuses.slice(0, TOKEN_LIMIT).every((s) => s === 200)).toBe(true);
		const limited = await api('/api/v1/tenants', { headers: bearer(busy.secret) });
		expect(limited.status).toBe(429);
		expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
		// another token of the same person has its own budget
		expect((await api('/api/v1/tenants', { headers: bearer(token.secret) })).status).toBe(200);
	});
});
