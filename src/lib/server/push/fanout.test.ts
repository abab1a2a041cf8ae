// The durable fan-out with a stand-in sender (no network): which deliveries exist, who gets what once, what a
// push service's answers do, fairness between villages, and taking over after a crash. The sender itself
// (HTTP, encryption, VAPID) has its own tests, and the kill -9 test runs real processes (tests/integration/push*).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../../tests/helpers/testDb.ts';
import { housekeeping } from '../jobs/housekeeping.ts';
import { seedDemo } from '../seed/demo.ts';
import { getTenantBySlug, type Tenant } from '../tenancy/tenants.ts';
import { claimDeliveries, preparePushMessage, retryDelayMs, startPushFanOut } from './fanout.ts';
import { listPushMessages, messageProgress, queuePushMessage } from './messages.ts';
import type { PushRequest, PushResult } from './sender.ts';
import { saveSubscription } from './subscriptions.ts';

let t: TestDb;
let A: Tenant;
let B: Tenant;
const ALLOW = ['http://127.0.0.1:9'];

beforeAll(async () => {
	t = await createTestDb();
	await seedDemo(t.db);
	A = (await getTenantBySlug(t.db, 'altengeseke'))!;
	B = (await getTenantBySlug(t.db, 'koerbecke'))!;
});
afterAll(() => t.cleanup());
beforeEach(async () => {
	await t.db.deleteFrom('pushMessages').execute();
	await t.db.deleteFrom('pushSubscriptions').execute();
	await t.db.deleteFrom('jobs').execute();
});

const endpoint = (name: string) => `http://127.0.0.1:9/push/${name}`;
async function subscribe(village: Tenant, name: string, topics: string[], userId: string | null = null) {
	return saveSubscription(t.db, { villageId: village.id, input: { endpoint: endpoint(name), keys: { p256dh: `p-${name}`, auth: `a-${name}` }, topics }, userId, device: '' });
}
async function message(village: Tenant, topics: string[], title = 'Hallo') {
	const id = (await queuePushMessage(t.db, { villageId: village.id, topics, title, body: 'Text', url: `/${village.slug}/` }))!;
	await preparePushMessage(t.db, id);
	return id;
}

/** A push service stand-in: answers by the endpoint's last path segment, records every request. */
function fakeService(answer: (name: string, request: PushRequest) => PushResult = () => ({ kind: 'sent', status: 201 })) {
	const requests: PushRequest[] = [];
	return {
		requests,
		names: () => requests.map((r) => r.endpoint.split('/').at(-1)!),
		send: async (r: PushRequest) => {
			requests.push(r);
			return answer(r.endpoint.split('/').at(-1)!, r);
		}
	};
}

const fanOut = (send: (r: PushRequest) => Promise<PushResult>, extra: Partial<Parameters<typeof startPushFanOut>[0]> = {}) => startPushFanOut({ db: t.db, dialect: t.dialect, send, endpointAllow: ALLOW, ...extra });
async function drain(f: ReturnType<typeof fanOut>) {
	for (let i = 0; i < 50 && (await f.runRound()) > 0; i++);
}

