// Sends one Web Push message (RFC 8030 §5) to a push service and says what to do next. The fan-out calls
// send() for many subscriptions at once; requests to the same push service share one keep-alive agent, so
// 10,000 messages travel over a handful of TLS connections instead of 10,000 handshakes.
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { createSecureContext, rootCertificates } from 'node:tls';
import { encryptPayload } from './crypto.ts';
import type { VapidSigner } from './vapid.ts';

export type PushUrgency = 'very-low' | 'low' | 'normal' | 'high';

export interface PushRequest {
	endpoint: string;
	p256dh: string;
	auth: string;
	payload: string;
	/** seconds the push service keeps the message while the browser is offline */
	ttl: number;
	urgency: PushUrgency;
	/** a later message with the same topic replaces this one while it waits (≤ 32 base64url characters) */
	topic?: string;
}

/**
 * What the caller does next: `sent` — done; `gone` — delete the subscription; `retry` — try again later
 * (after retryAfterMs when the service said so); `failed` — do not retry this message. A `failed` with
 * status 0 was refused before any request was made (bad endpoint, keys, topic or payload).
 */
export type PushResult =
	| { kind: 'sent'; status: number }
	| { kind: 'gone'; status: 404 | 410 }
	| { kind: 'retry'; status: number | null; retryAfterMs: number | null; error: string }
	| { kind: 'failed'; status: number; error: string };

export interface PushSenderOptions {
	vapid: VapidSigner;
	/** keep-alive connections per push service origin (default 32: a fan-out of 64 requests in flight to one push service uses them all) */
	connectionsPerOrigin?: number;
	/** a request that has not been answered this long after it got its connection is aborted (default 10 s) */
	timeoutMs?: number;
	/** a CA certificate to trust besides the usual ones, e.g. a test push service's self-signed one */
	ca?: string | Buffer;
	/** http: origins the caller allows (tests and local mocks); every other endpoint must be https: */
	allowHttpOrigins?: string[];
}

export interface PushSender {
	send(d: PushRequest): Promise<PushResult>;
	/** closes the kept-alive connections */
	close(): void;
}

const TOPIC = /^[A-Za-z0-9_-]{1,32}$/;
const URGENCIES = new Set<string>(['very-low', 'low', 'normal', 'high']);
/** we read this much of an error answer and no more */
const MAX_RESPONSE_BYTES = 4096;
const DEFAULT_RETRY_AFTER_MS = 60_000;
const MAX_RETRY_AFTER_MS = 3600_000;

/**
 * Retry-After (RFC 9110 §10.2.3) in ms: delay-seconds or an HTTP date. Missing or unreadable → 60 s; capped at
 * an hour so a confused push service cannot park our queue for days; a date in the past → 0.
 */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number {
	if (value === undefined) return DEFAULT_RETRY_AFTER_MS;
	const text = value.trim();
	let ms: number;
	if (/^\d+$/.test(text)) ms = Number(text) * 1000;
	else {
		const date = Date.parse(text);
		// only the date forms HTTP allows contain a weekday or month name; Date.parse also takes '1' or '2025'
		if (!/[A-Za-z]{3}/.test(text) || Number.isNaN(date)) return DEFAULT_RETRY_AFTER_MS;
		ms = Math.max(0, date - now);
	}
	return Math.min(ms, MAX_RETRY_AFTER_MS);
}

