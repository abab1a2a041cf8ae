import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { calls, createJobsModuleTable, createVillages, jobsModule, setModule } from '../../../../tests/helpers/jobsModule.ts';
import { createTestDb, type TestDb } from '../../../../tests/helpers/testDb.ts';
import type { AnyModule } from '../../modules/registry.ts';
import { moduleJobHandler } from '../builder/moduleJobs.ts';
import { openDb } from '../db/index.ts';
import { createLocalHub } from '../realtime/hub.ts';
import type { Tenant } from '../tenancy/tenants.ts';
import { enqueueSchedules, scheduleKey, slotOf } from './schedules.ts';
import { runDueJobs } from './worker.ts';

let t: TestDb;
let a: Tenant;
let b: Tenant;
let off: Tenant;
const FIVE = 5 * 60_000;
// 08:02 on a day: inside the slot that began at 08:00
const T0 = Date.UTC(2030, 0, 1, 8, 2, 0);
const SLOT = Math.floor(T0 / FIVE);

beforeAll(async () => {
	t = await createTestDb();
	await createJobsModuleTable(t.db);
	const villages = await createVillages(t.db, ['erstdorf', 'zweitdorf', 'ausdorf']);
	[a, b, off] = [villages[0]!, villages[1]!, villages[2]!];
	await setModule(t.db, a, 'testjobs', true);
	await setModule(t.db, b, 'testjobs', true);
	await setModule(t.db, off, 'testjobs', false);
});
afterAll(() => t.cleanup());
beforeEach(async () => {
	calls.length = 0;
	await t.db.deleteFrom('jobs').execute();
});

const modules = [jobsModule];
const scheduleJobs = () => t.db.selectFrom('jobs').selectAll().where('idempotencyKey', 'like', 'schedule:%').orderBy('idempotencyKey').execute();

describe('schedule slots', () => {
	it('numbers slots from 1970 in steps of the period', () => {
		expect(slotOf(T0, 5)).toBe(SLOT);
		expect(slotOf(SLOT * FIVE, 5)).toBe(SLOT);
		expect(slotOf(SLOT * FIVE - 1, 5)).toBe(SLOT - 1);
	});
});

describe('enqueueSchedules', () => {
	it('queues nothing for modules without schedules and villages that have the module off', async () => {
		const plain = { ...jobsModule, server: { ...jobsModule.server, schedules: [] } } as AnyModule;
		expect(await enqueueSchedules({ db: t.db, modules: [plain], now: T0 })).toBe(0);
		await enqueueSchedules({ db: t.db, modules, now: T0 });
		expect((await scheduleJobs()).map((j) => j.tenantId)).not.toContain(off.id);
	});

	it("skips a schedule with a period that is not a whole number of minutes ≥ 1", async () => {
		const broken = { ...jobsModule, server: { ...jobsModule.server, schedules: [{ id: 'never', everyMinutes: 0, run: async () => {} }] } } as AnyModule;
		expect(await enqueueSchedules({ db: t.db, modules: [broken], now: T0 })).toBe(0);
	});

	it('queues one run per village for the current slot, due at the start of the slot', async () => {
		expect(await enqueueSchedules({ db: t.db, modules, now: T0 })).toBe(2);
		const jobs = await scheduleJobs();
		expect(jobs.map((j) => j.idempotencyKey).sort()).toEqual([scheduleKey('testjobs', 'sweep', a.id, SLOT), scheduleKey('testjobs', 'sweep', b.id, SLOT)].sort());
		for (const job of jobs) {
			expect(job).toMatchObject({ kind: 'module', moduleId: 'testjobs', runAt: SLOT * FIVE, doneAt: null });
			expect(JSON.parse(job.payload)).toEqual({ schedule: 'sweep', slot: SLOT });
		}
	});

	it('queues each slot once, however often it is called within the slot', async () => {
		expect(await enqueueSchedules({ db: t.db, modules, now: T0 })).toBe(2);
		expect(await enqueueSchedules({ db: t.db, modules, now: T0 + 60_000 })).toBe(0);
		expect(await enqueueSchedules({ db: t.db, modules, now: SLOT * FIVE + FIVE - 1 })).toBe(0);
		expect(await scheduleJobs()).toHaveLength(2);
		// the next slot is a new run
		expect(await enqueueSchedules({ db: t.db, modules, now: (SLOT + 1) * FIVE })).toBe(2);
		expect(await scheduleJobs()).toHaveLength(4);
	});

	it('queues each slot once when two instances call at the same moment', async () => {
		// a second connection pool to the same database stands for a second app instance (PostgreSQL);
		// SQLite in memory has one connection, which the two calls share
		const second = t.dialect === 'postgres' ? openDb({ kind: 'postgres', url: t.url }).db : t.db;
		try {
			const results = await Promise.all([
				enqueueSchedules({ db: t.db, modules, now: T0 }),
				enqueueSchedules({ db: second, modules, now: T0 + 1 }),
				enqueueSchedules({ db: t.db, modules, now: T0 + 2 }),
				enqueueSchedules({ db: second, modules, now: T0 + 3 })
			]);
			expect(results.reduce((s, n) => s + n, 0)).toBe(2);
			expect(await scheduleJobs()).toHaveLength(2);
		} finally {
			if (second !== t.db) await second.destroy();
		}
	});

	it('does not catch up after a downtime: only the current slot is queued', async () => {
		await enqueueSchedules({ db: t.db, modules, now: T0 });
		const muchLater = T0 + 3 * 86_400_000 + 90_000;
		expect(await enqueueSchedules({ db: t.db, modules, now: muchLater })).toBe(2);
		const slots = (await scheduleJobs()).map((j) => (JSON.parse(j.payload) as { slot: number }).slot);
		expect([...new Set(slots)].sort()).toEqual([SLOT, slotOf(muchLater, 5)]);
	});

	it('runs each queued slot exactly once, and the run left over from before the downtime not at all', async () => {
		const hub = createLocalHub();
		const handlers = { module: moduleJobHandler({ db: t.db, hub, modules }) };
		await enqueueSchedules({ db: t.db, modules, now: T0 });
		const later = T0 + 86_400_000;
		await enqueueSchedules({ db: t.db, modules, now: later });
		await enqueueSchedules({ db: t.db, modules, now: later + 1000 });
		await runDueJobs({ db: t.db, dialect: t.dialect, handlers, now: later + 2000 });
		await runDueJobs({ db: t.db, dialect: t.dialect, handlers, now: later + 3000 });
		expect(calls.sort()).toEqual(['sweep erstdorf', 'sweep zweitdorf']);
		const jobs = await scheduleJobs();
		expect(jobs.every((j) => j.doneAt !== null && j.failedAt === null)).toBe(true);
	});
});
