// Figure (chat, issue 13): how many chat messages per second Allmende delivers to 2,000 WebSocket clients in
// 20 rooms with every message persisted, against a plain Socket.IO broadcast server (no persistence, no checks)
// under the same load in the same run; then a reconnect storm against Allmende.
//
// Set-up, before any clock starts:
// - Allmende: the built app (`npm run build`) as `npm start` runs it, in a child process pinned to core 0
//   (`taskset -c 0`), on a fresh SQLite database in a temp dir. The bench seeds that database itself before the
//   server starts: the demo county (Körbecke has the chat on), 20 rooms in Körbecke, 2,000 users who are members
//   of Körbecke (the senders are moderators: the chat's per-person limit of at most 120 a minute does not bind
//   them) and one session each (the cookie the sockets send). The per-address and per-socket limits of the
//   server are raised in its environment: all 2,000 clients come from 127.0.0.1.
// - Socket.IO: this file started with --sio-child, pinned to the same core: `join` puts a socket into a room,
//   `post` broadcasts the message to the room and acknowledges it. Nothing is stored or checked.
// - The load generator is this process, pinned to core 1: 2,000 clients (`ws` for Allmende, `socket.io-client`
//   for the baseline), 100 per room, each subscribed to its room; 5 per room also send.
//
// Measured, per send rate (messages/s over all rooms, stepped up until a step fails): deliveries/s (events
// received by all clients), latency from send to receive (the sender's timestamp is in the message body) p50/p99,
// lost (an acknowledged message that did not reach every client of its room) and duplicated (a client got the
// same message twice). A step passes when p99 ≤ 100 ms, every message could be sent (no sender had 8 actions
// waiting) and at least 97 % of the expected deliveries arrived within the step. The figure compared is the
// deliveries/s of each side's best passing step.
// Then the reconnect storm: while messages flow, every Allmende client drops its socket and reconnects within
// 2 s, resuming its room with `after` = the last rev it saw; counted: resumed, lost, duplicated.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Server as SocketIoServer } from 'socket.io';
import { io as socketIoClient, type Socket as SocketIoSocket } from 'socket.io-client';
import WebSocket from 'ws';
import { migrateToLatest, openDb, type Db } from '../src/lib/server/db/index.ts';
import { hashSecret, newId, newSecret } from '../src/lib/server/ids.ts';
import { moduleData } from '../src/lib/server/builder/moduleContext.ts';
import { getModule } from '../src/lib/modules/registry.ts';
import { seedDemo } from '../src/lib/server/seed/demo.ts';
import { getTenantBySlug } from '../src/lib/server/tenancy/tenants.ts';
import { sleep, startChild, waitFor, type Child } from './child.ts';

/** the brief's port range is 3320–3329 */
const ALLMENDE_PORT = 3320;
const SOCKET_IO_PORT = 3321;
const HOST = `127.0.0.1:${ALLMENDE_PORT}`;
const ROOMS = 20;
const PER_ROOM = 100;
const CLIENTS = ROOMS * PER_ROOM;
const SENDERS_PER_ROOM = 5;
/** total send rates tried, messages per second over all rooms, until one fails */
const RATES = [25, 50, 100, 150, 200, 300, 450, 650, 900, 1200, 1600, 2100, 2800, 3600];
/** before the steps: this rate for this long, not counted, so that both servers' code is compiled (JIT) */
const WARM_UP = { rate: 25, ms: 3000 };
const STEP_MS = 3000;
/** after a step: time for the last messages to arrive before the next step starts */
const DRAIN_MS = 3000;
const P99_LIMIT_MS = 100;
/** a step falls behind when fewer than this share of the expected deliveries arrived within it */
const ON_TIME_SHARE = 0.97;
/** the issue's goal */
const GOAL_RATIO = 1.5;
/** actions per Allmende socket whose result has not come yet: the server refuses the 9th (docs/REALTIME.md) */
const MAX_IN_FLIGHT = 8;
/** the reconnect storm: messages flow for this long; every client drops and is back within STORM_SPREAD_MS */
const STORM_MS = 6000;
const STORM_SPREAD_MS = 2000;
/** a client gives up reconnecting after this many failed attempts */
const RECONNECT_ATTEMPTS = 8;
/** room for this many messages in the bookkeeping (a bit per client and message) */
const MAX_MESSAGES = 1 << 17;
/** latency histogram: buckets of 0.1 ms up to 10 s, and one for everything later */
const BUCKETS = 100_000;

