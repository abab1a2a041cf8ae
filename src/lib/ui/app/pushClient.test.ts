// The push page's logic with a fake browser: permission, worker registration, push manager, Cache Storage and
// the server. The unhappy paths first: what the person is told, and that nothing half-done stays behind.
import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryCaches } from '../../appWorker/memoryCaches.ts';
import { pushCacheName, pushStateUrl } from '../../appWorker/push.ts';
import { appScope } from '../../appWorker/rules.ts';
import { currentTopics, disablePush, enablePush, pushSupport, saveTopics, type PushEnv, type Registration, type Subscription } from './pushClient.ts';

const ORIGIN = 'https://allmende.example';
const scope = appScope(`${ORIGIN}/koerbecke/`, 'koerbecke')!;
const API = `${ORIGIN}/api/v1/villages/koerbecke/push/subscriptions`;
// a 65-byte key as base64url, and its bytes
const KEY_BYTES = new Uint8Array(65).map((_, i) => (i === 0 ? 4 : i));
const KEY = Buffer.from(KEY_BYTES).toString('base64url');

let permission: NotificationPermission;
let answer: NotificationPermission;
let registered: boolean;
let subscription: (Subscription & { ended: boolean }) | null;
let subscribeError: Error | null;
let subscribeCalls: BufferSource[];
let caches: MemoryCaches;
let server: (method: string, body: unknown) => Response;
let requests: { method: string; body: unknown }[];

function makeSubscription(endpoint: string, key: ArrayBuffer | null = KEY_BYTES.buffer): Subscription & { ended: boolean } {
	const s = {
		endpoint,
		ended: false,
		options: { applicationServerKey: key },
		toJSON: () => ({ endpoint, expirationTime: null, keys: { p256dh: 'BKEY', auth: 'AUTH' } }),
		async unsubscribe() {
			s.ended = true;
			if (subscription === s) subscription = null;
			return true;
		}
	};
	return s;
}

const registration: Registration = {
	scope: `${ORIGIN}/koerbecke/`,
	pushManager: {
		async getSubscription() {
			return subscription;
		},
		async subscribe(options) {
			subscribeCalls.push(options.applicationServerKey);
			if (subscribeError) throw subscribeError;
			subscription = makeSubscription(`https://fcm.googleapis.com/fcm/send/${subscribeCalls.length}`);
			return subscription;
		}
	}
};

const env = (): PushEnv => ({
	scope,
	permission: () => permission,
	requestPermission: async () => (permission = answer),
	registration: async () => (registered ? registration : null),
	caches: caches as unknown as CacheStorage,
	fetch: async (url, init) => {
		expect(url).toBe(API);
		const body = JSON.parse(String(init?.body));
		requests.push({ method: init?.method ?? 'GET', body });
		return server(init?.method ?? 'GET', body);
	}
});
const enable = (topics = ['alerts', 'news.important']) => enablePush(env(), { publicKey: KEY, topics, villageName: 'Körbecke', locale: 'de' });
async function kept() {
	if (!(await caches.has(pushCacheName('koerbecke')))) return null;
	return (await (await caches.open(pushCacheName('koerbecke'))).match(pushStateUrl(scope)))?.json() ?? null;
}

beforeEach(() => {
	permission = 'default';
	answer = 'granted';
	registered = true;
	subscription = null;
	subscribeError = null;
	subscribeCalls = [];
	caches = new MemoryCaches();
	requests = [];
	server = (method, body) => (method === 'POST' ? Response.json({ id: 's1', topics: (body as { topics: string[] }).topics }, { status: 201 }) : new Response(null, { status: 204 }));
});

describe('whether this browser can have notifications', () => {
	const all = { serviceWorker: true, pushManager: true, notification: true, secure: true, ios: false, standalone: false };
	it('an iPhone or iPad only in the app on the home screen', () => {
		expect(pushSupport({ ...all, ios: true })).toBe('ios-install');
		expect(pushSupport({ ...all, ios: true, pushManager: false })).toBe('ios-install');
		expect(pushSupport({ ...all, ios: true, standalone: true })).toBe('ok');
	});
	it.each(['serviceWorker', 'pushManager', 'notification', 'secure'] as const)('not without %s', (missing) => {
		expect(pushSupport({ ...all, [missing]: false })).toBe('unsupported');
	});
	it('a current browser', () => expect(pushSupport(all)).toBe('ok'));
});

