import { createServer, type Server } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startMockPushService, type MockPushRequest, type MockPushService } from '../../../../tests/helpers/mockPushService.ts';
import { decryptPayload } from './crypto.ts';
import { createPushSender, parseRetryAfter, type PushRequest, type PushSender } from './sender.ts';
import { createVapidSigner, generateVapidKeys } from './vapid.ts';

// Ports of this file (the task's range is 3310–3319): mocks on 3310–3312, a slow raw server on 3313,
// nothing ever listens on 3314, a tap on 3316 (the push bench uses 3315).
const CLOSED_PORT = 3314;
const vapid = createVapidSigner(generateVapidKeys(), 'mailto:push@kreis-soest.example');

/** A message for a subscription of the mock. */
function message(mock: MockPushService, id: string, extra: Partial<PushRequest> = {}): PushRequest {
	const sub = mock.newSubscription(id);
	return { endpoint: sub.endpoint, ...sub.keys, payload: JSON.stringify({ title: 'Dorffest', id }), ttl: 3600, urgency: 'normal', ...extra };
}

describe('parseRetryAfter', () => {
	const now = Date.UTC(2026, 4, 1, 8, 0, 0);

	it('falls back to 60 s when the header is missing or unreadable', () => {
		expect(parseRetryAfter(undefined, now)).toBe(60_000);
		expect(parseRetryAfter('', now)).toBe(60_000);
		expect(parseRetryAfter('soon', now)).toBe(60_000);
		expect(parseRetryAfter('-5', now)).toBe(60_000);
		expect(parseRetryAfter('1.5', now)).toBe(60_000);
	});

	it('caps at an hour, and a date in the past means now', () => {
		expect(parseRetryAfter('86400', now)).toBe(3600_000);
		expect(parseRetryAfter(new Date(now + 5 * 3600_000).toUTCString(), now)).toBe(3600_000);
		expect(parseRetryAfter(new Date(now - 60_000).toUTCString(), now)).toBe(0);
	});

	it('reads seconds and HTTP dates', () => {
		expect(parseRetryAfter('120', now)).toBe(120_000);
		expect(parseRetryAfter(' 0 ', now)).toBe(0);
		expect(parseRetryAfter('Fri, 01 May 2026 08:02:30 GMT', now)).toBe(150_000);
	});
});

describe('createPushSender: refused before any request', () => {
	let mock: MockPushService;
	let sender: PushSender;
	beforeAll(async () => {
		mock = await startMockPushService({ port: 3310 });
		sender = createPushSender({ vapid, allowHttpOrigins: [] });
	});
	afterAll(async () => {
		sender.close();
		await mock.close();
	});

	it('refuses an http: endpoint the caller did not allow, and a non-URL', async () => {
		expect(await sender.send(message(mock, 'plain'))).toEqual({ kind: 'failed', status: 0, error: expect.stringMatching(/https/) });
		expect(await sender.send({ ...message(mock, 'x'), endpoint: 'push service' })).toMatchObject({ kind: 'failed', status: 0 });
		expect(mock.stats().totalPosts).toBe(0);
	});

	it('refuses bad keys, a bad topic, ttl or urgency, and an oversized payload', async () => {
		const open = createPushSender({ vapid, allowHttpOrigins: [mock.origin] });
		const ok = message(mock, 'keys');
		const cases: PushRequest[] = [
			{ ...ok, p256dh: ok.p256dh.slice(2) },
			{ ...ok, auth: ok.auth + '==' },
			{ ...ok, topic: 'a'.repeat(33) },
			{ ...ok, topic: 'with space' },
			{ ...ok, topic: '' },
			{ ...ok, ttl: -1 },
			{ ...ok, ttl: 1.5 },
			{ ...ok, urgency: 'urgent' as PushRequest['urgency'] },
			{ ...ok, payload: 'x'.repeat(3994) }
		];
		for (const c of cases) expect(await open.send(c)).toMatchObject({ kind: 'failed', status: 0 });
		expect(mock.stats().totalPosts).toBe(0);
		expect(await open.send(ok)).toEqual({ kind: 'sent', status: 201 });
		open.close();
	});
});

