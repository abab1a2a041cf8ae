// The dashboard's files as a client meets them: refusals first (malformed or unknown place, unknown table), then
// the CSV as German spreadsheets open it (BOM, semicolons, quotes, German headers) and the JSON with its licence.
import type { RequestEvent } from '@sveltejs/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../../../tests/helpers/testDb.ts';
import { newId } from '../../ids.ts';
import { insertTenant, type Tenant } from '../../tenancy/tenants.ts';
import { dashboardFileResponse, dashboardResponse } from './dashboardApi.ts';
import { renderDashboardData } from './dashboardPage.ts';

let t: TestDb;
let a: Tenant;
let b: Tenant;
const get = (path: string) => ({ url: new URL(`http://localhost${path}`), locals: { rt: { db: t.db } } }) as unknown as RequestEvent;
const file = (name: string, query = '') => dashboardFileResponse(get(`/api/v1/dashboard/${name}${query}`), name);

async function project(at: Tenant, title: string, programme: string, hidden = false) {
	const id = newId();
	await t.db.insertInto('projects').values({ id, tenantId: at.id, clubId: null, slug: id, title, status: 'completed', categoryKey: 'soziales', costOneOff: 1500, costRunning: null, volunteerHours: 12, startedOn: '2024-02-01', ideaId: null, adaptedFromId: null, hiddenAt: hidden ? 1 : null, createdBy: null, createdAt: 1, updatedAt: 1 }).execute();
	await t.db.insertInto('projectFundings').values({ id: newId(), tenantId: at.id, projectId: id, programmeId: null, programmeName: programme, amount: 1000, sharePercent: null, state: 'used', position: 0 }).execute();
}

beforeAll(async () => {
	t = await createTestDb();
	const county = await insertTenant(t.db, { kind: 'county', slug: 'kreis-soest', name: 'Kreis Soest', parent: null });
	const muni = await insertTenant(t.db, { kind: 'municipality', slug: 'anroechte', name: 'Anröchte', parent: county });
	a = await insertTenant(t.db, { kind: 'village', slug: 'altengeseke', name: 'Altengeseke', parent: muni });
	b = await insertTenant(t.db, { kind: 'village', slug: 'effeln', name: 'Effeln', parent: muni });
	await project(a, 'Dorfladen', 'Heimat; "Scheck"');
	await project(b, 'Mitfahrbank', 'LEADER');
	await project(a, 'Versteckt', '=HYPERLINK("x")', true);
});
afterAll(() => t.cleanup());

describe('dashboard files', () => {
	it('refuses a malformed place with 400 naming the field, an unknown one with 404, in the API error shape', async () => {
		for (const bad of ['__proto__', 'x'.repeat(64), 'A%20B']) {
			const res = await file('status.csv', `?place=${bad}`);
			expect(res.status).toBe(400);
			expect(((await res.json()) as { error: { message: string } }).error.message).toContain('Ort');
		}
		for (const unknown of ['constructor', 'no-such-village']) {
			const res = await dashboardResponse(get(`/api/v1/dashboard?place=${unknown}`));
			expect(res.status).toBe(404);
			expect(await res.json()).toMatchObject({ error: { status: 404 } });
		}
	});

	it('answers 404 for a table or format that does not exist', async () => {
		for (const name of ['__proto__.csv', 'constructor.json', 'status.xlsx', 'status', 'toString.csv', `${'a'.repeat(300)}.csv`]) {
			expect((await file(name)).status).toBe(404);
		}
	});

	it('writes CSV as German spreadsheets open it: BOM, semicolons, CRLF, German headers, quoted fields', async () => {
		const res = await file('funding.csv', '?place=altengeseke');
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		expect(res.headers.get('content-disposition')).toBe('attachment; filename="ergebnisse-altengeseke-funding.csv"');
		const bytes = new Uint8Array(await res.arrayBuffer());
		expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
		expect(text).toBe('\uFEFFFörderprogramm;Projekte mit Förderung;Förderung erhalten (€);Projekte mit Antrag;Beantragt (€)\r\n"Heimat; ""Scheck""";1;1000;0;0\r\n');
	});

	it("keeps each village to its own projects and never shows a hidden one", async () => {
		const own = await (await file('funding.json', '?place=effeln')).json();
		expect(own.table.rows).toEqual([{ programme: 'LEADER', usedProjects: 1, usedAmount: 1000, appliedProjects: 0, appliedAmount: 0 }]);
		const county = await (await dashboardResponse(get('/api/v1/dashboard'))).json();
		expect(JSON.stringify(county)).not.toContain('HYPERLINK');
		expect(county.headline.projects).toBe(2);
	});

	it('names the licence, the source and the place; the county by no place or its own slug', async () => {
		const body = await (await dashboardResponse(get('/api/v1/dashboard?place=anroechte'))).json();
		expect(body.licence).toEqual({ id: 'dl-de/by-2-0', name: 'Datenlizenz Deutschland – Namensnennung – Version 2.0', url: 'https://www.govdata.de/dl-de/by-2-0' });
		expect(body.source).toBe('Projektpool Kreis Soest (Allmende)');
		expect(body.place).toEqual({ slug: 'anroechte', name: 'Anröchte', kind: 'municipality' });
		expect(Object.keys(body.tables)).toEqual(['status', 'categories', 'sdgs', 'places', 'volunteers', 'costs', 'funding', 'adoptions', 'indicators', 'trends']);
		expect(body.tables.places.rows.map((r: { name: string }) => r.name)).toEqual(['Altengeseke', 'Effeln']);
		expect(Number.isNaN(Date.parse(body.generatedAt))).toBe(false);
		const county = await (await dashboardResponse(get('/api/v1/dashboard?place=kreis-soest'))).json();
		expect(county.place).toBeNull();
	});
});

describe('renderDashboardData', () => {
	it('renders a village with its charts as escaped SVG and without the hidden project', async () => {
		const { data, charts } = await renderDashboardData(t.db, a, 'en');
		expect(data.headline.projects).toBe(1);
		const funding = charts[data.tables.findIndex((x) => x.name === 'funding')]!;
		expect(funding).toContain('role="img"');
		expect(funding).toContain('Heimat; &quot;Scheck&quot;');
		expect(charts.join('')).not.toContain('HYPERLINK');
		expect(charts[data.tables.findIndex((x) => x.name === 'trends')]).toContain('2024');
		expect(charts[data.tables.findIndex((x) => x.name === 'indicators')]).toBe('');
	});
});
