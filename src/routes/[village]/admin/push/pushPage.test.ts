// The page's reads are bound to the village: another village's subscriptions, messages and ids are never counted,
// found or listed; the history pages without losing or repeating a message.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../../../tests/helpers/testDb.ts';
import { newId } from '../../../../lib/server/ids.ts';
import { preparePushMessage } from '../../../../lib/server/push/fanout.ts';
import { queuePushMessage } from '../../../../lib/server/push/messages.ts';
import { seedDemo } from '../../../../lib/server/seed/demo.ts';
import type { Tenant } from '../../../../lib/server/tenancy/tenants.ts';
import { historyPage, sentMessage, subscriberCounts } from './pushPage.ts';

let t: TestDb;
let A: Tenant;
let B: Tenant;

beforeAll(async () => {
	t = await createTestDb();
	const { villages } = await seedDemo(t.db);
	A = villages['altengeseke']!;
	B = villages['koerbecke']!;
});
afterAll(() => t.cleanup());

/** A subscribed device, written as saveSubscription writes it. */
async function device(village: Tenant, topics: string[]): Promise<string> {
	const id = newId();
	const now = Date.now();
	await t.db.insertInto('pushSubscriptions').values({ id, tenantId: village.id, endpoint: `https://fcm.googleapis.com/fcm/send/${id}`, p256dh: 'p', auth: 'a', userId: null, device: '', createdAt: now, updatedAt: now }).execute();
	await t.db.insertInto('pushSubscriptionTopics').values(topics.map((topic) => ({ subscriptionId: id, tenantId: village.id, topic }))).execute();
	return id;
}

const send = (village: Tenant, title: string, at: number) => queuePushMessage(t.db, { villageId: village.id, topics: ['alerts'], title }, at).then((id) => id!);

describe('subscriberCounts', () => {
	it('counts nothing where nobody subscribed, and never the devices of another village', async () => {
		expect(await subscriberCounts(t.db, A.id)).toEqual({});
		await device(B, ['alerts', 'news.important']);
		expect(await subscriberCounts(t.db, A.id)).toEqual({});
	});

	it('counts the devices of each topic of the village', async () => {
		await device(A, ['alerts']);
		await device(A, ['alerts', 'news.important']);
		expect(await subscriberCounts(t.db, A.id)).toEqual({ alerts: 2, 'news.important': 1 });
		expect(await subscriberCounts(t.db, B.id)).toEqual({ alerts: 1, 'news.important': 1 });
	});
});

describe('sentMessage', () => {
	it('finds no message of another village, and looks up no id that is not one', async () => {
		const inB = await send(B, 'Nur für Körbecke', Date.now());
		expect(await sentMessage(t.db, A.id, inB)).toBeUndefined();
		expect(await sentMessage(t.db, A.id, newId())).toBeUndefined();
		for (const bad of ['', "x' or 1=1 --", 'a'.repeat(65), '../../etc']) expect(await sentMessage(t.db, A.id, bad)).toBeUndefined();
		expect((await sentMessage(t.db, B.id, inB))?.title).toBe('Nur für Körbecke');
	});

	it('says queued before the devices are counted, then the figures of each state', async () => {
		const id = await send(A, 'Wasserrohrbruch', Date.now());
		expect(await sentMessage(t.db, A.id, id)).toMatchObject({ id, title: 'Wasserrohrbruch', topics: ['alerts'], state: 'queued', total: 0 });
		expect(await preparePushMessage(t.db, id)).toBe(2);
		expect(await sentMessage(t.db, A.id, id)).toMatchObject({ state: 'sending', total: 2, sent: 0, pending: 2 });
		const [first] = await t.db.selectFrom('pushDeliveries').select('id').where('messageId', '=', id).execute();
		await t.db.updateTable('pushDeliveries').set({ state: 'sent' }).where('id', '=', first!.id).execute();
		expect(await sentMessage(t.db, A.id, id)).toMatchObject({ state: 'sending', total: 2, sent: 1, failed: 0, gone: 0, pending: 1 });
	});
});

describe('historyPage', () => {
	it("lists only the village's messages, newest first", async () => {
		const c = await freshVillage();
		const base = Date.parse('2026-03-01T10:00:00Z');
		await send(c, 'Erste', base);
		await send(c, 'Zweite', base + 1000);
		await send(A, 'Nicht hier', base + 500);
		const page = await historyPage(t.db, c.id);
		expect(page.entries.map((e) => e.title)).toEqual(['Zweite', 'Erste']);
		expect(page.older).toBeNull();
	});

	it('pages by time without losing or repeating messages queued in the same millisecond', async () => {
		const c = await freshVillage();
		const base = Date.parse('2026-03-02T10:00:00Z');
		// newest first: 5 at different times, then three at one millisecond across the first page's end
		for (let i = 0; i < 5; i++) await send(c, `M${9 - i}`, base + 100 - i);
		for (const title of ['G1', 'G2', 'G3']) await send(c, title, base);
		await send(c, 'Alt', base - 50);
		const seen: string[] = [];
		let before: number | undefined;
		for (let pages = 0; pages < 10; pages++) {
			const page = await historyPage(t.db, c.id, before, 6);
			expect(page.entries.length).toBeLessThanOrEqual(6);
			seen.push(...page.entries.map((e) => e.title));
			if (page.older === null) break;
			before = page.older;
		}
		expect(seen.slice(0, 5)).toEqual(['M9', 'M8', 'M7', 'M6', 'M5']);
		expect(seen.slice(5, 8).sort()).toEqual(['G1', 'G2', 'G3']);
		expect(seen.slice(8)).toEqual(['Alt']);
	});
});

/** A village of its own for the history tests (the demo's villages get messages from the tests above). */
async function freshVillage(): Promise<Tenant> {
	const rows = await t.db.selectFrom('tenants').selectAll().where('kind', '=', 'village').where('id', 'not in', [A.id, B.id]).orderBy('slug').execute();
	const used = await t.db.selectFrom('pushMessages').select('tenantId').distinct().execute();
	return rows.find((r) => !used.some((u) => u.tenantId === r.id)) as unknown as Tenant;
}