describe.each([
	{ name: 'http', https: false, port: 3310 },
	{ name: 'https', https: true, port: 3311 }
])('createPushSender over $name: what a push service answers', ({ https, port }) => {
	let mock: MockPushService;
	let sender: PushSender;
	const seen = new Map<string, MockPushRequest>();
	// scripted answers by subscription id
	const scripts: Record<string, (r: MockPushRequest) => { status: number; headers?: Record<string, string>; body?: string } | undefined> = {
		ok200: () => ({ status: 200 }),
		ok202: () => ({ status: 202 }),
		gone410: () => ({ status: 410 }),
		slowdown: () => ({ status: 429, headers: { 'Retry-After': '120' } }),
		slowdownDate: () => ({ status: 429, headers: { 'Retry-After': new Date(Date.now() + 90_000).toUTCString() } }),
		slowdownBare: () => ({ status: 429 }),
		broken500: () => ({ status: 500, body: 'internal' }),
		broken503: () => ({ status: 503, headers: { 'Retry-After': '30' } }),
		bad400: () => ({ status: 400, body: 'UnauthorizedRegistration' }),
		huge413: () => ({ status: 413, body: 'x'.repeat(100_000) }),
		moved: () => ({ status: 301, headers: { Location: '/push/elsewhere' } }),
		// fails once, then accepts: the retry is a new send
		flaky: (r) => (r.attempt === 1 ? { status: 503 } : undefined)
	};

	beforeAll(async () => {
		mock = await startMockPushService({
			https,
			port,
			respond: (r) => {
				seen.set(r.id, r);
				return scripts[r.id]?.(r);
			}
		});
		sender = createPushSender({ vapid, ca: mock.ca ?? undefined, allowHttpOrigins: [mock.origin] });
	});
	afterAll(async () => {
		sender.close();
		await mock.close();
	});

	it('gone: 410 for a scripted id and an unsubscribed one, 404 for one the service never knew', async () => {
		expect(await sender.send(message(mock, 'gone410'))).toEqual({ kind: 'gone', status: 410 });
		const left = message(mock, 'left');
		mock.forget('left');
		expect(await sender.send(left)).toEqual({ kind: 'gone', status: 410 });
		expect(await sender.send({ ...message(mock, 'known'), endpoint: mock.endpointFor('neverSubscribed') })).toEqual({ kind: 'gone', status: 404 });
	});

	it('retry: 429 with Retry-After in seconds, as a date, and missing', async () => {
		expect(await sender.send(message(mock, 'slowdown'))).toMatchObject({ kind: 'retry', status: 429, retryAfterMs: 120_000 });
		const dated = await sender.send(message(mock, 'slowdownDate'));
		expect(dated).toMatchObject({ kind: 'retry', status: 429 });
		// an HTTP date has whole seconds: 90 s ahead reads as 89–90 s
		expect(dated.kind === 'retry' && dated.retryAfterMs).toBeGreaterThanOrEqual(88_000);
		expect(dated.kind === 'retry' && dated.retryAfterMs).toBeLessThanOrEqual(90_000);
		expect(await sender.send(message(mock, 'slowdownBare'))).toMatchObject({ kind: 'retry', status: 429, retryAfterMs: 60_000 });
	});

	it('retry: 5xx without a delay of its own', async () => {
		expect(await sender.send(message(mock, 'broken500'))).toMatchObject({ kind: 'retry', status: 500, retryAfterMs: null, error: expect.stringContaining('internal') });
		expect(await sender.send(message(mock, 'broken503'))).toMatchObject({ kind: 'retry', status: 503, retryAfterMs: null });
		const flaky = message(mock, 'flaky');
		expect(await sender.send(flaky)).toMatchObject({ kind: 'retry', status: 503 });
		expect(await sender.send(flaky)).toEqual({ kind: 'sent', status: 201 });
	});

	it('failed: other 4xx with the start of the body, and a redirect is not followed', async () => {
		expect(await sender.send(message(mock, 'bad400'))).toEqual({ kind: 'failed', status: 400, error: 'UnauthorizedRegistration' });
		const huge = await sender.send(message(mock, 'huge413'));
		expect(huge).toMatchObject({ kind: 'failed', status: 413 });
		expect(huge.kind === 'failed' && huge.error).toBe('x'.repeat(200));
		expect(await sender.send(message(mock, 'moved'))).toMatchObject({ kind: 'failed', status: 301 });
		expect(mock.stats().posts['elsewhere']).toBeUndefined();
	});

	it('failed: the push service refuses a missing or forged VAPID token (401/403)', async () => {
		const forged = createVapidSigner(generateVapidKeys(), 'mailto:x@example.org');
		const liar = { publicKey: vapid.publicKey, authorization: (aud: string) => forged.authorization(aud).replace(/k=.*$/, `k=${vapid.publicKey}`) };
		const noAuth = { publicKey: vapid.publicKey, authorization: () => 'WebPush abc' };
		const before = mock.stats().authFailures;
		for (const [signer, status] of [[liar, 403], [noAuth, 401]] as const) {
			const s = createPushSender({ vapid: signer, ca: mock.ca ?? undefined, allowHttpOrigins: [mock.origin] });
			expect(await s.send(message(mock, `auth${status}`))).toMatchObject({ kind: 'failed', status });
			s.close();
		}
		expect(mock.stats().authFailures).toBe(before + 2);
	});

	it('sent: 201, 200 and 202; the body decrypts to the payload; the headers arrive', async () => {
		expect(await sender.send(message(mock, 'ok200'))).toEqual({ kind: 'sent', status: 200 });
		expect(await sender.send(message(mock, 'ok202'))).toEqual({ kind: 'sent', status: 202 });
		const sub = mock.newSubscription('reader');
		const payload = JSON.stringify({ title: 'Sperrmüll', body: 'Morgen ab 7 Uhr', url: '/koerbecke/news/7' });
		const result = await sender.send({ endpoint: sub.endpoint, ...sub.keys, payload, ttl: 7200, urgency: 'high', topic: 'news-7' });
		expect(result).toEqual({ kind: 'sent', status: 201 });
		const [stored] = mock.stats().delivered['reader']!;
		expect(stored).toMatchObject({ decrypted: true, json: JSON.parse(payload), ttl: 7200, urgency: 'high', topic: 'news-7' });
		const headers = seen.get('reader')!.headers;
		expect(headers).toMatchObject({ 'content-encoding': 'aes128gcm', 'content-type': 'application/octet-stream', ttl: '7200', urgency: 'high', topic: 'news-7' });
		expect(headers.authorization).toBe(vapid.authorization(mock.origin));
		// no Topic header when none is given
		await sender.send(message(mock, 'untopical'));
		expect(seen.get('untopical')!.headers.topic).toBeUndefined();
	});

	it('a message with the same Topic replaces the stored one at the push service', async () => {
		const first = message(mock, 'replaced', { topic: 'event-12', payload: '{"v":1}' });
		expect(await sender.send(first)).toMatchObject({ kind: 'sent' });
		expect(await sender.send({ ...first, payload: '{"v":2}' })).toMatchObject({ kind: 'sent' });
		expect(await sender.send({ ...first, topic: 'event-13', payload: '{"v":3}' })).toMatchObject({ kind: 'sent' });
		expect(mock.stats().delivered['replaced']!.map((m) => m.json)).toEqual([{ v: 2 }, { v: 3 }]);
	});
});

