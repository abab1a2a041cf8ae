// The DCAT-AP.de catalogue entry: what a state portal's harvester requires of a catalogue, its datasets and their
// distributions; absolute addresses from the origin; dates of visible projects only; no project named at all.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as m from '../../../paraglide/messages.js';
import { createTestDb, type TestDb } from '../../../../../tests/helpers/testDb.ts';
import { newId } from '../../ids.ts';
import { insertTenant, type Tenant } from '../../tenancy/tenants.ts';
import { CATALOG_CONTEXT, DASHBOARD_TABLES, catalogDocument } from './catalog.ts';
import { DATA_LICENCE } from './licence.ts';

let t: TestDb;
let county: Tenant;
let village: Tenant;
const ORIGIN = 'https://kreis.example.org';
const VISIBLE_AT = Date.UTC(2025, 2, 1, 12);
const HIDDEN_AT = Date.UTC(2026, 0, 1, 12);

type Node = Record<string, unknown>;
const ids = (list: unknown) => (list as { '@id': string }[]).map((x) => x['@id']);
const langs = (list: unknown) => (list as { '@language': string; '@value': string }[]).map((x) => x['@language']);

async function project(title: string, updatedAt: number, hiddenAt: number | null) {
	await t.db
		.insertInto('projects')
		.values({ id: newId(), tenantId: village.id, clubId: null, slug: 'p', title, status: 'planning', categoryKey: 'kultur', costOneOff: null, costRunning: null, volunteerHours: null, startedOn: null, ideaId: null, adaptedFromId: null, hiddenAt, createdBy: null, createdAt: updatedAt, updatedAt })
		.execute();
}

beforeAll(async () => {
	t = await createTestDb();
	county = await insertTenant(t.db, { kind: 'county', slug: 'kreis-soest', name: 'Kreis Soest', parent: null });
	const muni = await insertTenant(t.db, { kind: 'municipality', slug: 'anroechte', name: 'Anröchte', parent: county });
	village = await insertTenant(t.db, { kind: 'village', slug: 'altengeseke', name: 'Altengeseke', parent: muni });
}, 60_000);
afterAll(() => t.cleanup());

