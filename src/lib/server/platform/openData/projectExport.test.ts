// The project exports (CSV and JSON) on SQLite and — with TEST_DATABASE_URL — PostgreSQL: hidden projects never,
// the filters of /api/v1/projects, chunks that neither repeat nor skip, a fixed number of queries per chunk, and a
// CSV that parses back to what went in.
import { reindexProject } from '../search/searchIndex.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KyselyPlugin } from 'kysely';
import { createTestDb, type TestDb } from '../../../../../tests/helpers/testDb.ts';
import { newId } from '../../ids.ts';
import { insertTenant, type Tenant } from '../../tenancy/tenants.ts';
import type { Db } from '../../db/index.ts';
import { parseExportFilters, projectExportResponse } from './exportResponse.ts';
import { exportProjects, type ExportFilters } from './projectExport.ts';
import { PROJECT_CSV_HEADER, projectExportSchema } from './projectFormats.ts';

let t: TestDb;
const v = {} as Record<'county' | 'muniA' | 'A' | 'A2' | 'B' | 'muniB', Tenant>;
const p = {} as Record<'shop' | 'bench' | 'hidden' | 'adoptedFromHidden' | 'adoptionOfShop' | 'hiddenAdoption' | 'muniOwn' | 'tricky', string>;
const ORIGIN = 'https://kreis.example.org';
const BASE = 1_750_000_000_000;

async function project(tenant: Tenant, over: Record<string, unknown> & { title: string }): Promise<string> {
	const id = newId();
	await t.db
		.insertInto('projects')
		.values({ id, tenantId: tenant.id, clubId: null, slug: String(over.title).toLowerCase().replace(/[^a-z0-9]+/g, '-').slice(0, 40) || 'projekt', status: 'implementation', categoryKey: 'mobilitaet', costOneOff: null, costRunning: null, volunteerHours: null, startedOn: null, ideaId: null, adaptedFromId: null, hiddenAt: null, createdBy: null, createdAt: BASE, updatedAt: BASE, ...over })
		.execute();
	// written around the app's write paths: index it as they would
	await reindexProject(t.db, id);
	return id;
}

async function all(filters: Partial<ExportFilters> = {}, chunkSize?: number, db: Db = t.db) {
	const out = [];
	for await (const chunk of exportProjects(db, filters as ExportFilters, chunkSize)) out.push(...chunk);
	return out;
}
const titles = async (filters: Partial<ExportFilters> = {}) => (await all(filters)).map((x) => x.title).sort();

/** RFC 4180 with semicolons, as a spreadsheet reads it */
function parseCsv(text: string): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let field = '';
	let quoted = false;
	const endField = () => {
		row.push(field);
		field = '';
	};
	for (let i = 0; i < text.length; i++) {
		const ch = text[i]!;
		if (quoted) {
			if (ch === '"' && text[i + 1] === '"') {
				field += '"';
				i++;
			} else if (ch === '"') quoted = false;
			else field += ch;
		} else if (ch === '"') quoted = true;
		else if (ch === ';') endField();
		else if (ch === '\r' && text[i + 1] === '\n') {
			endField();
			rows.push(row);
			row = [];
			i++;
		} else field += ch;
	}
	expect(field, 'the file ends with a line end').toBe('');
	return rows;
}

