// The map's data on both databases: the list's filters, hidden projects never, places without coordinates kept
// (with null coordinates, for the list's note), and the order the list shows.
import { reindexProject } from '../search/searchIndex.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../../../tests/helpers/testDb.ts';
import { newId } from '../../ids.ts';
import { insertTenant, type Tenant } from '../../tenancy/tenants.ts';
import { listProjectsSchema } from '../projects/schemas.ts';
import { mapData } from './mapData.ts';

let t: TestDb;
const v = {} as Record<'county' | 'muniA' | 'A' | 'A2' | 'muniB' | 'B' | 'far', Tenant>;
const query = (input: Record<string, unknown> = {}) => listProjectsSchema.parse(input);
const titles = async (input: Record<string, unknown> = {}) => (await mapData(t.db, query(input))).flatMap((p) => p.projects.map((x) => x.title)).sort();

async function project(place: Tenant, title: string, over: { status?: 'planning' | 'completed'; categoryKey?: string; summary?: string; hiddenAt?: number } = {}) {
	const now = Date.now();
	const id = newId();
	await t.db
		.insertInto('projects')
		.values({ id, tenantId: place.id, clubId: null, slug: title.toLowerCase().replace(/[^a-z0-9]+/g, '-'), title, summary: over.summary ?? '', status: over.status ?? 'planning', categoryKey: over.categoryKey ?? 'mobilitaet', costOneOff: null, costRunning: null, volunteerHours: null, startedOn: null, ideaId: null, adaptedFromId: null, hiddenAt: over.hiddenAt ?? null, createdBy: null, createdAt: now, updatedAt: now })
		.execute();
	// written around the app's write paths: index it as they would
	await reindexProject(t.db, id);
}

beforeAll(async () => {
	t = await createTestDb();
	v.county = await insertTenant(t.db, { kind: 'county', slug: 'kreis', name: 'Kreis', parent: null });
	v.muniA = await insertTenant(t.db, { kind: 'municipality', slug: 'anroechte', name: 'Anröchte', parent: v.county });
	v.muniB = await insertTenant(t.db, { kind: 'municipality', slug: 'moehnesee', name: 'Möhnesee', parent: v.county });
	v.A = await insertTenant(t.db, { kind: 'village', slug: 'altengeseke', name: 'Altengeseke', parent: v.muniA });
	v.A2 = await insertTenant(t.db, { kind: 'village', slug: 'berge', name: 'Berge', parent: v.muniA });
	v.B = await insertTenant(t.db, { kind: 'village', slug: 'koerbecke', name: 'Körbecke', parent: v.muniB });
	v.far = await insertTenant(t.db, { kind: 'village', slug: 'delecke', name: 'Delecke', parent: v.muniB });
	const place = (tenant: Tenant, lat: number | null, lon: number | null) => t.db.updateTable('tenants').set({ lat, lon }).where('id', '=', tenant.id).execute();
	await place(v.A, 51.585, 8.26);
	await place(v.B, 51.4938, 8.126);
	await place(v.muniA, 51.5676, 8.3326);
	// Berge has none; Delecke has only half a position (written around the form): neither goes on the map
	await place(v.far, 51.4897, null);

	await project(v.A, 'Mitfahrbank Altengeseke', { summary: 'Eine Bank an der Straße' });
	await project(v.A, 'Dorfladen in Bürgerhand', { categoryKey: 'versorgung', status: 'completed' });
	await project(v.A, 'Verstecktes Projekt', { hiddenAt: Date.now() });
	await project(v.A2, 'Bücherschrank Berge', { categoryKey: 'kultur' });
	await project(v.B, 'Mitfahrbank Körbecke');
	await project(v.B, 'Versteckt in Körbecke', { hiddenAt: Date.now() });
	await project(v.far, 'Seeufer Delecke', { categoryKey: 'umwelt' });
	await project(v.muniA, 'Radweg der Gemeinde');
	await project(v.county, 'Kreisweites Förderlotsen-Netz', { categoryKey: 'digitales' });
});
afterAll(() => t?.cleanup());

