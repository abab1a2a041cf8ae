// Figure (push): how fast Allmende hands one message to 10,000 subscriptions, against the `web-push` library
// in the same run, both sending to the same local https mock push service (tests/helpers/mockPushService.ts).
// Baseline: web-push's sendNotification, one subscription after the other (awaiting each), as a simple loop
// over the subscriptions does. Ours: the fan-out with bounded concurrency over keep-alive connections.
// Ours is the whole durable path on SQLite: the message queued, its deliveries written, claimed, sent and recorded.
// The mock runs in a child process of its own (this file started with --mock-child), as a real push service is
// another machine: its work is not counted against either sender. It decrypts an even sample of the messages
// (as the browser would); the bench checks them against the sent JSON.
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent } from 'node:https';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import webPush from 'web-push';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateToLatest, openDb } from '../src/lib/server/db/index.ts';
import { newId } from '../src/lib/server/ids.ts';
import { preparePushMessage, startPushFanOut } from '../src/lib/server/push/fanout.ts';
import { messageProgress, queuePushMessage } from '../src/lib/server/push/messages.ts';
import { createPushSender } from '../src/lib/server/push/sender.ts';
import { insertTenant } from '../src/lib/server/tenancy/tenants.ts';
import { createVapidSigner, generateVapidKeys } from '../src/lib/server/push/vapid.ts';
import { startMockPushService, type MockPushService, type MockPushStats, type MockPushSubscription } from '../tests/helpers/mockPushService.ts';

const SUBSCRIPTIONS = 10_000;
/** web-push one by one is slow: it is measured on the first ones only, and rates are compared */
const BASELINE_SUBSCRIPTIONS = 2_000;
const IN_FLIGHT = 64;
/** baseline and ours take turns in this many rounds */
const ROUNDS = 5;
/** share of messages the mock decrypts: enough to catch a broken message, cheap enough not to be the bottleneck */
const DECRYPT_SAMPLE = 0.1;
const MIN_RATIO = 3;
/** the task's port range is 3310–3319; the sender tests use 3310–3314 and 3316 */
const PORT = 3315;
const SUBJECT = 'mailto:push@kreis-soest.example';
const MESSAGE = {
	title: 'Dorffest in Körbecke',
	body: 'Samstag ab 14 Uhr am Dorfgemeinschaftshaus: Kuchen, Musik und die Feuerwehr.',
	url: '/koerbecke/events/dorffest',
	tag: 'event-dorffest'
};
/** one VAPID key pair for both senders, as an installation has one */
const VAPID_KEYS = generateVapidKeys();

export type BenchSubscription = MockPushSubscription & { id: string };
/** What the senders get to know of the push service: where it is and which certificate to trust. */
export type BenchPushService = { origin: string; ca: string | null };

/** The mock in its own process, driven over IPC: one request at a time, answered in order. */
class MockProcess {
	private constructor(
		private child: ChildProcess,
		readonly service: BenchPushService
	) {}

	static async start(): Promise<MockProcess> {
		const child = fork(fileURLToPath(import.meta.url), ['--mock-child'], { execArgv: ['--import', 'tsx'], serialization: 'advanced', stdio: 'inherit' });
		const started = (await MockProcess.ask(child, { type: 'start' })) as BenchPushService;
		return new MockProcess(child, started);
	}

	private static ask(child: ChildProcess, message: object): Promise<unknown> {
		return new Promise((resolve, reject) => {
			const onExit = (code: number | null) => reject(new Error(`mock push service exited (${code})`));
			child.once('exit', onExit);
			child.once('message', (answer) => {
				child.off('exit', onExit);
				resolve(answer);
			});
			child.send(message);
		});
	}

	async subscribe(prefix: string, count: number): Promise<BenchSubscription[]> {
		return (await MockProcess.ask(this.child, { type: 'subscribe', prefix, count })) as BenchSubscription[];
	}

	async stats(): Promise<MockPushStats> {
		return (await MockProcess.ask(this.child, { type: 'stats' })) as MockPushStats;
	}

	async close(): Promise<void> {
		if (this.child.exitCode !== null) return;
		const exited = new Promise((resolve) => this.child.once('exit', resolve));
		this.child.send({ type: 'close' });
		await exited;
	}
}

