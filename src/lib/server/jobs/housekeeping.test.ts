import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../../tests/helpers/testDb.ts';
import { createUser } from '../auth/accounts.ts';
import { createSession } from '../auth/sessions.ts';
import { hitRateLimit } from '../auth/rateLimit.ts';
import { newId } from '../ids.ts';
import { housekeeping } from './housekeeping.ts';

let t: TestDb;
beforeAll(async () => {
	t = await createTestDb();
});
afterAll(() => t.cleanup());

describe('housekeeping', () => {
	it('keeps what is still in use and deletes what has ended', async () => {
		const user = await createUser(t.db, { email: 'hk@example.org', password: 'passwort passwort', displayName: 'H', verified: true });
		await createSession(t.db, { userId: user.id, policy: { idleMs: 1000, absoluteMs: 60_000 }, ip: '1.2.3.4', userAgent: 'x', host: 'localhost:3000' });
		await hitRateLimit(t.db, { key: 'ip:1.2.3.4', limit: 10, windowMs: 60_000 });
		const now = Date.now();
		expect(await housekeeping(t.db, now)).toMatchObject({ sessions: 0, rateLimits: 0 });
		expect(await housekeeping(t.db, now + 2 * 86_400_000)).toMatchObject({ sessions: 1, rateLimits: 1 });
		expect(await t.db.selectFrom('sessions').select('id').execute()).toEqual([]);
	});

	it('deletes done jobs after 30 days, failed jobs after 90, and keeps open ones', async () => {
		const now = Date.UTC(2030, 0, 1);
		const DAY = 86_400_000;
		const job = (key: string, doneAt: number | null, failedAt: number | null) => ({ id: newId(), kind: 'mail', payload: '{}', idempotencyKey: key, runAt: 0, lockedUntil: null, doneAt, lastError: null, failedAt, createdAt: 0 });
		await t.db
			.insertInto('jobs')
			.values([job('open', null, null), job('done-29', now - 29 * DAY, null), job('done-31', now - 31 * DAY, null), job('failed-31', now - 31 * DAY, now - 31 * DAY), job('failed-91', now - 91 * DAY, now - 91 * DAY)])
			.execute();
		expect(await housekeeping(t.db, now)).toMatchObject({ jobs: 1, failedJobs: 1 });
		const left = (await t.db.selectFrom('jobs').select('idempotencyKey').execute()).map((r) => r.idempotencyKey).sort();
		expect(left).toEqual(['done-29', 'failed-31', 'open']);
	});

	it('deletes read notifications after 90 days and unread ones after a year', async () => {
		const now = Date.UTC(2030, 0, 1);
		const DAY = 86_400_000;
		const user = await createUser(t.db, { email: 'hk-n@example.org', password: 'passwort passwort', displayName: 'N', verified: true });
		const n = (title: string, createdAt: number, readAt: number | null) => ({ id: newId(), userId: user.id, tenantId: null, moduleId: null, kind: 'test', title, body: '', url: null, readAt, createdAt });
		await t.db
			.insertInto('notifications')
			.values([n('read-89', now - 200 * DAY, now - 89 * DAY), n('read-91', now - 91 * DAY, now - 91 * DAY), n('unread-364', now - 364 * DAY, null), n('unread-366', now - 366 * DAY, null)])
			.execute();
		expect(await housekeeping(t.db, now)).toMatchObject({ readNotifications: 1, unreadNotifications: 1 });
		const left = (await t.db.selectFrom('notifications').select('title').where('userId', '=', user.id).execute()).map((r) => r.title).sort();
		expect(left).toEqual(['read-89', 'unread-364']);
	});
});
