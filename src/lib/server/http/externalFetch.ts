// Fetching a document from another server on behalf of a village (a club's calendar, the municipality's waste
// collection dates), without letting a village admin point the server at itself or at the machines around it
// (SSRF). Only http and https, only ports 80 and 443; the host name is resolved by our own `lookup`, which
// refuses loopback, private, link-local (cloud metadata), shared, multicast and reserved addresses, and the
// socket's peer is checked again once it is connected — so a name that answers differently the second time
// (DNS rebinding) cannot slip through. At most 3 redirects, each checked like the first address; a deadline for
// the whole fetch; a cap on the body (also after decompression); no cookies, no credentials.
//
// FETCH_ALLOW (config.ts) names origins that may be reached all the same (tests, a calendar server in the
// county's own network): exactly those origins, nothing else on their hosts.
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type Socket } from 'node:net';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { parseFetchAllow } from '../config.ts';

/** Why a fetch failed; modules translate it for people. */
export type FetchFailure = 'bad-url' | 'bad-scheme' | 'bad-port' | 'refused-address' | 'too-many-redirects' | 'too-large' | 'timeout' | 'http-status' | 'network';

export class ExternalFetchError extends Error {
	constructor(
		readonly reason: FetchFailure,
		message: string,
		/** the HTTP status, for 'http-status' */
		readonly status?: number
	) {
		super(message);
		this.name = 'ExternalFetchError';
	}
}

export interface FetchTextOptions {
	/** the largest body taken, in bytes (default 2 MB) */
	maxBytes?: number;
	/** the Accept header (default any) */
	accept?: string;
	/** the whole fetch, redirects included, in ms (default 15 s) */
	timeoutMs?: number;
	/** origins that may be reached despite the rules (default: FETCH_ALLOW) */
	allow?: readonly string[];
}

export interface FetchedText {
	text: string;
	/** the address the text came from, after redirects */
	url: string;
	contentType: string;
}

export const DEFAULT_MAX_BYTES = 2 * 1024 * 1024;
export const MAX_REDIRECTS = 3;
const DEFAULT_TIMEOUT_MS = 15_000;

// Address ranges a fetch never reaches: everything that is not a public unicast address on the internet.
const REFUSED_V4: [string, number][] = [
	['0.0.0.0', 8], // "this network"
	['10.0.0.0', 8], // private
	['100.64.0.0', 10], // shared address space (carrier-grade NAT)
	['127.0.0.0', 8], // loopback
	['169.254.0.0', 16], // link-local, cloud metadata (169.254.169.254)
	['172.16.0.0', 12], // private
	['192.0.0.0', 24], // IETF protocol assignments
	['192.0.2.0', 24], // documentation
	['192.168.0.0', 16], // private
	['198.18.0.0', 15], // benchmarking
	['198.51.100.0', 24], // documentation
	['203.0.113.0', 24], // documentation
	['224.0.0.0', 4], // multicast
	['240.0.0.0', 4] // reserved, broadcast
];
const REFUSED_V6: [bigint, number][] = [
	[0n, 128], // ::, unspecified
	[1n, 128], // ::1, loopback
	[0x0100n << 112n, 64], // 100::/64, discard
	[0x2001_0db8n << 96n, 32], // documentation
	[0xfc00n << 112n, 7], // unique local
	[0xfe80n << 112n, 10], // link-local
	[0xfec0n << 112n, 10], // site-local (deprecated)
	[0xff00n << 112n, 8] // multicast
];

const v4ToInt = (ip: string) => ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);

