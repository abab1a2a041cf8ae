import type { Db, DialectName } from '../db/index.ts';
import { log } from '../log.ts';
import { claimJobs, completeJob, failJob, type Job } from './queue.ts';

export type JobHandler = (payload: unknown, job: Job) => Promise<void>;

/**
 * Runs due jobs until stopped: polls every `pollMs`, and at once when kicked after a commit. Delivery is
 * at least once; handlers use the job id as idempotency key where the receiver supports one.
 */
export function startWorker(args: { db: Db; dialect: DialectName; handlers: Record<string, JobHandler>; pollMs?: number }) {
	let timer: NodeJS.Timeout | undefined;
	let running = false;
	let again = false;
	let stopped = false;

	async function runOnce(): Promise<number> {
		const jobs = await claimJobs(args.db, args.dialect, { limit: 20, leaseMs: 60_000 });
		for (const job of jobs) {
			const handler = args.handlers[job.kind];
			try {
				if (!handler) throw new Error(`no handler for job kind "${job.kind}"`);
				await handler(JSON.parse(job.payload), job);
				await completeJob(args.db, job.id);
			} catch (e) {
				log.warn({ jobId: job.id, kind: job.kind, err: String(e) }, 'job failed');
				await failJob(args.db, job, String(e));
			}
		}
		return jobs.length;
	}

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