// ---------------------------------------------------------------------------------------------------------------
// Bookkeeping shared by both sides: every message gets a number n (in its body, with the send time); every client
// keeps a bit per n, so that a second copy is a duplicate and the count per n tells whether all got it.

class Tracker {
	readonly roomOf = new Uint8Array(MAX_MESSAGES);
	readonly stepOf = new Uint8Array(MAX_MESSAGES);
	/** 1 once the server acknowledged the message (Allmende: the result after commit) */
	readonly acked = new Uint8Array(MAX_MESSAGES);
	/** 1 once the send ended, acknowledged or not */
	readonly settled = new Uint8Array(MAX_MESSAGES);
	readonly receivers = new Uint16Array(MAX_MESSAGES);
	private readonly seen: Uint8Array[] = Array.from({ length: CLIENTS }, () => new Uint8Array(MAX_MESSAGES / 8));
	readonly histograms: Uint32Array[] = [];
	next = 1;
	deliveries = 0;
	duplicates = 0;
	/** events whose body did not carry our number (should not happen) */
	strange = 0;

	/** A new message number for a send in `step` to `room`; null when the bookkeeping is full. */
	allocate(step: number, room: number): number | null {
		if (this.next >= MAX_MESSAGES) return null;
		const n = this.next++;
		this.stepOf[n] = step;
		this.roomOf[n] = room;
		return n;
	}

	histogram(step: number): Uint32Array {
		while (this.histograms.length <= step) this.histograms.push(new Uint32Array(BUCKETS + 1));
		return this.histograms[step]!;
	}

	/** Client `client` received the message whose body is `body`. */
	receive(client: number, body: string): void {
		const now = performance.now();
		const match = /n=(\d+) t=([\d.]+)/.exec(body);
		if (!match) {
			this.strange++;
			return;
		}
		const n = Number(match[1]);
		const bits = this.seen[client]!;
		const mask = 1 << (n & 7);
		if (bits[n >> 3]! & mask) {
			this.duplicates++;
			return;
		}
		bits[n >> 3]! |= mask;
		this.receivers[n]!++;
		this.deliveries++;
		const ms = now - Number(match[2]);
		this.histogram(this.stepOf[n]!)[Math.min(BUCKETS, Math.max(0, Math.floor(ms * 10)))]!++;
	}

	/** Acknowledged messages numbered from..to-1 that did not reach every client of their room. */
	lost(from: number, to: number): number {
		let lost = 0;
		for (let n = from; n < to; n++) if (this.acked[n] && this.receivers[n]! < PER_ROOM) lost++;
		return lost;
	}

	/** Messages from..to-1 whose send ended and which reached every client of their room (or were refused). */
	complete(from: number, to: number): boolean {
		for (let n = from; n < to; n++) {
			if (!this.settled[n]) return false;
			if (this.acked[n] && this.receivers[n]! < PER_ROOM) return false;
		}
		return true;
	}
}

function percentile(hist: Uint32Array, p: number): number {
	let total = 0;
	for (const c of hist) total += c;
	if (total === 0) return NaN;
	const want = Math.ceil(total * p);
	let sum = 0;
	for (let i = 0; i < hist.length; i++) {
		sum += hist[i]!;
		if (sum >= want) return (i + 1) / 10;
	}
	return Infinity;
}

const body = (n: number) => `bench n=${n} t=${performance.now().toFixed(3)}`;

/** What the load generator needs of a client, whichever server it talks to. */
interface BenchClient {
	readonly index: number;
	readonly room: number;
	/** Sends message n now; false (nothing sent) when the socket is down or has too many sends waiting. */
	trySend(n: number): boolean;
	close(): void;
}

// ---------------------------------------------------------------------------------------------------------------
// Allmende's clients: one `ws` socket each with its session cookie, subscribed to `chat:room` with `after`.

interface StormCounts {
	resumed: number;
	resyncs: number;
	refused: number;
	/** attempts that failed and were tried again */
	retries: number;
	/** why attempts failed, counted */
	reasons: Map<string, number>;
}

