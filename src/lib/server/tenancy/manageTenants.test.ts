import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../../tests/helpers/testDb.ts';
import { getUserByEmail } from '../auth/accounts.ts';
import { AppError } from '../http/errors.ts';
import { parseInput } from '../http/validate.ts';
import { loadActor, type Actor } from '../policy/index.ts';
import { seedDemo } from '../seed/demo.ts';
import { createHostRouter } from './hostRouting.ts';
import { createChildTenant, updateTenant } from './manageTenants.ts';
import { updateTenantSchema } from './schemas.ts';
import { oldSlugRedirect } from './slugHistory.ts';
import { nameKey } from '../../tenantNames.ts';
import { getRootTenant, getTenantBySlug, listTenants, type Tenant } from './tenants.ts';

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
// the form always sends the place's coordinates as they are (an empty pair clears them)
const form = (tenant: Tenant, extra: Record<string, string | undefined> = {}) => ({ name: tenant.name, slug: tenant.slug, lat: tenant.lat?.toString(), lon: tenant.lon?.toString(), ...extra });

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
		// what serve.ts tells the pages (hooks.server.ts): the village of an own host name, none for the platform's
		expect(router.villageOf('Altengeseke.allmende.kreis-soest.de:443')).toBe('altengeseke');
		expect(router.villageOf('allmende.kreis-soest.de')).toBeUndefined();
		expect(router.villageOf(undefined)).toBeUndefined();
		expect(router.villageOf('__proto__')).toBeUndefined();
		await t.db.updateTable('tenants').set({ host: null }).where('id', '=', b.id).execute();
	});
});

describe('createChildTenant', () => {
	const create = async (actor: Actor, parent: Tenant, input: { name: string; slug?: string | null; description?: string }) => {
		try {
			return { status: 200, tenant: await createChildTenant(t.db, { actor, parent, input, ip: '10.0.0.5' }) };
		} catch (e) {
			if (e instanceof AppError) return { status: e.status, code: e.code, fields: e.fields };
			throw e;
		}
	};

	it("refuses village admins, admins of another municipality, and children of a village (403), writing nothing", async () => {
		const anroechte = await village('anroechte');
		const before = (await listTenants(t.db)).length;
		expect((await create(villageAdmin, anroechte, { name: 'Neudorf' })).status).toBe(403);
		expect((await create(villageAdmin, await village(), { name: 'Neudorf' })).status).toBe(403);
		const otherMuni = await loadActor(t.db, (await getUserByEmail(t.db, 'dorf2@example.org'))!.id);
		expect((await create(otherMuni, anroechte, { name: 'Neudorf' })).status).toBe(403);
		expect((await create(county, await village(), { name: 'Neudorf' })).status).toBe(403);
		expect((await listTenants(t.db)).length).toBe(before);
	});

	it('refuses a wished slug that is taken (400, field slug)', async () => {
		const res = await create(county, await village('anroechte'), { name: 'Neudorf', slug: 'koerbecke' });
		expect(res).toMatchObject({ status: 400, fields: { slug: expect.stringContaining('Dieser Kurzname ist schon vergeben.') } });
	});

	it("creates a village below a municipality with the wished slug, audited with its parent", async () => {
		const anroechte = await village('anroechte');
		const res = await create(county, anroechte, { name: 'Neudorf', slug: 'neu-dorf', description: 'Ganz neu' });
		expect(res.status).toBe(200);
		const tenant = res.tenant!;
		expect(tenant).toMatchObject({ kind: 'village', slug: 'neu-dorf', name: 'Neudorf', parentId: anroechte.id, description: 'Ganz neu', path: `${anroechte.path}${tenant.id}/` });
		expect(await village('neu-dorf')).toMatchObject({ id: tenant.id, kind: 'village' });
		const entries = await t.db.selectFrom('auditLog').select(['tenantId', 'actorId', 'targetType', 'targetId', 'data', 'ip']).where('action', '=', 'tenant.create').execute();
		expect(entries.map((e) => ({ ...e, data: JSON.parse(e.data) }))).toEqual([
			{ tenantId: tenant.id, actorId: county.userId, targetType: 'tenant', targetId: tenant.id, data: { name: 'Neudorf', slug: 'neu-dorf', kind: 'village', parentId: anroechte.id }, ip: '10.0.0.5' }
		]);
	});

	it("takes the name's slug, else the name's with the parent's slug, else refuses (400, field slug)", async () => {
		const root = (await getRootTenant(t.db))!;
		const first = await create(county, root, { name: 'Neue Gemeinde' });
		expect(first.tenant).toMatchObject({ kind: 'municipality', slug: 'neue-gemeinde', parentId: root.id, description: '' });
		// other names (a hyphen, a mark) with the same slug
		const second = await create(county, root, { name: 'Neue-Gemeinde' });
		expect(second.tenant).toMatchObject({ kind: 'municipality', slug: `neue-gemeinde-${root.slug}` });
		expect(await create(county, root, { name: 'Neue Gemeinde!' })).toMatchObject({ status: 400, fields: { slug: expect.stringContaining('schon vergeben') } });
		// a name whose slug is a platform path uses the parent's slug too
		expect((await create(county, root, { name: 'Admin' })).tenant).toMatchObject({ slug: `admin-${root.slug}` });
	});
});