describe('preparing a message', () => {
	it('gives every subscription of any of its topics one delivery, in its own village only, however often it runs', async () => {
		await subscribe(A, 'both', ['alerts', 'news.important']);
		await subscribe(A, 'alerts-only', ['alerts']);
		await subscribe(A, 'other-topic', ['calendar.reminders']);
		await subscribe(B, 'b-alerts', ['alerts']);
		const id = await message(A, ['alerts', 'news.important']);
		expect(await preparePushMessage(t.db, id)).toBe(2);
		const rows = await t.db.selectFrom('pushDeliveries').innerJoin('pushSubscriptions', 'pushSubscriptions.id', 'pushDeliveries.subscriptionId').select('endpoint').where('messageId', '=', id).orderBy('endpoint').execute();
		expect(rows.map((r) => r.endpoint)).toEqual([endpoint('alerts-only'), endpoint('both')]);
		expect(await messageProgress(t.db, A.id, id)).toMatchObject({ total: 2, pending: 2, sent: 0, state: 'sending' });
		// another village does not see it
		expect(await messageProgress(t.db, B.id, id)).toBeUndefined();
	});

	it('gives a message to some people only their own devices of its topics in its village, and keeps it out of the village’s history', async () => {
		const users = await t.db.selectFrom('users').select(['id', 'email']).execute();
		const dorf1 = users.find((u) => u.email === 'dorf1@example.org')!.id;
		const dorf2 = users.find((u) => u.email === 'dorf2@example.org')!.id;
		await subscribe(A, 'dorf1-phone', ['chat.mentions'], dorf1);
		await subscribe(A, 'dorf1-other-topic', ['alerts'], dorf1);
		await subscribe(A, 'dorf2-phone', ['chat.mentions'], dorf2);
		await subscribe(A, 'anonymous', ['chat.mentions']);
		await subscribe(B, 'dorf1-in-b', ['chat.mentions'], dorf1);
		const id = (await queuePushMessage(t.db, { villageId: A.id, topics: ['chat.mentions'], userIds: [dorf1], title: 'Erwähnt' }))!;
		expect(await preparePushMessage(t.db, id)).toBe(1);
		const rows = await t.db.selectFrom('pushDeliveries').innerJoin('pushSubscriptions', 'pushSubscriptions.id', 'pushDeliveries.subscriptionId').select('endpoint').where('messageId', '=', id).execute();
		expect(rows.map((r) => r.endpoint)).toEqual([endpoint('dorf1-phone')]);
		expect(await listPushMessages(t.db, A.id, { limit: 10 })).toEqual([]);
		// nobody named: nobody gets it (never everyone)
		const none = (await queuePushMessage(t.db, { villageId: A.id, topics: ['chat.mentions'], userIds: [], title: 'Niemand' }))!;
		expect(await preparePushMessage(t.db, none)).toBe(0);
	});

	it('finishes a message that nobody subscribed to at once', async () => {
		await subscribe(B, 'b', ['alerts']);
		const id = await message(A, ['alerts']);
		expect(await messageProgress(t.db, A.id, id)).toEqual({ id, total: 0, sent: 0, failed: 0, gone: 0, pending: 0, state: 'done' });
	});

	it('is queued, not prepared, until its job ran', async () => {
		await subscribe(A, 'x', ['alerts']);
		const id = (await queuePushMessage(t.db, { villageId: A.id, topics: ['alerts'], title: 'Später' }))!;
		expect(await messageProgress(t.db, A.id, id)).toMatchObject({ state: 'queued', total: 0 });
		const jobs = await t.db.selectFrom('jobs').select(['kind', 'payload']).execute();
		expect(jobs).toEqual([{ kind: 'push.prepare', payload: JSON.stringify({ messageId: id }) }]);
	});

	it('queues a message with a key once', async () => {
		expect(await queuePushMessage(t.db, { villageId: A.id, topics: ['alerts'], title: 'Einmal', key: 'k1' })).not.toBeNull();
		expect(await queuePushMessage(t.db, { villageId: A.id, topics: ['alerts'], title: 'Zweimal', key: 'k1' })).toBeNull();
		// the same key in another village is another message
		expect(await queuePushMessage(t.db, { villageId: B.id, topics: ['alerts'], title: 'Dort', key: 'k1' })).not.toBeNull();
		expect(await t.db.selectFrom('pushMessages').select('title').where('tenantId', '=', A.id).execute()).toEqual([{ title: 'Einmal' }]);
	});
});