/** The child's side: a mock push service answering the parent's requests. */
async function serveMockChild(): Promise<void> {
	let mock: MockPushService | null = null;
	// the bench process is gone (finished or killed): do not linger on the port
	process.on('disconnect', () => process.exit(0));
	process.on('message', async (m: { type: string; prefix?: string; count?: number }) => {
		if (m.type === 'start') {
			mock = await startMockPushService({ https: true, port: PORT, decryptSample: DECRYPT_SAMPLE });
			process.send!({ origin: mock.origin, ca: mock.ca });
		} else if (m.type === 'subscribe') {
			const subs = Array.from({ length: m.count! }, (_, i) => ({ id: `${m.prefix}${i}`, ...mock!.newSubscription(`${m.prefix}${i}`) }));
			process.send!(subs);
		} else if (m.type === 'stats') {
			process.send!(mock!.stats());
		} else if (m.type === 'close') {
			await mock?.close();
			process.exit(0);
		}
	});
}

/**
 * Allmende's side of the bench, as a village's message goes out in the running server: a fresh SQLite database
 * (migrated, one village, the subscriptions to its "alerts" topic — set up before the clock starts), then — timed —
 * the message queued as the editor's form queues it, its deliveries prepared as the job does, and the durable
 * fan-out (src/lib/server/push/fanout.ts) run until every delivery is settled and recorded.
 */
export async function allmendeFanOut(subs: BenchSubscription[], mock: BenchPushService): Promise<{ ms: number; messageId: string; sent: number; pending: number }> {
	const dir = mkdtempSync(join(tmpdir(), 'allmende-bench-push-'));
	const { db, dialect } = openDb({ kind: 'sqlite', file: join(dir, 'bench.db') });
	const sender = createPushSender({ vapid: createVapidSigner(VAPID_KEYS, SUBJECT), ca: mock.ca ?? undefined });
	try {
		await migrateToLatest(db);
		const county = await insertTenant(db, { kind: 'county', slug: 'kreis', name: 'Kreis', parent: null });
		const municipality = await insertTenant(db, { kind: 'municipality', slug: 'gemeinde', name: 'Gemeinde', parent: county });
		const village = await insertTenant(db, { kind: 'village', slug: 'koerbecke', name: 'Körbecke', parent: municipality });
		const now = Date.now();
		for (let i = 0; i < subs.length; i += 500) {
			const slice = subs.slice(i, i + 500).map((s) => ({ ...s, rowId: newId(now) }));
			await db.insertInto('pushSubscriptions').values(slice.map((s) => ({ id: s.rowId, tenantId: village.id, endpoint: s.endpoint, p256dh: s.keys.p256dh, auth: s.keys.auth, userId: null, device: '', createdAt: now, updatedAt: now }))).execute();
			await db.insertInto('pushSubscriptionTopics').values(slice.map((s) => ({ subscriptionId: s.rowId, tenantId: village.id, topic: 'alerts' }))).execute();
		}
		const fanOut = startPushFanOut({ db, dialect, send: (r) => sender.send(r), endpointAllow: [mock.origin], concurrency: IN_FLIGHT });

		const started = performance.now();
		const messageId = (await db.transaction().execute((trx) => queuePushMessage(trx, { villageId: village.id, topics: ['alerts'], title: MESSAGE.title, body: MESSAGE.body, url: MESSAGE.url })))!;
		await preparePushMessage(db, messageId);
		while ((await fanOut.runRound()) > 0);
		const ms = performance.now() - started;
		const progress = (await messageProgress(db, village.id, messageId))!;
		return { ms, messageId, sent: progress.sent, pending: progress.pending };
	} finally {
		sender.close();
		await db.destroy();
		rmSync(dir, { recursive: true, force: true });
	}
}

/** The baseline: web-push's sendNotification for each subscription in turn. */
async function webPushOneByOne(subs: BenchSubscription[], mock: BenchPushService): Promise<number> {
	// web-push would use Node's global agent (keep-alive since Node 19); this one is the same plus the mock's CA
	const agent = new Agent({ keepAlive: true, ca: mock.ca ?? undefined });
	const payload = JSON.stringify(MESSAGE);
	let failures = 0;
	try {
		for (const sub of subs) {
			try {
				await webPush.sendNotification({ endpoint: sub.endpoint, keys: sub.keys }, payload, {
					vapidDetails: { subject: SUBJECT, ...VAPID_KEYS },
					TTL: 86_400,
					urgency: 'normal',
					contentEncoding: 'aes128gcm',
					agent
				});
			} catch {
				failures++;
			}
		}
	} finally {
		agent.destroy();
	}
	return failures;
}

