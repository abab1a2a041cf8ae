import { describe, expect, it } from 'vitest';
import type { AnyModule } from '../../modules/registry.ts';
import type { ModuleFeed } from '../../modules/types.ts';
import type { AnyContext } from './moduleContext.ts';
import { findFeed, serveFeed } from './moduleFeeds.ts';
import type { VillageModule } from './villageModules.ts';

const changed = Date.UTC(2026, 10, 1, 12, 0, 30, 500);
const feed: ModuleFeed<AnyContext> = { contentType: 'text/calendar; charset=utf-8', render: async (_ctx, query) => ({ body: `BEGIN:VCALENDAR ${query.get('category') ?? 'all'}`, lastModified: changed }) };
const vm = (feeds: Record<string, ModuleFeed<AnyContext>> | undefined) => ({ module: { id: 'demo', server: { feeds } } as unknown as AnyModule, enabled: true, position: 0, settings: {} }) satisfies VillageModule;
const ctx = {} as AnyContext;
const get = (headers: Record<string, string> = {}, query = '') => serveFeed({ feed, ctx, request: new Request('http://x/dorf/calendar.ics', { headers }), query: new URLSearchParams(query) });

describe('village feeds', () => {
	it('finds only declared feeds of switched-on modules, never names from the prototype', () => {
		const modules = [vm(undefined), vm({ 'calendar.ics': feed })];
		for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'news.xml']) expect(findFeed(modules, name), name).toBeUndefined();
		expect(findFeed([], 'calendar.ics')).toBeUndefined();
		expect(findFeed(modules, 'calendar.ics')?.feed).toBe(feed);
	});

	it('answers a stale or missing validator with the document, a current one with 304 and no body', async () => {
		const first = await get();
		expect(first.status).toBe(200);
		expect(first.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
		expect(await first.text()).toBe('BEGIN:VCALENDAR all');
		const etag = first.headers.get('etag')!;
		const lastModified = first.headers.get('last-modified')!;
		expect(lastModified).toBe('Sun, 01 Nov 2026 12:00:30 GMT');

		expect((await get({ 'if-none-match': '"something-else"' })).status).toBe(200);
		expect((await get({ 'if-modified-since': 'Sun, 01 Nov 2026 12:00:29 GMT' })).status).toBe(200);
		expect((await get({ 'if-modified-since': 'not a date' })).status).toBe(200);
		// the validator belongs to this query: another category is another document
		expect((await get({ 'if-none-match': etag }, 'category=sport')).status).toBe(200);

		const revalidated = await get({ 'if-none-match': `W/${etag}, "x"` });
		expect(revalidated.status).toBe(304);
		expect(await revalidated.text()).toBe('');
		expect(revalidated.headers.get('etag')).toBe(etag);
		expect((await get({ 'if-modified-since': lastModified })).status).toBe(304);
		// If-None-Match decides when both are sent
		expect((await get({ 'if-none-match': '"other"', 'if-modified-since': lastModified })).status).toBe(200);
	});
});
