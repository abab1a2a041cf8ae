import type { Db } from '../db/index.ts';
import type { UsersTable } from '../db/types.ts';
import { hashSecret, newSecret } from '../ids.ts';
import { log } from '../log.ts';

export const SESSION_COOKIE = 'allmende_session';
const TOUCH_INTERVAL_MS = 60_000;

export interface SessionPolicy {
	idleMs: number;
	absoluteMs: number;
}

export type SessionUser = Pick<UsersTable, 'id' | 'email' | 'displayName' | 'locale' | 'emailVerifiedAt'>;

/**
 * The host a request was sent to, as sessions are bound to it: the Host header, lower-case, with its port.
 * The port stays because it is part of the origin (the origin check compares the same string), while
 * cookies ignore ports: two services on one host name must not honour each other's sessions.
 */
export function requestHost(hostHeader: string | null | undefined): string {
	return (hostHeader ?? '').trim().toLowerCase();
}

/** Starts a new session, valid on `host` only (see requestHost); returns the secret for the cookie (only its hash is stored). */
export async function createSession(
	db: Db,
	args: { userId: string; policy: SessionPolicy; ip: string; userAgent: string; host: string }
): Promise<{ token: string; expiresAt: number }> {
	const token = newSecret();
	const now = Date.now();
	const expiresAt = now + args.policy.absoluteMs;
	await db
		.insertInto('sessions')
		.values({ id: hashSecret(token), userId: args.userId, createdAt: now, lastSeenAt: now, expiresAt, ip: args.ip, userAgent: args.userAgent.slice(0, 300), host: requestHost(args.host) })
		.execute();
	return { token, expiresAt };
}

/**
 * The user behind a session cookie on `host` (the request's Host header), or null. A session is valid only
 * on the host it was issued on: a cookie from a village's own domain does not sign anyone in on the platform.
 * A session ends after `idleMs` without use and at `expiresAt` whatever the use; an ended session, and one
 * from before sessions were bound to hosts (host ''), is deleted on sight.
 */
export async function validateSession(
	db: Db,
	token: string,
	policy: SessionPolicy,
	host: string,
	now = Date.now()
): Promise<{ sessionId: string; user: SessionUser } | null> {
	const id = hashSecret(token);
	const row = await db
		.selectFrom('sessions')
		.innerJoin('users', 'users.id', 'sessions.userId')
		.select(['sessions.id as sessionId', 'sessions.lastSeenAt', 'sessions.expiresAt', 'sessions.host', 'users.id', 'users.email', 'users.displayName', 'users.locale', 'users.emailVerifiedAt'])
		.where('sessions.id', '=', id)
		.executeTakeFirst();
	if (!row) return null;
	// On another host the session stays valid where it belongs; here it counts for nothing. A cookie cannot
	// get to another host by itself (it is host-only), so this is worth a line in the log.
	if (row.host !== '' && row.host !== requestHost(host)) {
		log.warn({ sessionHost: row.host, host: requestHost(host) }, 'session cookie presented on another host');
		return null;
	}
	if (row.host === '' || row.expiresAt <= now || row.lastSeenAt + policy.idleMs <= now) {
		await db.deleteFrom('sessions').where('id', '=', id).execute();
		return null;
	}
	// Touch at most once a minute: the idle timeout needs no finer grain, and reads stay reads.
	if (now - row.lastSeenAt > TOUCH_INTERVAL_MS) {
		await db.updateTable('sessions').set({ lastSeenAt: now }).where('id', '=', id).execute();
	}
	const { sessionId, id: userId, email, displayName, locale, emailVerifiedAt } = row;
	return { sessionId, user: { id: userId, email, displayName, locale, emailVerifiedAt } };
}

export async function deleteSessionByToken(db: Db, token: string): Promise<void> {
	await db.deleteFrom('sessions').where('id', '=', hashSecret(token)).execute();
}

/** "Log out everywhere": ends every session of the user. */
export async function deleteUserSessions(db: Db, userId: string): Promise<number> {
	const res = await db.deleteFrom('sessions').where('userId', '=', userId).executeTakeFirst();
	return Number(res.numDeletedRows);
}

export async function listUserSessions(db: Db, userId: string) {
	return db
		.selectFrom('sessions')
		.select(['id', 'createdAt', 'lastSeenAt', 'expiresAt', 'userAgent', 'ip'])
		.where('userId', '=', userId)
		.orderBy('lastSeenAt', 'desc')
		.execute();
}
