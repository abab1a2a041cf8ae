// Where places lie: the coordinates a tenant's admin enters (validated at the form boundary, saved, audit-logged),
// the demo county's places, the tile server setting and the CSP that lets the map's tiles in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../../../tests/helpers/testDb.ts';
import { getUserByEmail } from '../../auth/accounts.ts';
import { listAudit } from '../../audit/audit.ts';
import { loadConfig, tileSource } from '../../config.ts';
import { AppError } from '../../http/errors.ts';
import { parseInput } from '../../http/validate.ts';
import { loadActor, type Actor } from '../../policy/index.ts';
import { seedDemo } from '../../seed/demo.ts';
import data from '../../seed/kreis-soest.json' with { type: 'json' };
import { updateTenant } from '../../tenancy/manageTenants.ts';
import { updateTenantSchema } from '../../tenancy/schemas.ts';
import { getTenantBySlug, listTenants, type Tenant } from '../../tenancy/tenants.ts';
import { withTileSource } from './mapCsp.ts';

let t: TestDb;
let county: Actor;
let villageAdmin: Actor;

beforeAll(async () => {
	t = await createTestDb();
	await seedDemo(t.db);
	county = await loadActor(t.db, (await getUserByEmail(t.db, 'kreis@example.org'))!.id);
	villageAdmin = await loadActor(t.db, (await getUserByEmail(t.db, 'dorf1@example.org'))!.id);
});
afterAll(() => t?.cleanup());

const tenant = async (slug: string) => (await getTenantBySlug(t.db, slug))!;
/** the admin form as the route reads it: empty fields are missing */
const form = (x: Tenant, coords: Record<string, unknown>) => Object.fromEntries(Object.entries({ name: x.name, slug: x.slug, ...coords }).filter(([, v]) => v !== ''));
async function save(actor: Actor, x: Tenant, coords: Record<string, unknown>) {
	const parsed = parseInput(updateTenantSchema, form(x, coords));
	if (!parsed.ok) return { status: 400, fields: parsed.errors };
	try {
		return { status: 200, tenant: await updateTenant(t.db, { actor, tenant: x, input: parsed.data, ip: '127.0.0.1', origin: 'http://localhost:3000' }) };
	} catch (e) {
		if (e instanceof AppError) return { status: e.status };
		throw e;
	}
}

describe('coordinates in the tenant form', () => {
	// (what, input, field, message) — refused, with a German message naming the field, and nothing saved
	const refused: [string, Record<string, unknown>, 'lat' | 'lon', RegExp][] = [
		['latitude above 90', { lat: '90.5', lon: '8' }, 'lat', /^Breitengrad: Höchstens 90\.$/],
		['latitude below -90', { lat: '-91', lon: '8' }, 'lat', /^Breitengrad: Mindestens -90\.$/],
		['longitude above 180', { lat: '51', lon: '180,01' }, 'lon', /^Längengrad: Höchstens 180\.$/],
		['longitude below -180', { lat: '51', lon: '-200' }, 'lon', /^Längengrad: Mindestens -180\.$/],
		['a word', { lat: 'Soest', lon: '8' }, 'lat', /^Breitengrad: Bitte eine Zahl eingeben\.$/],
		['a hexadecimal number', { lat: '51', lon: '0x10' }, 'lon', /^Längengrad: Bitte eine Zahl eingeben\.$/],
		['an exponent', { lat: '5e1', lon: '8' }, 'lat', /^Breitengrad: Bitte eine Zahl eingeben\.$/],
		['two decimal marks', { lat: '51,5,7', lon: '8' }, 'lat', /^Breitengrad: Bitte eine Zahl eingeben\.$/],
		['an oversized string', { lat: '5'.repeat(100_000), lon: '8' }, 'lat', /^Breitengrad: Bitte eine Zahl eingeben\.$/],
		['an oversized string that almost is a number', { lat: `${'5'.repeat(100_000)}x`, lon: '8' }, 'lat', /^Breitengrad: Bitte eine Zahl eingeben\.$/],
		['a number with too many digits', { lat: '51.5711000000000000000001', lon: '8' }, 'lat', /^Breitengrad: Bitte eine Zahl eingeben\.$/],
		['__proto__ as the value', { lat: '__proto__', lon: '8' }, 'lat', /^Breitengrad: Bitte eine Zahl eingeben\.$/],
		['a list instead of a number', { lat: ['51', '52'], lon: '8' }, 'lat', /^Breitengrad: /],
		['latitude without longitude', { lat: '51.57' }, 'lon', /^Längengrad: Bitte Breiten- und Längengrad zusammen angeben oder beide leer lassen\.$/],
		['longitude without latitude', { lon: '8.1' }, 'lat', /^Breitengrad: Bitte Breiten- und Längengrad zusammen angeben oder beide leer lassen\.$/]
	];
	it.each(refused)('refuses %s', async (_, coords, field, message) => {
		const before = await tenant('berge');
		const res = await save(county, before, coords);
		expect(res.status).toBe(400);
		expect(res.fields?.[field]).toMatch(message);
		const after = await tenant('berge');
		expect([after.lat, after.lon]).toEqual([before.lat, before.lon]);
	});

	it('ignores a __proto__ field in the form', async () => {
		const x = await tenant('berge');
		const parsed = parseInput(updateTenantSchema, JSON.parse(`{"name":"Berge","slug":"berge","lat":"51.57","lon":"8.29","__proto__":{"lat":1}}`));
		expect(parsed.ok && [parsed.data.lat, parsed.data.lon]).toEqual([51.57, 8.29]);
		expect(x.lat).not.toBe(1);
	});

	it("refuses a village admin saving another village's place", async () => {
		const b = await tenant('koerbecke');
		expect((await save(villageAdmin, b, { lat: '10', lon: '10' })).status).toBe(403);
		expect((await tenant('koerbecke')).lat).not.toBe(10);
	});

	it('saves a German decimal comma, rounds to 6 places, logs it as a sentence, and clears both together', async () => {
		const x = await tenant('berge');
		const res = await save(county, x, { lat: ' 51,57391234 ', lon: '8,2878' });
		expect(res.status).toBe(200);
		expect(await tenant('berge')).toMatchObject({ lat: 51.573912, lon: 8.2878 });
		const [entry] = await listAudit(t.db, { tenantIds: [x.id], limit: 1 });
		expect(JSON.stringify(entry)).toContain('Lage auf der Karte');
		expect(JSON.stringify(entry)).not.toContain('Lage auf der Karte, Lage auf der Karte');
		expect((await save(county, await tenant('berge'), { lat: '', lon: '' })).status).toBe(200);
		expect(await tenant('berge')).toMatchObject({ lat: null, lon: null });
		// the village's own admin may place their village
		expect((await save(villageAdmin, await tenant('altengeseke'), { lat: '51.5850', lon: '8.2600' })).status).toBe(200);
	});
});

