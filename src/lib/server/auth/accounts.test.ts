import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../../tests/helpers/testDb.ts';
import { changePassword, checkCredentials, createUser, isResetTokenValid, register, requestPasswordReset, resendVerification, resetPassword, verifyEmail } from './accounts.ts';
import { hitRateLimit } from './rateLimit.ts';
import { createSession, deleteUserSessions, validateSession } from './sessions.ts';

let t: TestDb;
beforeAll(async () => {
	t = await createTestDb();
});
afterAll(() => t.cleanup());

/** The secret from the newest queued mail to this address (what the user would click). */
async function linkSecret(to: string, pattern: RegExp): Promise<string> {
	const jobs = await t.db.selectFrom('jobs').select(['payload', 'createdAt', 'id']).where('kind', '=', 'mail').orderBy('id', 'desc').execute();
	for (const j of jobs) {
		const mail = JSON.parse(j.payload) as { to: string; text: string };
		const match = mail.to === to ? pattern.exec(mail.text) : null;
		if (match) return match[1]!;
	}
	throw new Error(`no mail to ${to}`);
}

const origin = 'http://localhost:3000';
const policy = { idleMs: 60_000 * 60, absoluteMs: 60_000 * 60 * 24 };

describe('register, verify, log in', () => {
	it('refuses login before the address is verified, and with a wrong password', async () => {
		await register(t.db, { email: 'neu@example.org', password: 'ein gutes passwort', displayName: 'Neu', locale: 'de', origin });
		expect(await checkCredentials(t.db, { email: 'neu@example.org', password: 'ein gutes passwort' })).toEqual({ ok: false, reason: 'unverified' });
		expect(await checkCredentials(t.db, { email: 'neu@example.org', password: 'falsch falsch' })).toEqual({ ok: false, reason: 'invalid' });
		expect(await checkCredentials(t.db, { email: 'niemand@example.org', password: 'egal egal egal' })).toEqual({ ok: false, reason: 'invalid' });
	});

	it('rejects unknown and reused verification links', async () => {
		expect(await verifyEmail(t.db, 'unknown-secret-value')).toBeNull();
		const secret = await linkSecret('neu@example.org', /verify\?token=([\w-]+)/);
		expect((await verifyEmail(t.db, secret))?.email).toBe('neu@example.org');
		expect(await verifyEmail(t.db, secret)).toBeNull();
		const login = await checkCredentials(t.db, { email: 'neu@example.org', password: 'ein gutes passwort' });
		expect(login.ok).toBe(true);
	});

	it('does not create a second account for a known address, and tells its owner instead', async () => {
		const before = await t.db.selectFrom('users').select('id').where('email', '=', 'neu@example.org').execute();
		await register(t.db, { email: 'neu@example.org', password: 'anderes passwort!', displayName: 'Fremd', locale: 'de', origin });
		const after = await t.db.selectFrom('users').select('id').where('email', '=', 'neu@example.org').execute();
		expect(after).toEqual(before);
		const jobs = await t.db.selectFrom('jobs').select('payload').execute();
		expect(jobs.some((j) => JSON.parse(j.payload).subject === 'Sie haben schon ein Konto')).toBe(true);
	});
});

