// Who reads which audit entries, checked by content, not status: a village admin sees their own village's
// entries (on /admin/audit and on the village admin page) and never another village's; the county admin sees all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../helpers/http.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
const c = {} as Record<'anonymous' | 'member' | 'adminA' | 'adminB' | 'county', Client>;
// distinctive club names, one made by each village admin in their own village
const tag = Math.random().toString(36).slice(2, 8);
const inA = `Probe-A-${tag} Altengeseke`;
const inB = `Probe-B-${tag} Koerbecke`;

beforeAll(async () => {
	server = await startServer();
	for (const w of Object.keys({ anonymous: 1, member: 1, adminA: 1, adminB: 1, county: 1 }) as (keyof typeof c)[]) c[w] = new Client(server.url);
	await c.member.login('buerger@example.org');
	await c.adminA.login('dorf1@example.org');
	await c.adminB.login('dorf2@example.org');
	await c.county.login('kreis@example.org');
	expect((await c.adminA.post('/altengeseke/admin/clubs?/createClub', { name: inA })).status).toBe(303);
	expect((await c.adminB.post('/koerbecke/admin/clubs?/createClub', { name: inB })).status).toBe(303);
}, 60_000);

afterAll(async () => {
	await server?.stop();
});

async function page(who: Client, path: string): Promise<string> {
	const res = await who.get(path);
	expect(res.status, path).toBe(200);
	return res.text();
}

describe('audit log isolation between villages (defect 3: audit content unchecked)', () => {
	it('anonymous visitors and plain members read no audit log', async () => {
		expect((await c.anonymous.get('/admin/audit')).status).toBe(303);
		expect((await c.member.get('/admin/audit')).status).toBe(403);
		expect((await c.member.get('/altengeseke/admin')).status).toBe(403);
		expect((await c.member.get('/altengeseke/admin/history')).status).toBe(403);
	});

	it("admin A's /admin/audit shows A's club creation, not B's", async () => {
		const html = await page(c.adminA, '/admin/audit');
		expect(html).toContain(inA);
		expect(html).toContain(`hat den Verein ‚${inA}‘ angelegt`);
		expect(html).not.toContain(inB);
		expect(html).not.toContain('Körbecke');
	});

	it("admin A's village admin page shows A's entry, not B's", async () => {
		const html = await page(c.adminA, '/altengeseke/admin/history');
		expect(html).toContain(inA);
		expect(html).not.toContain(inB);
	});

	it("admin B's /admin/audit and village admin page show B's entry, not A's", async () => {
		const audit = await page(c.adminB, '/admin/audit');
		expect(audit).toContain(inB);
		expect(audit).not.toContain(inA);
		const admin = await page(c.adminB, '/koerbecke/admin/history');
		expect(admin).toContain(inB);
		expect(admin).not.toContain(inA);
	});

	it("admin A cannot read B's village admin page at all", async () => {
		const res = await c.adminA.get('/koerbecke/admin/history');
		expect(res.status).toBe(403);
		expect(await res.text()).not.toContain(inB);
	});

	it("the county admin's /admin/audit shows both villages' entries", async () => {
		const html = await page(c.county, '/admin/audit');
		expect(html).toContain(inA);
		expect(html).toContain(inB);
	});
});
