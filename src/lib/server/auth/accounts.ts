import type { Db } from '../db/index.ts';
import type { UsersTable } from '../db/types.ts';
import { hashSecret, newId, newSecret } from '../ids.ts';
import { queueMail } from '../mail/queueMail.ts';
import { alreadyRegisteredMail, resetPasswordMail, verifyEmailMail } from '../mail/templates.ts';
import { fieldError } from '../http/errors.ts';
import { isPersonalPassword } from './passwordPolicy.ts';
import { hitRateLimit } from './rateLimit.ts';
import { burnPasswordCheck, hashPassword, verifyPassword } from './passwords.ts';
import { deleteUserSessions } from './sessions.ts';

const VERIFY_TTL_MS = 48 * 3_600_000;
const RESET_TTL_MS = 2 * 3_600_000;
/** Account mails (confirmation, "you already have an account") per address and hour. */
export const ACCOUNT_MAILS_PER_HOUR = 3;

/**
 * Counts one account mail to this address and says whether it may go out. Counted before the address is
 * looked up, for known and unknown addresses alike, so hitting the limit tells nothing about who is registered;
 * it only keeps the forms from flooding someone's inbox.
 */
async function mayMail(db: Db, email: string): Promise<boolean> {
	return (await hitRateLimit(db, { key: `mail:${email.toLowerCase()}`, limit: ACCOUNT_MAILS_PER_HOUR, windowMs: 3_600_000 })).allowed;
}

/**
 * Counts one password-reset request for this address: a few links per address and hour are enough, more
 * would let anyone flood someone's inbox. The key holds the address (account deletion removes it, gdpr.ts).
 */
export async function mayRequestReset(db: Db, email: string): Promise<boolean> {
	return (await hitRateLimit(db, { key: `reset:${email.toLowerCase()}`, limit: 3, windowMs: 3_600_000 })).allowed;
}

export type User = UsersTable;

export async function getUserByEmail(db: Db, email: string): Promise<User | undefined> {
	return db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
}

