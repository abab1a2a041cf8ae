// Push in the village app's service worker: what a push message shows, what a tap on it opens, and how a
// subscription the browser renewed is handed back to the server. Pure functions plus a small handler object
// written against the registration, clients, Cache Storage and fetch it is given, so that push.test.ts can run
// it with fakes; src/service-worker.ts wires it to the browser's events.
//
// What the page (/<village>/push, pushClient.ts) and the worker share is one small entry in Cache Storage per
// village app: the endpoint it subscribed, its topics, the village's name and the app's language. The worker
// needs it when the browser renews the subscription (no page is open then) and for a message it cannot read.
import * as m from '../paraglide/messages.js';
import { pathInApp, type AppScope } from './rules.ts';

/** What the server sends (src/lib/server/push/fanout.ts): one message of the village's editors or modules. */
export interface PushPayload {
	id: string;
	village: { slug: string; name: string };
	topic: string;
	title: string;
	body: string;
	/** '' (the app's start), a path of this site, or an https address */
	url: string;
	/** when it was written (ms) */
	at: number;
}

/** What the page keeps for the worker (see the top of this file). */
export interface PushState {
	endpoint: string;
	topics: string[];
	villageName: string;
	locale: Locale;
}

export type Locale = 'de' | 'en';

/** What every notification of ours carries: the page to open, and which messages it stands for. */
export interface NotificationData {
	url: string;
	/** the newest message's id (null for a note about a message that could not be read) */
	id: string | null;
	/** the ids of the messages of this topic shown since the person last looked, newest last */
	ids: string[];
}

export interface ShownNotification {
	title: string;
	options: NotificationOptions & { renotify?: boolean; timestamp?: number; badge?: string; data: NotificationData };
}

/** Longer texts are cut: the server allows 120 characters of title and 500 of body; more is not ours. */
const LIMITS = { id: 100, slug: 63, name: 200, topic: 100, title: 200, body: 1000, url: 2000 };
/** How many messages one notification remembers; how many ids the worker remembers to know a resend. */
const MAX_IDS = 20;
const MAX_SEEN = 100;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown, max: number): string => (typeof value === 'string' ? value.trim().slice(0, max) : '');

/** The language of the app: English when asked for, German otherwise (the app's first language). */
export const localeOf = (value: unknown): Locale => (typeof value === 'string' && /^en\b/i.test(value) ? 'en' : 'de');

/** The message in a push event's data, or null when it is none of ours (then a plain note is shown instead). */
export function parsePushPayload(data: string | null | undefined): PushPayload | null {
	if (!data || data.length > 16_000) return null;
	let raw: unknown;
	try {
		raw = JSON.parse(data);
	} catch {
		return null;
	}
	if (!isRecord(raw)) return null;
	const id = text(raw.id, LIMITS.id);
	const title = text(raw.title, LIMITS.title);
	const village = isRecord(raw.village) ? raw.village : {};
	const slug = text(village.slug, LIMITS.slug);
	if (!id || !title || !slug) return null;
	return {
		id,
		village: { slug, name: text(village.name, LIMITS.name) },
		topic: text(raw.topic, LIMITS.topic),
		title,
		body: text(raw.body, LIMITS.body),
		url: text(raw.url, LIMITS.url),
		at: typeof raw.at === 'number' && Number.isFinite(raw.at) && raw.at > 0 ? raw.at : 0
	};
}

/** The app's start page. */
export const appStart = (scope: AppScope): string => new URL(scope.base, scope.origin).href;

/**
 * The page a tap on a notification opens: a path of this site or an https address as the message says; anything
 * else (javascript:, data:, http elsewhere, nonsense) opens the app's start page.
 */
export function clickTarget(scope: AppScope, url: unknown): string {
	if (typeof url !== 'string' || url === '' || /[\s\\]/.test(url)) return appStart(scope);
	if (url.startsWith('/') && !url.startsWith('//')) return new URL(url, scope.origin).href;
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return appStart(scope);
	}
	if (parsed.username || parsed.password) return appStart(scope);
	if (parsed.origin === scope.origin || parsed.protocol === 'https:') return parsed.href;
	return appStart(scope);
}