describe('updateTenant: who may, what it refuses, what it records', () => {
	it("refuses members and editors of the village and admins of another village (403) and changes nothing", async () => {
		const tenant = await village();
		const editor = await loadActor(t.db, (await getUserByEmail(t.db, 'redaktion@example.org'))!.id);
		const other = await loadActor(t.db, (await getUserByEmail(t.db, 'dorf2@example.org'))!.id);
		for (const actor of [editor, other]) expect((await save(actor, tenant, form(tenant, { name: 'Gekapert' }))).status).toBe(403);
		expect((await village()).name).toBe('Altengeseke');
	});

	it("refuses another tenant's slug (400, field slug), and a host for a municipality (400, field host)", async () => {
		const tenant = await village();
		const taken = await save(villageAdmin, tenant, form(tenant, { slug: 'koerbecke' }));
		expect(taken).toEqual({ status: 400, fields: { slug: expect.stringContaining('Dieser Kurzname ist schon vergeben.') } });
		const muni = await village('anroechte');
		const host = await save(county, muni, form(muni, { host: 'anroechte.de' }));
		expect(host).toEqual({ status: 400, fields: { host: expect.stringContaining('Eigene Domainnamen gibt es nur für Dörfer.') } });
		expect((await village('anroechte')).host).toBeNull();
	});

	it('records only the changed fields; an unchanged form writes no audit entry and returns the tenant as it was', async () => {
		const entries = async (id: string) => t.db.selectFrom('auditLog').select('id').where('action', '=', 'tenant.update').where('targetId', '=', id).execute();
		const berge = await village('berge');
		const same = await save(county, berge, form(berge, { description: berge.description, colorPrimary: berge.colorPrimary ?? undefined, colorAccent: berge.colorAccent ?? undefined }));
		expect(same).toEqual({ status: 200, tenant: berge });
		expect(await entries(berge.id)).toEqual([]);
		const res = await save(county, berge, form(berge, { name: 'Berge im Sauerland', slug: 'berge-neu', colorPrimary: berge.colorPrimary ?? undefined, colorAccent: berge.colorAccent ?? undefined }));
		expect(res.tenant).toMatchObject({ id: berge.id, name: 'Berge im Sauerland', slug: 'berge-neu', description: '', host: null });
		expect(await village('berge-neu')).toMatchObject({ id: berge.id, name: 'Berge im Sauerland' });
		const log = (await t.db.selectFrom('auditLog').select(['data', 'actorId', 'ip', 'targetType', 'tenantId']).where('action', '=', 'tenant.update').where('targetId', '=', berge.id).execute()).map((e) => ({ ...e, data: JSON.parse(e.data) }));
		expect(log).toEqual([{ data: { name: 'Berge im Sauerland', slug: 'berge-neu' }, actorId: county.userId, ip: '127.0.0.1', targetType: 'tenant', tenantId: berge.id }]);
	});

	it('clears colours left empty, and lets the county admin clear a host name', async () => {
		const v = await village('koerbecke');
		const set = await save(county, v, form(v, { host: 'koerbecke-neu.de', colorPrimary: '#000000' }));
		expect(set.tenant).toMatchObject({ host: 'koerbecke-neu.de', colorPrimary: '#000000', colorAccent: null });
		const cleared = await save(county, await village('koerbecke'), form(v, { host: '', colorPrimary: '' }));
		expect(cleared.tenant).toMatchObject({ host: null, colorPrimary: null });
		expect(await village('koerbecke')).toMatchObject({ host: null, colorPrimary: null, colorAccent: null });
	});
});

