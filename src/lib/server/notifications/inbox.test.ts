import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../../tests/helpers/testDb.ts';
import { createUser } from '../auth/accounts.ts';
import { newId } from '../ids.ts';
import { listNotifications, markAllRead, markRead, unreadCount } from './inbox.ts';
import { notify } from './notify.ts';

let t: TestDb;
let anna: string;
let bernd: string;
let annasId: string;

beforeAll(async () => {
	t = await createTestDb();
	anna = (await createUser(t.db, { email: 'anna@example.org', password: 'passwort passwort', displayName: 'Anna', verified: true })).id;
	bernd = (await createUser(t.db, { email: 'bernd@example.org', password: 'passwort passwort', displayName: 'Bernd', verified: true })).id;
	await notify(t.db, { userIds: [anna, bernd], tenantId: null, moduleId: null, kind: 'test', title: 'Für beide', url: '/koerbecke/' });
	annasId = (await listNotifications(t.db, anna)).items[0]!.id;
});
afterAll(() => t.cleanup());

describe("another person's notifications", () => {
	it('cannot be marked read, and stay unread', async () => {
		const bernds = (await listNotifications(t.db, bernd)).items[0]!;
		expect(await markRead(t.db, anna, bernds.id)).toBeUndefined();
		expect(await unreadCount(t.db, bernd)).toBe(1);
		expect((await listNotifications(t.db, bernd)).items[0]!.readAt).toBeNull();
	});

	it('are never listed or counted', async () => {
		await notify(t.db, { userIds: [bernd], tenantId: null, moduleId: null, kind: 'test', title: 'Nur für Bernd' });
		expect((await listNotifications(t.db, anna)).items.map((n) => n.title)).toEqual(['Für beide']);
		expect(await unreadCount(t.db, anna)).toBe(1);
		expect(await unreadCount(t.db, bernd)).toBe(2);
	});

	it('are not touched by "mark all as read"', async () => {
		await notify(t.db, { userIds: [anna], tenantId: null, moduleId: null, kind: 'test', title: 'Zweite für Anna' });
		expect(await markAllRead(t.db, anna)).toBe(2);
		expect(await unreadCount(t.db, anna)).toBe(0);
		expect(await unreadCount(t.db, bernd)).toBe(2);
		expect(await markAllRead(t.db, anna)).toBe(0);
	});
});

describe('own notifications', () => {
	it('an unknown id is not found', async () => {
		expect(await markRead(t.db, anna, 'no-such-id')).toBeUndefined();
	});

	it('marking read returns the link and keeps the first time it was read', async () => {
		const before = (await listNotifications(t.db, anna)).items.find((n) => n.id === annasId)!;
		expect(await markRead(t.db, anna, annasId, 1)).toEqual({ url: '/koerbecke/' });
		expect((await listNotifications(t.db, anna)).items.find((n) => n.id === annasId)!.readAt).toBe(before.readAt);
	});

	it('lists newest first with the village name, and pages by cursor without gaps or repeats', async () => {
		const village = await t.db
			.insertInto('tenants')
			.values({ id: newId(), parentId: null, kind: 'village', slug: 'seitendorf', name: 'Seitendorf', path: '/x/', host: null, logoUrl: null, colorPrimary: null, colorAccent: null, description: '', contentVersion: 0, appVersion: 0, createdAt: 0, updatedAt: 0 })
			.returning('id')
			.executeTakeFirstOrThrow();
		const user = (await createUser(t.db, { email: 'viele@example.org', password: 'passwort passwort', displayName: 'Viele', verified: true })).id;
		// 25 notifications, some in the same millisecond
		const base = Date.UTC(2030, 0, 1);
		for (let i = 0; i < 25; i++) {
			const at = base + Math.floor(i / 3) * 1000;
			await t.db.insertInto('notifications').values({ id: newId(at), userId: user, tenantId: village.id, moduleId: 'links', kind: 'test', title: `N${i}`, body: '', url: null, readAt: null, createdAt: at }).execute();
		}
		const first = await listNotifications(t.db, user, { limit: 10 });
		expect(first.items).toHaveLength(10);
		expect(first.items[0]).toMatchObject({ villageName: 'Seitendorf', villageSlug: 'seitendorf' });
		const second = await listNotifications(t.db, user, { limit: 10, before: first.next! });
		const third = await listNotifications(t.db, user, { limit: 10, before: second.next! });
		expect(third.items).toHaveLength(5);
		expect(third.next).toBeNull();
		const all = [...first.items, ...second.items, ...third.items];
		expect(new Set(all.map((n) => n.id)).size).toBe(25);
		const times = all.map((n) => n.createdAt);
		expect(times).toEqual([...times].sort((a, b) => b - a));
		// a broken cursor starts at the newest
		expect((await listNotifications(t.db, user, { limit: 3, before: "1' OR 1=1" })).items.map((n) => n.title)).toEqual(first.items.slice(0, 3).map((n) => n.title));
	});
});