function v6ToBigInt(ip: string): bigint | null {
	let text = ip.split('%')[0]!.toLowerCase();
	// a dotted IPv4 tail (::ffff:127.0.0.1) as two hex groups
	const dotted = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(text);
	if (dotted) {
		if (isIP(dotted[2]!) !== 4) return null;
		const n = v4ToInt(dotted[2]!);
		text = `${dotted[1]}${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
	}
	const halves = text.split('::');
	if (halves.length > 2) return null;
	const head = halves[0] ? halves[0].split(':') : [];
	const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
	const missing = 8 - head.length - tail.length;
	if ((halves.length === 1 && missing !== 0) || missing < 0) return null;
	const groups = [...head, ...Array(halves.length === 2 ? missing : 0).fill('0'), ...tail];
	let n = 0n;
	for (const g of groups) {
		if (!/^[0-9a-f]{1,4}$/.test(g)) return null;
		n = (n << 16n) | BigInt(parseInt(g, 16));
	}
	return n;
}

const inV4 = (n: number, [base, bits]: [string, number]) => bits === 0 || n >>> (32 - bits) === v4ToInt(base) >>> (32 - bits);
const inV6 = (n: bigint, [base, bits]: [bigint, number]) => n >> BigInt(128 - bits) === base >> BigInt(128 - bits);
const v4FromLow = (n: bigint) => [Number((n >> 24n) & 255n), Number((n >> 16n) & 255n), Number((n >> 8n) & 255n), Number(n & 255n)].join('.');

/** True when an address must not be reached: not a public unicast address (IPv4-mapped and embedded IPv4 forms checked as IPv4). */
export function isRefusedAddress(ip: string): boolean {
	const family = isIP(ip.split('%')[0]!);
	if (family === 4) return REFUSED_V4.some((range) => inV4(v4ToInt(ip), range));
	if (family !== 6) return true;
	const n = v6ToBigInt(ip);
	if (n === null) return true;
	// IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::/96) and 6to4 (2002::/16) carry an IPv4 address
	if (n >> 32n === 0xffffn || n >> 32n === 0n || n >> 32n === 0x0064_ff9b_0000_0000_0000_0000n) return isRefusedAddress(v4FromLow(n));
	if (n >> 112n === 0x2002n) return isRefusedAddress(v4FromLow(n >> 80n));
	return REFUSED_V6.some((range) => inV6(n, range));
}

const refused = (host: string, ip: string) => new ExternalFetchError('refused-address', `${host} resolves to ${ip}, which is not a public address`);

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A `lookup` for http.request that resolves the name and refuses the lot when any of its addresses is refused. */
export function guardedLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
	dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
		if (err) return callback(err, []);
		const bad = addresses.find((a) => isRefusedAddress(a.address));
		if (bad) return callback(refused(hostname, bad.address) as unknown as NodeJS.ErrnoException, []);
		if (options.all) return callback(null, addresses);
		const first = addresses[0];
		if (!first) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), []);
		callback(null, first.address, first.family);
	});
}

/** The checks before connecting: a web address, http or https, port 80/443, no credentials, no refused IP literal. */
function checkTarget(raw: string, allow: readonly string[]): { url: URL; allowed: boolean } {
	let url: URL;
	try {
		url = new URL(raw);
	} catch {
		throw new ExternalFetchError('bad-url', 'not an address');
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ExternalFetchError('bad-scheme', `${url.protocol} is not http or https`);
	if (url.username || url.password) throw new ExternalFetchError('bad-url', 'addresses with a user name or password are not fetched');
	if (!url.hostname) throw new ExternalFetchError('bad-url', 'no host');
	const allowed = allow.includes(url.origin);
	if (allowed) return { url, allowed };
	if (url.port !== '' && url.port !== '80' && url.port !== '443') throw new ExternalFetchError('bad-port', `port ${url.port} is not 80 or 443`);
	const host = url.hostname.replace(/^\[|\]$/g, '');
	if (isIP(host) && isRefusedAddress(host)) throw refused(host, host);
	return { url, allowed };
}

interface Hop {
	status: number;
	location: string | null;
	contentType: string;
	body?: Buffer;
}

function request(url: URL, allowed: boolean, opts: { accept: string; maxBytes: number; signal: AbortSignal }): Promise<Hop> {
	return new Promise((resolve, reject) => {
		const lib = url.protocol === 'https:' ? https : http;
		const req = lib.request(
			url,
			{
				method: 'GET',
				// our lookup decides which addresses may be connected to; an allowed origin uses the system's
				lookup: allowed ? undefined : (guardedLookup as unknown as typeof dnsLookup),
				agent: false,
				signal: opts.signal,
				headers: { accept: opts.accept, 'accept-encoding': 'gzip, deflate, br', 'user-agent': 'Allmende (village calendar import)' }
			},
			(res) => {
				const status = res.statusCode ?? 0;
				const contentType = String(res.headers['content-type'] ?? '');
				if (status >= 300 && status < 400 && res.headers.location) {
					res.resume();
					return resolve({ status, location: res.headers.location, contentType });
				}
				if (status < 200 || status >= 300) {
					res.resume();
					return resolve({ status, location: null, contentType });
				}
				const length = Number(res.headers['content-length'] ?? NaN);
				if (Number.isFinite(length) && length > opts.maxBytes) {
					res.destroy();
					return reject(tooLarge(opts.maxBytes));
				}
				const encoding = String(res.headers['content-encoding'] ?? '').toLowerCase();
				const stream = encoding === 'gzip' || encoding === 'x-gzip' ? res.pipe(createGunzip()) : encoding === 'deflate' ? res.pipe(createInflate()) : encoding === 'br' ? res.pipe(createBrotliDecompress()) : res;
				const chunks: Buffer[] = [];
				let size = 0;
				stream.on('data', (chunk: Buffer) => {
					size += chunk.length;
					if (size > opts.maxBytes) {
						res.destroy();
						stream.destroy();
						reject(tooLarge(opts.maxBytes));
						return;
					}
					chunks.push(chunk);
				});
				stream.on('end', () => resolve({ status, location: null, contentType, body: Buffer.concat(chunks) }));
				stream.on('error', (e) => reject(asFetchError(e)));
				res.on('error', (e) => reject(asFetchError(e)));
			}
		);
		// the peer we actually reached: checked again, whatever the name resolved to before
		req.on('socket', (socket: Socket) => {
			const check = () => {
				const peer = socket.remoteAddress ?? '';
				if (!allowed && (!peer || isRefusedAddress(peer))) req.destroy(refused(url.hostname, peer || 'an unknown address'));
			};
			if (socket.remoteAddress) check();
			else socket.once('connect', check);
		});
		req.on('error', (e) => reject(asFetchError(e)));
		req.end();
	});
}

const tooLarge = (max: number) => new ExternalFetchError('too-large', `the document is larger than ${max} bytes`);

function asFetchError(e: unknown): ExternalFetchError {
	if (e instanceof ExternalFetchError) return e;
	const cause = (e as { cause?: unknown }).cause;
	if (cause instanceof ExternalFetchError) return cause;
	if ((e as { name?: string }).name === 'AbortError') return new ExternalFetchError('timeout', 'the server took too long');
	return new ExternalFetchError('network', `the server could not be reached (${(e as { code?: string }).code ?? String(e)})`);
}

/** The text of a body, in the charset the server names (UTF-8 when it names none or one we do not know). */
function decode(body: Buffer, contentType: string): string {
	const charset = /charset="?([\w-]+)"?/i.exec(contentType)?.[1] ?? 'utf-8';
	try {
		return new TextDecoder(charset).decode(body);
	} catch {
		return new TextDecoder('utf-8').decode(body);
	}
}

/**
 * What the fetch would refuse about this address before connecting (not http(s), another port, an internal
 * address written out as a number), or null. Forms use it to answer at once; a name is checked when it resolves.
 */
export function fetchTargetProblem(raw: string): FetchFailure | null {
	try {
		checkTarget(raw, fetchAllowFromEnv());
		return null;
	} catch (e) {
		if (e instanceof ExternalFetchError) return e.reason;
		throw e;
	}
}

/**
 * Fetches a text document from another server under the rules above. Throws ExternalFetchError with its
 * `reason` when the address is refused or the fetch fails (non-2xx status, too large, too slow, unreachable).
 */
export async function fetchText(raw: string, options: FetchTextOptions = {}): Promise<FetchedText> {
	const allow = options.allow ?? fetchAllowFromEnv();
	const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
	const controller = new AbortController();
	const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
	try {
		let current = raw;
		for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
			const { url, allowed } = checkTarget(current, allow);
			const res = await request(url, allowed, { accept: options.accept ?? '*/*', maxBytes, signal: controller.signal }).catch((e: unknown) => {
				throw controller.signal.aborted ? new ExternalFetchError('timeout', 'the server took too long') : asFetchError(e);
			});
			if (res.location !== null) {
				current = new URL(res.location, url).href;
				continue;
			}
			if (!res.body) throw new ExternalFetchError('http-status', `the server answered ${res.status}`, res.status);
			return { text: decode(res.body, res.contentType), url: url.href, contentType: res.contentType };
		}
		throw new ExternalFetchError('too-many-redirects', `more than ${MAX_REDIRECTS} redirects`);
	} finally {
		clearTimeout(timer);
	}
}

let cachedAllow: { raw: string | undefined; list: string[] } | null = null;

/** FETCH_ALLOW as read at start (config.ts validates it; a bad value here allows nothing). */
function fetchAllowFromEnv(): string[] {
	const raw = process.env.FETCH_ALLOW;
	if (cachedAllow && cachedAllow.raw === raw) return cachedAllow.list;
	let list: string[];
	try {
		list = parseFetchAllow(raw);
	} catch {
		list = [];
	}
	cachedAllow = { raw, list };
	return list;
}