describe('createPushSender: connections', () => {
	let slow: Server;
	// closed after each test even when it fails, so the next one finds its port free
	let cleanup: (() => unknown)[] = [];
	afterEach(async () => {
		for (const step of cleanup.reverse()) await step();
		cleanup = [];
	});
	async function mockOn(opts: Parameters<typeof startMockPushService>[0]): Promise<MockPushService> {
		const mock = await startMockPushService(opts);
		cleanup.push(() => mock.close());
		return mock;
	}
	function senderWith(opts: Parameters<typeof createPushSender>[0]): PushSender {
		const sender = createPushSender(opts);
		cleanup.push(() => sender.close());
		return sender;
	}
	beforeAll(async () => {
		// answers /slow/<ms> after that many ms, never answers /hang
		slow = createServer((req, res) => {
			const ms = /^\/slow\/(\d+)$/.exec(req.url ?? '')?.[1];
			req.resume();
			if (ms) setTimeout(() => res.writeHead(201, { 'Content-Length': '0' }).end(), Number(ms));
		});
		await new Promise<void>((resolve) => slow.listen(3313, '127.0.0.1', resolve));
	});
	afterAll(async () => {
		slow.closeAllConnections();
		await new Promise((resolve) => slow.close(resolve));
	});

	it('retries a request that hangs, after timeoutMs', async () => {
		const mock = await mockOn({ port: 3312 });
		const sender = senderWith({ vapid, timeoutMs: 300, allowHttpOrigins: ['http://127.0.0.1:3313'] });
		const started = Date.now();
		const result = await sender.send({ ...message(mock, 'x'), endpoint: 'http://127.0.0.1:3313/hang' });
		const took = Date.now() - started;
		expect(result).toMatchObject({ kind: 'retry', status: null, retryAfterMs: null, error: expect.stringMatching(/300 ms/) });
		expect(took).toBeGreaterThanOrEqual(290);
		expect(took).toBeLessThan(2000);
	});

	it('does not count the wait for a free connection as a hang', async () => {
		const mock = await mockOn({ port: 3312 });
		// one connection, each answer takes 150 ms: the fifth waits 600 ms in the queue, more than timeoutMs
		const sender = senderWith({ vapid, timeoutMs: 400, connectionsPerOrigin: 1, allowHttpOrigins: ['http://127.0.0.1:3313'] });
		const base = message(mock, 'queued');
		const results = await Promise.all(Array.from({ length: 5 }, () => sender.send({ ...base, endpoint: 'http://127.0.0.1:3313/slow/150' })));
		expect(results.map((r) => r.kind)).toEqual(['sent', 'sent', 'sent', 'sent', 'sent']);
	});

	it('retries when the push service cannot be reached or its certificate is not trusted', async () => {
		const mock = await mockOn({ https: true, port: 3312 });
		const refused = senderWith({ vapid, allowHttpOrigins: [`http://127.0.0.1:${CLOSED_PORT}`] });
		expect(await refused.send({ ...message(mock, 'x'), endpoint: `http://127.0.0.1:${CLOSED_PORT}/push/x` })).toMatchObject({
			kind: 'retry',
			status: null,
			error: expect.stringMatching(/ECONNREFUSED/)
		});
		const untrusting = senderWith({ vapid });
		expect(await untrusting.send(message(mock, 'y'))).toMatchObject({ kind: 'retry', status: null, error: expect.stringMatching(/SELF_SIGNED|certificate/i) });
		expect(mock.stats().totalPosts).toBe(0);
	});

	it('reuses its connections: 100 messages with connectionsPerOrigin 4 open at most 4 TLS connections', async () => {
		const mock = await mockOn({ https: true, port: 3312 });
		const sender = senderWith({ vapid, ca: mock.ca!, connectionsPerOrigin: 4 });
		const messages = Array.from({ length: 100 }, (_, i) => message(mock, `sub${i}`, { payload: JSON.stringify({ n: i }) }));
		const results = await Promise.all(messages.map((m) => sender.send(m)));
		expect(results.every((r) => r.kind === 'sent')).toBe(true);
		const stats = mock.stats();
		expect(stats.connections).toBeGreaterThan(0);
		expect(stats.connections).toBeLessThanOrEqual(4);
		expect(stats.maxConcurrent).toBeLessThanOrEqual(4);
		expect(stats.decryptFailures).toBe(0);
		for (let i = 0; i < 100; i++) expect(stats.delivered[`sub${i}`]!.map((m) => m.json)).toEqual([{ n: i }]);
		// one after another (nothing queued): the idle connections are kept and taken again
		for (let i = 0; i < 10; i++) expect(await sender.send(message(mock, `later${i}`))).toMatchObject({ kind: 'sent' });
		expect(mock.stats().connections).toBe(stats.connections);
	});

	it('a message decrypts outside the mock with the subscription private key too', async () => {
		// guards the mock itself: what it reports as decrypted really is the browser's view
		const mock = await mockOn({ port: 3312 });
		const sub = mock.newSubscription('capture');
		let body: Buffer | null = null;
		const tap = createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (c: Buffer) => chunks.push(c));
			req.on('end', () => {
				body = Buffer.concat(chunks);
				res.writeHead(201, { 'Content-Length': '0' }).end();
			});
		});
		await new Promise<void>((resolve) => tap.listen(3316, '127.0.0.1', resolve));
		cleanup.push(() => {
			tap.closeAllConnections();
			return new Promise((resolve) => tap.close(resolve));
		});
		const sender = senderWith({ vapid, allowHttpOrigins: ['http://127.0.0.1:3316'] });
		expect(await sender.send({ endpoint: 'http://127.0.0.1:3316/push/capture', ...sub.keys, payload: 'Grüße', ttl: 60, urgency: 'low' })).toEqual({ kind: 'sent', status: 201 });
		const ua = { privateKey: sub.privateKey, publicKey: Buffer.from(sub.keys.p256dh, 'base64url'), auth: Buffer.from(sub.keys.auth, 'base64url') };
		expect(decryptPayload(body!, ua).toString()).toBe('Grüße');
	});
});

