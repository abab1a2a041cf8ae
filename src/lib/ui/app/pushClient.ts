// The page's side of push (/<village>/push, PushSettings.svelte): whether this browser can receive notifications,
// whether this device is signed up, and switching on, saving topics and switching off. Written against the few
// browser objects it needs (PushEnv), so that pushClient.test.ts can run it with fakes.
//
// The server keeps a subscription's topics; the device keeps its own copy (with the endpoint) in Cache Storage,
// where the app's service worker reads it when the browser renews the subscription (appWorker/push.ts). So the
// page needs no read of the server's state: what it shows is what this device last told the server, and
// "Themen speichern" tells it again.
import { base64UrlBytes, pushCacheName, pushStateUrl, readPushState, subscriptionJson, subscriptionsUrl, type Locale, type PushState } from '../../appWorker/push.ts';
import type { AppScope } from '../../appWorker/rules.ts';

export type PushSupport = 'ok' | 'ios-install' | 'unsupported';

/** What the browser offers. iPhone and iPad get push only in an app on the home screen, never in a Safari tab. */
export function pushSupport(b: { serviceWorker: boolean; pushManager: boolean; notification: boolean; secure: boolean; ios: boolean; standalone: boolean }): PushSupport {
	if (b.ios && !b.standalone) return 'ios-install';
	return b.serviceWorker && b.pushManager && b.notification && b.secure ? 'ok' : 'unsupported';
}

/** The parts of a PushSubscription used here. */
export interface Subscription {
	endpoint: string;
	options?: { applicationServerKey: ArrayBuffer | null };
	toJSON(): unknown;
	unsubscribe(): Promise<boolean>;
}
export interface Registration {
	scope: string;
	pushManager: {
		getSubscription(): Promise<Subscription | null>;
		subscribe(options: { userVisibleOnly: boolean; applicationServerKey: BufferSource }): Promise<Subscription>;
	};
}
export interface PushEnv {
	scope: AppScope;
	/** the browser's permission for notifications, and asking for it */
	permission(): NotificationPermission;
	requestPermission(): Promise<NotificationPermission>;
	/**
	 * The app's worker registration: with `wait`, once it is active (a first visit installs it meanwhile; null when
	 * it is not there in time); without, as it is now (null when there is none: then there is no subscription either).
	 */
	registration(wait: boolean): Promise<Registration | null>;
	caches: CacheStorage;
	fetch: (input: string, init?: RequestInit) => Promise<Response>;
}

export type PushProblem =
	| { kind: 'denied' }
	| { kind: 'dismissed' }
	| { kind: 'no-topic' }
	| { kind: 'worker' }
	| { kind: 'subscribe'; reason: string }
	| { kind: 'server'; message: string }
	| { kind: 'network' };
export type PushOutcome = { ok: true; topics: string[] } | { ok: false; problem: PushProblem };

/** The topics this device is signed up for, or null when it is not (or no longer: the browser ended it). */
export async function currentTopics(env: PushEnv): Promise<string[] | null> {
	const registration = await env.registration(false);
	const subscription = await registration?.pushManager.getSubscription().catch(() => null);
	const state = await readState(env);
	if (subscription && state && state.endpoint === subscription.endpoint) return state.topics;
	if (state && !subscription) await clearState(env);
	return null;
}

/** Switches on: asks for permission, subscribes with the server's key, and tells the server the topics. */
export async function enablePush(env: PushEnv, args: { publicKey: string; topics: string[]; villageName: string; locale: Locale }): Promise<PushOutcome> {
	if (args.topics.length === 0) return fail({ kind: 'no-topic' });
	let permission = env.permission();
	if (permission === 'default') permission = await env.requestPermission().catch(() => 'default' as const);
	if (permission === 'denied') return fail({ kind: 'denied' });
	if (permission !== 'granted') return fail({ kind: 'dismissed' });
	const registration = await env.registration(true);
	if (!registration) return fail({ kind: 'worker' });
	const key = base64UrlBytes(args.publicKey);
	let subscription: Subscription;
	try {
		let existing = await registration.pushManager.getSubscription();
		// made with another key (the installation's key pair was replaced): the push service would refuse our messages
		if (existing && !sameBytes(existing.options?.applicationServerKey ?? null, key)) {
			await existing.unsubscribe().catch(() => false);
			existing = null;
		}
		subscription = existing ?? (await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key }));
	} catch (e) {
		// "NotAllowedError" when the permission was withdrawn meanwhile, "AbortError" when the push service cannot be reached
		if (e instanceof Error && e.name === 'NotAllowedError') return fail({ kind: 'denied' });
		return fail({ kind: 'subscribe', reason: e instanceof Error ? `${e.name}: ${e.message}`.slice(0, 200) : 'unknown' });
	}
	return tellServer(env, subscription, args);
}

