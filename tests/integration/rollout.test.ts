// The staged rollout over HTTP, against the real server with the demo county: only the county's admins change it
// (a municipality admin's post, a foreign county's municipality, unknown modules and `__proto__` are refused and
// change nothing), and a village cannot switch on what is not released in its municipality — refused by the
// server, not only hidden, while a module that was on stays on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/lib/server/auth/accounts.ts';
import type { Db } from '../../src/lib/server/db/index.ts';
import { grantRole } from '../../src/lib/server/tenancy/memberships.ts';
import { insertTenant } from '../../src/lib/server/tenancy/tenants.ts';
import { Client, switchModuleAndPublish } from '../helpers/http.ts';
import { openServerDb, startServer, type TestServer } from '../helpers/server.ts';
import { createToken } from '../helpers/tokens.ts';

let server: TestServer;
let db: Db;
const c = {} as Record<'anonymous' | 'adminB' | 'muniAdmin' | 'county' | 'tokenB', Client>;
const ids = {} as Record<'county' | 'moehnesee' | 'koerbecke' | 'foreignMuni', string>;
let municipalities: string[] = [];

beforeAll(async () => {
	server = await startServer();
	db = openServerDb(server.databaseUrl).db;
	const id = async (slug: string) => (await db.selectFrom('tenants').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
	ids.county = await id('kreis-soest');
	ids.moehnesee = await id('moehnesee');
	ids.koerbecke = await id('koerbecke');
	municipalities = (await db.selectFrom('tenants').select('id').where('parentId', '=', ids.county).where('kind', '=', 'municipality').execute()).map((r) => r.id);
	// Möhnesee's own admin, and a municipality of another county
	const muniAdmin = await createUser(db, { email: 'gemeinde-moehnesee@example.org', password: 'allmende-demo', displayName: 'Gemeinde Möhnesee', verified: true });
	await grantRole(db, { tenantId: ids.moehnesee, userId: muniAdmin.id, role: 'admin' });
	const other = await insertTenant(db, { kind: 'county', slug: 'anderer-kreis', name: 'Anderer Kreis', parent: null });
	ids.foreignMuni = (await insertTenant(db, { kind: 'municipality', slug: 'fremde-gemeinde', name: 'Fremde Gemeinde', parent: other })).id;
	for (const who of Object.keys({ anonymous: 1, adminB: 1, muniAdmin: 1, county: 1 }) as (keyof typeof c)[]) c[who] = new Client(server.url);
	await c.adminB.login('dorf2@example.org');
	await c.muniAdmin.login('gemeinde-moehnesee@example.org');
	await c.county.login('kreis@example.org');
	c.tokenB = new Client(server.url, { authorization: `Bearer ${await createToken(c.adminB, ids.koerbecke, 'admin')}` });
}, 120_000);

afterAll(async () => {
	await db?.destroy();
	await server?.stop();
});

/** The county page's form for one module: mode, pilot and the ticked municipalities (a repeated field). */
function rolloutForm(fields: { moduleId: string; mode: string; pilot?: boolean; available: string[] }): FormData {
	const form = new FormData();
	form.set('moduleId', fields.moduleId);
	form.set('mode', fields.mode);
	if (fields.pilot) form.set('pilot', 'on');
	for (const id of fields.available) form.append('available', id);
	return form;
}
const allBut = (id: string) => municipalities.filter((m) => m !== id);
const stored = async () => ({
	rules: await db.selectFrom('moduleRollouts').selectAll().orderBy('id').execute(),
	choices: await db.selectFrom('moduleRolloutChoices').selectAll().orderBy('id').execute()
});
const calendarOn = async () => (await db.selectFrom('villageModules').select('enabledAt').where('tenantId', '=', ids.koerbecke).where('moduleId', '=', 'calendar').executeTakeFirst())?.enabledAt != null;

describe('who may change the rollout', () => {
	it('refuses anonymous visitors (to the login), an API token, a village admin and the municipality’s own admin; nothing changes', async () => {
		const before = await stored();
		const form = () => rolloutForm({ moduleId: 'calendar', mode: 'none', available: [] });
		expect((await c.anonymous.postMultipart('/admin/modules?/save', form())).status).toBe(303);
		expect((await c.tokenB.postMultipart('/admin/modules?/save', form())).status).toBe(303);
		expect((await c.adminB.postMultipart('/admin/modules?/save', form())).status).toBe(403);
		expect((await c.muniAdmin.postMultipart('/admin/modules?/save', form())).status).toBe(403);
		expect(await stored()).toEqual(before);
	});

	it('lets the municipality admin read their own municipality’s part, without a form', async () => {
		const res = await c.muniAdmin.get('/admin/modules');
		expect(res.status).toBe(200);
		const html = await res.text();
		expect(html).toContain('Möhnesee:');
		expect(html).not.toContain('Anröchte:');
		expect(html).not.toContain('action="?/save"');
		expect((await c.adminB.get('/admin/modules')).status).toBe(403);
	});

	it('refuses a foreign county’s municipality, unknown modules and `__proto__`, naming the field; nothing changes', async () => {
		const before = await stored();
		const cases: [FormData, string][] = [
			[rolloutForm({ moduleId: 'calendar', mode: 'all', available: [...municipalities, ids.foreignMuni] }), 'Kommunen: Mindestens eine der Kommunen gehört nicht zu diesem Kreis.'],
			[rolloutForm({ moduleId: 'calendar', mode: 'all', available: ['__proto__'] }), 'Kommunen: Mindestens eine der Kommunen gehört nicht zu diesem Kreis.'],
			[rolloutForm({ moduleId: 'no-such-module', mode: 'all', available: municipalities }), 'Baustein: Diesen Baustein gibt es nicht.'],
			[rolloutForm({ moduleId: '__proto__', mode: 'all', available: municipalities }), 'Baustein: Diesen Baustein gibt es nicht.'],
			[rolloutForm({ moduleId: 'calendar', mode: '__proto__', available: municipalities }), 'Freigabe:'],
			[rolloutForm({ moduleId: 'calendar', mode: 'all', available: Array.from({ length: 501 }, () => municipalities[0]!) }), 'Kommunen:']
		];
		for (const [form, message] of cases) {
			const res = await c.county.postMultipart('/admin/modules?/save', form);
			expect(res.status).toBe(400);
			expect(await res.text()).toContain(message);
		}
		expect(await stored()).toEqual(before);
	});
});

describe('a village can only switch on what is released in its municipality', () => {
	it('the county withdraws the calendar in Möhnesee; Körbecke’s calendar stays on, marked', async () => {
		expect(await calendarOn()).toBe(true);
		const res = await c.county.postMultipart('/admin/modules?/save', rolloutForm({ moduleId: 'calendar', mode: 'all', available: allBut(ids.moehnesee) }));
		expect(res.status).toBe(200);
		expect(await res.text()).toContain('Freigabe von Veranstaltungen gespeichert.');
		expect(await calendarOn()).toBe(true);
		const page = await (await c.adminB.get('/koerbecke/builder?tab=modules')).text();
		expect(page).toContain('In Ihrer Gemeinde nicht mehr freigegeben.');
		// the municipality's admin reads it in their log, in words
		expect(await (await c.muniAdmin.get('/admin/audit')).text()).toContain('hat die Freigabe des Bausteins ‚Veranstaltungen‘ für die Kommune zurückgenommen');
	});

	it('switched off, it cannot be switched on again: the form post gets 409 naming the module, no row changes', async () => {
		expect((await switchModuleAndPublish(c.adminB, 'koerbecke', 'calendar', false)).status).toBe(303);
		const page = await (await c.adminB.get('/koerbecke/builder?tab=modules')).text();
		expect(page).toContain('In Ihrer Gemeinde noch nicht freigegeben');
		expect(page).not.toContain('id="toggle-calendar"');
		const refused = await c.adminB.post('/koerbecke/builder?/moduleToggle', { moduleId: 'calendar', enabled: 'on' });
		expect(refused.status).toBe(409);
		expect(await refused.text()).toContain('Veranstaltungen ist in Ihrer Gemeinde noch nicht freigegeben.');
		expect(await calendarOn()).toBe(false);
		// the JSON API has no way round it: the switched-off module answers 404 there, to the village's own token too
		expect((await c.tokenB.api('GET', '/api/v1/villages/koerbecke/calendar/events')).status).toBe(404);
	});

	it('released again (and marked as pilot), Körbecke can switch it on and sees the mark', async () => {
		expect((await c.county.postMultipart('/admin/modules?/save', rolloutForm({ moduleId: 'calendar', mode: 'all', pilot: true, available: municipalities }))).status).toBe(200);
		expect((await switchModuleAndPublish(c.adminB, 'koerbecke', 'calendar', true)).status).toBe(303);
		expect(await calendarOn()).toBe(true);
		expect(await (await c.adminB.get('/koerbecke/builder?tab=modules')).text()).toContain('Pilot: Der Kreis erprobt diesen Baustein noch.');
	});
});
