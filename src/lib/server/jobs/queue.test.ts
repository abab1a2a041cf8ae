import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../../tests/helpers/testDb.ts';
import { claimJobs, enqueueJob, MAX_ATTEMPTS } from './queue.ts';
import { runDueJobs, startWorker } from './worker.ts';

let t: TestDb;
beforeAll(async () => {
	t = await createTestDb();
});
afterAll(() => t.cleanup());

describe('job queue', () => {
	it('ignores a second job with the same idempotency key', async () => {
		await enqueueJob(t.db, { kind: 'k', payload: { n: 1 }, idempotencyKey: 'same' });
		await enqueueJob(t.db, { kind: 'k', payload: { n: 2 }, idempotencyKey: 'same' });
		const rows = await t.db.selectFrom('jobs').select('payload').where('idempotencyKey', '=', 'same').execute();
		expect(rows.map((r) => JSON.parse(r.payload))).toEqual([{ n: 1 }]);
	});

	it('does not hand out a claimed job again while its lease runs', async () => {
		const first = await claimJobs(t.db, t.dialect, { limit: 10, leaseMs: 60_000 });
		expect(first.length).toBeGreaterThan(0);
		expect(await claimJobs(t.db, t.dialect, { limit: 10, leaseMs: 60_000 })).toEqual([]);
		// after the lease, a crashed worker's job is taken again (at least once)
		const again = await claimJobs(t.db, t.dialect, { limit: 10, leaseMs: 60_000, now: Date.now() + 61_000 });
		expect(again.map((j) => j.id)).toEqual(first.map((j) => j.id));
		await t.db.deleteFrom('jobs').execute();
	});

	it('retries a failing job later and completes a succeeding one', async () => {
		await enqueueJob(t.db, { kind: 'fails', payload: {} });
		await enqueueJob(t.db, { kind: 'works', payload: { hello: 'world' } });
		const seen: unknown[] = [];
		const worker = startWorker({
			db: t.db,
			dialect: t.dialect,
			pollMs: 60_000,
			handlers: {
				fails: async () => {
					throw new Error('smtp down');
				},
				works: async (payload) => {
					seen.push(payload);
				}
			}
		});
		const deadline = Date.now() + 5000;
		let rows = await t.db.selectFrom('jobs').selectAll().execute();
		while (Date.now() < deadline && !rows.every((r) => r.doneAt !== null || r.lastError !== null)) {
			await new Promise((r) => setTimeout(r, 20));
			rows = await t.db.selectFrom('jobs').selectAll().execute();
		}
		worker.stop();
		const fails = rows.find((r) => r.kind === 'fails')!;
		const works = rows.find((r) => r.kind === 'works')!;
		expect(seen).toEqual([{ hello: 'world' }]);
		expect(works.doneAt).not.toBeNull();
		expect(fails.doneAt).toBeNull();
		expect(fails.lastError).toContain('smtp down');
		expect(fails.runAt).toBeGreaterThan(Date.now());
		await t.db.deleteFrom('jobs').execute();
	});

	it('retries a job that keeps failing with growing back-off, then closes it as failed and never takes it again (defect 9: retries untested)', async () => {
		await t.db.deleteFrom('jobs').execute();
		const t0 = Date.now();
		await enqueueJob(t.db, { kind: 'always-fails', payload: {}, runAt: t0 });
		const handlers = {
			'always-fails': async () => {
				throw new Error('smtp down');
			}
		};
		const job = () => t.db.selectFrom('jobs').selectAll().where('kind', '=', 'always-fails').executeTakeFirstOrThrow();
		const waits: number[] = [];
		let now = t0;
		for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
			expect(await runDueJobs({ db: t.db, dialect: t.dialect, handlers, now })).toBe(1);
			const row = await job();
			expect(row.attempts).toBe(attempt);
			expect(row.lastError).toContain('smtp down');
			if (attempt === MAX_ATTEMPTS) break;
			expect(row.doneAt).toBeNull();
			expect(row.failedAt).toBeNull();
			waits.push(row.runAt - now);
			// not due one millisecond before the retry time, due at it
			expect(await runDueJobs({ db: t.db, dialect: t.dialect, handlers, now: row.runAt - 1 })).toBe(0);
			now = row.runAt;
		}
		// 20 s, 40 s, 80 s … doubling each time (about 42 minutes in all for 8 attempts)
		expect(MAX_ATTEMPTS).toBe(8);
		expect(waits).toEqual([20, 40, 80, 160, 320, 640, 1280].map((s) => s * 1000));
		const closed = await job();
		expect(closed.doneAt).toBe(now);
		expect(closed.failedAt).toBe(now);
		expect(closed.lockedUntil).toBeNull();
		// a closed job is not claimed again, not even much later or after a lease would have run out
		for (const later of [now, now + 61_000, now + 86_400_000 * 30]) {
			expect(await runDueJobs({ db: t.db, dialect: t.dialect, handlers, now: later })).toBe(0);
			expect(await claimJobs(t.db, t.dialect, { limit: 10, leaseMs: 60_000, now: later })).toEqual([]);
		}
		expect((await job()).attempts).toBe(MAX_ATTEMPTS);
	});
});