class AllmendeClient implements BenchClient {
	private ws: WebSocket | null = null;
	private pending = new Map<string, number>();
	private refSeq = 0;
	/** the highest rev seen in the room: where a resume starts */
	lastRev = 0;
	private up = false;
	errors = new Map<string, number>();

	constructor(
		readonly index: number,
		readonly room: number,
		private readonly roomId: string,
		private readonly token: string,
		private readonly tracker: Tracker,
		private readonly storm: StormCounts
	) {}

	/** Opens the socket and subscribes to the room (resuming after lastRev); resolves on `subscribed`. */
	connect(): Promise<void> {
		return new Promise((resolve, reject) => {
			const ws = new WebSocket(`ws://${HOST}/ws`, { headers: { cookie: `allmende_session=${this.token}` }, perMessageDeflate: false });
			this.ws = ws;
			let subscribed = false;
			ws.on('error', (e) => {
				if (!subscribed) reject(e);
			});
			ws.on('close', () => {
				if (!subscribed) reject(new Error(`socket ${this.index} closed before subscribed`));
				// a socket this client dropped already has been replaced by a new one
				if (this.ws === ws) this.forget();
			});
			ws.on('message', (raw) => {
				if (this.ws !== ws) return;
				const m = JSON.parse(raw.toString()) as { type: string; ref?: string; ok?: boolean; code?: string; event?: { rev?: number; message?: { html?: string } } };
				if (m.type === 'event') {
					const rev = m.event?.rev ?? 0;
					if (rev > this.lastRev) this.lastRev = rev;
					this.tracker.receive(this.index, m.event?.message?.html ?? '');
				} else if (m.type === 'result') {
					const n = this.pending.get(m.ref!);
					if (n === undefined) return;
					this.pending.delete(m.ref!);
					this.tracker.settled[n] = 1;
					if (m.ok) this.tracker.acked[n] = 1;
					else this.count(`result ${m.code}`);
				} else if (m.type === 'welcome') {
					ws.send(JSON.stringify({ type: 'subscribe', id: 'room', channel: 'chat:room', village: 'koerbecke', params: { roomId: this.roomId }, after: this.lastRev }));
				} else if (m.type === 'subscribed') {
					subscribed = true;
					this.up = true;
					resolve();
				} else if (m.type === 'resync') {
					this.storm.resyncs++;
				} else if (m.type === 'error') {
					this.count(`error ${m.code}`);
					if (!subscribed) reject(new Error(`subscribe refused: ${m.code}`));
				}
			});
		});
	}

	private count(what: string) {
		this.errors.set(what, (this.errors.get(what) ?? 0) + 1);
	}

	trySend(n: number): boolean {
		if (!this.up || this.pending.size >= MAX_IN_FLIGHT) return false;
		const ref = `s${++this.refSeq}`;
		this.pending.set(ref, n);
		this.ws!.send(JSON.stringify({ type: 'action', ref, village: 'koerbecke', module: 'chat', action: 'post', input: { roomId: this.roomId, body: body(n) } }));
		return true;
	}

	/** The socket is gone: a send whose result did not come is not acknowledged (whether it was written is unknown). */
	private forget(): void {
		this.up = false;
		for (const n of this.pending.values()) this.tracker.settled[n] = 1;
		this.pending.clear();
	}

	/** Drops the connection as a phone losing its network does: no close handshake. */
	drop(): void {
		this.forget();
		this.ws?.terminate();
	}

	close(): void {
		this.drop();
	}
}

// ---------------------------------------------------------------------------------------------------------------
// The baseline's clients: socket.io-client over WebSocket only, `join` the room, `post` with an acknowledgement.

class SocketIoClient implements BenchClient {
	private socket: SocketIoSocket | null = null;
	private inFlight = 0;

	constructor(
		readonly index: number,
		readonly room: number,
		private readonly tracker: Tracker
	) {}

	connect(): Promise<void> {
		return new Promise((resolve, reject) => {
			const socket = socketIoClient(`http://127.0.0.1:${SOCKET_IO_PORT}`, { transports: ['websocket'], forceNew: true, reconnection: false });
			this.socket = socket;
			socket.on('connect_error', reject);
			socket.on('message', (m: { body: string }) => this.tracker.receive(this.index, m.body));
			socket.on('connect', () => socket.emit('join', `room-${this.room}`, () => resolve()));
		});
	}