beforeAll(async () => {
	t = await createTestDb();
	v.county = await insertTenant(t.db, { kind: 'county', slug: 'kreis', name: 'Kreis Beispiel', parent: null });
	v.muniA = await insertTenant(t.db, { kind: 'municipality', slug: 'gemeinde-a', name: 'Gemeinde A', parent: v.county });
	v.muniB = await insertTenant(t.db, { kind: 'municipality', slug: 'gemeinde-b', name: 'Gemeinde B', parent: v.county });
	v.A = await insertTenant(t.db, { kind: 'village', slug: 'dorf-a', name: 'Dorf Ä', parent: v.muniA });
	v.A2 = await insertTenant(t.db, { kind: 'village', slug: 'dorf-a2', name: 'Dorf A2', parent: v.muniA });
	v.B = await insertTenant(t.db, { kind: 'village', slug: 'dorf-b', name: 'Dorf B', parent: v.muniB });
	const club = newId();
	await t.db.insertInto('clubs').values({ id: club, tenantId: v.A.id, name: 'Heimatverein Ä', slug: 'heimatverein', description: '', createdAt: BASE, updatedAt: BASE }).execute();
	p.shop = await project(v.A, { title: 'Dorfladen in Bürgerhand', summary: 'Ein Laden; von allen.', categoryKey: 'soziales', status: 'completed', clubId: club, sdgs: '[11,3]', costOneOff: 25000, costRunning: 1200, volunteerHours: 800, startedOn: '2023-04-01', updatedAt: BASE + 5000 });
	p.bench = await project(v.B, { title: 'Mitfahrbank', summary: 'Sitzen und mitfahren', updatedAt: BASE + 4000 });
	p.hidden = await project(v.B, { title: 'Verstecktes Projekt', summary: 'darf nie erscheinen', hiddenAt: BASE, hiddenReason: 'Werbung', updatedAt: BASE + 9000 });
	p.adoptedFromHidden = await project(v.A2, { title: 'Kopie ohne Quelle', adaptedFromId: p.hidden, updatedAt: BASE + 3000 });
	p.adoptionOfShop = await project(v.B, { title: 'Dorfladen Körbecke', adaptedFromId: p.shop, status: 'planning', categoryKey: 'soziales', updatedAt: BASE + 2000 });
	p.hiddenAdoption = await project(v.A2, { title: 'Versteckte Übernahme', adaptedFromId: p.shop, hiddenAt: BASE, updatedAt: BASE + 2000 });
	p.muniOwn = await project(v.muniA, { title: 'Breitband für die Gemeinde', categoryKey: 'digitalisierung', updatedAt: BASE + 1000 });
	p.tricky = await project(v.B, { title: '=HYPERLINK("x") 100% "Straße"', summary: 'zwei\nZeilen; "zitiert"\r\nund Umlaute: äöüß', categoryKey: 'kultur', updatedAt: BASE + 1000 });
	await t.db
		.insertInto('projectIndicators')
		.values([
			{ id: newId(), tenantId: v.A.id, projectId: p.shop, name: 'Kundschaft am Tag', value: 85, unit: '', measuredOn: null, position: 0 },
			{ id: newId(), tenantId: v.A.id, projectId: p.shop, name: 'CO₂ gespart', value: 1.5, unit: 't', measuredOn: '2024-12-31', position: 1 }
		])
		.execute();
	await t.db
		.insertInto('projectFundings')
		.values([
			{ id: newId(), tenantId: v.A.id, projectId: p.shop, programmeId: null, programmeName: 'LEADER', amount: 12000, sharePercent: 48, state: 'used', position: 0 },
			{ id: newId(), tenantId: v.A.id, projectId: p.shop, programmeId: null, programmeName: 'Dorferneuerung', amount: null, sharePercent: null, state: 'applied', position: 1 }
		])
		.execute();
}, 60_000);
afterAll(() => t.cleanup());

