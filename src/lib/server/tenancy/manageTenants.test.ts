import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../../tests/helpers/testDb.ts';
import { getUserByEmail } from '../auth/accounts.ts';
import { AppError } from '../http/errors.ts';
import { parseInput } from '../http/validate.ts';
import { loadActor, type Actor } from '../policy/index.ts';
import { seedDemo } from '../seed/demo.ts';
import { createHostRouter } from './hostRouting.ts';
import { updateTenant } from './manageTenants.ts';
import { updateTenantSchema } from './schemas.ts';
import { getTenantBySlug, type Tenant } from './tenants.ts';

const origin = 'https://allmende.kreis-soest.de';
let t: TestDb;
let county: Actor;
let villageAdmin: Actor;

beforeAll(async () => {
	t = await createTestDb();
	await seedDemo(t.db);
	county = await loadActor(t.db, (await getUserByEmail(t.db, 'kreis@example.org'))!.id);
	villageAdmin = await loadActor(t.db, (await getUserByEmail(t.db, 'dorf1@example.org'))!.id);
});
afterAll(() => t.cleanup());

const village = async (slug = 'altengeseke') => (await getTenantBySlug(t.db, slug))!;
const form = (tenant: Tenant, extra: Record<string, string | undefined> = {}) => ({ name: tenant.name, slug: tenant.slug, ...extra });

/** Parses the form like the route does and runs the update; returns the error (status, fields) or the tenant. */
async function save(actor: Actor, tenant: Tenant, values: Record<string, string | undefined>) {
	// as formToObject reads a post: empty fields are missing
	const parsed = parseInput(updateTenantSchema, Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v === '' ? undefined : v])));
	if (!parsed.ok) return { status: 400, fields: parsed.errors };
	try {
		return { status: 200, tenant: await updateTenant(t.db, { actor, tenant, input: parsed.data, ip: '127.0.0.1', origin }) };
	} catch (e) {
		if (e instanceof AppError) return { status: e.status, fields: e.fields };
		throw e;
	}
}

describe('host names of villages (security review finding 3)', () => {
	// (what, host, expected message) — refused for everyone, the county admin included
	const refused: [string, string, RegExp][] = [
		["the platform's own host", 'allmende.kreis-soest.de', /gehört zur Plattform/],
		["the platform's host in capitals with a trailing dot", 'ALLMENDE.Kreis-Soest.DE.', /gehört zur Plattform/],
		["the platform's parent domain", 'kreis-soest.de', /gehört zur Plattform/],
		['localhost', 'localhost', /Lokale Namen/],
		['a name below localhost', 'dorf.localhost', /Lokale Namen/],
		['an mDNS name', 'dorf.local', /Lokale Namen/],
		['an IPv4 address', '127.0.0.1', /Lokale Namen/],
		['a public IPv4 address', '203.0.113.7', /Lokale Namen/],
		['an IPv6 address', '[::1]', /Lokale Namen/],
		['an IPv6 address without brackets', '::1', /Lokale Namen/],
		['a URL instead of a name', 'https://dorf.example.de/', /Domainnamen wie dorf\.example\.de/],
		['a name with a port', 'dorf.example.de:8080', /Domainnamen wie dorf\.example\.de/],
		['a single label', 'dorf', /Domainnamen wie dorf\.example\.de/],
		['an empty label', 'dorf..example.de', /Domainnamen wie dorf\.example\.de/],
		['a label starting with a hyphen', '-dorf.example.de', /Domainnamen wie dorf\.example\.de/],
		['a name with a space', 'dorf example.de', /Domainnamen wie dorf\.example\.de/],
		['a name that is too long', `${'a'.repeat(60)}.`.repeat(5) + 'de', /Höchstens 253 Zeichen|Domainnamen wie/]
	];

	it.each(refused)('refuses %s for the county admin too', async (_, host, message) => {
		const tenant = await village();
		const res = await save(county, tenant, form(tenant, { host }));
		expect(res.status).toBe(400);
		expect(res.fields?.host).toMatch(/^Eigener Domainname: /);
		expect(res.fields?.host).toMatch(message);
		expect((await village()).host).toBeNull();
	});

	it("refuses another village's host name", async () => {
		const b = await village('koerbecke');
		expect((await save(county, b, form(b, { host: 'koerbecke.de' }))).status).toBe(200);
		const a = await village();
		const res = await save(county, a, form(a, { host: 'Koerbecke.de' }));
		expect(res.status).toBe(400);
		expect(res.fields?.host).toMatch(/gehört schon zu einem anderen Dorf/);
	});

	it('refuses a host name from a village admin with 403, naming the field, and changes nothing', async () => {
		const tenant = await village();
		const res = await save(villageAdmin, tenant, form(tenant, { name: 'Gekapert', host: 'evil.example' }));
		expect(res.status).toBe(403);
		expect(res.fields?.host).toBe('Eigener Domainname: Nur die Kreisverwaltung kann den Domainnamen ändern.');
		const after = await village();
		expect(after.name).toBe('Altengeseke');
		expect(after.host).toBeNull();
	});

	it('lets the county admin set a host name (normalised), below or beside the platform too', async () => {
		const tenant = await village();
		for (const [input, stored] of [
			['Altengeseke.de', 'altengeseke.de'],
			['dörfchen.de', 'xn--drfchen-90a.de'],
			['altengeseke.kreis-soest.de', 'altengeseke.kreis-soest.de'],
			['altengeseke.allmende.kreis-soest.de', 'altengeseke.allmende.kreis-soest.de']
		]) {
			const res = await save(county, await village(), form(tenant, { host: input }));
			expect(res.status, input).toBe(200);
			expect((await village()).host).toBe(stored);
		}
	});

	it('lets a village admin save name and colours: the host stays as the county set it', async () => {
		const tenant = await village();
		expect(tenant.host).toBe('altengeseke.allmende.kreis-soest.de');
		// the form of a village admin has no host field
		expect((await save(villageAdmin, tenant, form(tenant, { description: 'Neu beschrieben', colorPrimary: '#224466' }))).status).toBe(200);
		// the same host sent back (an old form) is no change
		expect((await save(villageAdmin, await village(), form(tenant, { description: 'Noch einmal', colorPrimary: '#224466', host: tenant.host! }))).status).toBe(200);
		const after = await village();
		expect(after).toMatchObject({ description: 'Noch einmal', colorPrimary: '#224466', host: 'altengeseke.allmende.kreis-soest.de' });
		// …and a village admin cannot clear it either
		expect((await save(villageAdmin, after, form(after, { host: '' }))).status).toBe(200);
		expect((await village()).host).toBe('altengeseke.allmende.kreis-soest.de');
	});

	it("never routes the platform's own host to a village, even from an old row", async () => {
		const b = await village('koerbecke');
		await t.db.updateTable('tenants').set({ host: 'allmende.kreis-soest.de' }).where('id', '=', b.id).execute();
		const router = createHostRouter(t.db, { platformOrigin: origin });
		expect(await router.rewrite('allmende.kreis-soest.de', '/admin')).toBe('/admin');
		expect(await router.rewrite('altengeseke.allmende.kreis-soest.de:443', '/')).toBe('/altengeseke/');
		await t.db.updateTable('tenants').set({ host: null }).where('id', '=', b.id).execute();
	});
});
