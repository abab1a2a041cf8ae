import type { Db, DialectName } from '../db/index.ts';
import { log } from '../log.ts';
import { claimJobs, completeJob, failJob, FinalJobError, type Job } from './queue.ts';

/** Runs one job; `now` is the worker's clock for this round (tests pass their own). */
export type JobHandler = (payload: unknown, job: Job, now: number) => Promise<void>;

/**
 * Claims the jobs due at `now` and runs each with its kind's handler: done on success; on an error retried with
 * back-off, or closed as failed after the last attempt (or at once for a FinalJobError). Returns how many it took.
 */
export async function runDueJobs(args: { db: Db; dialect: DialectName; handlers: Record<string, JobHandler>; now?: number }): Promise<number> {
	const now = args.now ?? Date.now();
	const jobs = await claimJobs(args.db, args.dialect, { limit: 20, leaseMs: 60_000, now });
	for (const job of jobs) {
		const handler = Object.hasOwn(args.handlers, job.kind) ? args.handlers[job.kind] : undefined;
		try {
			if (!handler) throw new Error(`no handler for job kind "${job.kind}"`);
			await handler(JSON.parse(job.payload), job, now);
			await completeJob(args.db, job.id, now);
		} catch (e) {
			log.warn({ jobId: job.id, kind: job.kind, attempt: job.attempts, err: String(e) }, 'job failed');
			await failJob(args.db, job, String(e), { now, final: e instanceof FinalJobError });
		}
	}
	return jobs.length;
}

/**
 * Runs due jobs until stopped: polls every `pollMs`, and at once when kicked after a commit. Delivery is
 * at least once; handlers use the job id as idempotency key where the receiver supports one.
 */
export function startWorker(args: { db: Db; dialect: DialectName; handlers: Record<string, JobHandler>; pollMs?: number }) {
	let timer: NodeJS.Timeout | undefined;
	let running = false;
	let again = false;
	let stopped = false;

	const runOnce = (now?: number) => runDueJobs({ ...args, now });

	async function tick() {
		if (stopped) return;
		if (running) {
			again = true;
			return;
		}
		running = true;
		try {
			do {
				again = false;
				while ((await runOnce()) > 0 && !stopped);
			} while (again && !stopped);
		} catch (e) {
			log.error({ err: String(e) }, 'job worker error');
		} finally {
			running = false;
		}
		if (!stopped) {
			clearTimeout(timer);
			timer = setTimeout(tick, args.pollMs ?? 2000);
		}
	}

	void tick();
	return {
		kick: () => void tick(),
		stop: () => {
			stopped = true;
			clearTimeout(timer);
		},
		runOnce
	};
}
