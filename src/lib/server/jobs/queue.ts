import { sql } from 'kysely';
import type { Db, DialectName } from '../db/index.ts';
import type { Selectable } from 'kysely';
import type { JobsTable } from '../db/types.ts';
import { newId } from '../ids.ts';

export type Job = Selectable<JobsTable>;

/**
 * Queues a job. Call it with the transaction that makes the change the job is about (outbox): the job
 * exists exactly when the change does. A second job with the same idempotency key is ignored.
 */
export async function enqueueJob(db: Db, args: { kind: string; payload: unknown; idempotencyKey?: string; runAt?: number; tenantId?: string; moduleId?: string }): Promise<void> {
	const now = Date.now();
	const id = newId(now);
	await db
		.insertInto('jobs')
		.values({ id, kind: args.kind, payload: JSON.stringify(args.payload), idempotencyKey: args.idempotencyKey ?? id, runAt: args.runAt ?? now, lockedUntil: null, doneAt: null, lastError: null, tenantId: args.tenantId ?? null, moduleId: args.moduleId ?? null, createdAt: now })
		.onConflict((oc) => oc.column('idempotencyKey').doNothing())
		.execute();
}

/**
 * Claims up to `limit` due jobs for `leaseMs`. PostgreSQL: FOR UPDATE SKIP LOCKED, so several app
 * instances never take the same job. SQLite: one writer at a time, so the plain update is already exclusive.
 */
export async function claimJobs(db: Db, dialect: DialectName, args: { limit: number; leaseMs: number; now?: number }): Promise<Job[]> {
	const now = args.now ?? Date.now();
	const lockedUntil = now + args.leaseMs;
	const due = db
		.selectFrom('jobs')
		.select('id')
		.where('doneAt', 'is', null)
		.where('runAt', '<=', now)
		.where((eb) => eb.or([eb('lockedUntil', 'is', null), eb('lockedUntil', '<', now)]))
		.orderBy('runAt')
		.limit(args.limit);
	const ids = dialect === 'postgres' ? due.forUpdate().skipLocked() : due;
	return db
		.updateTable('jobs')
		.set({ lockedUntil, attempts: sql<number>`attempts + 1` })
		.where('id', 'in', ids)
		.returningAll()
		.execute();
}

export async function completeJob(db: Db, id: string, now = Date.now()): Promise<void> {
	await db.updateTable('jobs').set({ doneAt: now, lockedUntil: null }).where('id', '=', id).execute();
}

export const MAX_ATTEMPTS = 8;

/** The wait before the next attempt after `attempts` failed ones: 20 s, 40 s, 80 s … (about 42 minutes in all). */
export function backoffMs(attempts: number): number {
	return 10_000 * 2 ** attempts;
}

/** Thrown by a handler when trying again cannot help: the job is closed as failed at once. */
export class FinalJobError extends Error {}

/**
 * Schedules a retry with exponential back-off. After MAX_ATTEMPTS (or with `final`) the job is closed with its
 * last error: done_at and failed_at are set, so no worker takes it again and the county admin sees it (/admin/jobs).
 */
export async function failJob(db: Db, job: Job, error: string, opts: { now?: number; final?: boolean } = {}): Promise<void> {
	const now = opts.now ?? Date.now();
	const giveUp = opts.final === true || job.attempts >= MAX_ATTEMPTS;
	await db
		.updateTable('jobs')
		.set({ lastError: error.slice(0, 2000), lockedUntil: null, runAt: giveUp ? job.runAt : now + backoffMs(job.attempts), doneAt: giveUp ? now : null, failedAt: giveUp ? now : null })
		.where('id', '=', job.id)
		.execute();
}