describe('which projects an export holds', () => {
	it('never a hidden project, nor the title of a hidden source, nor a hidden adoption in the count', async () => {
		const list = await all();
		expect(list.map((x) => x.id)).not.toContain(p.hidden);
		expect(list.map((x) => x.id)).not.toContain(p.hiddenAdoption);
		expect(JSON.stringify(list)).not.toContain('Versteckt');
		expect(list.find((x) => x.id === p.adoptedFromHidden)!.adaptedFrom).toBeNull();
		expect(list.find((x) => x.id === p.shop)!.adoptionCount).toBe(1);
		expect(list.find((x) => x.id === p.adoptionOfShop)!.adaptedFrom).toMatchObject({ id: p.shop, title: 'Dorfladen in Bürgerhand' });
		expect(list).toHaveLength(6);
	});

	it('applies the filters of /api/v1/projects, alone and combined', async () => {
		expect(await titles({ village: 'no-such-village' })).toEqual([]);
		expect(await titles({ category: 'soziales' })).toEqual(['Dorfladen Körbecke', 'Dorfladen in Bürgerhand']);
		expect(await titles({ status: 'planning' })).toEqual(['Dorfladen Körbecke']);
		expect(await titles({ village: 'dorf-b' })).toEqual(['=HYPERLINK("x") 100% "Straße"', 'Dorfladen Körbecke', 'Mitfahrbank']);
		// a municipality: its own projects and its villages'
		expect(await titles({ municipality: 'gemeinde-a' })).toEqual(['Breitband für die Gemeinde', 'Dorfladen in Bürgerhand', 'Kopie ohne Quelle']);
		expect(await titles({ municipality: 'dorf-a' })).toEqual([]);
		expect(await titles({ q: 'dorfladen', village: 'dorf-b' })).toEqual(['Dorfladen Körbecke']);
		expect(await titles({ q: 'MITFAHR' })).toEqual(['Mitfahrbank']);
		// the Projektpool's word search: punctuation is no word, so "%" alone finds nothing (not everything)
		expect(await titles({ q: '100%' })).toEqual(['=HYPERLINK("x") 100% "Straße"']);
		expect(await titles({ q: '%' })).toEqual([]);
		expect(await titles({ q: 'dorf_aden' })).toEqual([]);
		expect(await titles({ q: 'versteckt' })).toEqual([]);
	});

	it('reads chunk by chunk without repeating or skipping a project, also where changes share a date', async () => {
		const whole = (await all()).map((x) => x.id);
		for (const size of [1, 2, 3, 5]) expect((await all({}, size)).map((x) => x.id), `chunks of ${size}`).toEqual(whole);
		// newest change first
		expect(whole[0]).toBe(p.shop);
	});

	it('reads each chunk with the same few queries, however many indicators and fundings it has', async () => {
		let queries = 0;
		const counting: KyselyPlugin = { transformQuery: (args) => (queries++, args.node), transformResult: async (args) => args.result };
		const db = t.db.withPlugin(counting);
		await all({}, 2, db);
		// the categories once; per chunk (2 + 2 + 2, then an empty one) the projects, indicators, fundings and adoptions
		expect(queries).toBe(1 + 3 * 4 + 1);
	});
});