export function createPushSender(opts: PushSenderOptions): PushSender {
	const connections = opts.connectionsPerOrigin ?? 32;
	const timeoutMs = opts.timeoutMs ?? 10_000;
	const allowHttp = new Set(opts.allowHttpOrigins ?? []);
	const agents = new Map<string, HttpAgent>();
	// `ca` alone would replace Node's trust store: add to it, so real push services stay reachable. As a ready
	// secure context, because the agent would otherwise fold every certificate into its pool key per request.
	const secureContext = opts.ca ? createSecureContext({ ca: [...rootCertificates, opts.ca] }) : undefined;

	/** One keep-alive agent per origin: maxSockets bounds what one fan-out opens towards one push service. */
	function agentFor(url: URL): HttpAgent {
		let agent = agents.get(url.origin);
		if (!agent) {
			const options = { keepAlive: true, maxSockets: connections, maxFreeSockets: connections, scheduling: 'lifo' as const };
			agent = url.protocol === 'https:' ? new HttpsAgent({ ...options, secureContext }) : new HttpAgent(options);
			agents.set(url.origin, agent);
		}
		return agent;
	}

	function classify(status: number, res: IncomingMessage, body: string): PushResult {
		if (status >= 200 && status < 300) return { kind: 'sent', status };
		if (status === 404 || status === 410) return { kind: 'gone', status };
		if (status === 429) {
			const retryAfter = res.headers['retry-after'];
			return { kind: 'retry', status, retryAfterMs: parseRetryAfter(Array.isArray(retryAfter) ? retryAfter[0] : retryAfter), error: `429 ${body.slice(0, 200)}`.trim() };
		}
		if (status >= 500) return { kind: 'retry', status, retryAfterMs: null, error: `${status} ${body.slice(0, 200)}`.trim() };
		// 4xx (bad request, VAPID refused, too large …) and anything odd such as a redirect: retrying will not help
		return { kind: 'failed', status, error: body.slice(0, 200) || `HTTP ${status}` };
	}

	async function send(d: PushRequest): Promise<PushResult> {
		let url: URL;
		try {
			url = new URL(d.endpoint);
		} catch {
			return { kind: 'failed', status: 0, error: 'endpoint is not a URL' };
		}
		if (url.protocol !== 'https:' && !(url.protocol === 'http:' && allowHttp.has(url.origin))) {
			return { kind: 'failed', status: 0, error: `endpoint must be https: (${url.origin})` };
		}
		if (d.topic !== undefined && !TOPIC.test(d.topic)) return { kind: 'failed', status: 0, error: 'topic must be 1 to 32 base64url characters' };
		if (!URGENCIES.has(d.urgency)) return { kind: 'failed', status: 0, error: `unknown urgency ${d.urgency}` };
		if (!Number.isInteger(d.ttl) || d.ttl < 0) return { kind: 'failed', status: 0, error: 'ttl must be a whole number of seconds ≥ 0' };
		let body: Buffer;
		let authorization: string;
		try {
			body = encryptPayload(d.payload, { p256dh: d.p256dh, auth: d.auth });
			authorization = opts.vapid.authorization(url.origin);
		} catch (e) {
			return { kind: 'failed', status: 0, error: e instanceof Error ? e.message : String(e) };
		}

		const headers: Record<string, string> = {
			TTL: String(d.ttl),
			Urgency: d.urgency,
			'Content-Encoding': 'aes128gcm',
			'Content-Type': 'application/octet-stream',
			'Content-Length': String(body.length),
			Authorization: authorization
		};
		if (d.topic !== undefined) headers.Topic = d.topic;

		return new Promise<PushResult>((resolve) => {
			let settled = false;
			let timer: ReturnType<typeof setTimeout> | undefined;
			const done = (result: PushResult) => {
				if (settled) return;
				settled = true;
				clearTimeout(timer);
				resolve(result);
			};
			const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
			const req = request(url, { method: 'POST', headers, agent: agentFor(url) }, (res) => {
				const status = res.statusCode ?? 0;
				const chunks: Buffer[] = [];
				let size = 0;
				res.on('data', (chunk: Buffer) => {
					if (size >= MAX_RESPONSE_BYTES) return;
					chunks.push(chunk);
					size += chunk.length;
					// enough read: drop the rest with the connection rather than stream a huge answer
					if (size >= MAX_RESPONSE_BYTES) {
						done(classify(status, res, Buffer.concat(chunks).subarray(0, MAX_RESPONSE_BYTES).toString('utf8')));
						res.destroy();
					}
				});
				res.on('end', () => done(classify(status, res, Buffer.concat(chunks).toString('utf8'))));
				res.on('error', (e) => done({ kind: 'retry', status: null, retryAfterMs: null, error: `response: ${e.message}` }));
			});
			// the clock starts when the request has a connection: waiting in the agent's queue behind other
			// messages of the same fan-out is not a hanging push service
			req.on('socket', () => {
				timer ??= setTimeout(() => {
					done({ kind: 'retry', status: null, retryAfterMs: null, error: `no answer within ${timeoutMs} ms` });
					req.destroy();
				}, timeoutMs);
			});
			req.on('error', (e: NodeJS.ErrnoException) => done({ kind: 'retry', status: null, retryAfterMs: null, error: e.code ? `${e.code}: ${e.message}` : e.message }));
			req.end(body);
		});
	}

	return {
		send,
		close() {
			for (const agent of agents.values()) agent.destroy();
			agents.clear();
		}
	};
}
