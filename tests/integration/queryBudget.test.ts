// The query budget: how many database queries a page may run, rendered (the render cache off), counted by the
// server itself (ALLMENDE_COUNT_QUERIES=1, db/queryCount.ts). The app shell — tenant, the village's modules and
// their settings — is kept in memory by content version and read again after a write; a page adds what it shows. A page that needs more must
// say why here; one query per row of a list (N+1) shows as a count that grows with the data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../helpers/http.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
let member: Client;

/**
 * page → most queries for an anonymous reader, and for a signed-in member: reading the session, the person and
 * their roles adds four; the pool's list also reads what the person follows. The shell's tenant and modules come
 * from memory (renderCache/shellCache.ts) after the first request; an article list adds one query for its
 * authors' names when an article has an author.
 */
const BUDGET: [string, number, number][] = [
	['/koerbecke/links', 2, 6],
	['/koerbecke/news', 3, 7],
	['/koerbecke/calendar', 3, 7],
	['/koerbecke/projects', 4, 8],
	['/koerbecke/news.xml', 3, 7],
	['/koerbecke/calendar.ics', 3, 7],
	['/api/v1/villages/koerbecke/app', 4, 8],
	// the home screen: the shell, then each of its four widgets and the banners
	['/koerbecke/', 9, 13],
	['/', 11, 15],
	['/projects', 6, 11]
];

/** on PostgreSQL the shell's version is one query per village page (on SQLite a pragma that is no query) */
const versionRead = (path: string) => (process.env.TEST_DATABASE_URL && /^\/koerbecke\//.test(path) ? 1 : 0);

async function queriesOf(path: string, client?: Client): Promise<number> {
	const res = client ? await client.get(path) : await fetch(`${server.url}${path}`, { headers: { accept: 'text/html' } });
	expect(res.status, path).toBe(200);
	await res.arrayBuffer();
	const count = res.headers.get('x-allmende-queries');
	expect(count, `${path} says how many queries it ran`).not.toBeNull();
	return Number(count);
}

beforeAll(async () => {
	server = await startServer({ ALLMENDE_COUNT_QUERIES: '1', RENDER_CACHE_MB: '0' });
	member = new Client(server.url);
	await member.login('buerger@example.org');
}, 60_000);
afterAll(() => server?.stop());

describe('query budget per page', () => {
	it("reads the shell once: after a write in the village the next page reads tenant and modules again, the one after it does not", async () => {
		const admin = new Client(server.url);
		await admin.login('dorf2@example.org');
		await queriesOf('/koerbecke/links');
		const warm = await queriesOf('/koerbecke/links');
		const groups = (await (await fetch(`${server.url}/api/v1/villages/koerbecke/links/links`)).json()) as { groups: { id: string }[] };
		expect((await admin.api('POST', '/api/v1/villages/koerbecke/links/links', { groupId: groups.groups[0]!.id, title: 'Budget-Link', url: 'https://budget.example.org' })).status).toBe(201);
		expect(await queriesOf('/koerbecke/links')).toBe(warm + 2);
		expect(await queriesOf('/koerbecke/links')).toBe(warm);
	});

	it.each(BUDGET)('%s runs at most %i queries for an anonymous reader (PostgreSQL: one more)', async (path, sqliteBudget) => {
		const budget = sqliteBudget + versionRead(path);
		// the first request of a page may fill the process's caches; the budget is for every one after it
		await queriesOf(path);
		const queries = await queriesOf(path);
		expect(queries, `${path}: ${queries} queries`).toBeGreaterThan(0);
		expect(queries, `${path}: ${queries} queries`).toBeLessThanOrEqual(budget);
	});

	it.each(BUDGET)('%s runs at most %i queries anonymous, %i for a signed-in member (PostgreSQL: one more)', async (path, _, sqliteBudget) => {
		const budget = sqliteBudget + versionRead(path);
		await queriesOf(path, member);
		const queries = await queriesOf(path, member);
		expect(queries, `${path}: ${queries} queries`).toBeLessThanOrEqual(budget);
	});

	it('does not grow with the data: ten more articles leave the news page at its count', async () => {
		const admin = new Client(server.url);
		await admin.login('dorf2@example.org');
		// one article by a person first (the page then reads its author's name), then ten more by the same person
		expect((await admin.api('POST', '/api/v1/villages/koerbecke/news/articles', { title: 'Budget', category: 'Aus dem Dorf', publish: 'now' })).status).toBe(201);
		await queriesOf('/koerbecke/news');
		const before = await queriesOf('/koerbecke/news');
		for (let i = 0; i < 10; i++) expect((await admin.api('POST', '/api/v1/villages/koerbecke/news/articles', { title: `Budget ${i}`, category: 'Aus dem Dorf', publish: 'now' })).status).toBe(201);
		await queriesOf('/koerbecke/news');
		expect(await queriesOf('/koerbecke/news')).toBe(before);
	});
});
