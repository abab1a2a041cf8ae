import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../../tests/helpers/testDb.ts';
import { createUser } from '../auth/accounts.ts';
import { createSession } from '../auth/sessions.ts';
import { hitRateLimit } from '../auth/rateLimit.ts';
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
});