describe('the exports as files', () => {
	it('CSV: BOM, German headers, semicolons, quotes, line breaks and umlauts that parse back; formulas defused', async () => {
		const res = await projectExportResponse(t.db, {} as ExportFilters, { origin: ORIGIN, format: 'csv', chunkSize: 2, now: new Date(BASE) });
		expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		expect(res.headers.get('content-disposition')).toBe('attachment; filename="projekte-2025-06-15.csv"');
		expect(res.headers.get('cache-control')).toBe('no-cache');
		const bytes = new Uint8Array(await res.arrayBuffer());
		expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const rows = parseCsv(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).slice(1));
		expect(rows[0]).toEqual(PROJECT_CSV_HEADER);
		expect(rows).toHaveLength(7);
		for (const row of rows) expect(row).toHaveLength(PROJECT_CSV_HEADER.length);
		const byTitle = Object.fromEntries(rows.slice(1).map((r) => [r[0], Object.fromEntries(PROJECT_CSV_HEADER.map((h, i) => [h, r[i]]))]));
		expect(byTitle['Dorfladen in Bürgerhand']).toEqual({
			Titel: 'Dorfladen in Bürgerhand',
			Kurzbeschreibung: 'Ein Laden; von allen.',
			Status: 'Abgeschlossen',
			Kategorie: 'Soziales',
			SDGs: '11; 3',
			Ort: 'Dorf Ä',
			Gemeinde: 'Gemeinde A',
			'Träger/Verein': 'Heimatverein Ä',
			'Kosten einmalig (€)': '25000',
			'Kosten laufend (€/Jahr)': '1200',
			Ehrenamtsstunden: '800',
			'Begonnen am': '2023-04-01',
			'Übernommen von': '',
			Übernahmen: '1',
			Förderprogramme: 'LEADER; Dorferneuerung (beantragt)',
			Wirkung: 'Kundschaft am Tag: 85; CO₂ gespart: 1,5 t',
			Adresse: `${ORIGIN}/projects/${p.shop}-dorfladen-in-b-rgerhand`,
			'Zuletzt geändert': '2025-06-15'
		});
		expect(byTitle['Dorfladen Körbecke']!['Übernommen von']).toBe('Dorfladen in Bürgerhand');
		expect(byTitle['Breitband für die Gemeinde']!.Gemeinde).toBe('Gemeinde A');
		const tricky = byTitle[`'=HYPERLINK("x") 100% "Straße"`];
		expect(tricky, 'the formula gets an apostrophe').toBeDefined();
		expect(tricky!.Kurzbeschreibung).toBe('zwei\nZeilen; "zitiert"\r\nund Umlaute: äöüß');
	});

	it('JSON: licence, source, every project with English keys and numbers as numbers, the count of what was written', async () => {
		const res = await projectExportResponse(t.db, { village: 'dorf-a' } as ExportFilters, { origin: ORIGIN, format: 'json', chunkSize: 1 });
		expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
		expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="projekte-\d{4}-\d{2}-\d{2}\.json"$/);
		const body: unknown = await res.json();
		const parsed = projectExportSchema.safeParse(body);
		expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
		const doc = parsed.data!;
		expect(doc.licence).toEqual({ id: 'dl-de/by-2-0', name: 'Datenlizenz Deutschland – Namensnennung – Version 2.0', url: 'https://www.govdata.de/dl-de/by-2-0' });
		expect(doc.source).toBe(`Kreis Beispiel – Projektpool (${ORIGIN})`);
		expect(doc.count).toBe(1);
		expect(doc.projects[0]).toMatchObject({ title: 'Dorfladen in Bürgerhand', status: 'completed', category: 'soziales', categoryName: 'Soziales', sdgs: [11, 3], costOneOff: 25000, organisation: 'Heimatverein Ä', adoptionCount: 1, municipality: 'Gemeinde A' });
		expect(doc.projects[0]!.indicators[1]).toEqual({ name: 'CO₂ gespart', value: 1.5, unit: 't', measuredOn: '2024-12-31' });
		expect(doc.projects[0]!.funding[0]).toEqual({ programme: 'LEADER', amount: 12000, sharePercent: 48, state: 'used' });
		// and an empty export is still a whole document
		const none = (await (await projectExportResponse(t.db, { village: 'no-such' } as ExportFilters, { origin: ORIGIN, format: 'json' })).json()) as { count: number; projects: unknown[] };
		expect(none).toMatchObject({ count: 0, projects: [] });
		const noneCsv = await (await projectExportResponse(t.db, { village: 'no-such' } as ExportFilters, { origin: ORIGIN, format: 'csv' })).text();
		expect(parseCsv(noneCsv.replace(/^\uFEFF/, ''))).toEqual([PROJECT_CSV_HEADER]);
	});
});

describe('the filters from the query string', () => {
	it('refuses wrong values by field, ignores page and unknown keys such as __proto__', () => {
		const bad = parseExportFilters(new URLSearchParams('status=gibtsnicht&q=' + 'x'.repeat(201)));
		expect(bad.ok).toBe(false);
		if (!bad.ok) expect(Object.keys(bad.errors).sort()).toEqual(['q', 'status']);
		const ok = parseExportFilters(new URLSearchParams('page=0&__proto__=x&constructor=y&village=dorf-a'));
		expect(ok).toEqual({ ok: true, data: { village: 'dorf-a' } });
	});
});
