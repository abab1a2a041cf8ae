import { isIPv6 } from 'node:net';
import type { Db } from '../db/index.ts';
import { bumpSlidingCounter, hitRateLimit, readCounter } from './rateLimit.ts';

// Login limits that slow down guessing without letting a stranger lock the real user out:
//  - per (account, client address): `perAccountAndIp` attempts a minute. Whoever hammers an account from one
//    address only locks themselves out; the owner, elsewhere, is not affected.
//  - per client address: `perIp` attempts a minute across all accounts (against trying many accounts).
//  - per account, a back-off only when failures come from many addresses (a distributed attack): after
//    failures from BACKOFF_AFTER_ADDRESSES different addresses within an hour, every further attempt waits
//    2, 4, 8 … seconds (at most 15 minutes) after the latest failure. A successful login clears it.
// All counters live in the rate_limits table, so every app instance sees the same numbers.

const MINUTE = 60_000;
/** how long an account remembers failures after the latest one */
const FAILURE_MEMORY_MS = 3_600_000;
export const BACKOFF_AFTER_ADDRESSES = 10;
const MAX_BACKOFF_S = 900;

export interface LoginLimits {
	perAccountAndIp: number;
	perIp: number;
}

/**
 * The part of a client address that one client controls: an IPv4 address, or the /64 network of an IPv6
 * address (one home or phone gets a whole /64, so counting single IPv6 addresses would count nothing).
 */
export function addressKey(ip: string): string {
	const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
	if (mapped) return mapped[1]!;
	if (!isIPv6(ip)) return ip;
	const [head = '', tail] = ip.toLowerCase().split('::');
	const left = head ? head.split(':') : [];
	const right = tail === undefined ? [] : tail ? tail.split(':') : [];
	const groups = [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
	return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

const keys = (email: string, ip: string) => {
	const address = addressKey(ip);
	return {
		ip: `login-ip:${address}`,
		accountAndIp: `login:${email}|${address}`,
		failuresFromIp: `login-fail-ip:${email}|${address}`,
		account: `login-fail:${email}`
	};
};

/** The account's back-off in seconds for this many failing addresses (0: none). */
export function backoffSeconds(addresses: number): number {
	if (addresses < BACKOFF_AFTER_ADDRESSES) return 0;
	return Math.min(MAX_BACKOFF_S, 2 ** (addresses - BACKOFF_AFTER_ADDRESSES + 1));
}

/** Counts one attempt and says whether it may go on to the password check. */
export async function admitLogin(db: Db, args: { email: string; ip: string; limits: LoginLimits; now?: number }): Promise<{ allowed: true } | { allowed: false; retryAfter: number }> {
	const now = args.now ?? Date.now();
	const k = keys(args.email, args.ip);
	for (const [key, limit] of [[k.ip, args.limits.perIp], [k.accountAndIp, args.limits.perAccountAndIp]] as const) {
		const hit = await hitRateLimit(db, { key, limit, windowMs: MINUTE, now });
		if (!hit.allowed) return { allowed: false, retryAfter: hit.retryAfter };
	}
	const failures = await readCounter(db, k.account);
	if (failures && failures.windowStart > now - FAILURE_MEMORY_MS) {
		const wait = backoffSeconds(failures.count) * 1000 - (now - failures.windowStart);
		if (wait > 0) return { allowed: false, retryAfter: Math.ceil(wait / 1000) };
	}
	return { allowed: true };
}

/** Records a wrong password (or unknown account): the account counts each failing address once an hour. */
export async function recordLoginFailure(db: Db, args: { email: string; ip: string; now?: number }): Promise<void> {
	const k = keys(args.email, args.ip);
	const fromIp = await hitRateLimit(db, { key: k.failuresFromIp, limit: 1, windowMs: FAILURE_MEMORY_MS, now: args.now });
	await bumpSlidingCounter(db, { key: k.account, add: fromIp.allowed ? 1 : 0, windowMs: FAILURE_MEMORY_MS, now: args.now });
}

/** A successful login clears the account's failures (and those of this address). */
export async function recordLoginSuccess(db: Db, args: { email: string; ip: string }): Promise<void> {
	const k = keys(args.email, args.ip);
	await db.deleteFrom('rateLimits').where('key', 'in', [k.account, k.failuresFromIp]).execute();
}
