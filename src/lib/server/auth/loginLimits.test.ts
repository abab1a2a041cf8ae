import type { Cookies } from '@sveltejs/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../../tests/helpers/testDb.ts';
import { loadConfig } from '../config.ts';
import type { Runtime } from '../runtime.ts';
import { createUser } from './accounts.ts';
import { addressKey, admitLogin, backoffSeconds, BACKOFF_AFTER_ADDRESSES, recordLoginFailure, recordLoginSuccess } from './loginLimits.ts';
import { logIn } from './loginFlow.ts';

let t: TestDb;
let rt: Runtime;
beforeAll(async () => {
	t = await createTestDb();
	rt = { config: loadConfig({}), db: t.db, dialect: t.dialect, kickJobs: () => {}, hub: undefined as never };
	for (const email of ['opfer@example.org', 'zweites@example.org', 'verteilt@example.org']) await createUser(t.db, { email, password: 'das richtige passwort', displayName: email, verified: true });
});
afterAll(() => t.cleanup());

/** A cookie jar as much as logIn needs. */
function jar(): Cookies {
	const store = new Map<string, string>();
	return { get: (name: string) => store.get(name), set: (name: string, value: string) => void store.set(name, value), delete: (name: string) => void store.delete(name) } as unknown as Cookies;
}
const attempt = (email: string, password: string, ip: string) => logIn({ rt, cookies: jar(), email, password, ip, userAgent: 'test', host: 'localhost:3000' });
const outcome = async (email: string, password: string, ip: string) => {
	const r = await attempt(email, password, ip);
	return r.ok ? 'ok' : r.reason;
};

