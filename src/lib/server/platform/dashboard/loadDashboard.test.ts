// The dashboard's figures on a small county of its own (SQLite, and PostgreSQL when TEST_DATABASE_URL is set):
// hidden projects never count, each place sees only itself and what lies below it, indicators add up only where
// their units agree.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../../../tests/helpers/testDb.ts';
import { createUser } from '../../auth/accounts.ts';
import type { ProjectStatus } from '../../db/types.ts';
import { newId } from '../../ids.ts';
import { insertTenant, type Tenant } from '../../tenancy/tenants.ts';
import { loadDashboard } from './loadDashboard.ts';

let t: TestDb;
const place = {} as Record<'county' | 'anroechte' | 'moehnesee' | 'altengeseke' | 'effeln' | 'koerbecke', Tenant>;
const people: string[] = [];
const day = (iso: string) => Date.parse(`${iso}T10:00:00Z`);

interface P {
	at: Tenant;
	title: string;
	status?: ProjectStatus;
	category?: string;
	sdgs?: number[];
	hidden?: boolean;
	costOneOff?: number | null;
	costRunning?: number | null;
	hours?: number | null;
	startedOn?: string | null;
	adaptedFrom?: string;
	team?: number[];
	indicators?: { name: string; value: number; unit: string; measuredOn?: string | null }[];
	fundings?: { programme: string; state: 'used' | 'applied'; amount: number | null }[];
	completedOn?: string;
}

async function project(p: P): Promise<string> {
	const id = newId();
	const created = day(p.startedOn ?? '2024-01-01');
	await t.db
		.insertInto('projects')
		.values({ id, tenantId: p.at.id, clubId: null, slug: p.title.toLowerCase().replace(/\W+/g, '-'), title: p.title, status: p.status ?? 'planning', categoryKey: p.category ?? 'soziales', sdgs: JSON.stringify(p.sdgs ?? []), costOneOff: p.costOneOff ?? null, costRunning: p.costRunning ?? null, volunteerHours: p.hours ?? null, startedOn: p.startedOn ?? null, ideaId: null, adaptedFromId: p.adaptedFrom ?? null, hiddenAt: p.hidden ? Date.now() : null, createdBy: null, createdAt: created, updatedAt: created })
		.execute();
	for (const [position, i] of (p.indicators ?? []).entries()) {
		await t.db.insertInto('projectIndicators').values({ id: newId(), tenantId: p.at.id, projectId: id, name: i.name, value: i.value, unit: i.unit, measuredOn: i.measuredOn ?? null, position }).execute();
	}
	for (const [position, f] of (p.fundings ?? []).entries()) {
		await t.db.insertInto('projectFundings').values({ id: newId(), tenantId: p.at.id, projectId: id, programmeId: null, programmeName: f.programme, amount: f.amount, sharePercent: null, state: f.state, position }).execute();
	}
	for (const n of p.team ?? []) {
		await t.db.insertInto('projectMembers').values({ id: newId(), tenantId: p.at.id, projectId: id, userId: people[n]!, role: 'member', createdAt: created }).execute();
	}
	if (p.completedOn) await t.db.insertInto('projectStatusChanges').values({ id: newId(), tenantId: p.at.id, projectId: id, fromStatus: 'implementation', toStatus: 'completed', actorId: null, createdAt: day(p.completedOn) }).execute();
	return id;
}

