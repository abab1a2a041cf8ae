// The county's overview: every village's items of one kind merged in one order, page by page, without an item
// shown twice or lost — also when items of several villages share a moment. Two test-only modules (not in the
// registry) answer from fixed lists; the real calendar and news modules are tested in their folders.
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../../../tests/helpers/testDb.ts';
import type { AnyModule } from '../../../modules/registry.ts';
import type { OverviewItem, OverviewKind } from '../../../modules/types.ts';
import { newId } from '../../ids.ts';
import { insertTenant, type Tenant } from '../../tenancy/tenants.ts';
import { parseCursor, readOverview, type OverviewFilter } from './overview.ts';

// per village slug: the items its module answers with (the module sorts and cuts them as the contract says)
const ITEMS: Record<string, OverviewItem[]> = {};
const asked: { village: string; actor: string | null; after: unknown; until: number | undefined }[] = [];
const broken = new Set<string>();

function probe(id: string, kind: OverviewKind): AnyModule {
	const descending = kind === 'articles';
	return {
		id,
		settings: z.object({ categories: z.string().default('Feste, Sport') }),
		permissions: [],
		tables: [],
		server: {
			load: async () => ({}),
			overview: {
				kind,
				categories: (ctx: { settings: { categories: string } }) => ctx.settings.categories.split(',').map((c) => c.trim()),
				list: async (ctx: { village: Tenant; actor: { userId: string | null } }, args: { limit: number; from: number; until?: number; after?: { at: number; id: string | null }; category?: string }) => {
					asked.push({ village: ctx.village.slug, actor: ctx.actor.userId, after: args.after, until: args.until });
					if (broken.has(ctx.village.slug)) throw new Error('the module failed');
					const order = (a: OverviewItem, b: OverviewItem) => (a.at - b.at || (a.id < b.id ? -1 : 1)) * (descending ? -1 : 1);
					const isAfter = (i: OverviewItem) => {
						const a = args.after;
						if (!a) return descending || i.at >= args.from;
						if (descending) return i.at < a.at || (i.at === a.at && a.id !== null && i.id < a.id);
						return i.at > a.at || (i.at === a.at && a.id !== null && i.id > a.id);
					};
					return (ITEMS[ctx.village.slug] ?? [])
						.filter((i) => isAfter(i) && (!args.category || i.category === args.category) && (args.until === undefined || i.at < args.until))
						.sort(order)
						.slice(0, args.limit);
				}
			}
		}
	} as unknown as AnyModule;
}
const events = probe('ovevents', 'events');
const articles = probe('ovarticles', 'articles');
const modules = [events, articles];

const DAY = 86_400_000;
let t: TestDb;
const villages: Record<string, Tenant> = {};
const item = (id: string, at: number, category = 'Feste'): OverviewItem => ({ id, title: `Titel ${id}`, url: `/x/${id}`, at, category });

async function switchOn(village: Tenant, module: AnyModule, on = true) {
	await t.db.insertInto('villageModules').values({ id: newId(), tenantId: village.id, moduleId: module.id, enabledAt: on ? Date.now() : null, position: 0, settings: '{}', updatedAt: Date.now() }).execute();
}

const read = (kind: OverviewKind, args: { filter?: OverviewFilter; cursor?: string | null; limit?: number; from?: number } = {}) =>
	readOverview({ db: t.db, kind, locale: 'de', origin: 'http://localhost', filter: args.filter ?? {}, cursor: args.cursor ?? null, from: args.from ?? 0, limit: args.limit ?? 10, modules });

/** Every page, following the cursor: the ids in the order shown. */
async function allPages(kind: OverviewKind, limit: number, filter: OverviewFilter = {}) {
	const shown: string[] = [];
	let cursor: string | null = null;
	for (let i = 0; i < 100; i++) {
		const page = await read(kind, { cursor, limit, filter });
		expect(page.entries.length).toBeLessThanOrEqual(limit);
		shown.push(...page.entries.map((e) => `${e.place.slug}/${e.id}`));
		if (!page.next) return shown;
		cursor = page.next;
	}
	throw new Error('the pages never end');
}

beforeAll(async () => {
	t = await createTestDb();
	const county = await insertTenant(t.db, { kind: 'county', slug: 'kreis', name: 'Kreis', parent: null });
	const nord = await insertTenant(t.db, { kind: 'municipality', slug: 'nordstadt', name: 'Nordstadt', parent: county });
	const sued = await insertTenant(t.db, { kind: 'municipality', slug: 'suedstadt', name: 'Südstadt', parent: county });
	villages.anger = await insertTenant(t.db, { kind: 'village', slug: 'anger', name: 'Anger', parent: nord });
	villages.berg = await insertTenant(t.db, { kind: 'village', slug: 'berg', name: 'Berg', parent: nord });
	villages.chaussee = await insertTenant(t.db, { kind: 'village', slug: 'chaussee', name: 'Chaussee', parent: sued });
	villages.aus = await insertTenant(t.db, { kind: 'village', slug: 'aus', name: 'Aus', parent: sued });
	for (const v of [villages.anger, villages.berg, villages.chaussee]) {
		await switchOn(v!, events);
		await switchOn(v!, articles);
	}
	await switchOn(villages.aus!, events, false); // switched off: never asked, never shown
	// many items at the same moments in several villages: the cursor has to break the ties right
	ITEMS.anger = [item('a1', 1000), item('a2', 2000), item('a3', 2000), item('a4', 3000, 'Sport'), item('a5', 5000), item('a6', 100 * DAY)];
	ITEMS.berg = [item('b1', 2000), item('b2', 2000), item('b3', 4000, 'Sport')];
	ITEMS.chaussee = [item('c1', 2000), item('c2', 6000), item('c3', 500)];
	ITEMS.aus = [item('x1', 100)];
});
afterAll(() => t.cleanup());