	trySend(n: number): boolean {
		if (!this.socket?.connected || this.inFlight >= MAX_IN_FLIGHT) return false;
		this.inFlight++;
		this.socket.emit('post', { room: `room-${this.room}`, body: body(n) }, () => {
			this.inFlight--;
			this.tracker.settled[n] = 1;
			this.tracker.acked[n] = 1;
		});
		return true;
	}

	close(): void {
		this.socket?.disconnect();
	}
}

/** The Socket.IO server (this file with --sio-child): rooms and broadcast, nothing else. */
function serveSocketIo(port: number): void {
	const io = new SocketIoServer(port, { transports: ['websocket'], serveClient: false, perMessageDeflate: false });
	io.on('connection', (socket) => {
		socket.on('join', (room: string, ack: () => void) => {
			void socket.join(room);
			ack();
		});
		socket.on('post', (m: { room: string; body: string }, ack: (a: { id: string }) => void) => {
			const id = newId();
			io.to(m.room).emit('message', { id, room: m.room, body: m.body, at: Date.now() });
			ack({ id });
		});
	});
	process.on('SIGTERM', () => io.close(() => process.exit(0)));
	console.log('ready');
}

// ---------------------------------------------------------------------------------------------------------------
// The servers as child processes on core 0.

/** The bench's own database: the demo county, 20 rooms in Körbecke, the users with their sessions. */
async function seedAllmende(db: Db): Promise<{ roomIds: string[]; tokens: string[] }> {
	await migrateToLatest(db);
	await seedDemo(db);
	const village = (await getTenantBySlug(db, 'koerbecke'))!;
	const chat = getModule('chat')!;
	const data = moduleData(db, village, chat, false) as unknown as Db;
	const now = Date.now();
	const roomIds: string[] = [];
	for (let r = 0; r < ROOMS; r++) {
		const id = newId();
		roomIds.push(id);
		await (data as unknown as { insertInto: (t: string) => { values: (v: object) => { execute: () => Promise<unknown> } } })
			.insertInto('chatRooms')
			.values({ id, name: `Bench ${r + 1}`, slug: `bench-${r + 1}`, description: '', rules: '', kind: 'open', clubId: null, archivedAt: null, lockedAt: null, holdNewAccounts: 0, lastSeq: 0, lastRev: 0, createdBy: null, createdAt: now, updatedAt: now })
			.execute();
	}
	const tokens: string[] = [];
	await db.transaction().execute(async (trx) => {
		for (let i = 0; i < CLIENTS; i += 500) {
			const users = [];
			const memberships = [];
			const sessions = [];
			for (let j = i; j < Math.min(CLIENTS, i + 500); j++) {
				const userId = newId();
				const token = newSecret();
				tokens.push(token);
				users.push({ id: userId, email: `bench${j}@example.org`, emailVerifiedAt: now, passwordHash: '!', displayName: `Bench ${j}`, locale: 'de', createdAt: now, updatedAt: now });
				memberships.push({ id: newId(), tenantId: village.id, userId, role: isSender(j) ? ('moderator' as const) : ('member' as const), createdAt: now });
				sessions.push({ id: hashSecret(token), userId, createdAt: now, lastSeenAt: now, expiresAt: now + 86_400_000, ip: '127.0.0.1', userAgent: 'bench', host: HOST });
			}
			await trx.insertInto('users').values(users).execute();
			await trx.insertInto('memberships').values(memberships).execute();
			await trx.insertInto('sessions').values(sessions).execute();
		}
	});
	return { roomIds, tokens };
}

/** Client j is in room j % ROOMS; the first SENDERS_PER_ROOM of each room send. */
const roomOfClient = (j: number) => j % ROOMS;
const isSender = (j: number) => Math.floor(j / ROOMS) < SENDERS_PER_ROOM;

async function inBatches<T>(items: T[], size: number, run: (item: T) => Promise<void>): Promise<void> {
	for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(run));
}

// ---------------------------------------------------------------------------------------------------------------
// The load: a fixed total rate, round robin over the senders (so over the rooms), for a while.

interface StepResult {
	rate: number;
	sent: number;
	skipped: number;
	deliveriesPerSecond: number;
	onTime: number;
	p50: number;
	p99: number;
	lost: number;
	generatorCpu: number;
	/** share of one core the server used during the step (below 100 %: it waited, or the core was busy elsewhere) */
	serverCpu: number;
	pass: boolean;
}

