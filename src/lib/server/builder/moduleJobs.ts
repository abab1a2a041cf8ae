// The worker's handler for jobs of kind 'module': a job queued by ctx.schedule({ job }) or a run of a
// recurring schedule (jobs/schedules.ts). It finds the module and the village, checks that the module is still
// switched on there, and runs the module's declared handler with a module context for the village.
//
// Transactions: a module job does NOT run inside one transaction. A job may be an import that fetches a feed
// and writes hundreds of rows; on SQLite one open transaction holds the only connection (and the write lock)
// for its whole duration, so every request of the app would wait for it. Each statement therefore commits on
// its own, and module jobs must be idempotent (they run at least once anyway: a retry after a crash repeats
// the writes that were done). After the run — also after a failed one, whose first writes may have
// committed — the village's content version is bumped if the job wrote to its tables, so cached pages show the
// change; a job that only read (a sweep that found nothing) leaves the cache alone. Realtime events are
// published at once (there is no commit to wait for).
import { z } from 'zod';
import { MODULES, type AnyModule } from '../../modules/registry.ts';
import type { ModuleData } from '../../modules/types.ts';
import { bumpContentVersion } from '../db/contentVersion.ts';
import type { Db } from '../db/index.ts';
import { FinalJobError, type Job } from '../jobs/queue.ts';
import type { JobHandler } from '../jobs/worker.ts';
import { log } from '../log.ts';
import { ANONYMOUS } from '../policy/index.ts';
import type { RealtimeHub } from '../realtime/hub.ts';
import { getTenantById } from '../tenancy/tenants.ts';
import { createModuleContext, type AnyContext } from './moduleContext.ts';
import { readSettings } from './villageModules.ts';

/** What a module job's payload holds: a named job with its data (ctx.schedule), or one slot of a schedule. */
const payloadSchema = z.union([z.object({ job: z.string().min(1).max(100), data: z.unknown() }), z.object({ schedule: z.string().min(1).max(100), slot: z.number().int().nonnegative() })]);

export type ModuleJobPayload = z.infer<typeof payloadSchema>;

/** How a module job ended without an error: it ran, or there was nothing (any more) to run it for. */
export type ModuleJobOutcome = 'ran' | 'module-gone' | 'village-gone' | 'module-off' | 'slot-over';

/**
 * Runs one module job. Resolves with the outcome; throws when the job failed (the worker retries it with
 * back-off) or with FinalJobError when trying again cannot help.
 */
export async function runModuleJob(args: { db: Db; hub: Pick<RealtimeHub, 'publish'>; job: Job; payload: unknown; now?: number; modules?: readonly AnyModule[]; origin?: string }): Promise<ModuleJobOutcome> {
	const { db, job } = args;
	const now = args.now ?? Date.now();
	const where = { jobId: job.id, moduleId: job.moduleId, tenantId: job.tenantId };
	const module = (args.modules ?? MODULES).find((m) => m.id === job.moduleId);
	if (!module) {
		log.info(where, 'module job not run: the module is not installed (any more)');
		return 'module-gone';
	}
	const village = job.tenantId ? await getTenantById(db, job.tenantId) : undefined;
	if (!village || village.kind !== 'village') {
		log.info(where, 'module job not run: the village does not exist (any more)');
		return 'village-gone';
	}
	const row = await db.selectFrom('villageModules').select(['enabledAt', 'settings']).where('tenantId', '=', village.id).where('moduleId', '=', module.id).executeTakeFirst();
	if (!row?.enabledAt) {
		log.info(where, 'module job not run: the module is switched off in the village');
		return 'module-off';
	}

	const parsed = payloadSchema.safeParse(args.payload);
	if (!parsed.success) throw new FinalJobError(`module job payload is not { job, data } or { schedule, slot }`);
	const payload = parsed.data;
	let run: (ctx: AnyContext) => Promise<void>;
	if ('job' in payload) {
		const jobs = module.server.jobs;
		// own names only: "constructor", "__proto__" or "toString" are not jobs
		const handler = jobs && Object.hasOwn(jobs, payload.job) ? jobs[payload.job] : undefined;
		if (typeof handler !== 'function') throw new Error(`module "${module.id}" has no job "${payload.job}"`);
		run = (ctx) => handler(ctx, payload.data);
	} else {
		const schedule = (module.server.schedules ?? []).find((s) => s.id === payload.schedule);
		if (!schedule) throw new Error(`module "${module.id}" has no schedule "${payload.schedule}"`);
		// A run belongs to its time slot. Once the next slot has begun, that slot's run takes over: a run that was
		// queued before a downtime is dropped, and one that keeps failing gives up instead of piling up retries.
		const slotEnd = (payload.slot + 1) * schedule.everyMinutes * 60_000;
		if (now >= slotEnd) {
			if (job.lastError === null) {
				log.info({ ...where, schedule: schedule.id }, 'schedule run not run: its time slot is over, the next run takes over');
				return 'slot-over';
			}
			throw new FinalJobError(`gave up: the next run of schedule "${schedule.id}" has begun. Last error: ${job.lastError}`);
		}
		run = (ctx) => schedule.run(ctx);
	}

	let wrote = false;
	const ctx = createModuleContext({
		db,
		village,
		module,
		settings: readSettings(module, row.settings),
		actor: ANONYMOUS,
		locale: 'de',
		ip: '',
		origin: args.origin,
		publishNow: (topic, event) => void args.hub.publish(topic, event).catch((e: unknown) => log.warn({ ...where, err: String(e) }, 'publish from a module job failed'))
	});
	const data = ctx.data;
	const tracked: ModuleData<Record<string, unknown>> = {
		selectFrom: data.selectFrom.bind(data),
		insertInto: ((...a: Parameters<typeof data.insertInto>) => ((wrote = true), data.insertInto(...a))) as typeof data.insertInto,
		updateTable: ((...a: Parameters<typeof data.updateTable>) => ((wrote = true), data.updateTable(...a))) as typeof data.updateTable,
		deleteFrom: ((...a: Parameters<typeof data.deleteFrom>) => ((wrote = true), data.deleteFrom(...a))) as typeof data.deleteFrom
	};
	try {
		await run({ ...ctx, data: tracked });
	} finally {
		if (wrote) await bumpContentVersion(db, village.id);
	}
	return 'ran';
}

/** The worker's handler for kind 'module'; `modules` defaults to the registry (tests pass their own). */
export function moduleJobHandler(args: { db: Db; hub: Pick<RealtimeHub, 'publish'>; modules?: readonly AnyModule[]; origin?: string }): JobHandler {
	return async (payload, job, now) => {
		await runModuleJob({ ...args, job, payload, now });
	};
}
