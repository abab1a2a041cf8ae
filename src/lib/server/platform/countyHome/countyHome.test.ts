// The county home's lists on a real database (SQLite, and PostgreSQL when TEST_DATABASE_URL is set): bounded,
// hidden projects never (not even as an adoption that counts), ordered as the headings say.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../../../tests/helpers/testDb.ts';
import { getModule } from '../../../modules/registry.ts';
import { moduleData } from '../../builder/moduleContext.ts';
import { newId } from '../../ids.ts';
import { insertTenant, type Tenant } from '../../tenancy/tenants.ts';
import { countyHome } from './countyHome.ts';

let t: TestDb;
let A: Tenant;
let B: Tenant;
let clock = Date.now() - 1_000_000;

async function project(village: Tenant, title: string, fields: Record<string, unknown> = {}): Promise<string> {
	const now = (clock += 1000);
	const id = newId(now);
	await t.db.insertInto('projects').values({ id, tenantId: village.id, clubId: null, slug: title.toLowerCase().replace(/[^a-z0-9]+/g, '-'), title, status: 'planning', categoryKey: 'kultur', costOneOff: null, costRunning: null, volunteerHours: null, startedOn: null, ideaId: null, adaptedFromId: null, hiddenAt: null, createdBy: null, createdAt: now, updatedAt: now, ...fields }).execute();
	return id;
}
const titles = (list: { title: string }[]) => list.map((p) => p.title);
const home = (limit = 5) => countyHome(t.db, { locale: 'de', origin: 'http://localhost', limit, eventLimit: limit });

beforeAll(async () => {
	t = await createTestDb();
	const county = await insertTenant(t.db, { kind: 'county', slug: 'kreis', name: 'Kreis', parent: null });
	const muni = await insertTenant(t.db, { kind: 'municipality', slug: 'gemeinde', name: 'Gemeinde', parent: county });
	A = await insertTenant(t.db, { kind: 'village', slug: 'dorf-a', name: 'Dorf A', parent: muni });
	B = await insertTenant(t.db, { kind: 'village', slug: 'dorf-b', name: 'Dorf B', parent: muni });
	const bench = await project(A, 'Mitfahrbank', { status: 'completed' });
	const shop = await project(A, 'Dorfladen', { status: 'implementation', results: 'Seit März offen.' });
	await project(A, 'Versteckt', { status: 'completed', hiddenAt: Date.now(), hiddenReason: 'Spam' });
	await project(B, 'Mitfahrbank B', { adaptedFromId: bench });
	await project(B, 'Mitfahrbank B2', { adaptedFromId: bench });
	await project(B, 'Dorfladen B', { adaptedFromId: shop });
	// a hidden adoption counts nowhere: the shop has one visible adoption, not two
	await project(B, 'Versteckte Übernahme', { adaptedFromId: shop, hiddenAt: Date.now() });
	// B's calendar with its demo events, switched on as a village does it
	const calendar = getModule('calendar')!;
	await calendar.seed?.({ data: moduleData(t.db, B, calendar, false), village: B });
	await t.db.insertInto('villageModules').values({ id: newId(), tenantId: B.id, moduleId: 'calendar', enabledAt: Date.now(), position: 0, settings: JSON.stringify(calendar.settings.parse({})), updatedAt: Date.now() }).execute();
});
afterAll(() => t.cleanup());

describe('the county home', () => {
	it('never lists a hidden project, and keeps every list to its size', async () => {
		const h = await home(2);
		for (const list of [h.newProjects, h.mostAdopted, h.latestResults]) {
			expect(titles(list)).not.toContain('Versteckt');
			expect(titles(list)).not.toContain('Versteckte Übernahme');
			expect(list.length).toBeLessThanOrEqual(2);
		}
		expect(h.events.length).toBeLessThanOrEqual(2);
	});

	it('lists new projects newest first', async () => {
		expect(titles((await home()).newProjects)).toEqual(['Dorfladen B', 'Mitfahrbank B2', 'Mitfahrbank B', 'Dorfladen', 'Mitfahrbank']);
	});

	it('lists the projects adopted at least once, most often first, counting visible adoptions only', async () => {
		const adopted = (await home()).mostAdopted;
		expect(adopted.map((p) => [p.title, p.adoptionCount])).toEqual([
			['Mitfahrbank', 2],
			['Dorfladen', 1]
		]);
	});

	it('lists the latest results: completed projects and those with results written down, last changed first', async () => {
		expect(titles((await home()).latestResults)).toEqual(['Dorfladen', 'Mitfahrbank']);
	});

	it("lists the villages' next events with links into the village's calendar", async () => {
		const { events, today } = await home();
		expect(events.length).toBeGreaterThan(0);
		for (const e of events) {
			expect(e.url.startsWith('/dorf-b/calendar/')).toBe(true);
			expect(e.village.slug).toBe('dorf-b');
			expect(e.day >= today).toBe(true);
		}
	});
});
