import type { Cookies } from '@sveltejs/kit';
import { hashSecret } from '../ids.ts';
import { publishAccessChange } from '../realtime/access.ts';
import type { Runtime } from '../runtime.ts';
import { admitLogin, recordLoginFailure, recordLoginSuccess } from './loginLimits.ts';
import { checkCredentials, type LoginResult } from './accounts.ts';
import { createSession, deleteSessionByToken, SESSION_COOKIE } from './sessions.ts';

export type LoginOutcome = LoginResult | { ok: false; reason: 'rate-limited'; retryAfter: number };

/**
 * The whole login: the limits per account and address, per address and the account's back-off
 * (loginLimits.ts), credential check, then a fresh session
 * (the old one, if any, is ended: a new id on every login) in a secure, http-only cookie.
 */
export async function logIn(args: { rt: Runtime; cookies: Cookies; email: string; password: string; ip: string; userAgent: string; /** the request's Host header: the session is valid there only */ host: string }): Promise<LoginOutcome> {
	const { rt } = args;
	const limits = { perAccountAndIp: rt.config.rateLimits.loginsPerMinute, perIp: rt.config.rateLimits.loginsPerIpPerMinute };
	const gate = await admitLogin(rt.db, { email: args.email, ip: args.ip, limits });
	if (!gate.allowed) return { ok: false, reason: 'rate-limited', retryAfter: gate.retryAfter };
	const result = await checkCredentials(rt.db, args);
	if (!result.ok) {
		if (result.reason === 'invalid') await recordLoginFailure(rt.db, { email: args.email, ip: args.ip });
		return result;
	}
	await recordLoginSuccess(rt.db, { email: args.email, ip: args.ip });
	const old = args.cookies.get(SESSION_COOKIE);
	if (old) await deleteSessionByToken(rt.db, old);
	const { token, expiresAt } = await createSession(rt.db, { userId: result.user.id, policy: rt.config.session, ip: args.ip, userAgent: args.userAgent, host: args.host });
	args.cookies.set(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: rt.config.secureCookies, expires: new Date(expiresAt) });
	return result;
}

/** Ends the current session and removes its cookie. */
export async function logOut(args: { rt: Runtime; cookies: Cookies }): Promise<void> {
	const token = args.cookies.get(SESSION_COOKIE);
	if (token) {
		await deleteSessionByToken(args.rt.db, token);
		// open WebSocket subscriptions of this session end at once, on every instance
		await publishAccessChange(args.rt.hub, { sessionId: hashSecret(token) }).catch(() => {});
	}
	args.cookies.delete(SESSION_COOKIE, { path: '/', secure: args.rt.config.secureCookies });
}