describe('sending', () => {
	it('sends each delivery once, with the message as payload, and records the figures when done', async () => {
		for (const n of ['s1', 's2', 's3']) await subscribe(A, n, ['alerts']);
		const id = await message(A, ['alerts'], 'Wasserrohrbruch');
		const service = fakeService();
		await drain(fanOut(service.send));
		expect(service.names().sort()).toEqual(['s1', 's2', 's3']);
		const payload = JSON.parse(service.requests[0]!.payload) as Record<string, unknown>;
		expect(payload).toMatchObject({ id, title: 'Wasserrohrbruch', body: 'Text', url: '/altengeseke/', topic: 'alerts', village: { slug: 'altengeseke', name: 'Altengeseke' } });
		// the RFC 8030 Topic is the message's own: a resend replaces a copy the push service still holds
		expect(service.requests.every((r) => r.topic === id.replaceAll('-', ''))).toBe(true);
		expect(await messageProgress(t.db, A.id, id)).toEqual({ id, total: 3, sent: 3, failed: 0, gone: 0, pending: 0, state: 'done' });
		// nothing is sent again
		await drain(fanOut(service.send));
		expect(service.requests).toHaveLength(3);
	});

	it('deletes a subscription its push service says is gone (404, 410), with its other open deliveries', async () => {
		await subscribe(A, 'alive', ['alerts']);
		await subscribe(A, 'dead', ['alerts']);
		const first = await message(A, ['alerts']);
		const second = await message(A, ['alerts']);
		const service = fakeService((name) => (name === 'dead' ? { kind: 'gone', status: 410 } : { kind: 'sent', status: 201 }));
		await drain(fanOut(service.send, { batchSize: 2, concurrency: 1 }));
		expect(await t.db.selectFrom('pushSubscriptions').select('endpoint').execute()).toEqual([{ endpoint: endpoint('alive') }]);
		expect(service.names().filter((n) => n === 'dead')).toHaveLength(1);
		for (const id of [first, second]) expect(await messageProgress(t.db, A.id, id)).toMatchObject({ sent: 1, gone: 1, pending: 0, state: 'done' });
	});

	it('gives up after the last attempt on errors that may pass, and at once on a refusal', async () => {
		await subscribe(A, 'flaky', ['alerts']);
		await subscribe(A, 'refused', ['alerts']);
		const id = await message(A, ['alerts']);
		let clock = Date.now();
		const service = fakeService((name) => (name === 'flaky' ? { kind: 'retry', status: 503, retryAfterMs: null, error: 'HTTP 503' } : { kind: 'failed', status: 400, error: 'bad request' }));
		const f = fanOut(service.send, { maxAttempts: 3, now: () => clock });
		await f.runRound();
		const flaky = () => t.db.selectFrom('pushDeliveries').innerJoin('pushSubscriptions', 'pushSubscriptions.id', 'subscriptionId').select(['state', 'attempts', 'nextAt', 'lastStatus']).where('endpoint', '=', endpoint('flaky')).executeTakeFirstOrThrow();
		expect(await flaky()).toMatchObject({ state: 'pending', attempts: 1, lastStatus: 503, nextAt: clock + retryDelayMs(1) });
		// not due yet: nothing happens
		expect(await f.runRound()).toBe(0);
		for (let i = 0; i < 2; i++) {
			clock += retryDelayMs(3) + 1;
			await f.runRound();
		}
		expect(await flaky()).toMatchObject({ state: 'failed', attempts: 3 });
		expect(service.names().filter((n) => n === 'refused')).toHaveLength(1);
		expect(await messageProgress(t.db, A.id, id)).toMatchObject({ failed: 2, sent: 0, pending: 0, state: 'done' });
	});

	it('waits as long as a push service asks (429 Retry-After) and does not knock again before', async () => {
		for (const n of ['r1', 'r2', 'r3', 'r4']) await subscribe(A, n, ['alerts']);
		const id = await message(A, ['alerts']);
		let clock = Date.now();
		let busy = true;
		const service = fakeService(() => (busy ? { kind: 'retry', status: 429, retryAfterMs: 120_000, error: 'HTTP 429' } : { kind: 'sent', status: 201 }));
		const f = fanOut(service.send, { concurrency: 1, now: () => clock });
		await f.runRound();
		// the first answer paused the service: the other three were not sent at all, and count no attempt
		expect(service.requests).toHaveLength(1);
		const rows = await t.db.selectFrom('pushDeliveries').select(['state', 'attempts', 'nextAt']).where('messageId', '=', id).execute();
		expect(rows.every((r) => r.state === 'pending' && r.nextAt >= clock + 120_000)).toBe(true);
		expect(rows.map((r) => r.attempts).sort()).toEqual([0, 0, 0, 1]);
		clock += 60_000;
		expect(await f.runRound()).toBe(0);
		clock += 61_000;
		busy = false;
		await drain(f);
		expect(await messageProgress(t.db, A.id, id)).toMatchObject({ sent: 4, failed: 0, state: 'done' });
	});

	it('refuses to send to an endpoint that is no longer allowed', async () => {
		await subscribe(A, 'x', ['alerts']);
		const id = await message(A, ['alerts']);
		const service = fakeService();
		await drain(fanOut(service.send, { endpointAllow: [] }));
		expect(service.requests).toHaveLength(0);
		expect(await messageProgress(t.db, A.id, id)).toMatchObject({ failed: 1, state: 'done' });
	});
});