describe('mapData', () => {
	it('never shows a hidden project, not even when its title is searched for or its village is filtered', async () => {
		expect(await titles()).not.toContain('Verstecktes Projekt');
		expect(await titles({ q: 'versteck' })).toEqual([]);
		expect(await titles({ village: 'koerbecke' })).toEqual(['Mitfahrbank Körbecke']);
	});

	it('finds nothing for unknown or hostile filter values, and treats LIKE wildcards as text', async () => {
		expect(await mapData(t.db, query({ village: '__proto__' }))).toEqual([]);
		expect(await mapData(t.db, query({ municipality: 'constructor' }))).toEqual([]);
		expect(await mapData(t.db, query({ category: 'no-such-category' }))).toEqual([]);
		expect(await titles({ q: '%' })).toEqual([]);
		expect(await titles({ q: '_' })).toEqual([]);
		// a village slug given as the municipality matches nothing (it is not a municipality)
		expect(await titles({ municipality: 'altengeseke' })).toEqual([]);
	});

	it('keeps places without coordinates, with null for both; half a position counts as none', async () => {
		const places = await mapData(t.db, query());
		const berge = places.find((p) => p.slug === 'berge')!;
		expect(berge).toMatchObject({ name: 'Berge', municipality: 'Anröchte', lat: null, lon: null });
		expect(places.find((p) => p.slug === 'delecke')).toMatchObject({ lat: null, lon: null });
		expect(places.find((p) => p.slug === 'kreis')).toMatchObject({ kind: 'county', municipality: '', lat: null, lon: null });
		expect(places.find((p) => p.slug === 'altengeseke')).toMatchObject({ lat: 51.585, lon: 8.26 });
	});

	it('filters like the list: category, status, village, municipality (its own projects and its villages\'), text', async () => {
		expect(await titles({ category: 'mobilitaet' })).toEqual(['Mitfahrbank Altengeseke', 'Mitfahrbank Körbecke', 'Radweg der Gemeinde']);
		expect(await titles({ status: 'completed' })).toEqual(['Dorfladen in Bürgerhand']);
		expect(await titles({ village: 'berge' })).toEqual(['Bücherschrank Berge']);
		expect(await titles({ municipality: 'anroechte' })).toEqual(['Bücherschrank Berge', 'Dorfladen in Bürgerhand', 'Mitfahrbank Altengeseke', 'Radweg der Gemeinde']);
		expect(await titles({ q: 'MITFAHR' })).toEqual(['Mitfahrbank Altengeseke', 'Mitfahrbank Körbecke']);
		// the Projektpool's German search: ß and ss are one, the summary counts
		expect(await titles({ q: 'Strasse' })).toEqual(['Mitfahrbank Altengeseke']);
		expect(await titles({ q: 'mitfahr', municipality: 'moehnesee' })).toEqual(['Mitfahrbank Körbecke']);
		expect(await titles({ q: 'mitfahr', status: 'completed' })).toEqual([]);
	});

	it('groups the projects by place, in list order: the county, then each municipality before its villages, by name', async () => {
		const places = await mapData(t.db, query({ page: '3' }));
		expect(places.map((p) => p.slug)).toEqual(['kreis', 'anroechte', 'altengeseke', 'berge', 'delecke', 'koerbecke']);
		expect(places.find((p) => p.slug === 'anroechte')).toMatchObject({ kind: 'municipality', municipality: 'Anröchte' });
		const a = places.find((p) => p.slug === 'altengeseke')!;
		expect(a.projects.map((p) => p.title)).toEqual(['Dorfladen in Bürgerhand', 'Mitfahrbank Altengeseke']);
		expect(Object.keys(a.projects[0]!).sort()).toEqual(['categoryKey', 'id', 'slug', 'status', 'title']);
		expect(a.projects[0]).toMatchObject({ status: 'completed', categoryKey: 'versorgung' });
	});
});
