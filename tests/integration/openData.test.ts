// Open data over HTTP against the built server with the demo county: the project exports (CSV and JSON) with
// their headers and bytes, filters and refusals, no hidden project; the catalogue; OpenAPI naming them.
import { reindexProject } from '../../src/lib/server/platform/search/searchIndex.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/lib/server/db/index.ts';
import { projectExportSchema, PROJECT_CSV_HEADER } from '../../src/lib/server/platform/openData/projectFormats.ts';
import { openServerDb, startServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
let db: Db;
let hiddenTitle = '';
const get = (path: string, headers: Record<string, string> = {}) => fetch(`${server.url}${path}`, { headers });

beforeAll(async () => {
	server = await startServer();
	db = openServerDb(server.databaseUrl).db;
	// one demo project hidden by moderation, with a title found nowhere else
	const row = await db.selectFrom('projects').select(['id', 'title']).where('hiddenAt', 'is', null).orderBy('id').executeTakeFirstOrThrow();
	hiddenTitle = 'Versteckt-vom-Moderator-4711';
	await db.updateTable('projects').set({ hiddenAt: Date.now(), hiddenReason: 'Test', title: hiddenTitle }).where('id', '=', row.id).execute();
	// written around the app (as moderation's hide would, the search index follows)
	await reindexProject(db, row.id);
}, 180_000);

afterAll(async () => {
	await db?.destroy();
	await server?.stop();
});

describe('refused', () => {
	it('answers bad filters with a 400 in JSON naming the field, in German and in English', async () => {
		for (const path of ['/api/v1/projects.csv?status=erledigt', '/api/v1/projects.json?status=erledigt']) {
			const res = await get(path);
			expect(res.status).toBe(400);
			expect(res.headers.get('content-type')).toContain('application/json');
			const body = (await res.json()) as { error: { fields: Record<string, string> } };
			expect(Object.keys(body.error.fields)).toEqual(['status']);
		}
		const long = await get(`/api/v1/projects.csv?q=${'a'.repeat(201)}`, { cookie: 'PARAGLIDE_LOCALE=en' });
		expect(long.status).toBe(400);
		expect(((await long.json()) as { error: { fields: Record<string, string> } }).error.fields.q).toMatch(/200/);
	});

	it('answers unknown keys such as __proto__ and an impossible page like no filter at all', async () => {
		const res = await get('/api/v1/projects.json?__proto__[x]=1&constructor=1&page=-5');
		expect(res.status).toBe(200);
		const all = (await (await get('/api/v1/projects.json')).json()) as { count: number };
		expect(((await res.json()) as { count: number }).count).toBe(all.count);
	});
});

describe('the exports', () => {
	it('CSV: a download with a BOM, German headers, CRLF, and no hidden project', async () => {
		const res = await get('/api/v1/projects.csv');
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="projekte-\d{4}-\d{2}-\d{2}\.csv"$/);
		expect(res.headers.get('cache-control')).toBe('no-cache');
		const bytes = new Uint8Array(await res.arrayBuffer());
		expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
		expect(text.slice(1, text.indexOf('\r\n'))).toBe(PROJECT_CSV_HEADER.join(';'));
		expect(text).toContain('Dorfladen in Bürgerhand');
		expect(text).not.toContain(hiddenTitle);
		expect(text.endsWith('\r\n')).toBe(true);
		expect(text).toContain(`${server.url}/projects/`);
	});

	it('JSON: the documented shape, the licence, as many projects as the paged API has, none hidden', async () => {
		const res = await get('/api/v1/projects.json');
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
		expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="projekte-.*\.json"$/);
		const body: unknown = await res.json();
		const parsed = projectExportSchema.safeParse(body);
		expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
		const doc = parsed.data!;
		expect(doc.licence.id).toBe('dl-de/by-2-0');
		expect(doc.count).toBe(doc.projects.length);
		const paged = (await (await get('/api/v1/projects')).json()) as { total: number };
		expect(doc.count).toBe(paged.total);
		expect(JSON.stringify(doc)).not.toContain(hiddenTitle);
	});

	it('applies the same filters as /api/v1/projects', async () => {
		// an export is in the order of the last change; the list with words is by relevance unless asked otherwise
		for (const query of ['village=altengeseke', 'municipality=anroechte', 'status=completed', 'q=dorf&sort=updated', 'category=mobilitaet&municipality=moehnesee']) {
			const doc = (await (await get(`/api/v1/projects.json?${query}`)).json()) as { count: number; projects: { id: string }[] };
			const paged = (await (await get(`/api/v1/projects?${query}`)).json()) as { total: number; projects: { id: string }[] };
			expect(doc.count, query).toBe(paged.total);
			expect(doc.projects.slice(0, paged.projects.length).map((p) => p.id), query).toEqual(paged.projects.map((p) => p.id));
		}
		// Response.text() would drop the BOM: decode the bytes as they came
		const csv = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await (await get('/api/v1/projects.csv?village=no-such-village')).arrayBuffer());
		expect(csv).toBe(`\uFEFF${PROJECT_CSV_HEADER.join(';')}\r\n`);
	});
});

describe('the catalogue and the API description', () => {
	it('serves the DCAT-AP.de catalogue as JSON-LD with absolute addresses of this server', async () => {
		const res = await get('/api/v1/catalog.json');
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('application/ld+json; charset=utf-8');
		const doc = (await res.json()) as Record<string, unknown>;
		expect(doc['@type']).toBe('dcat:Catalog');
		expect(doc['dct:publisher']).toMatchObject({ 'foaf:name': 'Kreis Soest' });
		const text = JSON.stringify(doc);
		expect(text).toContain(`${server.url}/api/v1/projects.csv`);
		expect(text).not.toContain(hiddenTitle);
	});

	it('names the exports and the catalogue in /api/v1/openapi.json', async () => {
		const doc = (await (await get('/api/v1/openapi.json')).json()) as { paths: Record<string, unknown>; info: { license: { url: string } } };
		expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/projects.csv', '/api/v1/projects.json', '/api/v1/catalog.json']));
		expect(doc.info.license.url).toBe('https://www.govdata.de/dl-de/by-2-0');
	});
});