describe('password reset', () => {
	it('does nothing for unknown addresses and refuses bad links', async () => {
		const count = async () => Number((await t.db.selectFrom('jobs').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
		const before = await count();
		await requestPasswordReset(t.db, { email: 'niemand@example.org', origin });
		expect(await count()).toBe(before);
		expect(await resetPassword(t.db, { secret: 'nope', password: 'neues passwort 1' })).toBe(false);
	});

	it('sets the new password once and ends all sessions', async () => {
		const user = await createUser(t.db, { email: 'reset@example.org', password: 'altes passwort 1', displayName: 'R', verified: true });
		const { token } = await createSession(t.db, { userId: user.id, policy, ip: '', userAgent: '', host: 'localhost:3000' });
		await requestPasswordReset(t.db, { email: 'reset@example.org', origin });
		const secret = await linkSecret('reset@example.org', /\/reset\/([\w-]+)/);
		expect(await resetPassword(t.db, { secret, password: 'neues passwort 1' })).toBe(true);
		expect(await resetPassword(t.db, { secret, password: 'noch ein anderes' })).toBe(false);
		expect(await validateSession(t.db, token, policy, 'localhost:3000')).toBeNull();
		expect((await checkCredentials(t.db, { email: 'reset@example.org', password: 'neues passwort 1' })).ok).toBe(true);
		expect((await checkCredentials(t.db, { email: 'reset@example.org', password: 'altes passwort 1' })).ok).toBe(false);
	});
});

/** The secrets of every queued mail to this address that matches, newest first. */
async function allLinkSecrets(to: string, pattern: RegExp): Promise<string[]> {
	const jobs = await t.db.selectFrom('jobs').select(['payload', 'id']).where('kind', '=', 'mail').orderBy('id', 'desc').execute();
	return jobs.flatMap((j) => {
		const mail = JSON.parse(j.payload) as { to: string; text: string };
		const match = mail.to === to ? pattern.exec(mail.text) : null;
		return match ? [match[1]!] : [];
	});
}

describe('other links after a new password (security review finding 4b)', () => {
	it('a reset makes every other reset link of the account useless', async () => {
		await createUser(t.db, { email: 'zwei-links@example.org', password: 'altes passwort 1', displayName: 'Z', verified: true });
		await requestPasswordReset(t.db, { email: 'zwei-links@example.org', origin });
		await requestPasswordReset(t.db, { email: 'zwei-links@example.org', origin });
		const [newer, older] = await allLinkSecrets('zwei-links@example.org', /\/reset\/([\w-]+)/);
		expect(await isResetTokenValid(t.db, older!)).toBe(true);
		expect(await resetPassword(t.db, { secret: newer!, password: 'neues passwort 1' })).toBe(true);
		expect(await isResetTokenValid(t.db, older!)).toBe(false);
		expect(await resetPassword(t.db, { secret: older!, password: 'das des angreifers' })).toBe(false);
		expect((await checkCredentials(t.db, { email: 'zwei-links@example.org', password: 'neues passwort 1' })).ok).toBe(true);
	});

	it('a password change makes open reset links useless', async () => {
		const user = await createUser(t.db, { email: 'wechsel@example.org', password: 'altes passwort 1', displayName: 'W', verified: true });
		const { token } = await createSession(t.db, { userId: user.id, policy, ip: '', userAgent: '', host: 'localhost:3000' });
		const session = await validateSession(t.db, token, policy, 'localhost:3000');
		await requestPasswordReset(t.db, { email: 'wechsel@example.org', origin });
		const [secret] = await allLinkSecrets('wechsel@example.org', /\/reset\/([\w-]+)/);
		expect(await changePassword(t.db, { userId: user.id, currentPassword: 'altes passwort 1', password: 'neues passwort 1', keepSessionId: session!.sessionId })).toBe(true);
		expect(await resetPassword(t.db, { secret: secret!, password: 'das des angreifers' })).toBe(false);
		expect((await checkCredentials(t.db, { email: 'wechsel@example.org', password: 'neues passwort 1' })).ok).toBe(true);
	});

	it('a reset also ends an open confirmation link', async () => {
		await register(t.db, { email: 'unbestaetigt@example.org', password: 'ein gutes passwort', displayName: 'U', locale: 'de', origin });
		const [verify] = await allLinkSecrets('unbestaetigt@example.org', /verify\?token=([\w-]+)/);
		await requestPasswordReset(t.db, { email: 'unbestaetigt@example.org', origin });
		const [reset] = await allLinkSecrets('unbestaetigt@example.org', /\/reset\/([\w-]+)/);
		expect(await resetPassword(t.db, { secret: reset!, password: 'neues passwort 1' })).toBe(true);
		expect(await verifyEmail(t.db, verify!)).toBeNull();
	});
});

describe('mails per address (security review finding 4f)', () => {
	const mailsTo = async (to: string) => (await t.db.selectFrom('jobs').select('payload').where('kind', '=', 'mail').execute()).filter((j) => (JSON.parse(j.payload) as { to: string }).to === to).length;

	it('registering again and again with a known address sends at most 3 mails an hour', async () => {
		await createUser(t.db, { email: 'bekannt@example.org', password: 'altes passwort 1', displayName: 'B', verified: true });
		for (let i = 0; i < 6; i++) await register(t.db, { email: 'bekannt@example.org', password: 'irgendein passwort', displayName: 'X', locale: 'de', origin });
		expect(await mailsTo('bekannt@example.org')).toBe(3);
	});

	it('"resend the confirmation" sends at most 3 mails an hour', async () => {
		await register(t.db, { email: 'wartet@example.org', password: 'ein gutes passwort', displayName: 'W', locale: 'de', origin });
		for (let i = 0; i < 5; i++) await resendVerification(t.db, { email: 'wartet@example.org', origin });
		expect(await mailsTo('wartet@example.org')).toBe(3);
	});

	it('counts unknown addresses the same way, so the limit does not tell who is registered', async () => {
		for (let i = 0; i < 4; i++) await resendVerification(t.db, { email: 'unbekannt@example.org', origin });
		for (let i = 0; i < 4; i++) await resendVerification(t.db, { email: 'bekannt@example.org', origin });
		const counters = await t.db.selectFrom('rateLimits').select(['key', 'count']).where('key', 'in', ['mail:unbekannt@example.org', 'mail:bekannt@example.org']).orderBy('key').execute();
		// the known address had 6 hits from registering before; both counted every request
		expect(counters.map((c) => [c.key, Number(c.count)])).toEqual([
			['mail:bekannt@example.org', 10],
			['mail:unbekannt@example.org', 4]
		]);
		// over the limit, a new address gets no account either (and the same answer): it can register later
		for (let i = 0; i < 3; i++) await resendVerification(t.db, { email: 'spaeter@example.org', origin });
		await register(t.db, { email: 'spaeter@example.org', password: 'ein gutes passwort', displayName: 'S', locale: 'de', origin });
		expect(await t.db.selectFrom('users').select('id').where('email', '=', 'spaeter@example.org').execute()).toEqual([]);
	});
});

describe('sessions', () => {
	it('end after the idle timeout and at the absolute timeout, and on "log out everywhere"', async () => {
		const user = await createUser(t.db, { email: 'session@example.org', password: 'passwort passwort', displayName: 'S', verified: true });
		const now = Date.now();
		const idle = await createSession(t.db, { userId: user.id, policy, ip: '', userAgent: '', host: 'localhost:3000' });
		expect(await validateSession(t.db, idle.token, policy, 'localhost:3000', now + policy.idleMs + 1000)).toBeNull();
		expect(await validateSession(t.db, idle.token, policy, 'localhost:3000', now)).toBeNull(); // deleted on sight

		const abs = await createSession(t.db, { userId: user.id, policy, ip: '', userAgent: '', host: 'localhost:3000' });
		// keep it busy, still it ends at the absolute timeout
		expect(await validateSession(t.db, abs.token, { ...policy, idleMs: policy.absoluteMs * 2 }, 'localhost:3000', now + policy.absoluteMs + 1000)).toBeNull();

		const a = await createSession(t.db, { userId: user.id, policy, ip: '', userAgent: '', host: 'localhost:3000' });
		const b = await createSession(t.db, { userId: user.id, policy, ip: '', userAgent: '', host: 'localhost:3000' });
		expect((await validateSession(t.db, a.token, policy, 'localhost:3000'))?.user.email).toBe('session@example.org');
		expect(await deleteUserSessions(t.db, user.id)).toBe(2);
		expect(await validateSession(t.db, a.token, policy, 'localhost:3000')).toBeNull();
		expect(await validateSession(t.db, b.token, policy, 'localhost:3000')).toBeNull();
	});

	it('stores only a hash of the cookie value', async () => {
		const user = await createUser(t.db, { email: 'hash@example.org', password: 'passwort passwort', displayName: 'H', verified: true });
		const { token } = await createSession(t.db, { userId: user.id, policy, ip: '', userAgent: '', host: 'localhost:3000' });
		const rows = await t.db.selectFrom('sessions').select('id').where('userId', '=', user.id).execute();
		expect(rows).toHaveLength(1);
		expect(rows[0]!.id).not.toBe(token);
		expect(rows[0]!.id).toMatch(/^[0-9a-f]{64}$/);
	});
});

describe('rate limits', () => {
	it('allows N hits per window, then refuses until the window has passed', async () => {
		const now = 1_000_000;
		const hit = (at: number) => hitRateLimit(t.db, { key: 'login:x@example.org', limit: 5, windowMs: 60_000, now: at });
		for (let i = 0; i < 5; i++) expect((await hit(now + i)).allowed).toBe(true);
		const sixth = await hit(now + 10);
		expect(sixth.allowed).toBe(false);
		expect(sixth.retryAfter).toBe(60);
		expect((await hit(now + 60_001)).allowed).toBe(true);
	});
});
