import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { calls, createJobsModuleTable, createVillages, jobsModule, setModule } from '../../../../tests/helpers/jobsModule.ts';
import { createTestDb, type TestDb } from '../../../../tests/helpers/testDb.ts';
import { contentVersion } from '../db/contentVersion.ts';
import { backoffMs, enqueueJob, MAX_ATTEMPTS } from '../jobs/queue.ts';
import { runDueJobs } from '../jobs/worker.ts';
import { ANONYMOUS } from '../policy/index.ts';
import { createLocalHub } from '../realtime/hub.ts';
import type { Tenant } from '../tenancy/tenants.ts';
import { channelTopic } from '../realtime/topics.ts';
import { createModuleContext } from './moduleContext.ts';
import { moduleJobHandler } from './moduleJobs.ts';

let t: TestDb;
let on: Tenant;
let off: Tenant;
const hub = createLocalHub();
const T0 = Date.UTC(2030, 0, 1, 8, 0, 0);

beforeAll(async () => {
	t = await createTestDb();
	await createJobsModuleTable(t.db);
	const villages = await createVillages(t.db, ['mitmodul', 'ohnemodul']);
	on = villages[0]!;
	off = villages[1]!;
	await setModule(t.db, on, 'testjobs', true, { greeting: 'Hallo' });
	await setModule(t.db, off, 'testjobs', false);
});
afterAll(() => t.cleanup());
beforeEach(async () => {
	calls.length = 0;
	await t.db.deleteFrom('jobs').execute();
});

const handlers = () => ({ module: moduleJobHandler({ db: t.db, hub, modules: [jobsModule] }) });
const run = (now = T0) => runDueJobs({ db: t.db, dialect: t.dialect, handlers: handlers(), now });
const queue = (village: Tenant, payload: unknown, moduleId = 'testjobs') => enqueueJob(t.db, { kind: 'module', tenantId: village.id, moduleId, payload, runAt: T0 });
const onlyJob = async () => (await t.db.selectFrom('jobs').selectAll().execute())[0]!;

describe('module jobs that must not run', () => {
	it('completes the job of a switched-off module without running it', async () => {
		await queue(off, { job: 'remember', data: 1 });
		expect(await run()).toBe(1);
		expect(calls).toEqual([]);
		expect(await onlyJob()).toMatchObject({ doneAt: T0, failedAt: null, lastError: null });
	});

	it('completes the job of a module that is not installed (any more) without running it', async () => {
		await queue(on, { job: 'remember', data: 1 }, 'gone');
		await run();
		expect(calls).toEqual([]);
		expect(await onlyJob()).toMatchObject({ doneAt: T0, failedAt: null });
	});

	it('completes the job of a village that is gone without running it', async () => {
		await enqueueJob(t.db, { kind: 'module', tenantId: 'no-such-village', moduleId: 'testjobs', payload: { job: 'remember', data: 1 }, runAt: T0 });
		await run();
		expect(calls).toEqual([]);
		expect(await onlyJob()).toMatchObject({ doneAt: T0, failedAt: null });
	});

	it.each(['nope', 'constructor', '__proto__', 'toString', 'hasOwnProperty'])('does not run the undeclared job "%s": it fails with a clear error', async (name) => {
		await queue(on, { job: name, data: null });
		expect(await run()).toBe(1);
		const job = await onlyJob();
		expect(job.doneAt).toBeNull();
		expect(job.lastError).toContain(`module "testjobs" has no job "${name}"`);
		expect(job.runAt).toBe(T0 + backoffMs(1));
		expect(calls).toEqual([]);
	});

	it('does not run an undeclared schedule', async () => {
		await queue(on, { schedule: 'constructor', slot: 0 });
		await run();
		expect((await onlyJob()).lastError).toContain('has no schedule "constructor"');
	});

	it('closes a job with a payload it cannot read as failed at once', async () => {
		await queue(on, { what: 'ever' });
		await run();
		const job = await onlyJob();
		expect(job.failedAt).toBe(T0);
		expect(job.doneAt).toBe(T0);
		expect(job.lastError).toContain('payload');
	});
});