/** The group a message belongs to: one notification per village and topic (several villages share an origin). */
export const notificationTag = (scope: AppScope, topic: string): string => `${scope.slug}:${topic || 'push'}`;

/** The data of a notification of ours, or null when it is not one (an older worker's, or none). */
export function readNotificationData(value: unknown): NotificationData | null {
	if (!isRecord(value) || typeof value.url !== 'string' || !Array.isArray(value.ids)) return null;
	const ids = value.ids.filter((id): id is string => typeof id === 'string').slice(-MAX_IDS);
	return { url: value.url, id: typeof value.id === 'string' ? value.id : null, ids };
}

/**
 * What to show for a push message. `shown` are the notifications of its group still on the screen, `seen` the
 * ids this worker showed lately. The same message twice (the server sends again after a crash) is shown once:
 * while its notification is still there it is shown again silently (the browser wants every push to show
 * something), and once it was dismissed nothing is shown. A new message of a group replaces the group's
 * notification, says how many are new and alerts again.
 */
export function notificationFor(args: {
	payload: PushPayload | null;
	scope: AppScope;
	state: PushState | null;
	shown: readonly { title: string; body: string; data: unknown }[];
	seen: readonly string[];
	locale: Locale;
}): ShownNotification | null {
	const { payload, scope, state, locale } = args;
	const icon = new URL('icons/icon-192.png', appStart(scope)).href;
	const badge = new URL('push/badge.png', appStart(scope)).href;
	// not ours, or for another village: a plain note that names the village and opens the app
	if (!payload || payload.village.slug !== scope.slug) {
		const name = state?.villageName ?? '';
		return {
			title: name ? m.push_sw_generic_title({ name }, { locale }) : m.push_sw_generic_title_plain({}, { locale }),
			options: { body: m.push_sw_generic_body({}, { locale }), icon, badge, tag: notificationTag(scope, ''), lang: locale, data: { url: appStart(scope), id: null, ids: [] } }
		};
	}
	const tag = notificationTag(scope, payload.topic);
	// (a browser's Notification keeps its fields on the prototype: read them one by one, never spread it)
	const earlier = args.shown.map((n) => ({ title: n.title, body: n.body, data: readNotificationData(n.data) })).find((n) => n.data);
	if (earlier?.data?.ids.includes(payload.id)) {
		return { title: earlier.title, options: { body: earlier.body, icon, badge, tag, lang: locale, renotify: false, silent: true, data: earlier.data } };
	}
	if (args.seen.includes(payload.id)) return null;
	const ids = [...(earlier?.data?.ids ?? []), payload.id].slice(-MAX_IDS);
	const count = ids.length;
	const name = payload.village.name || state?.villageName || '';
	const more = count > 1 ? m.push_sw_more({ count: String(count) }, { locale }) : '';
	return {
		title: name ? `${name}: ${payload.title}` : payload.title,
		options: {
			body: [payload.body, more].filter(Boolean).join('\n'),
			icon,
			badge,
			tag,
			renotify: true,
			lang: locale,
			...(payload.at ? { timestamp: payload.at } : {}),
			data: { url: clickTarget(scope, payload.url), id: payload.id, ids }
		}
	};
}

/** The ids remembered after showing `id`: the newest last, at most MAX_SEEN. */
export function rememberSeen(seen: readonly string[], id: string): string[] {
	return [...seen.filter((s) => s !== id), id].slice(-MAX_SEEN);
}

export type WindowChoice = { kind: 'focus'; index: number } | { kind: 'navigate'; index: number } | { kind: 'open' };

/**
 * Which window a tap uses: one that shows the page already; else a window of the app, led to the page (one app
 * window instead of a new one per tap); else a new window.
 */