const EVERY = ['anger/a1', 'anger/a2', 'anger/a3', 'anger/a4', 'anger/a5', 'anger/a6', 'berg/b1', 'berg/b2', 'berg/b3', 'chaussee/c1', 'chaussee/c2', 'chaussee/c3'];

describe('readOverview: one list of every village, page by page', () => {
	it('shows events soonest first, ties by village and id, with the place of each', async () => {
		const page = await read('events');
		expect(page.entries.map((e) => `${e.place.slug}/${e.id}`)).toEqual(['chaussee/c3', 'anger/a1', 'anger/a2', 'anger/a3', 'berg/b1', 'berg/b2', 'chaussee/c1', 'anger/a4', 'berg/b3', 'anger/a5']);
		expect(page.entries[0]!.place).toEqual({ slug: 'chaussee', name: 'Chaussee', municipality: { slug: 'suedstadt', name: 'Südstadt' } });
		expect(page.next).not.toBeNull();
		expect(page.categories).toEqual(['Feste', 'Sport']);
	});

	it('shows articles newest first', async () => {
		const page = await read('articles', { limit: 4 });
		expect(page.entries.map((e) => `${e.place.slug}/${e.id}`)).toEqual(['anger/a6', 'chaussee/c2', 'anger/a5', 'berg/b3']);
	});

	it.each([1, 2, 3, 4, 5, 11, 12, 13])('goes through every item exactly once with pages of %i, in both orders', async (limit) => {
		const ascending = await allPages('events', limit);
		expect([...ascending].sort()).toEqual(EVERY);
		expect(new Set(ascending).size).toBe(ascending.length);
		expect(ascending).toEqual((await read('events', { limit: 100 })).entries.map((e) => `${e.place.slug}/${e.id}`));
		const descending = await allPages('articles', limit);
		expect([...descending].sort()).toEqual(EVERY);
		expect(descending).toEqual((await read('articles', { limit: 100 })).entries.map((e) => `${e.place.slug}/${e.id}`));
	});

	it('says there is no next page when the last one is full to the item', async () => {
		const page = await read('events', { limit: 12 });
		expect(page.entries).toHaveLength(12);
		expect(page.next).toBeNull();
	});

	it('looks for events in a window of two weeks first, wider only when the page is not full yet', async () => {
		asked.length = 0;
		await read('events', { limit: 3 });
		expect(new Set(asked.map((a) => a.until))).toEqual(new Set([14 * DAY]));
		asked.length = 0;
		const all = await read('events', { limit: 12 });
		expect(new Set(asked.map((a) => a.until))).toEqual(new Set([14 * DAY, 62 * DAY, undefined]));
		expect(all.entries.at(-1)!.id).toBe('a6');
		asked.length = 0;
		await read('articles', { limit: 3 });
		expect(asked.every((a) => a.until === undefined)).toBe(true);
	});

	it('asks each village as an anonymous visitor, and never a village that has the module off', async () => {
		asked.length = 0;
		await read('events');
		expect(asked.map((a) => a.village).sort()).toEqual(['anger', 'berg', 'chaussee']);
		expect(asked.every((a) => a.actor === null)).toBe(true);
	});

	it('narrows to a municipality, a village, a category — and an unknown place shows nothing', async () => {
		expect(await allPages('events', 3, { municipality: 'suedstadt' })).toEqual(['chaussee/c3', 'chaussee/c1', 'chaussee/c2']);
		expect(await allPages('events', 3, { village: 'berg' })).toEqual(['berg/b1', 'berg/b2', 'berg/b3']);
		expect(await allPages('events', 1, { category: 'Sport' })).toEqual(['anger/a4', 'berg/b3']);
		expect(await allPages('events', 1, { village: 'berg', municipality: 'suedstadt' })).toEqual([]);
		expect(await allPages('events', 5, { village: 'nirgendwo' })).toEqual([]);
		expect(await allPages('events', 5, { village: 'aus' })).toEqual([]);
	});

	it('leaves out a village whose module fails, and shows the others', async () => {
		broken.add('berg');
		try {
			const page = await read('events', { limit: 100 });
			expect(page.entries.map((e) => e.place.slug)).not.toContain('berg');
			expect(page.entries).toHaveLength(9);
		} finally {
			broken.delete('berg');
		}
	});

	it('treats a cursor that is not one as the first page', async () => {
		expect(parseCursor('1.anger')).toBeNull();
		expect(parseCursor('x.anger.a1')).toBeNull();
		expect(parseCursor("2000.anger.a1' or 1=1")).toBeNull();
		expect(parseCursor('2000.anger.a1')).toEqual({ at: 2000, slug: 'anger', id: 'a1' });
		const first = await read('events', { limit: 3 });
		expect((await read('events', { limit: 3, cursor: '__proto__' })).entries).toEqual(first.entries);
	});
});
