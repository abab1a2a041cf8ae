// Which publications of the news are pushed to which topics, and once: the rules of push.ts with a context that
// records what it is asked to push (the core's side — outbox, keys, fan-out — has its own tests).
import { describe, expect, it } from 'vitest';
import type { ModuleContext } from '../../server/moduleApi.ts';
import { pushPublication } from './push.ts';

const DAY = 86_400_000;
const now = Date.UTC(2026, 10, 30, 9);

function recorder() {
	const pushed: Parameters<ModuleContext['push']>[0][] = [];
	const ctx = { village: { slug: 'koerbecke' }, push: async (m: Parameters<ModuleContext['push']>[0]) => (pushed.push(m), 'id') } as unknown as ModuleContext;
	return { ctx, pushed };
}
const article = (importantUntil: number | null) => ({ id: 'a1', title: 'Straßensperrung', teaser: 'Die Hauptstraße ist gesperrt.', importantUntil });

describe('pushing the news', () => {
	it('pushes nothing for an article that was published before and did not become important', async () => {
		const { ctx, pushed } = recorder();
		expect(await pushPublication(ctx, article(null), { published: true, important: false }, now)).toBeNull();
		expect(await pushPublication(ctx, article(now + DAY), { published: true, important: true }, now)).toBeNull();
		// an importance that ended already counts as none
		expect(await pushPublication(ctx, article(now - 1), { published: true, important: false }, now)).toBeNull();
		expect(pushed).toEqual([]);
	});

	it('pushes a new article to "Neue Artikel" once (its key), for a day', async () => {
		const { ctx, pushed } = recorder();
		await pushPublication(ctx, article(null), { published: false, important: false }, now);
		expect(pushed).toEqual([{ topics: ['articles'], title: 'Straßensperrung', body: 'Die Hauptstraße ist gesperrt.', url: '/koerbecke/news/article/a1', urgency: 'normal', ttl: 86_400, key: 'article:a1' }]);
	});

	it('pushes an important announcement to both topics with high urgency, kept until it ends', async () => {
		const { ctx, pushed } = recorder();
		await pushPublication(ctx, article(now + 2 * DAY), { published: false, important: false }, now);
		expect(pushed[0]).toMatchObject({ topics: ['important', 'articles'], urgency: 'high', ttl: 2 * 86_400, key: 'article:a1' });
	});

	it('pushes an article that becomes important later to "Wichtige Mitteilungen" only, under its own key', async () => {
		const { ctx, pushed } = recorder();
		await pushPublication(ctx, article(now + DAY), { published: true, important: false }, now);
		expect(pushed[0]).toMatchObject({ topics: ['important'], urgency: 'high', key: 'important:a1' });
	});

	it('keeps a long announcement at the push service four weeks at most', async () => {
		const { ctx, pushed } = recorder();
		await pushPublication(ctx, article(now + 60 * DAY), { published: false, important: false }, now);
		expect(pushed[0]!.ttl).toBe(28 * 86_400);
	});
});
