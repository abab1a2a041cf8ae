// A local stand-in for a browser vendor's push service (RFC 8030), for the sender tests, the push bench and the
// fan-out tests. It checks what a real one checks (VAPID, aes128gcm, TTL), knows the subscriptions it handed out,
// decrypts (a sample of) the messages with the subscription's private key as the browser would, and keeps the
// stored messages per subscription with RFC 8030 Topic replacement. It counts connections and concurrency so
// tests can see whether a sender reuses its connections.
import { execFileSync } from 'node:child_process';
import { createECDH, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decryptPayload } from '../../src/lib/server/push/crypto.ts';
import { verifyVapidAuthorization } from '../../src/lib/server/push/vapid.ts';

/** What `respond` sees of a request that passed the VAPID and header checks. */
export interface MockPushRequest {
	id: string;
	/** 1 for the first POST to this subscription id, 2 for the second … */
	attempt: number;
	ttl: number;
	urgency: string | null;
	topic: string | null;
	headers: IncomingHttpHeaders;
}

export interface MockPushAnswer {
	status: number;
	headers?: Record<string, string>;
	body?: string;
}

export interface StoredPushMessage {
	seq: number;
	receivedAt: number;
	ttl: number;
	urgency: string | null;
	topic: string | null;
	/** null when the message was not in the decrypted sample */
	decrypted: boolean | null;
	/** the parsed JSON of a decrypted message (undefined when not sampled, not decrypted or not JSON) */
	json?: unknown;
}

export interface MockPushStats {
	/** raw count of POSTs per subscription id, whatever they were answered */
	posts: Record<string, number>;
	totalPosts: number;
	/** per subscription id: the messages it keeps after Topic replacement, in order of arrival */
	delivered: Record<string, StoredPushMessage[]>;
	/** messages that replaced a stored one with the same Topic */
	replaced: number;
	decrypted: number;
	decryptFailures: number;
	/** 401 and 403 answers: missing, malformed or wrong VAPID */
	authFailures: number;
	/** 400 and 413 answers */
	badRequests: number;
	/** TCP connections opened to the service */
	connections: number;
	/** most requests in progress at the same time */
	maxConcurrent: number;
}

export interface MockPushSubscription {
	endpoint: string;
	keys: { p256dh: string; auth: string };
	/** the browser's private key (raw 32 bytes), to decrypt outside the mock */
	privateKey: Buffer;
}

export interface MockPushService {
	origin: string;
	/** the self-signed certificate (PEM) of an https mock, for the sender's `ca` */
	ca: string | null;
	endpointFor(id: string): string;
	newSubscription(id: string): MockPushSubscription;
	/** the browser unsubscribed: later messages for the id are answered 410 Gone */
	forget(id: string): void;
	stats(): MockPushStats;
	close(): Promise<void>;
}

export interface MockPushOptions {
	https?: boolean;
	/** 0 (default) lets the system choose a free port */
	port?: number;
	/** share of accepted messages to decrypt, 0..1 (default 1): every round(1/share)-th one, not at random */
	decryptSample?: number;
	/** answers instead of the service for chosen requests (nothing is stored then); undefined = normal handling */
	respond?: (req: MockPushRequest) => MockPushAnswer | undefined;
	/** answer every request this many ms late (a slow push service; what it accepts is stored at once) */
	delayMs?: number;
}

const MAX_BODY = 4096;
const TOPIC = /^[A-Za-z0-9_-]{1,32}$/;
const URGENCIES = new Set(['very-low', 'low', 'normal', 'high']);

let certificate: { key: string; cert: string } | null = null;

