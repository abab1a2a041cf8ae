import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { jobsModule } from '../../../../tests/helpers/jobsModule.ts';
import { createTestDb, type TestDb } from '../../../../tests/helpers/testDb.ts';
import { getUserByEmail } from '../auth/accounts.ts';
import { loadActor, type Actor } from '../policy/index.ts';
import { seedDemo } from '../seed/demo.ts';
import { getTenantBySlug, type Tenant } from '../tenancy/tenants.ts';
import { administeredCounty, countJobs, discardJob, listJobs, retryJob } from './jobsAdmin.ts';
import { claimJobs, enqueueJob, failJob, MAX_ATTEMPTS } from './queue.ts';

let t: TestDb;
let county: Tenant;
let village: Tenant;
let countyAdmin: Actor;
let villageAdmin: Actor;
const NOW = Date.UTC(2030, 0, 1, 12, 0, 0);

beforeAll(async () => {
	t = await createTestDb();
	await seedDemo(t.db);
	county = (await getTenantBySlug(t.db, 'kreis-soest'))!;
	village = (await getTenantBySlug(t.db, 'altengeseke'))!;
	countyAdmin = await loadActor(t.db, (await getUserByEmail(t.db, 'kreis@example.org'))!.id);
	villageAdmin = await loadActor(t.db, (await getUserByEmail(t.db, 'dorf1@example.org'))!.id);
});
afterAll(() => t.cleanup());
beforeEach(async () => {
	await t.db.deleteFrom('jobs').execute();
});

/** A job that failed for good: every attempt used. */
async function failedJob(args: { kind: string; payload: unknown; tenantId?: string; moduleId?: string; key: string }) {
	await enqueueJob(t.db, { ...args, idempotencyKey: args.key, runAt: NOW - 1000 });
	const job = await t.db.updateTable('jobs').set({ attempts: MAX_ATTEMPTS }).where('idempotencyKey', '=', args.key).returningAll().executeTakeFirstOrThrow();
	await failJob(t.db, job, 'Error: SMTP 554 refused', { now: NOW });
	return job.id;
}

describe('who sees the job queue', () => {
	it('is the county admin only: not a village admin, not anonymous', async () => {
		expect(await administeredCounty(t.db, { userId: null, memberships: [], clubRoles: [] })).toBeUndefined();
		expect(await administeredCounty(t.db, villageAdmin)).toBeUndefined();
		expect((await administeredCounty(t.db, countyAdmin))?.id).toBe(county.id);
	});
});

describe('job overview', () => {
	it('counts waiting, running, failed and recently done jobs', async () => {
		await enqueueJob(t.db, { kind: 'mail', payload: {}, runAt: NOW + 60_000 });
		await enqueueJob(t.db, { kind: 'mail', payload: {}, runAt: NOW - 10 });
		await enqueueJob(t.db, { kind: 'mail', payload: {}, runAt: NOW - 20 });
		await claimJobs(t.db, t.dialect, { limit: 1, leaseMs: 60_000, now: NOW });
		await failedJob({ kind: 'mail', payload: {}, key: 'f1' });
		await t.db.insertInto('jobs').values({ id: 'done-recently', kind: 'mail', payload: '{}', idempotencyKey: 'd1', runAt: NOW, lockedUntil: null, doneAt: NOW - 3_600_000, lastError: null, createdAt: NOW }).execute();
		await t.db.insertInto('jobs').values({ id: 'done-long-ago', kind: 'mail', payload: '{}', idempotencyKey: 'd2', runAt: NOW, lockedUntil: null, doneAt: NOW - 2 * 86_400_000, lastError: null, createdAt: NOW }).execute();
		expect(await countJobs(t.db, NOW)).toEqual({ waiting: 2, running: 1, failed: 1, doneLastDay: 1 });
	});

	it('lists failed and waiting jobs with village and module, never the payload', async () => {
		await failedJob({ kind: 'mail', payload: { to: 'geheim@example.org', subject: 'Ihr Passwort' }, key: 'mail-1' });
		await failedJob({ kind: 'module', payload: { job: 'import', data: { token: 'secret-token' } }, tenantId: village.id, moduleId: 'testjobs', key: 'mod-1' });
		await enqueueJob(t.db, { kind: 'module', payload: { schedule: 'sweep', slot: 1 }, tenantId: village.id, moduleId: 'gone', runAt: NOW + 5000 });
		const failed = await listJobs(t.db, { state: 'failed', now: NOW, modules: [jobsModule] });
		const waiting = await listJobs(t.db, { state: 'waiting', now: NOW, modules: [jobsModule] });
		expect(JSON.stringify([failed, waiting])).not.toMatch(/geheim|Passwort|secret-token/);
		expect(failed).toHaveLength(2);
		expect(failed.find((j) => j.kind === 'module')).toMatchObject({ name: 'import', isSchedule: false, villageName: 'Altengeseke', moduleName: jobsModule.name, attempts: MAX_ATTEMPTS, runAt: null, failedAt: NOW, lastError: 'Error: SMTP 554 refused' });
		expect(failed.find((j) => j.kind === 'mail')).toMatchObject({ name: null, villageName: null, moduleName: null });
		expect(waiting).toEqual([expect.objectContaining({ name: 'sweep', isSchedule: true, moduleId: 'gone', moduleName: null, runAt: NOW + 5000, failedAt: null })]);
	});
});