/** Saves other topics for the subscription this device has. */
export async function saveTopics(env: PushEnv, args: { topics: string[]; villageName: string; locale: Locale }): Promise<PushOutcome> {
	if (args.topics.length === 0) return fail({ kind: 'no-topic' });
	const registration = await env.registration(false);
	const subscription = await registration?.pushManager.getSubscription().catch(() => null);
	if (!subscription) return fail({ kind: 'worker' });
	return tellServer(env, subscription, args);
}

/** Switches off: the server forgets the subscription (already forgotten is fine), then the browser ends it. */
export async function disablePush(env: PushEnv): Promise<{ ok: true } | { ok: false; problem: PushProblem }> {
	const registration = await env.registration(false);
	const subscription = await registration?.pushManager.getSubscription().catch(() => null);
	const endpoint = subscription?.endpoint ?? (await readState(env))?.endpoint;
	if (endpoint) {
		let response: Response;
		try {
			response = await env.fetch(subscriptionsUrl(env.scope), { method: 'DELETE', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify({ endpoint }), credentials: 'same-origin' });
		} catch {
			return { ok: false, problem: { kind: 'network' } };
		}
		if (!response.ok && response.status !== 404) return { ok: false, problem: { kind: 'server', message: await errorMessage(response) } };
	}
	await subscription?.unsubscribe().catch(() => false);
	await clearState(env);
	return { ok: true };
}

async function tellServer(env: PushEnv, subscription: Subscription, args: { topics: string[]; villageName: string; locale: Locale }): Promise<PushOutcome> {
	const json = subscriptionJson(subscription.toJSON() as { endpoint?: unknown; keys?: unknown });
	if (!json) return fail({ kind: 'subscribe', reason: 'no keys' });
	let response: Response;
	try {
		response = await env.fetch(subscriptionsUrl(env.scope), {
			method: 'POST',
			headers: { 'content-type': 'application/json', accept: 'application/json' },
			body: JSON.stringify({ ...json, topics: args.topics }),
			credentials: 'same-origin'
		});
	} catch {
		return fail({ kind: 'network' });
	}
	if (!response.ok) return fail({ kind: 'server', message: await errorMessage(response) });
	const state: PushState = { endpoint: json.endpoint, topics: args.topics, villageName: args.villageName, locale: args.locale };
	await writeState(env, state);
	return { ok: true, topics: args.topics };
}

const fail = (problem: PushProblem): PushOutcome => ({ ok: false, problem });

/** The API's message ({ error: { message } }), else the status. */
async function errorMessage(response: Response): Promise<string> {
	const body = (await response.json().catch(() => null)) as { error?: { message?: unknown } } | null;
	const message = body?.error?.message;
	return typeof message === 'string' && message ? message.slice(0, 500) : `HTTP ${response.status}`;
}

function sameBytes(a: ArrayBuffer | null, b: Uint8Array): boolean {
	if (!a || a.byteLength !== b.byteLength) return false;
	const view = new Uint8Array(a);
	return view.every((byte, i) => byte === b[i]);
}

async function readState(env: PushEnv): Promise<PushState | null> {
	const name = pushCacheName(env.scope.slug);
	if (!(await env.caches.has(name))) return null;
	const found = await (await env.caches.open(name)).match(pushStateUrl(env.scope));
	return found ? readPushState(await found.json().catch(() => null)) : null;
}
async function writeState(env: PushEnv, state: PushState): Promise<void> {
	await (await env.caches.open(pushCacheName(env.scope.slug))).put(pushStateUrl(env.scope), new Response(JSON.stringify(state), { headers: { 'content-type': 'application/json' } }));
}
async function clearState(env: PushEnv): Promise<void> {
	await env.caches.delete(pushCacheName(env.scope.slug));
}