describe('switching on', () => {
	it('asks nothing and subscribes nothing without a topic', async () => {
		expect(await enable([])).toEqual({ ok: false, problem: { kind: 'no-topic' } });
		expect(permission).toBe('default');
		expect(subscribeCalls).toEqual([]);
	});

	it('stops when notifications are blocked, or the question was closed', async () => {
		permission = 'denied';
		expect(await enable()).toEqual({ ok: false, problem: { kind: 'denied' } });
		permission = 'default';
		answer = 'default';
		expect(await enable()).toEqual({ ok: false, problem: { kind: 'dismissed' } });
		answer = 'denied';
		expect(await enable()).toEqual({ ok: false, problem: { kind: 'denied' } });
		expect(subscribeCalls).toEqual([]);
		expect(requests).toEqual([]);
	});

	it('says so when the app’s worker is not there', async () => {
		registered = false;
		expect(await enable()).toEqual({ ok: false, problem: { kind: 'worker' } });
	});

	it('passes on the push service’s failure, and a withdrawn permission as blocked', async () => {
		subscribeError = Object.assign(new Error('Registration failed - push service error'), { name: 'AbortError' });
		expect(await enable()).toEqual({ ok: false, problem: { kind: 'subscribe', reason: 'AbortError: Registration failed - push service error' } });
		subscribeError = Object.assign(new Error('denied'), { name: 'NotAllowedError' });
		expect(await enable()).toEqual({ ok: false, problem: { kind: 'denied' } });
		expect(requests).toEqual([]);
		expect(await kept()).toBeNull();
	});

	it('shows the server’s message when it refuses, and keeps nothing', async () => {
		server = () => Response.json({ error: { status: 400, message: 'Themen: Dieses Thema gibt es in diesem Dorf nicht: „x“.' } }, { status: 400 });
		expect(await enable(['x'])).toEqual({ ok: false, problem: { kind: 'server', message: 'Themen: Dieses Thema gibt es in diesem Dorf nicht: „x“.' } });
		server = () => new Response('<html>Bad gateway</html>', { status: 502 });
		expect(await enable()).toEqual({ ok: false, problem: { kind: 'server', message: 'HTTP 502' } });
		server = () => {
			throw new TypeError('Failed to fetch');
		};
		expect(await enable()).toEqual({ ok: false, problem: { kind: 'network' } });
		expect(await kept()).toBeNull();
		// the browser's subscription is kept and used again next time, not a new one each try
		expect(subscribeCalls).toHaveLength(1);
	});

	it('subscribes with the server’s key, sends endpoint, keys and topics, and keeps them for the worker', async () => {
		expect(await enable()).toEqual({ ok: true, topics: ['alerts', 'news.important'] });
		expect(permission).toBe('granted');
		expect([...(subscribeCalls[0] as Uint8Array)]).toEqual([...KEY_BYTES]);
		expect(requests).toEqual([{ method: 'POST', body: { endpoint: 'https://fcm.googleapis.com/fcm/send/1', keys: { p256dh: 'BKEY', auth: 'AUTH' }, topics: ['alerts', 'news.important'] } }]);
		expect(await kept()).toEqual({ endpoint: 'https://fcm.googleapis.com/fcm/send/1', topics: ['alerts', 'news.important'], villageName: 'Körbecke', locale: 'de' });
		expect(await currentTopics(env())).toEqual(['alerts', 'news.important']);
	});

	it('replaces a subscription made with another key', async () => {
		const old = makeSubscription('https://fcm.googleapis.com/fcm/send/old', new Uint8Array(65).fill(7).buffer);
		subscription = old;
		expect((await enable()).ok).toBe(true);
		expect(old.ended).toBe(true);
		expect(subscribeCalls).toHaveLength(1);
	});
});

describe('what the page shows on load', () => {
	it('off without a worker, a subscription, or the kept state — and forgets a state whose subscription is gone', async () => {
		registered = false;
		expect(await currentTopics(env())).toBeNull();
		registered = true;
		expect(await currentTopics(env())).toBeNull();
		await enable();
		await subscription!.unsubscribe();
		expect(await currentTopics(env())).toBeNull();
		expect(await kept()).toBeNull();
	});

	it('off when the subscription is another than the one the server was told about', async () => {
		await enable();
		subscription = makeSubscription('https://fcm.googleapis.com/fcm/send/other');
		expect(await currentTopics(env())).toBeNull();
	});
});

describe('saving topics and switching off', () => {
	it('saves nothing without a topic or without a subscription', async () => {
		expect(await saveTopics(env(), { topics: [], villageName: 'Körbecke', locale: 'de' })).toEqual({ ok: false, problem: { kind: 'no-topic' } });
		expect(await saveTopics(env(), { topics: ['alerts'], villageName: 'Körbecke', locale: 'de' })).toEqual({ ok: false, problem: { kind: 'worker' } });
		expect(requests).toEqual([]);
	});

	it('sends the same subscription with the new topics', async () => {
		await enable();
		expect(await saveTopics(env(), { topics: ['news.important'], villageName: 'Körbecke', locale: 'en' })).toEqual({ ok: true, topics: ['news.important'] });
		expect(requests.at(-1)!.body).toMatchObject({ endpoint: 'https://fcm.googleapis.com/fcm/send/1', topics: ['news.important'] });
		expect(await kept()).toMatchObject({ topics: ['news.important'], locale: 'en' });
	});

	it('keeps everything when the server cannot be reached or refuses', async () => {
		await enable();
		server = () => {
			throw new TypeError('Failed to fetch');
		};
		expect(await disablePush(env())).toEqual({ ok: false, problem: { kind: 'network' } });
		server = () => Response.json({ error: { status: 429, message: 'Zu viele Anfragen.' } }, { status: 429 });
		expect(await disablePush(env())).toEqual({ ok: false, problem: { kind: 'server', message: 'Zu viele Anfragen.' } });
		expect(subscription).not.toBeNull();
		expect(await kept()).not.toBeNull();
	});

	it('tells the server, ends the subscription and forgets the state; a server that forgot already is fine', async () => {
		await enable();
		expect(await disablePush(env())).toEqual({ ok: true });
		expect(requests.at(-1)).toEqual({ method: 'DELETE', body: { endpoint: 'https://fcm.googleapis.com/fcm/send/1' } });
		expect(subscription).toBeNull();
		expect(await kept()).toBeNull();
		await enable();
		server = () => Response.json({ error: { status: 404, message: 'Dieses Gerät ist hier nicht angemeldet.' } }, { status: 404 });
		expect(await disablePush(env())).toEqual({ ok: true });
		expect(subscription).toBeNull();
	});
});