describe('the demo county', () => {
	it('places the county, every municipality and every village inside Kreis Soest', async () => {
		const all = await listTenants(t.db);
		expect(all.length).toBe(1 + data.municipalities.length + data.municipalities.reduce((n, m) => n + m.villages.length, 0));
		const outside = all.filter((x) => x.slug !== 'berge' && !(x.lat !== null && x.lon !== null && x.lat > 51.4 && x.lat < 51.75 && x.lon > 7.8 && x.lon < 8.56));
		expect(outside.map((x) => x.slug)).toEqual([]);
		// the two Völlinghausen lie in different municipalities, far apart
		const [erwitte, moehnesee] = [await tenant('voellinghausen-erwitte'), await tenant('voellinghausen-moehnesee')];
		expect(Math.abs(erwitte.lat! - moehnesee.lat!)).toBeGreaterThan(0.05);
	});
});

describe('tile server setting and CSP', () => {
	it('refuses tile URLs that are no http(s) template with {z}, {x} and {y}', () => {
		for (const bad of ['ftp://tiles.example/{z}/{x}/{y}.png', 'https://tiles.example/{z}/{x}.png', 'javascript:{z}{x}{y}', 'https://user:pw@tiles.example/{z}/{x}/{y}.png', 'https://tiles.example/{z}/{x}/{y}.png; img-src *', 'https://{q}.tiles.example/{z}/{x}/{y}.png', '/{z}/{x}/{y}.png']) {
			expect(tileSource(bad), bad).toBeNull();
			expect(() => loadConfig({ MAP_TILE_URL: bad }), bad).toThrow(/MAP_TILE_URL/);
		}
		expect(() => loadConfig({ MAP_ATTRIBUTION_URL: 'javascript:alert(1)' })).toThrow(/MAP_ATTRIBUTION_URL/);
		expect(() => loadConfig({ MAP_ATTRIBUTION: '' })).toThrow(/MAP_ATTRIBUTION/);
	});

	it('defaults to OpenStreetMap with its attribution, and derives the CSP source of other tile servers', () => {
		expect(loadConfig({}).map).toEqual({ tileUrl: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png', tileSource: 'https://tile.openstreetmap.org', attribution: '© OpenStreetMap-Mitwirkende', attributionUrl: 'https://www.openstreetmap.org/copyright' });
		expect(tileSource('http://tiles.kreis.intern:8080/osm/{z}/{x}/{y}{r}.png')).toBe('http://tiles.kreis.intern:8080');
		expect(tileSource('https://{s}.tile.example.org/{z}/{x}/{y}.png')).toBe('https://*.tile.example.org');
	});

	it("adds the tile source to img-src once and leaves the rest of the policy alone", () => {
		const csp = "default-src 'self'; img-src 'self' data: https:; frame-ancestors 'none'";
		const out = withTileSource(csp, 'http://tiles.kreis.intern:8080');
		expect(out).toBe("default-src 'self'; img-src 'self' data: https: http://tiles.kreis.intern:8080; frame-ancestors 'none'");
		expect(withTileSource(out, 'http://tiles.kreis.intern:8080')).toBe(out);
		expect(withTileSource("default-src 'self'", 'http://x')).toBe("default-src 'self'");
	});
});