describe('fairness and crashes', () => {
	it('gives a small village its share in the first round although a big one queued first', async () => {
		for (let i = 0; i < 120; i++) await subscribe(A, `a${i}`, ['alerts']);
		for (let i = 0; i < 5; i++) await subscribe(B, `b${i}`, ['alerts']);
		await message(A, ['alerts']);
		await message(B, ['alerts']);
		const claimed = await claimDeliveries(t.db, t.dialect, { now: Date.now() + 1, limit: 40, leaseMs: 30_000 });
		expect(claimed).toHaveLength(40);
		expect(claimed.filter((c) => c.tenantId === B.id)).toHaveLength(5);
	});

	it('sends what a dead process had claimed, and nothing it had already recorded', async () => {
		for (let i = 0; i < 10; i++) await subscribe(A, `c${i}`, ['alerts']);
		const id = await message(A, ['alerts']);
		// a first process sends four and records them, then claims the rest and dies before sending
		const before = fakeService();
		await fanOut(before.send, { batchSize: 4 }).runRound();
		const claimedByTheDead = await claimDeliveries(t.db, t.dialect, { now: Date.now(), limit: 100, leaseMs: 30_000 });
		expect(claimedByTheDead).toHaveLength(6);
		// the next process takes them over: SQLite at its start, PostgreSQL once the lease ran out
		const after = fakeService();
		const late = Date.now() + 31_000;
		const f = fanOut(after.send, t.dialect === 'postgres' ? { now: () => late } : {});
		if (t.dialect === 'sqlite') {
			await f.start();
			await f.idle();
			await f.stop();
		} else {
			// before the lease ends nothing is taken (another instance may still be sending them)
			expect(await fanOut(after.send).runRound()).toBe(0);
			await drain(f);
		}
		expect(after.requests).toHaveLength(6);
		const all = [...before.names(), ...after.names()].sort();
		expect(all).toEqual(Array.from({ length: 10 }, (_, i) => `c${i}`).sort());
		expect(await messageProgress(t.db, A.id, id)).toMatchObject({ sent: 10, pending: 0, state: 'done' });
	});
});

describe('housekeeping', () => {
	it('deletes a settled message’s deliveries after a month and the message after a year', async () => {
		await subscribe(A, 'h', ['alerts']);
		const day = 86_400_000;
		const now = Date.now();
		const old = await message(A, ['alerts'], 'Vor 31 Tagen');
		const recent = await message(A, ['alerts'], 'Vor 29 Tagen');
		const ancient = await message(A, ['alerts'], 'Vor einem Jahr');
		await drain(fanOut(fakeService().send));
		await t.db.updateTable('pushMessages').set({ finishedAt: now - 31 * day }).where('id', '=', old).execute();
		await t.db.updateTable('pushMessages').set({ finishedAt: now - 29 * day }).where('id', '=', recent).execute();
		await t.db.updateTable('pushMessages').set({ createdAt: now - 366 * day, finishedAt: now - 366 * day }).where('id', '=', ancient).execute();
		expect(await housekeeping(t.db, now)).toMatchObject({ pushMessages: 1 });
		const left = await t.db.selectFrom('pushDeliveries').select('messageId').execute();
		expect(left.map((r) => r.messageId)).toEqual([recent]);
		// the figures stay on the message
		expect(await messageProgress(t.db, A.id, old)).toMatchObject({ sent: 1, total: 1, state: 'done' });
		expect(await messageProgress(t.db, A.id, ancient)).toBeUndefined();
	});
});