describe('the mock push service itself', () => {
	let mock: MockPushService;
	beforeAll(async () => {
		mock = await startMockPushService({ port: 3312, decryptSample: 0.5 });
	});
	afterAll(async () => {
		await mock.close();
	});

	/** A raw POST, to send what our sender never would. */
	async function post(id: string, headers: Record<string, string>, body = new Uint8Array(100)): Promise<number> {
		const res = await fetch(mock.endpointFor(id), { method: 'POST', headers, body });
		await res.arrayBuffer();
		return res.status;
	}

	it('refuses what a push service refuses: no VAPID, no TTL, another encoding, a body over 4096 bytes, a GET', async () => {
		const sub = mock.newSubscription('strict');
		const good = { Authorization: vapid.authorization(mock.origin), 'Content-Encoding': 'aes128gcm', TTL: '60' };
		expect(await post('strict', { ...good, Authorization: '' })).toBe(401);
		expect(await post('strict', { ...good, TTL: '' })).toBe(400);
		expect(await post('strict', { ...good, TTL: 'soon' })).toBe(400);
		expect(await post('strict', { ...good, 'Content-Encoding': 'aesgcm' })).toBe(400);
		expect(await post('strict', good, new Uint8Array(4097))).toBe(413);
		expect((await fetch(sub.endpoint)).status).toBe(405);
		expect(mock.stats()).toMatchObject({ authFailures: 1, badRequests: 4 });
		// well-formed but not encrypted for this subscription: accepted (the service cannot tell), counted as undecryptable
		expect(await post('strict', good)).toBe(201);
		expect(await post('strict', good)).toBe(201);
		expect(mock.stats().decryptFailures).toBe(1);
		expect(mock.stats().delivered['strict']!.map((m) => m.decrypted)).toEqual([null, false]);
	});

	it('decrypts every second message with decryptSample 0.5, and replaces by Topic only while the earlier one is stored', async () => {
		const sender = createPushSender({ vapid, allowHttpOrigins: [mock.origin] });
		const before = mock.stats().decrypted;
		for (let i = 0; i < 10; i++) await sender.send(message(mock, `half${i}`));
		expect(mock.stats().decrypted - before).toBe(5);
		// TTL 0: the first message is no longer stored when the second arrives, so both are kept
		const expiring = message(mock, 'expiring', { ttl: 0, topic: 't1' });
		await sender.send(expiring);
		await new Promise((resolve) => setTimeout(resolve, 5));
		await sender.send(expiring);
		expect(mock.stats().delivered['expiring']).toHaveLength(2);
		sender.close();
	});
});