/** Per subscription: lost unless exactly one message arrived; sampled messages must decrypt to what was sent. */
function check(stats: MockPushStats, subs: BenchSubscription[], isSent: (json: unknown, sub: BenchSubscription) => boolean): { lost: number; sampled: number; sampleOk: number } {
	const delivered = stats.delivered;
	let lost = 0;
	let sampled = 0;
	let sampleOk = 0;
	for (const sub of subs) {
		const kept = delivered[sub.id] ?? [];
		if (kept.length !== 1) lost++;
		for (const m of kept) {
			if (m.decrypted === null) continue;
			sampled++;
			if (m.decrypted && isSent(m.json, sub)) sampleOk++;
		}
	}
	return { lost, sampled, sampleOk };
}

export async function pushFigures(): Promise<{ ok: boolean; lines: string[] }> {
	const mock = await MockProcess.start();
	try {
		const baselineSubs = await mock.subscribe('w', BASELINE_SUBSCRIPTIONS);
		const subs = await mock.subscribe('a', SUBSCRIPTIONS);
		const baselineChunk = BASELINE_SUBSCRIPTIONS / ROUNDS;
		const oursChunk = SUBSCRIPTIONS / ROUNDS;

		// the two take turns, so a busy spell of the (shared) machine falls on both rather than on one
		let baselineMs = 0;
		let oursMs = 0;
		let baselineFailures = 0;
		let connections = 0;
		let sent = 0;
		// the message each subscription got (one per round: each round is a message of its own)
		const messageOf = new Map<string, string>();
		for (let round = 0; round < ROUNDS; round++) {
			const started = performance.now();
			baselineFailures += await webPushOneByOne(baselineSubs.slice(round * baselineChunk, (round + 1) * baselineChunk), mock.service);
			baselineMs += performance.now() - started;

			const connectionsBefore = (await mock.stats()).connections;
			const chunk = subs.slice(round * oursChunk, (round + 1) * oursChunk);
			const fanOut = await allmendeFanOut(chunk, mock.service);
			oursMs += fanOut.ms;
			sent += fanOut.sent;
			for (const sub of chunk) messageOf.set(sub.id, fanOut.messageId);
			connections = Math.max(connections, (await mock.stats()).connections - connectionsBefore);
		}
		const baselineRate = (BASELINE_SUBSCRIPTIONS / baselineMs) * 1000;
		const oursRate = (SUBSCRIPTIONS / oursMs) * 1000;

		const stats = await mock.stats();
		const baseline = check(stats, baselineSubs, (json) => isDeepStrictEqual(json, MESSAGE));
		// what the service worker gets: the message with its id, its village and its topic
		const ours = check(stats, subs, (json, sub) => isDeepStrictEqual(json, { id: messageOf.get(sub.id), village: { slug: 'koerbecke', name: 'Körbecke' }, topic: 'alerts', title: MESSAGE.title, body: MESSAGE.body, url: MESSAGE.url, at: (json as { at?: unknown }).at }));
		const notSent = subs.length - sent;
		const ratio = oursRate / baselineRate;
		const ok = ours.lost === 0 && baseline.lost === 0 && ours.sampled > 0 && ours.sampleOk === ours.sampled && baseline.sampleOk === baseline.sampled && ratio >= MIN_RATIO;
		const lines = [
			`push baseline: web-push ${webPushVersion()} sendNotification one by one, measured on ${BASELINE_SUBSCRIPTIONS} subscriptions only (rates are compared): ${(baselineMs / 1000).toFixed(2)} s, ${Math.round(baselineRate)}/s, ${baselineFailures} failed, ${baseline.lost} lost, ${baseline.sampleOk}/${baseline.sampled} sampled payloads decrypted to the sent JSON`,
			`push ours: the durable fan-out on SQLite (queue, prepare, send, record), ${IN_FLIGHT} in flight, ${SUBSCRIPTIONS} subscriptions: ${(oursMs / 1000).toFixed(2)} s, ${Math.round(oursRate)}/s, ${notSent} not sent, at most ${connections} TLS connections per round, ${ours.sampleOk}/${ours.sampled} sampled payloads decrypted to the sent JSON`,
			`push: ${ROUNDS} rounds, each web-push on ${baselineChunk} and then ours on ${oursChunk} subscriptions, times added up`,
			`push: ${ratio.toFixed(1)}x web-push, ${Math.round(oursRate)}/s, ${ours.lost} lost`
		];
		if (!ok) lines.splice(3, 0, `push: FAILED (needs 0 lost, every sampled payload decrypted, ratio ≥ ${MIN_RATIO})`);
		return { ok, lines };
	} finally {
		await mock.close();
	}
}

function webPushVersion(): string {
	return (JSON.parse(readFileSync('node_modules/web-push/package.json', 'utf8')) as { version: string }).version;
}

if (process.argv.includes('--mock-child') && process.argv[1] === fileURLToPath(import.meta.url)) await serveMockChild();