describe('retry and discard', () => {
	it('act on failed jobs only, and not twice', async () => {
		await enqueueJob(t.db, { kind: 'mail', payload: {}, idempotencyKey: 'waiting' });
		const waiting = (await t.db.selectFrom('jobs').select('id').executeTakeFirstOrThrow()).id;
		expect(await retryJob(t.db, { county, actor: countyAdmin, jobId: waiting, ip: '' })).toBe(false);
		expect(await discardJob(t.db, { county, actor: countyAdmin, jobId: waiting, ip: '' })).toBe(false);
		expect(await retryJob(t.db, { county, actor: countyAdmin, jobId: 'no-such-job', ip: '' })).toBe(false);
		const id = await failedJob({ kind: 'mail', payload: {}, key: 'twice' });
		expect(await retryJob(t.db, { county, actor: countyAdmin, jobId: id, ip: '' })).toBe(true);
		expect(await retryJob(t.db, { county, actor: countyAdmin, jobId: id, ip: '' })).toBe(false);
	});

	it('retry puts the job back in the queue, due now, with fresh attempts; audit-logged', async () => {
		const id = await failedJob({ kind: 'module', payload: { job: 'import', data: null }, tenantId: village.id, moduleId: 'testjobs', key: 'retry-me' });
		expect(await retryJob(t.db, { county, actor: countyAdmin, jobId: id, ip: '10.0.0.1', now: NOW + 5000 })).toBe(true);
		const job = await t.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
		expect(job).toMatchObject({ failedAt: null, doneAt: null, attempts: 0, runAt: NOW + 5000, lockedUntil: null });
		expect((await claimJobs(t.db, t.dialect, { limit: 5, leaseMs: 1000, now: NOW + 5000 })).map((j) => j.id)).toEqual([id]);
		const entry = await t.db.selectFrom('auditLog').selectAll().where('action', '=', 'job.retry').where('targetId', '=', id).executeTakeFirstOrThrow();
		expect(entry).toMatchObject({ actorId: countyAdmin.userId, tenantId: county.id, targetType: 'job', ip: '10.0.0.1' });
		expect(JSON.parse(entry.data)).toEqual({ kind: 'module', module: 'testjobs', village: 'Altengeseke' });
	});

	it('discard closes the job as done without running it again; audit-logged', async () => {
		const id = await failedJob({ kind: 'mail', payload: { to: 'geheim@example.org' }, key: 'discard-me' });
		expect(await discardJob(t.db, { county, actor: countyAdmin, jobId: id, ip: '', now: NOW + 1 })).toBe(true);
		expect(await t.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow()).toMatchObject({ failedAt: null, doneAt: NOW + 1 });
		expect(await claimJobs(t.db, t.dialect, { limit: 5, leaseMs: 1000, now: NOW + 10 * 86_400_000 })).toEqual([]);
		const entry = await t.db.selectFrom('auditLog').selectAll().where('action', '=', 'job.discard').where('targetId', '=', id).executeTakeFirstOrThrow();
		expect(entry.data).not.toContain('geheim');
		expect(await countJobs(t.db, NOW + 2)).toMatchObject({ failed: 0 });
	});
});