async function sendAtRate(tracker: Tracker, senders: BenchClient[], step: number, rate: number, ms: number): Promise<{ sent: number; skipped: number; from: number; to: number }> {
	const from = tracker.next;
	let sent = 0;
	let skipped = 0;
	let turn = 0;
	const start = performance.now();
	await new Promise<void>((resolve) => {
		const tick = () => {
			const elapsed = Math.min(ms, performance.now() - start);
			const due = Math.floor((rate * elapsed) / 1000);
			while (sent + skipped < due) {
				const sender = senders[turn++ % senders.length]!;
				const n = tracker.allocate(step, sender.room);
				if (n === null || !sender.trySend(n)) {
					if (n !== null) tracker.settled[n] = 1;
					skipped++;
				} else sent++;
			}
			if (elapsed >= ms) resolve();
			else setTimeout(tick, 2);
		};
		tick();
	});
	return { sent, skipped, from, to: tracker.next };
}

/** Deliveries per CPU-second the server used: a figure that other work on core 0 disturbs less than latency. */
const perCpuSecond = (r: StepResult) => (r.serverCpu > 0 ? Math.round(r.deliveriesPerSecond / r.serverCpu) : 0);

async function runStep(tracker: Tracker, server: Child, senders: BenchClient[], step: number, rate: number, ms = STEP_MS): Promise<StepResult> {
	const cpu = process.cpuUsage();
	const serverCpuBefore = server.cpuSeconds();
	const deliveries = tracker.deliveries;
	const started = performance.now();
	const { sent, skipped, from, to } = await sendAtRate(tracker, senders, step, rate, ms);
	const seconds = (performance.now() - started) / 1000;
	const inWindow = tracker.deliveries - deliveries;
	const used = process.cpuUsage(cpu);
	const generatorCpu = (used.user + used.system) / 1e6 / seconds;
	const serverCpu = (server.cpuSeconds() - serverCpuBefore) / seconds;
	const drainUntil = performance.now() + DRAIN_MS;
	while (performance.now() < drainUntil && !tracker.complete(from, to)) await sleep(20);
	const hist = tracker.histogram(step);
	const p50 = percentile(hist, 0.5);
	const p99 = percentile(hist, 0.99);
	const onTime = inWindow / Math.max(1, sent * PER_ROOM);
	const lost = tracker.lost(from, to);
	const pass = p99 <= P99_LIMIT_MS && skipped === 0 && onTime >= ON_TIME_SHARE && lost === 0;
	return { rate, sent, skipped, deliveriesPerSecond: inWindow / seconds, onTime, p50, p99, lost, generatorCpu, serverCpu, pass };
}

/** Steps the rate up until a step fails; answers every step and the best passing one. */
async function findSustainable(name: string, tracker: Tracker, server: Child, senders: BenchClient[], lines: string[]): Promise<{ steps: StepResult[]; best: StepResult | null }> {
	const steps: StepResult[] = [];
	let best: StepResult | null = null;
	await runStep(tracker, server, senders, 0, WARM_UP.rate, WARM_UP.ms);
	let retried = false;
	for (let i = 0; i < RATES.length; i++) {
		const rate = RATES[i]!;
		const r = await runStep(tracker, server, senders, steps.length + 1, rate);
		steps.push(r);
		lines.push(
			`chat ${name} ${String(rate).padStart(4)} msg/s: ${Math.round(r.deliveriesPerSecond).toString().padStart(6)} deliveries/s (${(r.onTime * 100).toFixed(1)} % on time), p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, ${r.skipped} not sent, ${r.lost} lost, server CPU ${Math.round(r.serverCpu * 100)} % (${perCpuSecond(r)} deliveries per server CPU-second), generator CPU ${Math.round(r.generatorCpu * 100)} % → ${r.pass ? 'ok' : 'FAILS'}`
		);
		if (!r.pass && !retried) {
			// one failed step may be a hiccup of the machine (other work on core 0): the rate gets a second try
			retried = true;
			i--;
			continue;
		}
		if (!r.pass) break;
		best = r;
	}
	// what a failed step left in flight settles before anything else runs
	const until = performance.now() + 10_000;
	while (performance.now() < until && !tracker.complete(1, tracker.next)) await sleep(50);
	return { steps, best };
}

// ---------------------------------------------------------------------------------------------------------------