describe('names are unique among siblings (finding 1: the same village twice in one municipality)', () => {
	const create = async (parent: Tenant, name: string) => {
		try {
			return { status: 200, tenant: await createChildTenant(t.db, { actor: county, parent, input: { name }, ip: '10.0.0.5' }) };
		} catch (e) {
			if (e instanceof AppError) return { status: e.status, fields: e.fields };
			throw e;
		}
	};
	const count = async (parentId: string) => (await t.db.selectFrom('tenants').select('id').where('parentId', '=', parentId).execute()).length;

	it.each(['Altengeseke', 'altengeseke', 'ALTENGESEKE', '  Alten geseke ', 'Alten\tGeseke'])('refuses a second village "%s" in Anröchte, naming the field, writing nothing', async (name) => {
		const anroechte = await village('anroechte');
		const before = await count(anroechte.id);
		const res = await create(anroechte, name.trim());
		expect(res.status).toBe(400);
		expect(res.fields?.name).toMatch(/^Name: In Anröchte gibt es schon ein Dorf „/);
		expect(await count(anroechte.id)).toBe(before);
	});

	it('refuses a second municipality of the same name in the county', async () => {
		const root = (await getRootTenant(t.db))!;
		const res = await create(root, 'möhnesee');
		expect(res).toMatchObject({ status: 400, fields: { name: expect.stringMatching(/^Name: Im Kreis Soest gibt es schon eine Kommune „möhnesee“/) } });
	});

	it('refuses renaming a village to the name of another village of its municipality, but allows its own name in other letters', async () => {
		const a = await village('altengeseke');
		const sibling = (await t.db.selectFrom('tenants').selectAll().where('parentId', '=', a.parentId).where('id', '!=', a.id).executeTakeFirstOrThrow()) as Tenant;
		const res = await save(county, a, form(a, { name: ` ${sibling.name.toUpperCase()} ` }));
		expect(res).toMatchObject({ status: 400, fields: { name: expect.stringContaining('gibt es schon ein Dorf') } });
		expect((await village('altengeseke')).name).toBe('Altengeseke');
		expect((await save(county, a, form(a, { name: 'ALTENGESEKE' }))).status).toBe(200);
		expect((await save(county, await village('altengeseke'), form(a, { name: 'Altengeseke' }))).status).toBe(200);
	});

	it('allows the same name in another municipality', async () => {
		const ense = await village('ense');
		const res = await create(ense, 'Altengeseke');
		expect(res.status).toBe(200);
		expect(res.tenant?.slug).toBe('altengeseke-ense');
	});

	it('compares names without case and spaces', () => {
		expect(nameKey(' Bad  Sassendorf ')).toBe(nameKey('BADSASSENDORF'));
		expect(nameKey('Körbecke')).toBe(nameKey('KÖRBECKE'));
		expect(nameKey('Neu-Dorf')).not.toBe(nameKey('Neudorf'));
	});
});