/** One self-signed certificate for 127.0.0.1 per process, made with the machine's openssl. */
function selfSignedCertificate(): { key: string; cert: string } {
	if (certificate) return certificate;
	const dir = mkdtempSync(join(tmpdir(), 'allmende-mockpush-'));
	try {
		execFileSync(
			'/usr/bin/openssl',
			['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2', '-subj', '/CN=127.0.0.1',
				'-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')],
			{ stdio: 'ignore' }
		);
		certificate = { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
		return certificate;
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

export async function startMockPushService(opts: MockPushOptions = {}): Promise<MockPushService> {
	const sample = Math.min(1, Math.max(0, opts.decryptSample ?? 1));
	// decrypt every n-th accepted message (0 = none)
	const samplePeriod = sample > 0 ? Math.round(1 / sample) : 0;
	const tls = opts.https ? selfSignedCertificate() : null;
	const subscriptions = new Map<string, { privateKey: Buffer; publicKey: Buffer; auth: Buffer }>();
	const forgotten = new Set<string>();
	const posts = new Map<string, number>();
	const delivered = new Map<string, StoredPushMessage[]>();
	// a push service checks the same token again and again: remember good ones (until they expire)
	const goodTokens = new Map<string, number>();
	const counts = { totalPosts: 0, replaced: 0, decrypted: 0, decryptFailures: 0, authFailures: 0, badRequests: 0, connections: 0, maxConcurrent: 0 };
	let inFlight = 0;
	let accepted = 0;
	let seq = 0;
	let origin = '';

	function answer(res: ServerResponse, status: number, headers: Record<string, string> = {}, body = ''): void {
		const send = () => {
			if (res.destroyed) return;
			res.writeHead(status, { 'Content-Length': String(Buffer.byteLength(body)), ...headers });
			res.end(body);
		};
		if (opts.delayMs) setTimeout(send, opts.delayMs);
		else send();
	}

	/** Error answers; the counters tell tests what the service refused. */
	function refuse(res: ServerResponse, status: number, why: string): void {
		if (status === 401 || status === 403) counts.authFailures++;
		else if (status === 400 || status === 413) counts.badRequests++;
		answer(res, status, { 'Content-Type': 'text/plain' }, why);
	}

	function checkAuthorization(header: string | undefined): 401 | 403 | null {
		if (!header || !/^vapid\s/i.test(header)) return 401;
		const now = Date.now();
		const exp = goodTokens.get(header);
		if (exp !== undefined && exp > now + 1000) return null;
		const verdict = verifyVapidAuthorization(header, origin, now);
		if (!verdict.ok) return verdict.reason.startsWith('not a vapid') ? 401 : 403;
		if (goodTokens.size > 1000) goodTokens.clear();
		// the token's own expiry, read from its (now verified) claims
		const claims = JSON.parse(Buffer.from(header.split('.')[1]!, 'base64url').toString()) as { exp: number };
		goodTokens.set(header, claims.exp * 1000);
		return null;
	}

	function handle(req: IncomingMessage, res: ServerResponse, body: Buffer, tooLarge: boolean): void {
		const match = /^\/push\/([A-Za-z0-9_-]+)$/.exec(req.url ?? '');
		if (!match) return refuse(res, 404, 'no such endpoint');
		if (req.method !== 'POST') return answer(res, 405, { Allow: 'POST' });
		const id = match[1]!;
		const attempt = (posts.get(id) ?? 0) + 1;
		posts.set(id, attempt);
		counts.totalPosts++;

		const auth = checkAuthorization(req.headers.authorization);
		if (auth) return refuse(res, auth, auth === 401 ? 'missing VAPID authorization' : 'VAPID authorization refused');
		if (req.headers['content-encoding'] !== 'aes128gcm') return refuse(res, 400, 'Content-Encoding must be aes128gcm');
		const ttlHeader = req.headers['ttl'];
		if (typeof ttlHeader !== 'string' || !/^\d+$/.test(ttlHeader)) return refuse(res, 400, 'TTL header missing or not a number');
		const topic = typeof req.headers['topic'] === 'string' ? req.headers['topic'] : null;
		if (topic !== null && !TOPIC.test(topic)) return refuse(res, 400, 'Topic must be at most 32 base64url characters');
		const urgency = typeof req.headers['urgency'] === 'string' ? req.headers['urgency'] : null;
		if (urgency !== null && !URGENCIES.has(urgency)) return refuse(res, 400, 'unknown Urgency');
		if (tooLarge) return refuse(res, 413, 'payload too large');
		const ttl = Number(ttlHeader);

		const scripted = opts.respond?.({ id, attempt, ttl, urgency, topic, headers: req.headers });
		if (scripted) return answer(res, scripted.status, scripted.headers, scripted.body ?? '');

		if (forgotten.has(id)) return refuse(res, 410, 'subscription expired');
		const subscription = subscriptions.get(id);
		if (!subscription) return refuse(res, 404, 'no such subscription');

		const message: StoredPushMessage = { seq: ++seq, receivedAt: Date.now(), ttl, urgency, topic, decrypted: null };
		accepted++;
		if (samplePeriod > 0 && accepted % samplePeriod === 0) {
			try {
				const plain = decryptPayload(body, subscription).toString('utf8');
				message.decrypted = true;
				counts.decrypted++;
				try {
					message.json = JSON.parse(plain);
				} catch {
					// not JSON: decrypted still counts, json stays undefined
				}
			} catch {
				message.decrypted = false;
				counts.decryptFailures++;
			}
		}
		const kept = delivered.get(id) ?? [];
		// RFC 8030 §5.4: a new message with the Topic of one still stored replaces it
		const stale = topic === null ? -1 : kept.findIndex((m) => m.topic === topic && m.receivedAt + m.ttl * 1000 > message.receivedAt);
		if (stale >= 0) {
			kept.splice(stale, 1);
			counts.replaced++;
		}
		kept.push(message);
		delivered.set(id, kept);
		answer(res, 201, { Location: `${origin}/message/${message.seq}` });
	}

	const onRequest = (req: IncomingMessage, res: ServerResponse) => {
		inFlight++;
		if (inFlight > counts.maxConcurrent) counts.maxConcurrent = inFlight;
		res.on('close', () => inFlight--);
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size <= MAX_BODY) chunks.push(chunk);
		});
		req.on('end', () => handle(req, res, Buffer.concat(chunks), size > MAX_BODY));
	};

	const server: Server = tls ? createHttpsServer({ key: tls.key, cert: tls.cert }, onRequest) : createHttpServer(onRequest);
	server.keepAliveTimeout = 30_000;
	server.on('connection', () => counts.connections++);
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
	});
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : 0;
	origin = `${tls ? 'https' : 'http'}://127.0.0.1:${port}`;

	return {
		origin,
		ca: tls ? tls.cert : null,
		endpointFor: (id) => `${origin}/push/${id}`,
		newSubscription(id) {
			if (!/^[A-Za-z0-9_-]+$/.test(id)) throw new Error(`subscription id must be base64url characters: ${id}`);
			const ecdh = createECDH('prime256v1');
			const publicKey = ecdh.generateKeys();
			const auth = randomBytes(16);
			const privateKey = ecdh.getPrivateKey();
			subscriptions.set(id, { privateKey, publicKey, auth });
			forgotten.delete(id);
			return { endpoint: `${origin}/push/${id}`, keys: { p256dh: publicKey.toString('base64url'), auth: auth.toString('base64url') }, privateKey };
		},
		forget(id) {
			subscriptions.delete(id);
			forgotten.add(id);
		},
		stats: () => ({
			...counts,
			posts: Object.fromEntries(posts),
			delivered: Object.fromEntries([...delivered].map(([id, list]) => [id, [...list]]))
		}),
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			})
	};
}
