// Module actions sent over /ws: the runAction hook of socket.ts. It finds the village, the switched-on module and
// its declared action the way the JSON API does, then hands over to runModuleAction (moduleActions.ts), the one
// path of every module write: permission, input schema, transaction, audit, events after the commit. Only the
// answer's shape differs: a `result` message instead of a JSON response, with the same status and message.
import { AsyncLocalStorage } from 'node:async_hooks';
import { MODULES, type AnyModule } from '../../modules/registry.ts';
import type { Locale } from '../../modules/types.ts';
import * as m from '../../paraglide/messages.js';
import { hitRateLimit } from '../auth/rateLimit.ts';
import { getServerAsyncLocalStorage, overwriteServerAsyncLocalStorage } from '../../paraglide/runtime.js';
import { findApiVillage } from '../builder/apiVillage.ts';
import { formAction, runModuleAction } from '../builder/moduleActions.ts';
import { enabledModule } from '../builder/villageModules.ts';
import { loadActor } from '../policy/index.ts';
import type { Runtime } from '../runtime.ts';
import type { ActionErrorCode } from './protocol.ts';
import type { ActionAnswer, RunAction } from './socket.ts';

const codeOfStatus: Record<number, ActionErrorCode> = { 400: 'invalid', 401: 'unauthenticated', 403: 'forbidden', 404: 'not_found', 409: 'conflict' };

/**
 * Runs `fn` with the connection's language for the translated messages (paraglide reads it from its async
 * storage, which an HTTP request sets up in its middleware; a WebSocket message has no request around it).
 */
function inLocale<T>(locale: Locale, fn: () => Promise<T>): Promise<T> {
	let storage = getServerAsyncLocalStorage();
	if (!storage) {
		storage = new AsyncLocalStorage();
		overwriteServerAsyncLocalStorage(storage);
	}
	return storage.run({ locale, messageCalls: new Set() }, fn);
}

/**
 * The runAction hook for attachWebSocket: module actions of switched-on modules, for the connection's user.
 * `writesPerMinute` is RATE_LIMIT_WRITES_PER_MINUTE: an action over /ws is a write like a POST and counts
 * against the same per-address budget (hooks.server.ts), so a socket is no way around it.
 */
export function createSocketActionRunner(
	rt: Pick<Runtime, 'db' | 'hub' | 'kickJobs'>,
	options: { writesPerMinute: number; origin?: string; modules?: readonly AnyModule[] }
): RunAction {
	const modules = options.modules ?? MODULES;
	return (who, req) =>
		inLocale(who.locale, async (): Promise<ActionAnswer> => {
			const limit = await hitRateLimit(rt.db, { key: `ip:${who.ip}`, limit: options.writesPerMinute, windowMs: 60_000 });
			if (!limit.allowed) return { ok: false, status: 429, code: 'rate_limited', message: m.err_rate_limited() };
			const notFound: ActionAnswer = { ok: false, status: 404, code: 'not_found', message: m.err_not_found() };
			const village = await findApiVillage(rt.db, req.village);
			const vm = village && (await enabledModule(rt.db, village.id, req.module, modules));
			// own, declared names only: "constructor", "__proto__" and "toString" are no actions
			const action = vm ? formAction(vm.module, req.action) : undefined;
			if (!village || !vm || !action) return notFound;
			const actor = await loadActor(rt.db, who.userId);
			const outcome = await runModuleAction({ rt, village, vm, action, actor, locale: who.locale, ip: who.ip, input: { ...req.input }, origin: options.origin });
			if (outcome.ok) return { ok: true, result: outcome.data };
			// the same message as the JSON API (moduleApiRoute.ts): the form's error, or the fields' errors joined
			const { _form, ...fields } = outcome.errors;
			const message = outcome.status === 401 ? m.err_login_required() : (_form ?? Object.values(fields).join(' '));
			const issues = Object.entries(fields).map(([path, text]) => ({ path, message: text }));
			return { ok: false, status: outcome.status, code: codeOfStatus[outcome.status] ?? 'invalid', message, ...(issues.length ? { issues } : {}) };
		});
}