describe('slug renames redirect forever', () => {
	const at = (path: string, method = 'GET') => oldSlugRedirect(t.db, new URL(path, origin), method, false);
	const where = async (path: string, method = 'GET') => {
		const res = await at(path, method);
		return res ? { status: res.status, location: res.headers.get('location') } : null;
	};
	const rename = async (slug: string, to: string) => {
		const v = await village(slug);
		return save(county, v, form(v, { slug: to }));
	};

	it('does not redirect unknown, reserved or malformed slugs, nor the paths of current tenants', async () => {
		for (const path of ['/gibt-es-nicht/', '/admin', '/api/v1/villages/gibt-es-nicht/app', '/__proto__/', '/constructor', '/%2e%2e/', '/', '/api/v1/villages/']) expect(await where(path), path).toBeNull();
		expect(await oldSlugRedirect(t.db, new URL('/koerbecke/', origin), 'GET', true)).toBeNull();
	});

	it("refuses to let another tenant take a village's old slug, by creating or renaming", async () => {
		expect((await rename('bremen', 'bremen-alt')).status).toBe(200);
		const anroechte = await village('anroechte');
		await expect(createChildTenant(t.db, { actor: county, parent: anroechte, input: { name: 'Bremen-Neu', slug: 'bremen' }, ip: '10.0.0.5' })).rejects.toMatchObject({ fields: { slug: expect.stringContaining('schon vergeben') } });
		expect(await rename('koerbecke', 'bremen')).toMatchObject({ status: 400, fields: { slug: expect.stringContaining('schon vergeben') } });
		// a new village called "Bremen" does not get the old slug from its name either
		const created = await createChildTenant(t.db, { actor: county, parent: anroechte, input: { name: 'Bremen' }, ip: '10.0.0.5' });
		expect(created.slug).toBe('bremen-anroechte');
		expect(await where('/bremen/')).toEqual({ status: 301, location: '/bremen-alt/' });
	});

	it('answers every path of the old slug with 301 to the same path under the new one, the query kept; writes with 308', async () => {
		expect((await rename('berge-neu', 'berge-im-sauerland')).status).toBe(200);
		expect(await where('/berge-neu')).toEqual({ status: 301, location: '/berge-im-sauerland' });
		expect(await where('/berge-neu/')).toEqual({ status: 301, location: '/berge-im-sauerland/' });
		expect(await where('/berge-neu/news?page=2&q=a%20b')).toEqual({ status: 301, location: '/berge-im-sauerland/news?page=2&q=a%20b' });
		expect(await where('/berge-neu/manifest.webmanifest')).toEqual({ status: 301, location: '/berge-im-sauerland/manifest.webmanifest' });
		expect(await where('/api/v1/villages/berge-neu/app')).toEqual({ status: 301, location: '/api/v1/villages/berge-im-sauerland/app' });
		expect(await where('/berge-neu/admin?/createClub', 'POST')).toEqual({ status: 308, location: '/berge-im-sauerland/admin?/createClub' });
		expect((await at('/berge-neu/'))!.headers.get('cache-control')).toBe('no-cache');
	});

	it('resolves chains to the newest slug, and lets the tenant take an old slug back (then it no longer redirects)', async () => {
		const v = await createChildTenant(t.db, { actor: county, parent: await village('ense'), input: { name: 'Kettendorf', slug: 'kette-a' }, ip: '10.0.0.5' });
		expect((await rename('kette-a', 'kette-b')).status).toBe(200);
		expect((await rename('kette-b', 'kette-c')).status).toBe(200);
		expect(await where('/kette-a/news')).toEqual({ status: 301, location: '/kette-c/news' });
		expect(await where('/kette-b/news')).toEqual({ status: 301, location: '/kette-c/news' });
		const history = async () => (await t.db.selectFrom('tenantSlugHistory').select('slug').where('tenantId', '=', v.id).orderBy('slug').execute()).map((r) => r.slug);
		expect(await history()).toEqual(['kette-a', 'kette-b']);
		expect((await rename('kette-c', 'kette-a')).status).toBe(200);
		expect(await history()).toEqual(['kette-b', 'kette-c']);
		expect(await where('/kette-a/news')).toBeNull();
		expect(await where('/kette-c/news')).toEqual({ status: 301, location: '/kette-a/news' });
		expect(await where('/kette-b/')).toEqual({ status: 301, location: '/kette-a/' });
		// the rename is in the audit log with both slugs
		const log = await t.db.selectFrom('auditLog').select('data').where('action', '=', 'tenant.update').where('targetId', '=', v.id).execute();
		expect(log.map((e) => JSON.parse(e.data).slug)).toEqual(['kette-b', 'kette-c', 'kette-a']);
	});
});
