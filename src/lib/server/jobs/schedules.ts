// Recurring jobs of modules (`schedules` in a module's server): every minute each app instance queues, for
// every schedule and every village that has the module switched on, the run of the current time slot.
//
//   slot  = floor(now / (everyMinutes · 60 000))        slots start at multiples of the period since 1970 (UTC)
//   key   = schedule:<module>:<schedule id>:<village id>:<slot>
//
// The key is unique in the jobs table, so several instances (or two ticks of one) queue each slot once and
// it runs once. Only the current slot is queued: after a downtime nothing is caught up, the next run simply
// comes with the next slot (moduleJobs.ts also drops a queued run whose slot is over).
import { MODULES, type AnyModule } from '../../modules/registry.ts';
import type { Db } from '../db/index.ts';
import { newId } from '../ids.ts';
import { log } from '../log.ts';

/** The number of the time slot `now` falls in, for a schedule every `everyMinutes`. */
export function slotOf(now: number, everyMinutes: number): number {
	return Math.floor(now / (everyMinutes * 60_000));
}

/** The idempotency key of one slot's run of a schedule in a village. */
export function scheduleKey(moduleId: string, scheduleId: string, villageId: string, slot: number): string {
	return `schedule:${moduleId}:${scheduleId}:${villageId}:${slot}`;
}

/** Queues the current slot's run of every schedule in every village that has its module on; returns how many were new. */
export async function enqueueSchedules(args: { db: Db; modules?: readonly AnyModule[]; now?: number }): Promise<number> {
	const { db } = args;
	const now = args.now ?? Date.now();
	const scheduled = (args.modules ?? MODULES).filter((m) => (m.server.schedules ?? []).length > 0);
	if (scheduled.length === 0) return 0;
	const rows = await db
		.selectFrom('villageModules')
		.innerJoin('tenants', 'tenants.id', 'villageModules.tenantId')
		.select(['villageModules.tenantId', 'villageModules.moduleId'])
		.where('villageModules.moduleId', 'in', scheduled.map((m) => m.id))
		.where('villageModules.enabledAt', 'is not', null)
		.where('tenants.kind', '=', 'village')
		.execute();
	const jobs = [];
	for (const module of scheduled) {
		const villages = rows.filter((r) => r.moduleId === module.id).map((r) => r.tenantId);
		for (const schedule of module.server.schedules ?? []) {
			if (!Number.isInteger(schedule.everyMinutes) || schedule.everyMinutes < 1) {
				log.warn({ moduleId: module.id, schedule: schedule.id }, 'schedule skipped: everyMinutes must be a whole number ≥ 1');
				continue;
			}
			const slot = slotOf(now, schedule.everyMinutes);
			const runAt = slot * schedule.everyMinutes * 60_000;
			for (const villageId of villages) {
				const id = newId(now);
				jobs.push({
					id,
					kind: 'module',
					payload: JSON.stringify({ schedule: schedule.id, slot }),
					idempotencyKey: scheduleKey(module.id, schedule.id, villageId, slot),
					runAt,
					lockedUntil: null,
					doneAt: null,
					lastError: null,
					tenantId: villageId,
					moduleId: module.id,
					createdAt: now
				});
			}
		}
	}
	let added = 0;
	// a few hundred rows per statement keeps SQLite well below its limit on bound parameters
	for (let i = 0; i < jobs.length; i += 200) {
		const result = await db
			.insertInto('jobs')
			.values(jobs.slice(i, i + 200))
			.onConflict((oc) => oc.column('idempotencyKey').doNothing())
			.executeTakeFirst();
		added += Number(result.numInsertedOrUpdatedRows ?? 0);
	}
	return added;
}

/**
 * Queues schedule runs now and then every minute (the timer does not keep the process alive); kicks the job
 * worker when something new was queued. `stop()` ends it (on shutdown).
 */
export function startScheduler(args: { db: Db; kick: () => void; modules?: readonly AnyModule[]; everyMs?: number }) {
	let stopped = false;
	const tick = async () => {
		if (stopped) return;
		try {
			if ((await enqueueSchedules(args)) > 0) args.kick();
		} catch (e) {
			log.warn({ err: String(e) }, 'queueing schedule runs failed');
		}
	};
	void tick();
	const timer = setInterval(() => void tick(), args.everyMs ?? 60_000);
	timer.unref();
	return {
		tick,
		stop: () => {
			stopped = true;
			clearInterval(timer);
		}
	};
}
