// The county admin's view of the job queue (/admin/jobs): how many jobs wait, run, failed and were done,
// the failed and the waiting ones, and what can be done about a failed one (try again, discard).
// Payloads are never shown: mail jobs hold e-mail addresses and texts; a module job shows only its name.
import { MODULES, type AnyModule } from '../../modules/registry.ts';
import type { Localized } from '../../modules/types.ts';
import { audit } from '../audit/audit.ts';
import type { Db } from '../db/index.ts';
import { can, type Actor } from '../policy/index.ts';
import { getRootTenant, type Tenant } from '../tenancy/tenants.ts';
import { MAX_ATTEMPTS } from './queue.ts';

const DAY = 86_400_000;

/** The county (the root tenant) when the actor administers it; only they see the whole installation's jobs. */
export async function administeredCounty(db: Db, actor: Actor): Promise<Tenant | undefined> {
	if (!actor.userId || actor.token) return undefined;
	const root = await getRootTenant(db);
	return root && can(actor, 'tenant.administer', root) ? root : undefined;
}

export interface JobCounts {
	/** queued, due now or later (also those waiting for their next attempt) */
	waiting: number;
	/** taken by a worker right now */
	running: number;
	/** given up after their last attempt */
	failed: number;
	/** done in the last 24 hours */
	doneLastDay: number;
}

/** How many jobs are in each state (each count uses an index). */
export async function countJobs(db: Db, now = Date.now()): Promise<JobCounts> {
	const count = async (q: Promise<{ n: string | number | bigint } | undefined>) => Number((await q)?.n ?? 0);
	const jobs = () => db.selectFrom('jobs').select((eb) => eb.fn.countAll<number>().as('n'));
	const [waiting, running, failed, doneLastDay] = await Promise.all([
		count(jobs().where('doneAt', 'is', null).where((eb) => eb.or([eb('lockedUntil', 'is', null), eb('lockedUntil', '<', now)])).executeTakeFirst()),
		count(jobs().where('doneAt', 'is', null).where('lockedUntil', '>=', now).executeTakeFirst()),
		count(jobs().where('failedAt', 'is not', null).executeTakeFirst()),
		count(jobs().where('doneAt', '>=', now - DAY).where('failedAt', 'is', null).executeTakeFirst())
	]);
	return { waiting, running, failed, doneLastDay };
}

export interface JobView {
	id: string;
	kind: string;
	/** a module job's name or schedule id (never its data) */
	name: string | null;
	isSchedule: boolean;
	villageName: string | null;
	moduleId: string | null;
	/** the installed module's name; null for core jobs and modules that are gone */
	moduleName: Localized | null;
	attempts: number;
	maxAttempts: number;
	/** when it runs (next); null for a failed job */
	runAt: number | null;
	failedAt: number | null;
	lastError: string | null;
	createdAt: number;
}

/** The name inside a module job's payload ({ job } or { schedule }); nothing else of it leaves this function. */
function moduleJobName(kind: string, payload: string): { name: string | null; isSchedule: boolean } {
	if (kind !== 'module') return { name: null, isSchedule: false };
	try {
		const p = JSON.parse(payload) as { job?: unknown; schedule?: unknown };
		if (typeof p.schedule === 'string') return { name: p.schedule.slice(0, 100), isSchedule: true };
		if (typeof p.job === 'string') return { name: p.job.slice(0, 100), isSchedule: false };
	} catch {
		// a broken payload shows no name
	}
	return { name: null, isSchedule: false };
}

/** Failed jobs (newest first) or waiting ones (next first), at most `limit`. */
export async function listJobs(db: Db, args: { state: 'failed' | 'waiting'; limit?: number; now?: number; modules?: readonly AnyModule[] }): Promise<JobView[]> {
	const now = args.now ?? Date.now();
	let q = db
		.selectFrom('jobs')
		.leftJoin('tenants', 'tenants.id', 'jobs.tenantId')
		.select(['jobs.id', 'jobs.kind', 'jobs.payload', 'jobs.moduleId', 'jobs.attempts', 'jobs.runAt', 'jobs.failedAt', 'jobs.lastError', 'jobs.createdAt', 'tenants.name as villageName'])
		.limit(args.limit ?? 50);
	q =
		args.state === 'failed'
			? q.where('jobs.failedAt', 'is not', null).orderBy('jobs.failedAt', 'desc')
			: q
					.where('jobs.doneAt', 'is', null)
					.where((eb) => eb.or([eb('jobs.lockedUntil', 'is', null), eb('jobs.lockedUntil', '<', now)]))
					.orderBy('jobs.runAt');
	const rows = await q.orderBy('jobs.id').execute();
	const modules = args.modules ?? MODULES;
	return rows.map((r) => ({
		id: r.id,
		kind: r.kind,
		...moduleJobName(r.kind, r.payload),
		villageName: r.villageName,
		moduleId: r.moduleId,
		moduleName: modules.find((m) => m.id === r.moduleId)?.name ?? null,
		attempts: Number(r.attempts),
		maxAttempts: MAX_ATTEMPTS,
		runAt: r.failedAt === null ? Number(r.runAt) : null,
		failedAt: r.failedAt === null ? null : Number(r.failedAt),
		lastError: r.lastError,
		createdAt: Number(r.createdAt)
	}));
}

async function changeFailedJob(db: Db, args: { county: Tenant; actor: Actor; jobId: string; ip: string; now?: number; retry: boolean }): Promise<boolean> {
	const now = args.now ?? Date.now();
	return db.transaction().execute(async (trx) => {
		const job = await trx
			.selectFrom('jobs')
			.leftJoin('tenants', 'tenants.id', 'jobs.tenantId')
			.select(['jobs.id', 'jobs.kind', 'jobs.moduleId', 'tenants.name as villageName'])
			.where('jobs.id', '=', args.jobId)
			.where('jobs.failedAt', 'is not', null)
			.executeTakeFirst();
		if (!job) return false;
		const changes = args.retry ? { failedAt: null, doneAt: null, attempts: 0, runAt: now, lockedUntil: null } : { failedAt: null, doneAt: now, lockedUntil: null };
		// the condition on failed_at again: of two admins clicking at once, only one changes the job
		const result = await trx.updateTable('jobs').set(changes).where('id', '=', job.id).where('failedAt', 'is not', null).executeTakeFirst();
		if (Number(result.numUpdatedRows) === 0) return false;
		const data: Record<string, string> = { kind: job.kind };
		if (job.moduleId) data.module = job.moduleId;
		if (job.villageName) data.village = job.villageName;
		await audit(trx, { actorId: args.actor.userId, tenantId: args.county.id, action: args.retry ? 'job.retry' : 'job.discard', targetType: 'job', targetId: job.id, data, ip: args.ip });
		return true;
	});
}

/** Puts a failed job back in the queue, due now, with its attempts reset; audit-logged. false: no such failed job. */
export function retryJob(db: Db, args: { county: Tenant; actor: Actor; jobId: string; ip: string; now?: number }): Promise<boolean> {
	return changeFailedJob(db, { ...args, retry: true });
}

/** Closes a failed job as done without running it again; audit-logged. false: no such failed job. */
export function discardJob(db: Db, args: { county: Tenant; actor: Actor; jobId: string; ip: string; now?: number }): Promise<boolean> {
	return changeFailedJob(db, { ...args, retry: false });
}