export async function getUserById(db: Db, id: string): Promise<User | undefined> {
	return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

async function issueToken(db: Db, userId: string, purpose: 'verify-email' | 'reset-password', ttlMs: number): Promise<string> {
	const secret = newSecret();
	const now = Date.now();
	await db.insertInto('userTokens').values({ id: hashSecret(secret), userId, purpose, expiresAt: now + ttlMs, usedAt: null, createdAt: now }).execute();
	return secret;
}

/** Creates a user directly (CLI, seed); `verified` skips the e-mail confirmation. */
export async function createUser(db: Db, args: { email: string; password: string; displayName: string; locale?: string; verified?: boolean }): Promise<User> {
	const now = Date.now();
	const user: User = {
		id: newId(now),
		email: args.email.toLowerCase(),
		emailVerifiedAt: args.verified ? now : null,
		passwordHash: await hashPassword(args.password),
		displayName: args.displayName,
		locale: args.locale ?? 'de',
		createdAt: now,
		updatedAt: now
	};
	await db.insertInto('users').values(user).execute();
	return user;
}

/**
 * Registers an account and mails a confirmation link. The answer is the same whether or not the address
 * already has an account (that one gets a mail saying so instead), so the form does not reveal who is registered.
 * Over the per-address mail limit nothing happens at all, with the same answer.
 */
export async function register(db: Db, args: { email: string; password: string; displayName: string; locale: string; origin: string; next?: string }): Promise<void> {
	// Hash first, also for a known address: both answers then take the same time.
	const passwordHash = await hashPassword(args.password);
	if (!(await mayMail(db, args.email))) return;
	const existing = await getUserByEmail(db, args.email);
	if (existing) {
		await queueMail(db, alreadyRegisteredMail({ to: existing.email, link: `${args.origin}/reset`, locale: existing.locale }));
		return;
	}
	await db.transaction().execute(async (trx) => {
		const now = Date.now();
		const user: User = { id: newId(now), email: args.email, emailVerifiedAt: null, passwordHash, displayName: args.displayName, locale: args.locale, createdAt: now, updatedAt: now };
		await trx.insertInto('users').values(user).execute();
		const secret = await issueToken(trx, user.id, 'verify-email', VERIFY_TTL_MS);
		// `next` (a same-origin path, checked by the route) leads back after the login, e.g. to an invitation.
		const next = args.next ? `&next=${encodeURIComponent(args.next)}` : '';
		await queueMail(trx, verifyEmailMail({ to: user.email, name: user.displayName, link: `${args.origin}/verify?token=${secret}${next}`, locale: user.locale }));
	});
}

/** Sends a new confirmation link to an unverified account (answers the same for every address), a few an hour. */
export async function resendVerification(db: Db, args: { email: string; origin: string }): Promise<void> {
	if (!(await mayMail(db, args.email))) return;
	const user = await getUserByEmail(db, args.email);
	if (!user || user.emailVerifiedAt) return;
	await db.transaction().execute(async (trx) => {
		const secret = await issueToken(trx, user.id, 'verify-email', VERIFY_TTL_MS);
		await queueMail(trx, verifyEmailMail({ to: user.email, name: user.displayName, link: `${args.origin}/verify?token=${secret}`, locale: user.locale }));
	});
}

async function consumeToken(db: Db, secret: string, purpose: 'verify-email' | 'reset-password'): Promise<string | null> {
	const now = Date.now();
	const row = await db
		.updateTable('userTokens')
		.set({ usedAt: now })
		.where('id', '=', hashSecret(secret))
		.where('purpose', '=', purpose)
		.where('usedAt', 'is', null)
		.where('expiresAt', '>', now)
		.returning('userId')
		.executeTakeFirst();
	return row?.userId ?? null;
}

/**
 * Marks every unused link of the account as used. After a new password, a reset link mailed earlier must not
 * set yet another one (someone may have read the mailbox), and a confirmation link has nothing left to do.
 */
async function expireUserTokens(db: Db, userId: string, now: number): Promise<void> {
	await db.updateTable('userTokens').set({ usedAt: now }).where('userId', '=', userId).where('usedAt', 'is', null).execute();
}

/** Confirms an e-mail address from the mailed link; null when the link is unknown, used or expired. */
export async function verifyEmail(db: Db, secret: string): Promise<User | null> {
	return db.transaction().execute(async (trx) => {
		const userId = await consumeToken(trx, secret, 'verify-email');
		if (!userId) return null;
		const now = Date.now();
		await trx.updateTable('users').set({ emailVerifiedAt: now, updatedAt: now }).where('id', '=', userId).where('emailVerifiedAt', 'is', null).execute();
		return (await getUserById(trx, userId)) ?? null;
	});
}

export type LoginResult = { ok: true; user: User } | { ok: false; reason: 'invalid' | 'unverified' };

/** Checks e-mail and password. Unknown address and wrong password answer alike, in the same time. */
export async function checkCredentials(db: Db, args: { email: string; password: string }): Promise<LoginResult> {
	const user = await getUserByEmail(db, args.email);
	if (!user) {
		await burnPasswordCheck(args.password);
		return { ok: false, reason: 'invalid' };
	}
	if (!(await verifyPassword(user.passwordHash, args.password))) return { ok: false, reason: 'invalid' };
	if (!user.emailVerifiedAt) return { ok: false, reason: 'unverified' };
	return { ok: true, user };
}

/** Mails a reset link if the address has an account; answers the same either way. */
export async function requestPasswordReset(db: Db, args: { email: string; origin: string }): Promise<void> {
	const user = await getUserByEmail(db, args.email);
	if (!user) return;
	await db.transaction().execute(async (trx) => {
		const secret = await issueToken(trx, user.id, 'reset-password', RESET_TTL_MS);
		await queueMail(trx, resetPasswordMail({ to: user.email, link: `${args.origin}/reset/${secret}`, locale: user.locale }));
	});
}

/** Refuses (400, naming the field) a new password that is the person's own e-mail address or name. */
function refusePersonalPassword(password: string, user: User | undefined): void {
	if (user && isPersonalPassword(password, { email: user.email, name: user.displayName })) throw fieldError('password', 'err_password_personal');
}

/** The account a usable reset link belongs to. */
async function resetLinkUser(db: Db, secret: string): Promise<User | undefined> {
	const row = await db
		.selectFrom('userTokens')
		.select('userId')
		.where('id', '=', hashSecret(secret))
		.where('purpose', '=', 'reset-password')
		.where('usedAt', 'is', null)
		.where('expiresAt', '>', Date.now())
		.executeTakeFirst();
	return row ? getUserById(db, row.userId) : undefined;
}

/** Sets a new password from a reset link; ends every session and every other mailed link of the account. */
export async function resetPassword(db: Db, args: { secret: string; password: string }): Promise<boolean> {
	refusePersonalPassword(args.password, await resetLinkUser(db, args.secret));
	const passwordHash = await hashPassword(args.password);
	return db.transaction().execute(async (trx) => {
		const userId = await consumeToken(trx, args.secret, 'reset-password');
		if (!userId) return false;
		const now = Date.now();
		// Following the mailed link proves the address, so an unverified account becomes verified too.
		const user = await getUserById(trx, userId);
		await trx.updateTable('users').set({ passwordHash, updatedAt: now, emailVerifiedAt: user?.emailVerifiedAt ?? now }).where('id', '=', userId).execute();
		await expireUserTokens(trx, userId, now);
		await deleteUserSessions(trx, userId);
		return true;
	});
}

/** true when a reset link is still usable (the form is shown only then) */
export async function isResetTokenValid(db: Db, secret: string): Promise<boolean> {
	return (await resetLinkUser(db, secret)) !== undefined;
}

export async function updateProfile(db: Db, args: { userId: string; displayName: string; locale: string }): Promise<void> {
	await db.updateTable('users').set({ displayName: args.displayName, locale: args.locale, updatedAt: Date.now() }).where('id', '=', args.userId).execute();
}

/** Changes the password after checking the current one; other sessions and all mailed links end, the current session is kept. */
export async function changePassword(db: Db, args: { userId: string; currentPassword: string; password: string; keepSessionId: string }): Promise<boolean> {
	const user = await getUserById(db, args.userId);
	if (!user || !(await verifyPassword(user.passwordHash, args.currentPassword))) return false;
	refusePersonalPassword(args.password, user);
	const passwordHash = await hashPassword(args.password);
	await db.transaction().execute(async (trx) => {
		const now = Date.now();
		await trx.updateTable('users').set({ passwordHash, updatedAt: now }).where('id', '=', args.userId).execute();
		await expireUserTokens(trx, args.userId, now);
		await trx.deleteFrom('sessions').where('userId', '=', args.userId).where('id', '!=', args.keepSessionId).execute();
	});
	return true;
}