describe('the catalogue', () => {
	it('with no project yet: a whole catalogue whose dates are the county’s', async () => {
		const doc = (await catalogDocument(t.db, ORIGIN)) as unknown as Node;
		expect((doc['dct:modified'] as Node)['@value']).toBe(new Date(county.updatedAt).toISOString());
		expect((doc['dcat:dataset'] as unknown[]).length).toBe(2);
	});

	it('has every field DCAT-AP.de requires, absolute addresses, the licence on every distribution, and names no project', async () => {
		await project('Sichtbares Projekt', VISIBLE_AT, null);
		await project('Verstecktes Projekt', HIDDEN_AT, HIDDEN_AT);
		const doc = (await catalogDocument(t.db, ORIGIN)) as unknown as Node;
		const text = JSON.stringify(doc);
		expect(text).not.toContain('Verstecktes');
		expect(text).not.toContain('Sichtbares');

		expect(doc['@context']).toEqual(CATALOG_CONTEXT);
		expect(Object.keys(CATALOG_CONTEXT)).toEqual(expect.arrayContaining(['dcat', 'dct', 'foaf', 'vcard']));
		expect(doc['@type']).toBe('dcat:Catalog');
		expect(doc['@id']).toBe(`${ORIGIN}/api/v1/catalog.json`);
		expect(langs(doc['dct:title'])).toEqual(['de', 'en']);
		expect(langs(doc['dct:description'])).toEqual(['de', 'en']);
		expect(doc['dct:publisher']).toMatchObject({ '@type': 'foaf:Agent', 'foaf:name': 'Kreis Soest' });
		expect(doc['foaf:homepage']).toEqual({ '@id': `${ORIGIN}/` });
		expect(ids(doc['dct:language'])).toContain('http://publications.europa.eu/resource/authority/language/DEU');
		expect(doc['dct:issued']).toEqual({ '@value': new Date(county.createdAt).toISOString(), '@type': 'xsd:dateTime' });
		// the latest change of a visible project: the hidden one changed later, and does not count
		expect(doc['dct:modified']).toEqual({ '@value': new Date(VISIBLE_AT).toISOString(), '@type': 'xsd:dateTime' });

		const datasets = doc['dcat:dataset'] as Node[];
		expect(datasets.map((d) => (d['dct:title'] as { '@value': string }[])[0]!['@value'])).toEqual(['Projekte des Projektpools', 'Ergebnisse des Projektpools']);
		for (const d of datasets) {
			expect(d['@type']).toBe('dcat:Dataset');
			for (const field of ['dct:title', 'dct:description', 'dct:publisher', 'dcat:contactPoint', 'dcat:theme', 'dct:spatial', 'dct:modified', 'dct:license', 'dcat:distribution', 'dct:identifier']) expect(d, field).toHaveProperty([field]);
			expect(langs(d['dct:description'])).toEqual(['de', 'en']);
			expect(ids(d['dcat:theme'])).toContain('http://publications.europa.eu/resource/authority/data-theme/GOVE');
			expect(d['dct:spatial']).toMatchObject({ 'locn:geographicName': 'Kreis Soest' });
			expect(d['dct:publisher']).toEqual({ '@id': (doc['dct:publisher'] as Node)['@id'] });
			for (const dist of d['dcat:distribution'] as Node[]) {
				expect(dist['@type']).toBe('dcat:Distribution');
				expect(dist['dct:license']).toEqual({ '@id': DATA_LICENCE.uri });
				expect(dist['dcatde:licenseAttributionByText']).toBe(`Kreis Soest – Projektpool (${ORIGIN})`);
				expect((dist['dcat:accessURL'] as Node)['@id']).toMatch(new RegExp(`^${ORIGIN}/api/v1/`));
				expect(dist).toHaveProperty(['dcat:mediaType']);
				expect(dist).toHaveProperty(['dct:format']);
				expect(dist['dct:modified']).toEqual(doc['dct:modified']);
			}
		}
		const [projects, results] = datasets as [Node, Node];
		expect(ids(projects['dcat:distribution'])).toEqual([`${ORIGIN}/api/v1/projects.csv`, `${ORIGIN}/api/v1/projects.json`, `${ORIGIN}/api/v1/projects`]);
		expect((projects['dcat:distribution'] as Node[])[0]!['dcat:downloadURL']).toEqual({ '@id': `${ORIGIN}/api/v1/projects.csv` });
		expect((projects['dcat:distribution'] as Node[])[0]!['dcat:mediaType']).toEqual({ '@id': 'https://www.iana.org/assignments/media-types/text/csv' });
		// one CSV and one JSON distribution per dashboard table
		expect(ids(results['dcat:distribution'])).toEqual(DASHBOARD_TABLES.flatMap((tbl) => [`${ORIGIN}/api/v1/dashboard/${tbl.name}.csv`, `${ORIGIN}/api/v1/dashboard/${tbl.name}.json`]));
		expect(DASHBOARD_TABLES.map((tbl) => tbl.name)).toEqual(['status', 'categories', 'sdgs', 'places', 'volunteers', 'costs', 'funding', 'adoptions', 'indicators', 'trends']);
	});
});

describe('the licence in the download links', () => {
	it('names the licence as the server does, and links the same address', () => {
		expect(m.opendata_licence_name({}, { locale: 'de' })).toBe(DATA_LICENCE.name.de);
		expect(m.opendata_licence_name({}, { locale: 'en' })).toBe(DATA_LICENCE.name.en);
		expect(readFileSync('src/lib/ui/DataDownloads.svelte', 'utf8')).toContain(`'${DATA_LICENCE.url}'`);
	});
});