export function windowFor(scope: AppScope, target: string, windows: readonly { url: string }[]): WindowChoice {
	const exact = windows.findIndex((w) => w.url === target);
	if (exact >= 0) return { kind: 'focus', index: exact };
	const inApp = (url: string) => {
		try {
			return pathInApp(scope, new URL(url)) !== null;
		} catch {
			return false;
		}
	};
	const app = inApp(target) ? windows.findIndex((w) => inApp(w.url)) : -1;
	return app >= 0 ? { kind: 'navigate', index: app } : { kind: 'open' };
}

/** The page's stored state, read defensively (it is ours, but an older version may have written it). */
export function readPushState(value: unknown): PushState | null {
	if (!isRecord(value) || typeof value.endpoint !== 'string' || !value.endpoint || !Array.isArray(value.topics)) return null;
	const topics = value.topics.filter((t): t is string => typeof t === 'string' && t.length > 0 && t.length <= LIMITS.topic).slice(0, 50);
	return { endpoint: value.endpoint, topics, villageName: text(value.villageName, LIMITS.name), locale: localeOf(value.locale) };
}

/** The Cache Storage cache with a village app's push state (not one of the worker's versioned caches: it outlives them). */
export const pushCacheName = (slug: string): string => `allmende-push:${slug}`;
/** The keys of its two entries: the page's state and the ids the worker showed. */
export const pushStateUrl = (scope: AppScope): string => new URL('push/state', appStart(scope)).href;
export const pushSeenUrl = (scope: AppScope): string => new URL('push/seen', appStart(scope)).href;

/** The subscriptions endpoint of the village's push API. */
export const subscriptionsUrl = (scope: AppScope): string => new URL(`/api/v1/villages/${encodeURIComponent(scope.slug)}/push/subscriptions`, scope.origin).href;

/** The JSON of a browser's PushSubscription that the API takes; null when it lacks its keys. */
export function subscriptionJson(subscription: { endpoint?: unknown; keys?: unknown } | null | undefined): { endpoint: string; keys: { p256dh: string; auth: string } } | null {
	if (!subscription || typeof subscription.endpoint !== 'string' || !subscription.endpoint || !isRecord(subscription.keys)) return null;
	const { p256dh, auth } = subscription.keys;
	if (typeof p256dh !== 'string' || typeof auth !== 'string' || !p256dh || !auth) return null;
	return { endpoint: subscription.endpoint, keys: { p256dh, auth } };
}

/**
 * The request body that hands a renewed subscription to the server with the topics the page chose, ending the
 * old one (`replaces`); null when there is nothing to hand over (no topics kept, or the new one lacks its keys).
 */
export function resubscribeBody(fresh: { endpoint?: unknown; keys?: unknown } | null | undefined, state: PushState | null, oldEndpoint: string | null) {
	const json = subscriptionJson(fresh);
	if (!json || !state || state.topics.length === 0) return null;
	const replaces = oldEndpoint ?? state.endpoint;
	return { ...json, topics: state.topics, ...(replaces && replaces !== json.endpoint ? { replaces } : {}) };
}

/** base64url (the VAPID public key as the API gives it) to the bytes the Push API wants. */
export function base64UrlBytes(value: string): Uint8Array<ArrayBuffer> {
	const base64 = value.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (value.length % 4)) % 4);
	const binary = atob(base64);
	const bytes = new Uint8Array(binary.length);
	for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
	return bytes;
}

// ---- the handlers the service worker calls ----

/** The parts of the service worker's world the handlers use. */
export interface PushWorkerDeps {
	scope: AppScope;
	caches: CacheStorage;
	fetch: (input: string, init?: RequestInit) => Promise<Response>;
	registration: {
		showNotification(title: string, options?: NotificationOptions): Promise<void>;
		getNotifications(filter?: { tag?: string }): Promise<readonly { title: string; body: string; data: unknown }[]>;
		pushManager: {
			subscribe(options: { userVisibleOnly: boolean; applicationServerKey: BufferSource | string }): Promise<{ toJSON(): unknown; endpoint: string }>;
		};
	};
	clients: {
		matchAll(options: { type: 'window'; includeUncontrolled: boolean }): Promise<readonly PushWindow[]>;
		openWindow(url: string): Promise<unknown>;
	};
	/** the browser's language, when the page kept none */
	language: string;
}