export async function chatFigures(): Promise<{ ok: boolean; lines: string[] }> {
	const lines: string[] = [];
	if (availableParallelism() < 2) return { ok: false, lines: ['chat: needs two cores (server on core 0, load generator on core 1)'] };
	if (spawnSync('taskset', ['-V']).status !== 0) return { ok: false, lines: ['chat: needs taskset (util-linux)'] };
	// the load generator on core 1, the servers on core 0; back to all cores at the end
	const cores = availableParallelism();
	const allCores = spawnSync('taskset', ['-pc', String(process.pid)], { encoding: 'utf8' }).stdout.split(':').pop()!.trim();
	spawnSync('taskset', ['-pc', '1', String(process.pid)]);
	// other work on the machine shares core 0 with the servers: the figures are only as quiet as the machine
	const loadBefore = loadavg()[0]!;
	const dir = mkdtempSync(join(tmpdir(), 'allmende-bench-chat-'));
	const children: Child[] = [];
	const clients: BenchClient[] = [];
	try {
		// ---- Allmende
		const file = join(dir, 'chat.db');
		const { db } = openDb({ kind: 'sqlite', file });
		const { roomIds, tokens } = await seedAllmende(db);
		await db.destroy();
		const profile = process.env.CHAT_BENCH_CPU_PROF;
		const allmende = startChild([...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []), 'scripts/start.mjs'], {
			NODE_ENV: 'production',
			PORT: String(ALLMENDE_PORT),
			HOST: '127.0.0.1',
			ORIGIN: `http://${HOST}`,
			DATABASE_URL: `sqlite:${file}`,
			ALLMENDE_SKIP_BUILD: '1',
			LOG_LEVEL: 'warn',
			RATE_LIMIT_WRITES_PER_MINUTE: '100000000',
			WS_MAX_CONNECTIONS_PER_IP: String(CLIENTS * 2),
			WS_MESSAGES_PER_SECOND: '10000',
			WS_MESSAGE_BURST: '10000'
		});
		children.push(allmende);
		await waitFor(async () => (await fetch(`http://${HOST}/healthz`)).ok, 'Allmende', allmende);
		await sleep(500);
		const ours = new Tracker();
		const storm: StormCounts = { resumed: 0, resyncs: 0, refused: 0, retries: 0, reasons: new Map() };
		const ourClients = Array.from({ length: CLIENTS }, (_, j) => new AllmendeClient(j, roomOfClient(j), roomIds[roomOfClient(j)]!, tokens[j]!, ours, storm));
		clients.push(...ourClients);
		const ourRssBefore = allmende.rssKiB();
		let cpuBefore = allmende.cpuSeconds();
		let t = performance.now();
		await inBatches(ourClients, 100, (c) => c.connect());
		const ourConnectMs = performance.now() - t;
		const ourConnectCpuMs = ((allmende.cpuSeconds() - cpuBefore) * 1000) / CLIENTS;
		await sleep(500);
		const ourRssPerConnection = (allmende.rssKiB() - ourRssBefore) / CLIENTS;
		const oursFound = await findSustainable('allmende', ours, allmende, ourClients.filter((c) => isSender(c.index)), lines);

		// ---- the reconnect storm, at half the sustainable rate while every client drops and comes back
		const stormRate = Math.max(100, Math.round((oursFound.best?.rate ?? 200) / 2));
		const stormStep = RATES.length + 2;
		const stormSenders = ourClients.filter((c) => isSender(c.index));
		const stormFrom = ours.next;
		const duplicatesBefore = ours.duplicates;
		const reconnects: Promise<void>[] = [];
		const sending = sendAtRate(ours, stormSenders, stormStep, stormRate, STORM_MS);
		await sleep(1000);
		const stormStarted = performance.now();
		for (const c of ourClients) {
			const dropAt = Math.random() * (STORM_SPREAD_MS / 2);
			const backAt = dropAt + Math.random() * (STORM_SPREAD_MS / 2);
			reconnects.push(
				(async () => {
					await sleep(dropAt);
					c.drop();
					await sleep(backAt - dropAt);
					// as docs/REALTIME.md tells clients: a failed attempt is tried again after a short pause with jitter
					for (let attempt = 1; ; attempt++) {
						try {
							await c.connect();
							storm.resumed++;
							return;
						} catch (e) {
							const why = e instanceof Error ? e.message : String(e);
							storm.reasons.set(why, (storm.reasons.get(why) ?? 0) + 1);
							if (attempt === RECONNECT_ATTEMPTS) {
								storm.refused++;
								return;
							}
							storm.retries++;
							await sleep(250 * attempt * (0.5 + Math.random() / 2));
						}
					}
				})()
			);
		}
		await Promise.all(reconnects);
		const stormBackMs = performance.now() - stormStarted;
		const { sent: stormSent, skipped: stormSkipped } = await sending;
		const stormUntil = performance.now() + 15_000;
		while (performance.now() < stormUntil && !ours.complete(stormFrom, ours.next)) await sleep(50);
		const stormLost = ours.lost(stormFrom, ours.next);
		const stormDuplicates = ours.duplicates - duplicatesBefore;
		const stormHist = ours.histogram(stormStep);
		const stormAcked = ours.acked.subarray(stormFrom, ours.next).reduce((a, b) => a + b, 0);
		const oursLost = ours.lost(1, ours.next);
		const errors = new Map<string, number>();
		for (const c of ourClients) for (const [k, v] of c.errors) errors.set(k, (errors.get(k) ?? 0) + v);
		for (const c of ourClients) c.close();
		clients.length = 0;
		await allmende.stop();

		// ---- Socket.IO
		const sio = startChild(['--import', 'tsx', fileURLToPath(import.meta.url), '--sio-child', String(SOCKET_IO_PORT)], { NODE_ENV: 'production' });
		children.push(sio);
		await waitFor(async () => sio.output().includes('ready'), 'Socket.IO', sio, 30_000);
		await sleep(500);
		const base = new Tracker();
		const sioClients = Array.from({ length: CLIENTS }, (_, j) => new SocketIoClient(j, roomOfClient(j), base));
		clients.push(...sioClients);
		const sioRssBefore = sio.rssKiB();
		cpuBefore = sio.cpuSeconds();
		t = performance.now();
		await inBatches(sioClients, 100, (c) => c.connect());
		const sioConnectMs = performance.now() - t;
		const sioConnectCpuMs = ((sio.cpuSeconds() - cpuBefore) * 1000) / CLIENTS;
		await sleep(500);
		const sioRssPerConnection = (sio.rssKiB() - sioRssBefore) / CLIENTS;
		const baseFound = await findSustainable('socket.io', base, sio, sioClients.filter((c) => isSender(c.index)), lines);
		const baseLost = base.lost(1, base.next);
		for (const c of sioClients) c.close();
		clients.length = 0;
		await sio.stop();

		// ---- the comparison
		const ourBest = oursFound.best;
		const baseBest = baseFound.best;
		const ratio = ourBest && baseBest ? ourBest.deliveriesPerSecond / baseBest.deliveriesPerSecond : 0;
		const lost = oursLost;
		const duplicated = ours.duplicates;
		const allResumed = storm.resumed === CLIENTS && storm.resyncs === 0;
		const fmt = (r: StepResult | null) => (r ? `${Math.round(r.deliveriesPerSecond)} deliveries/s at ${r.rate} msg/s (p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, ${perCpuSecond(r)} deliveries per server CPU-second)` : 'no passing step');
		// the same comparison per CPU-second, over the steps both ran (less disturbed by other work on the machine)
		// (steps of the same rate; a rate tried twice counts once, with its last try)
		const byRate = (steps: StepResult[]) => new Map(steps.map((r) => [r.rate, r]));
		const ourByRate = byRate(oursFound.steps);
		const baseByRate = byRate(baseFound.steps);
		const shared = RATES.filter((r) => ourByRate.has(r) && baseByRate.has(r));
		const cpuRatios = shared.map((r) => perCpuSecond(ourByRate.get(r)!) / Math.max(1, perCpuSecond(baseByRate.get(r)!)));
		const socketIoVersion = (JSON.parse(readFileSync('node_modules/socket.io/package.json', 'utf8')) as { version: string }).version;
		lines.push(
			`chat set-up: ${CLIENTS} clients in ${ROOMS} rooms (${PER_ROOM} each, ${SENDERS_PER_ROOM} of them send), servers pinned to core 0, load generator to core 1; steps of ${STEP_MS / 1000} s, passing when p99 ≤ ${P99_LIMIT_MS} ms, ≥ ${ON_TIME_SHARE * 100} % delivered within the step, nothing unsent or lost; load average ${loadBefore.toFixed(1)} before, ${loadavg()[0]!.toFixed(1)} after (${cores} cores)`,
			`chat allmende (SQLite, every message committed before its result): best ${fmt(ourBest)}; connect and subscribe ${CLIENTS} in ${(ourConnectMs / 1000).toFixed(1)} s (${ourConnectCpuMs.toFixed(2)} ms server CPU each); memory ${ourRssPerConnection.toFixed(1)} KiB per connection (server RSS delta / connections)`,
			`chat socket.io ${socketIoVersion} (plain broadcast, no persistence): best ${fmt(baseBest)}; connect and join ${CLIENTS} in ${(sioConnectMs / 1000).toFixed(1)} s (${sioConnectCpuMs.toFixed(2)} ms server CPU each); memory ${sioRssPerConnection.toFixed(1)} KiB per connection; ${baseLost} lost, ${base.duplicates} duplicated`,
			`chat reconnect storm (allmende, ${stormRate} msg/s for ${STORM_MS / 1000} s, every client dropped and back within ${(stormBackMs / 1000).toFixed(1)} s, resuming after its last rev): ${storm.resumed}/${CLIENTS} resumed, ${storm.resyncs} resync, ${storm.retries} attempts tried again, ${storm.refused} gave up; ${stormSent} sent (${stormAcked} acknowledged, ${stormSkipped} not sent while the sender was away), ${stormLost} lost, ${stormDuplicates} duplicated, send→receive p99 ${percentile(stormHist, 0.99).toFixed(1)} ms (including the time away)`
		);
		if (shared.length) lines.push(`chat deliveries per server CPU-second, allmende / socket.io at the same rates (${shared.join(', ')} msg/s): ${cpuRatios.map((r) => r.toFixed(2)).join(', ')}`);
		if (storm.reasons.size) lines.push(`chat reconnect attempts that failed: ${[...storm.reasons].map(([k, v]) => `${k} ×${v}`).join(', ')}`);
		if (errors.size) lines.push(`chat allmende refusals: ${[...errors].map(([k, v]) => `${k} ×${v}`).join(', ')}`);
		if (ours.strange || base.strange) lines.push(`chat: ${ours.strange + base.strange} events without the bench's number`);
		// CI fails on what must hold on any machine (nothing lost or doubled, every client resumed); the rates depend
		// on the machine and on what else runs on it, so the goal line says met or not met without failing the run
		const ok = lost === 0 && duplicated === 0 && allResumed;
		// The headline ratio is what one pinned core can carry: deliveries per server CPU-second, the median over
		// the rates both ran. The best passing steps are printed too, but with two cores the one load generator
		// tops out near the same rate for both servers, so their ratio says little about the servers.
		const sorted = [...cpuRatios].sort((a, b) => a - b);
		const capacity = sorted.length ? sorted[Math.floor(sorted.length / 2)]! : null;
		if (ourBest && baseBest) lines.push(`chat best passing steps, allmende / socket.io: ${ratio.toFixed(2)} (${ourBest.rate} vs ${baseBest.rate} msg/s; equal rates mean the load generator, not a server, was the limit)`);
		lines.push(`chat: goal ≥ ${GOAL_RATIO}x socket.io at p99 ≤ ${P99_LIMIT_MS} ms, 0 lost, 0 duplicated, all resumed → ${ok && capacity !== null && capacity >= GOAL_RATIO && ourBest ? 'met' : 'not met'}`);
		// without steps on both sides there is no ratio to give
		lines.push(`chat: ${capacity !== null ? capacity.toFixed(2) : 'n/a '}x socket.io, p99 ${ourBest ? ourBest.p99.toFixed(1) : '–'} ms, ${lost} lost, ${duplicated} duplicated`);
		return { ok, lines };
	} finally {
		for (const c of clients) c.close();
		for (const c of children) await c.stop();
		rmSync(dir, { recursive: true, force: true });
		spawnSync('taskset', ['-pc', allCores, String(process.pid)]);
	}
}

if (process.argv.includes('--sio-child') && process.argv[1] === fileURLToPath(import.meta.url)) serveSocketIo(Number(process.argv[process.argv.indexOf('--sio-child') + 1]));