beforeAll(async () => {
	t = await createTestDb();
	place.county = await insertTenant(t.db, { kind: 'county', slug: 'kreis', name: 'Kreis', parent: null });
	place.anroechte = await insertTenant(t.db, { kind: 'municipality', slug: 'anroechte', name: 'Anröchte', parent: place.county });
	place.moehnesee = await insertTenant(t.db, { kind: 'municipality', slug: 'moehnesee', name: 'Möhnesee', parent: place.county });
	place.altengeseke = await insertTenant(t.db, { kind: 'village', slug: 'altengeseke', name: 'Altengeseke', parent: place.anroechte });
	place.effeln = await insertTenant(t.db, { kind: 'village', slug: 'effeln', name: 'Effeln', parent: place.anroechte });
	place.koerbecke = await insertTenant(t.db, { kind: 'village', slug: 'koerbecke', name: 'Körbecke', parent: place.moehnesee });
	for (let i = 0; i < 4; i++) people.push((await createUser(t.db, { email: `p${i}@example.org`, password: 'egal egal egal', displayName: `P${i}`, verified: true })).id);

	const bench = await project({ at: place.altengeseke, title: 'Mitfahrbank', status: 'completed', category: 'mobilitaet', sdgs: [3, 11], costOneOff: 1000, costRunning: 100, hours: 40, startedOn: '2021-03-01', completedOn: '2022-05-01', team: [0, 1], indicators: [{ name: 'Mitfahrten', value: 10, unit: 'Fahrten', measuredOn: '2021-06-01' }, { name: 'Mitfahrten', value: 25, unit: 'Fahrten', measuredOn: '2023-06-01' }, { name: 'Mitglieder', value: 30, unit: 'Personen' }], fundings: [{ programme: 'LEADER', state: 'used', amount: 800 }] });
	await project({ at: place.effeln, title: 'Mitfahrbank Effeln', status: 'implementation', category: 'mobilitaet', sdgs: [11], hours: 10, startedOn: '2023-02-01', adaptedFrom: bench, team: [1, 2], indicators: [{ name: 'Mitfahrten', value: 5, unit: 'Fahrten' }, { name: 'Mitglieder', value: 12, unit: 'Haushalte' }], fundings: [{ programme: 'LEADER', state: 'applied', amount: 500 }] });
	await project({ at: place.koerbecke, title: 'Mitfahrbank Körbecke', status: 'completed', category: 'mobilitaet', sdgs: [1, 11, 17], hours: 20, startedOn: '2023-04-01', completedOn: '2024-01-10', adaptedFrom: bench, team: [3], indicators: [{ name: 'Mitfahrten', value: 7, unit: 'Fahrten' }], fundings: [{ programme: 'Heimatscheck', state: 'used', amount: 2000 }] });
	await project({ at: place.anroechte, title: 'Gemeindeprojekt', status: 'idea', category: 'kultur', sdgs: [4], hours: 5, startedOn: null, costRunning: 50 });
	// hidden: never counted, neither its figures nor its adoption of the bench nor its team
	await project({ at: place.koerbecke, title: 'Versteckt', hidden: true, status: 'completed', category: 'kultur', sdgs: [1, 2, 3], hours: 1000, costOneOff: 99999, startedOn: '2019-01-01', completedOn: '2019-06-01', adaptedFrom: bench, team: [0, 1, 2, 3], indicators: [{ name: 'Mitfahrten', value: 1000, unit: 'Fahrten' }], fundings: [{ programme: 'Geheim', state: 'used', amount: 9 }] });
});
afterAll(() => t.cleanup());