export interface PushWindow {
	url: string;
	focus(): Promise<unknown>;
	navigate?(url: string): Promise<unknown>;
}

export function createPushHandlers(deps: PushWorkerDeps) {
	const { scope, caches } = deps;

	async function readJson(url: string): Promise<unknown> {
		if (!(await caches.has(pushCacheName(scope.slug)))) return null;
		const found = await (await caches.open(pushCacheName(scope.slug))).match(url);
		return found ? found.json().catch(() => null) : null;
	}
	async function writeJson(url: string, value: unknown): Promise<void> {
		const cache = await caches.open(pushCacheName(scope.slug));
		await cache.put(url, new Response(JSON.stringify(value), { headers: { 'content-type': 'application/json' } }));
	}
	const readSeen = async () => {
		const value = await readJson(pushSeenUrl(scope));
		return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
	};

	return {
		/** push: shows the message (never throws: a message that cannot be read still shows a note). */
		async push(data: string | null): Promise<void> {
			const payload = parsePushPayload(data);
			const state = readPushState(await readJson(pushStateUrl(scope)).catch(() => null));
			const locale = state?.locale ?? localeOf(deps.language);
			const tag = notificationTag(scope, payload?.topic ?? '');
			const shown = payload ? await deps.registration.getNotifications({ tag }).catch(() => []) : [];
			const seen = payload ? await readSeen().catch(() => []) : [];
			const note = notificationFor({ payload, scope, state, shown, seen, locale });
			if (!note) return;
			await deps.registration.showNotification(note.title, note.options);
			if (payload) await writeJson(pushSeenUrl(scope), rememberSeen(seen, payload.id)).catch(() => undefined);
		},

		/** notificationclick: the page the notification names, in a window of the app if one is open. */
		async click(data: unknown): Promise<void> {
			const target = clickTarget(scope, readNotificationData(data)?.url);
			const windows = await deps.clients.matchAll({ type: 'window', includeUncontrolled: true });
			const choice = windowFor(scope, target, windows);
			if (choice.kind === 'focus') {
				await windows[choice.index]!.focus();
				return;
			}
			if (choice.kind === 'navigate') {
				const win = windows[choice.index]!;
				// navigate() works only on windows this worker controls; else a new window
				const led = await win.navigate?.(target).catch(() => null);
				if (led) {
					await win.focus().catch(() => undefined);
					return;
				}
			}
			await deps.clients.openWindow(target);
		},

		/**
		 * pushsubscriptionchange: the browser ended or renewed the subscription. Subscribes again with the same
		 * application server key (the old subscription's, else the server's) unless the browser already did, and
		 * tells the server, which ends the old one. Answers whether the server took it.
		 */
		async subscriptionChanged(args: { oldEndpoint: string | null; oldKey: ArrayBuffer | null; fresh: { toJSON(): unknown; endpoint: string } | null }): Promise<boolean> {
			const state = readPushState(await readJson(pushStateUrl(scope)));
			if (!state || state.topics.length === 0) return false;
			let fresh = args.fresh;
			if (!fresh) {
				let key: BufferSource | null = args.oldKey;
				if (!key) {
					const response = await deps.fetch(new URL('/api/v1/push/vapid-public-key', scope.origin).href, { headers: { accept: 'application/json' } });
					const body = response.ok ? ((await response.json()) as { publicKey?: unknown }) : null;
					if (typeof body?.publicKey !== 'string') return false;
					key = base64UrlBytes(body.publicKey);
				}
				fresh = await deps.registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
			}
			const body = resubscribeBody(fresh.toJSON() as { endpoint?: unknown; keys?: unknown }, state, args.oldEndpoint);
			if (!body) return false;
			const response = await deps.fetch(subscriptionsUrl(scope), { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body), credentials: 'same-origin' });
			if (!response.ok) return false;
			await writeJson(pushStateUrl(scope), { ...state, endpoint: body.endpoint });
			return true;
		}
	};
}

export type PushHandlers = ReturnType<typeof createPushHandlers>;