describe('login limits (security review finding 4d)', () => {
	it('an attacker hammering one account from one address does not lock the real user out from another', async () => {
		const attacker = '203.0.113.66';
		const tries: string[] = [];
		for (let i = 0; i < 8; i++) tries.push(await outcome('opfer@example.org', `falsch ${i} falsch`, attacker));
		expect(tries).toEqual(['invalid', 'invalid', 'invalid', 'invalid', 'invalid', 'rate-limited', 'rate-limited', 'rate-limited']);
		// the right password from the attacker's address is refused as well: it is not even checked
		expect(await outcome('opfer@example.org', 'das richtige passwort', attacker)).toBe('rate-limited');
		// the owner, at home
		expect(await outcome('opfer@example.org', 'das richtige passwort', '198.51.100.7')).toBe('ok');
	});

	it('limits one address across accounts (20 a minute)', async () => {
		const ip = '203.0.113.99';
		const results: string[] = [];
		for (let i = 0; i < 21; i++) results.push(await outcome(`niemand${i}@example.org`, 'falsch falsch', ip));
		expect(results.slice(0, 20).every((r) => r === 'invalid')).toBe(true);
		expect(results[20]).toBe('rate-limited');
		expect(await outcome('zweites@example.org', 'das richtige passwort', ip)).toBe('rate-limited');
		expect(await outcome('zweites@example.org', 'das richtige passwort', '198.51.100.8')).toBe('ok');
	});

	it('backs an account off only after failures from many addresses, and a login clears it', async () => {
		const email = 'verteilt@example.org';
		// failures from a few addresses, even many each: no back-off for the owner
		for (let i = 0; i < 5; i++) expect(await outcome(email, 'falsch falsch', '192.0.2.1')).toBe('invalid');
		for (let a = 2; a < BACKOFF_AFTER_ADDRESSES; a++) expect(await outcome(email, 'falsch falsch', `192.0.2.${a}`)).toBe('invalid');
		expect(await admitLogin(t.db, { email, ip: '198.51.100.9', limits: { perAccountAndIp: 5, perIp: 20 } })).toEqual({ allowed: true });
		// one more address makes it a distributed attack: everyone waits a little, growing with each new address
		expect(await outcome(email, 'falsch falsch', '192.0.2.200')).toBe('invalid');
		const waiting = await attempt(email, 'das richtige passwort', '198.51.100.10');
		expect(waiting).toMatchObject({ ok: false, reason: 'rate-limited' });
		expect(waiting.ok === false && 'retryAfter' in waiting ? waiting.retryAfter : 0).toBeLessThanOrEqual(backoffSeconds(BACKOFF_AFTER_ADDRESSES));
		// …and after the wait the owner gets in, which clears the account's failures
		expect(await admitLogin(t.db, { email, ip: '198.51.100.10', limits: { perAccountAndIp: 5, perIp: 20 }, now: Date.now() + 3000 })).toEqual({ allowed: true });
		await new Promise((r) => setTimeout(r, backoffSeconds(BACKOFF_AFTER_ADDRESSES) * 1000 + 100));
		expect(await outcome(email, 'das richtige passwort', '198.51.100.11')).toBe('ok');
		expect(await t.db.selectFrom('rateLimits').select('key').where('key', '=', `login-fail:${email}`).execute()).toEqual([]);
		expect(await outcome(email, 'falsch falsch', '192.0.2.201')).toBe('invalid');
		expect(await outcome(email, 'das richtige passwort', '198.51.100.12')).toBe('ok');
	});

	it('grows the back-off with the number of addresses, up to 15 minutes', () => {
		expect(backoffSeconds(BACKOFF_AFTER_ADDRESSES - 1)).toBe(0);
		expect(backoffSeconds(BACKOFF_AFTER_ADDRESSES)).toBe(2);
		expect(backoffSeconds(BACKOFF_AFTER_ADDRESSES + 3)).toBe(16);
		expect(backoffSeconds(1000)).toBe(900);
	});

	it('counts an IPv6 client by its /64 network', () => {
		expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
		expect(addressKey('2001:db8:1:2:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64');
		expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
		expect(addressKey('::ffff:198.51.100.1')).toBe('198.51.100.1');
		expect(addressKey('198.51.100.1')).toBe('198.51.100.1');
		expect(addressKey('::1')).toBe('0:0:0:0::/64');
	});
});

describe('login limits, to the second (the clock passed in)', () => {
	const T = Date.UTC(2030, 0, 1, 8, 0, 0);
	const limits = { perAccountAndIp: 2, perIp: 3 };
	const counter = async (key: string) => (await t.db.selectFrom('rateLimits').select('count').where('key', '=', key).executeTakeFirst())?.count;

	it('refuses the third attempt on one account from one address, then any account from that address, for the rest of the minute', async () => {
		const ip = '203.0.113.150';
		expect(await admitLogin(t.db, { email: 'eins@example.org', ip, limits, now: T })).toEqual({ allowed: true });
		expect(await admitLogin(t.db, { email: 'eins@example.org', ip, limits, now: T })).toEqual({ allowed: true });
		expect(await admitLogin(t.db, { email: 'eins@example.org', ip, limits, now: T + 20_000 })).toEqual({ allowed: false, retryAfter: 40 });
		expect(await admitLogin(t.db, { email: 'zwei@example.org', ip, limits, now: T + 30_000 })).toEqual({ allowed: false, retryAfter: 30 });
		expect(await admitLogin(t.db, { email: 'zwei@example.org', ip: '203.0.113.151', limits, now: T + 30_000 })).toEqual({ allowed: true });
		expect(await admitLogin(t.db, { email: 'eins@example.org', ip, limits, now: T + 60_000 })).toEqual({ allowed: true });
	});

	it('counts each failing address once, an IPv6 /64 as one address, and backs off 2 s after the tenth', async () => {
		const email = 'uhr@example.org';
		const admit = (now: number) => admitLogin(t.db, { email, ip: '198.51.100.200', limits: { perAccountAndIp: 100, perIp: 100 }, now });
		for (let a = 1; a < BACKOFF_AFTER_ADDRESSES; a++) {
			await recordLoginFailure(t.db, { email, ip: `192.0.2.${a}`, now: T });
			await recordLoginFailure(t.db, { email, ip: `192.0.2.${a}`, now: T });
		}
		await recordLoginFailure(t.db, { email, ip: '2001:db8:1:2::1', now: T });
		expect(await counter(`login-fail:${email}`)).toBe(BACKOFF_AFTER_ADDRESSES);
		await recordLoginFailure(t.db, { email, ip: '2001:db8:1:2::2', now: T });
		expect(await counter(`login-fail:${email}`)).toBe(BACKOFF_AFTER_ADDRESSES);
		expect(await admit(T + 500)).toEqual({ allowed: false, retryAfter: 2 });
		expect(await admit(T + 1500)).toEqual({ allowed: false, retryAfter: 1 });
		expect(await admit(T + 1999)).toEqual({ allowed: false, retryAfter: 1 });
		expect(await admit(T + 2000)).toEqual({ allowed: true });
	});

	it("a successful login clears the account's failures and this address's mark, nothing else", async () => {
		const email = 'uhr@example.org';
		await recordLoginSuccess(t.db, { email, ip: '192.0.2.1' });
		expect(await counter(`login-fail:${email}`)).toBeUndefined();
		expect(await counter(`login-fail-ip:${email}|192.0.2.1`)).toBeUndefined();
		expect(await counter(`login-fail-ip:${email}|192.0.2.2`)).toBe(2);
		expect(await counter('login-ip:203.0.113.150')).toBeDefined();
	});

	it('reads mapped IPv4, capitals and leading zeros in IPv6 addresses the same way', () => {
		expect(addressKey('::FFFF:198.51.100.1')).toBe('198.51.100.1');
		expect(addressKey('2001:0DB8:0001:0000::1')).toBe('2001:db8:1:0::/64');
		expect(addressKey('0:0:0:0:0:0:0:1')).toBe('0:0:0:0::/64');
		expect(addressKey('2001:db8::')).toBe('2001:db8:0:0::/64');
		expect(addressKey('::')).toBe('0:0:0:0::/64');
		expect(addressKey('fe80::1:2:3:4:5')).toBe('fe80:0:0:1::/64');
		expect(addressKey('not an address')).toBe('not an address');
		// only a whole mapped address is read as IPv4
		expect(addressKey('::ffff:198.51.100.123')).toBe('198.51.100.123');
		expect(addressKey('1::ffff:198.51.100.123')).toBe('1:0:0:0::/64');
		expect(addressKey('::ffff:198.51.100.1x')).toBe('::ffff:198.51.100.1x');
	});
});