describe('loadDashboard', () => {
	it('never counts a hidden project: not in any table, not as an adoption, not its team', async () => {
		const d = await loadDashboard(t.db, null);
		expect(d.headline).toEqual({ projects: 4, villages: 3, volunteerHours: 75, people: 4, adoptions: 2, adoptedHere: 2 });
		expect(d.status.find((s) => s.status === 'completed')!.projects).toBe(2);
		expect(d.funding.map((f) => f.programme)).not.toContain('Geheim');
		expect(d.trends.map((y) => y.year)).not.toContain(2019);
		expect(d.categories.find((c) => c.category === 'kultur')).toEqual({ category: 'kultur', projects: 1, costOneOff: 0, costRunning: 50, withCosts: 1 });
		expect(d.adoptions).toEqual([expect.objectContaining({ title: 'Mitfahrbank', placeName: 'Altengeseke', adoptions: 2 })]);
	});

	it("keeps a village to its own projects: Körbecke's are not in Altengeseke's dashboard", async () => {
		const a = await loadDashboard(t.db, place.altengeseke);
		expect(a.place).toEqual({ slug: 'altengeseke', name: 'Altengeseke', kind: 'village' });
		expect(a.headline).toEqual({ projects: 1, villages: 1, volunteerHours: 40, people: 2, adoptions: 2, adoptedHere: 0 });
		expect(a.places).toEqual([{ slug: 'altengeseke', name: 'Altengeseke', kind: 'village', own: true, projects: 1, completed: 1, people: 2, volunteerHours: 40 }]);
		const k = await loadDashboard(t.db, place.koerbecke);
		expect(k.headline).toMatchObject({ projects: 1, adoptions: 0, adoptedHere: 1 });
		expect(k.funding.map((f) => f.programme)).toEqual(['Heimatscheck']);
	});

	it("groups a municipality by its villages, with its own projects apart; the county by municipalities", async () => {
		const m = await loadDashboard(t.db, place.anroechte);
		expect(m.places.map((p) => [p.name, p.projects, p.people, p.volunteerHours])).toEqual([
			['Anröchte', 1, 0, 5],
			['Altengeseke', 1, 2, 40],
			['Effeln', 1, 2, 10]
		]);
		expect(m.headline).toMatchObject({ projects: 3, villages: 2, people: 3, adoptions: 2, adoptedHere: 1 });
		const county = await loadDashboard(t.db, null);
		expect(county.places.map((p) => [p.slug, p.projects, p.completed, p.people])).toEqual([
			['anroechte', 3, 1, 3],
			['moehnesee', 1, 1, 1]
		]);
		// the county's tenant given as a place is the county
		expect((await loadDashboard(t.db, place.county)).headline).toEqual(county.headline);
	});

	it('sums indicators only where the units agree, each project with its latest measurement', async () => {
		const d = await loadDashboard(t.db, null);
		expect(d.indicators).toEqual([
			{ name: 'Mitfahrten', unit: 'Fahrten', total: 25 + 5 + 7, projects: 3 },
			{ name: 'Mitglieder', unit: 'Haushalte', total: 12, projects: 1 },
			{ name: 'Mitglieder', unit: 'Personen', total: 30, projects: 1 }
		]);
	});

	it('counts each SDG of the JSON arrays (11 is not 1, 17 is not 1 or 7)', async () => {
		const d = await loadDashboard(t.db, null);
		const bySdg = Object.fromEntries(d.sdgs.map((s) => [s.sdg, s.projects]));
		expect(d.sdgs).toHaveLength(17);
		expect(bySdg).toMatchObject({ 1: 1, 2: 0, 3: 1, 4: 1, 7: 0, 11: 3, 17: 1 });
	});

	it('adds up funding per programme and state, costs per category, and years from start and completion', async () => {
		const d = await loadDashboard(t.db, null);
		expect(d.funding).toEqual([
			{ programme: 'LEADER', usedProjects: 1, usedAmount: 800, appliedProjects: 1, appliedAmount: 500 },
			{ programme: 'Heimatscheck', usedProjects: 1, usedAmount: 2000, appliedProjects: 0, appliedAmount: 0 }
		]);
		expect(d.categories.find((c) => c.category === 'mobilitaet')).toEqual({ category: 'mobilitaet', projects: 3, costOneOff: 1000, costRunning: 100, withCosts: 1 });
		// the municipality's project has no start date: the year it was created in counts (2024)
		expect(d.trends).toEqual([
			{ year: 2021, started: 1, completed: 0 },
			{ year: 2022, started: 0, completed: 1 },
			{ year: 2023, started: 2, completed: 0 },
			{ year: 2024, started: 1, completed: 1 }
		]);
	});

	it('shows an empty county as zeros, not as an error', async () => {
		const other = await createTestDb();
		try {
			const d = await loadDashboard(other.db, null);
			expect(d.headline).toEqual({ projects: 0, villages: 0, volunteerHours: 0, people: 0, adoptions: 0, adoptedHere: 0 });
			expect(d.trends).toEqual([]);
			expect(d.places).toEqual([]);
		} finally {
			await other.cleanup();
		}
	});
});