describe('a failing module job', () => {
	it('is retried with growing back-off and marked failed after the last attempt', async () => {
		await queue(on, { job: 'explode', data: null });
		let now = T0;
		const waits: number[] = [];
		for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
			// not due yet: nothing runs a moment before the back-off is over
			if (attempt > 1) expect(await run(now - 1)).toBe(0);
			expect(await run(now)).toBe(1);
			const job = await onlyJob();
			expect(job.attempts).toBe(attempt);
			expect(job.lastError).toContain('feed unreachable');
			if (attempt < MAX_ATTEMPTS) {
				expect(job.failedAt).toBeNull();
				waits.push(job.runAt - now);
				now = job.runAt;
			} else {
				expect(job.failedAt).toBe(now);
				expect(job.doneAt).toBe(now);
			}
		}
		expect(waits).toEqual(Array.from({ length: MAX_ATTEMPTS - 1 }, (_, i) => backoffMs(i + 1)));
		expect(waits.every((w, i) => i === 0 || w > waits[i - 1]!)).toBe(true);
		// failed for good: no worker takes it again, however late
		expect(await run(now + 365 * 86_400_000)).toBe(0);
	});
});

describe('running module jobs', () => {
	it('runs a declared job with the village, its settings and a system actor (no person, no IP)', async () => {
		await queue(on, { job: 'remember', data: { n: 1 } });
		await run();
		expect(calls).toEqual([`remember {"n":1} Hallo mitmodul actor=null ip=""`]);
		expect(await onlyJob()).toMatchObject({ doneAt: T0, failedAt: null, attempts: 1 });
	});

	it('runs the schedule of the payload', async () => {
		await queue(on, { schedule: 'sweep', slot: Math.floor(T0 / 300_000) });
		await run();
		expect(calls).toEqual(['sweep mitmodul']);
	});

	it("drops a schedule run whose slot is over (queued before a downtime) and gives up a failing one's retries", async () => {
		const slot = Math.floor(T0 / 300_000);
		await queue(on, { schedule: 'sweep', slot: slot - 2 });
		await run();
		expect(calls).toEqual([]);
		expect(await onlyJob()).toMatchObject({ doneAt: T0, failedAt: null });
		await t.db.deleteFrom('jobs').execute();
		await queue(on, { schedule: 'sweep', slot: slot - 1 });
		await t.db.updateTable('jobs').set({ lastError: 'Error: timeout', attempts: 2 }).execute();
		await run();
		const job = await onlyJob();
		expect(calls).toEqual([]);
		expect(job.failedAt).toBe(T0);
		expect(job.lastError).toContain('gave up');
		expect(job.lastError).toContain('timeout');
	});

	it('bumps the content version after a job that wrote, not after one that only read', async () => {
		const before = await contentVersion(t.db, on.id);
		await queue(on, { job: 'read', data: null });
		await run();
		expect(await contentVersion(t.db, on.id)).toBe(before);
		await enqueueJob(t.db, { kind: 'module', tenantId: on.id, moduleId: 'testjobs', payload: { job: 'write', data: null }, runAt: T0 });
		await run();
		expect(await contentVersion(t.db, on.id)).toBe(before + 1);
		// the write is the village's own: stamped with its id
		expect(await t.db.selectFrom('testjobsItems' as never).selectAll().execute()).toEqual([expect.objectContaining({ tenantId: on.id, name: 'importiert' })]);
	});

	it('publishes realtime events at once through the hub', async () => {
		const seen: unknown[] = [];
		const stop = hub.subscribe(channelTopic({ villageId: on.id, moduleId: 'testjobs', channel: 'feed', params: {} }), (e) => seen.push(e));
		await queue(on, { job: 'shout', data: null });
		await run();
		stop();
		expect(seen).toEqual([{ hello: 'world' }]);
	});
});

describe('ctx.schedule', () => {
	it('queues one job for the same key, however often it is called', async () => {
		await queue(on, { job: 'later', data: { x: 1 } });
		await run();
		const rows = await t.db.selectFrom('jobs').selectAll().where('idempotencyKey', 'like', 'module:testjobs:%').execute();
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({ kind: 'module', tenantId: on.id, moduleId: 'testjobs', idempotencyKey: `module:testjobs:${on.id}:remember:once` });
		expect(JSON.parse(rows[0]!.payload)).toEqual({ job: 'remember', data: { x: 1 } });
	});

	it('refuses a job the module does not declare, also names from the prototype', async () => {
		const ctx = createModuleContext({ db: t.db, village: on, module: jobsModule, settings: {}, actor: ANONYMOUS, locale: 'de', ip: '' });
		for (const job of ['nope', 'constructor', '__proto__']) await expect(ctx.schedule({ job })).rejects.toThrow(/has no job/);
		expect(await t.db.selectFrom('jobs').select('id').execute()).toEqual([]);
	});
});
