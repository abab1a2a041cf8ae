// Push in the village app's worker: reading a message defensively, what a notification says and groups, what a
// tap opens, and handing a renewed subscription back to the server — with fakes for the registration, the
// windows, Cache Storage and the network.
import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryCaches } from './memoryCaches.ts';
import {
	base64UrlBytes,
	clickTarget,
	createPushHandlers,
	notificationFor,
	parsePushPayload,
	pushCacheName,
	pushStateUrl,
	readPushState,
	rememberSeen,
	resubscribeBody,
	windowFor,
	type PushPayload,
	type PushState,
	type PushWindow
} from './push.ts';
import { appScope } from './rules.ts';

const ORIGIN = 'https://allmende.example';
const scope = appScope(`${ORIGIN}/koerbecke/`, 'koerbecke')!;
const ownHost = appScope('https://dorf.example/', 'koerbecke')!;
const START = `${ORIGIN}/koerbecke/`;

const message = (over: Partial<PushPayload> = {}): PushPayload => ({
	id: 'm1',
	village: { slug: 'koerbecke', name: 'Körbecke' },
	topic: 'alerts',
	title: 'Wasserrohrbruch',
	body: 'Die Dorfstraße ist gesperrt.',
	url: '/koerbecke/news/rohrbruch',
	at: 1_700_000_000_000,
	...over
});
const state: PushState = { endpoint: 'https://fcm.googleapis.com/fcm/send/old', topics: ['alerts', 'news.important'], villageName: 'Körbecke', locale: 'de' };

describe('a push message that is not ours', () => {
	it.each([
		['no data', null],
		['empty data', ''],
		['not JSON', 'Hallo'],
		['a JSON string', '"Hallo"'],
		['an array', '[1,2]'],
		['no id', JSON.stringify({ ...message(), id: undefined })],
		['no title', JSON.stringify({ ...message(), title: '' })],
		['a title that is no text', JSON.stringify({ ...message(), title: { de: 'x' } })],
		['no village', JSON.stringify({ ...message(), village: null })],
		['far too much data', JSON.stringify({ ...message(), body: 'x'.repeat(20_000) })]
	])('is not read as one (%s)', (_, data) => {
		expect(parsePushPayload(data)).toBeNull();
	});

	it('shows a plain note that names the village (as the page kept it) and opens the app', () => {
		const note = notificationFor({ payload: parsePushPayload('{oops'), scope, state, shown: [], seen: [], locale: 'de' })!;
		expect(note.title).toBe('Neues aus Körbecke');
		expect(note.options).toMatchObject({ body: 'Tippen Sie hier, um die App zu öffnen.', tag: 'koerbecke:push', data: { url: START, id: null, ids: [] } });
		expect(note.options.icon).toBe(`${START}icons/icon-192.png`);
	});

	it('shows a plain note without a name when the page kept none, in English when the app is', () => {
		expect(notificationFor({ payload: null, scope, state: null, shown: [], seen: [], locale: 'en' })!.title).toBe('News from your village app');
	});

	it('is a plain note when it names another village than this app’s', () => {
		const note = notificationFor({ payload: message({ village: { slug: 'altengeseke', name: 'Altengeseke' } }), scope, state, shown: [], seen: [], locale: 'de' })!;
		expect(note.title).toBe('Neues aus Körbecke');
		expect(note.options.data.url).toBe(START);
	});
});

describe('reading a message', () => {
	it('takes what the server sends, trimmed and cut to size, with odd fields made harmless', () => {
		const parsed = parsePushPayload(JSON.stringify({ ...message(), title: `  ${'T'.repeat(300)}  `, url: 42, at: 'gestern', topic: null, extra: true }));
		expect(parsed).toEqual({ ...message(), title: 'T'.repeat(200), url: '', at: 0, topic: '' });
	});
});

describe('what a notification says', () => {
	it('names the village before the title, keeps the body, and carries the page to open', () => {
		const note = notificationFor({ payload: message(), scope, state, shown: [], seen: [], locale: 'de' })!;
		expect(note.title).toBe('Körbecke: Wasserrohrbruch');
		expect(note.options).toMatchObject({
			body: 'Die Dorfstraße ist gesperrt.',
			tag: 'koerbecke:alerts',
			renotify: true,
			timestamp: 1_700_000_000_000,
			icon: `${START}icons/icon-192.png`,
			badge: `${START}push/badge.png`,
			data: { url: `${ORIGIN}/koerbecke/news/rohrbruch`, id: 'm1', ids: ['m1'] }
		});
	});

	it('has the icons of the app on the village’s own host, and a group per village and topic', () => {
		const note = notificationFor({ payload: message({ topic: 'news.important' }), scope: ownHost, state, shown: [], seen: [], locale: 'de' })!;
		expect(note.options.icon).toBe('https://dorf.example/icons/icon-192.png');
		expect(note.options.tag).toBe('koerbecke:news.important');
	});

	it('replaces the topic’s earlier notification, says how many are new and alerts again', () => {
		const first = notificationFor({ payload: message(), scope, state, shown: [], seen: [], locale: 'de' })!;
		const shown = [{ title: first.title, body: first.options.body!, data: first.options.data }];
		const second = notificationFor({ payload: message({ id: 'm2', title: 'Straße wieder frei', body: 'Alles repariert.' }), scope, state, shown, seen: ['m1'], locale: 'de' })!;
		expect(second.title).toBe('Körbecke: Straße wieder frei');
		expect(second.options).toMatchObject({ body: 'Alles repariert.\n2 neue Nachrichten', renotify: true, tag: 'koerbecke:alerts', data: { id: 'm2', ids: ['m1', 'm2'] } });
		const third = notificationFor({ payload: message({ id: 'm3', body: '' }), scope, state, shown: [{ title: second.title, body: second.options.body!, data: second.options.data }], seen: [], locale: 'en' })!;
		expect(third.options.body).toBe('3 new messages');
	});

	it('starts counting anew once the earlier notification was dismissed', () => {
		const note = notificationFor({ payload: message({ id: 'm2' }), scope, state, shown: [], seen: ['m1'], locale: 'de' })!;
		expect(note.options.body).toBe('Die Dorfstraße ist gesperrt.');
		expect(note.options.data.ids).toEqual(['m2']);
	});

	it('ignores a notification in the group that is not ours (no data)', () => {
		const note = notificationFor({ payload: message({ id: 'm2' }), scope, state, shown: [{ title: 'x', body: 'y', data: null }], seen: [], locale: 'de' })!;
		expect(note.options.data.ids).toEqual(['m2']);
	});
});

describe('the same message twice (sent again after a server crash)', () => {
	it('while it is still shown: shown again silently, unchanged, without alerting', () => {
		const first = notificationFor({ payload: message(), scope, state, shown: [], seen: [], locale: 'de' })!;
		const again = notificationFor({ payload: message(), scope, state, shown: [{ title: first.title, body: first.options.body!, data: first.options.data }], seen: ['m1'], locale: 'de' })!;
		expect(again.title).toBe(first.title);
		expect(again.options).toMatchObject({ body: first.options.body, renotify: false, silent: true, data: first.options.data });
	});

	it('once it was dismissed: nothing is shown', () => {
		expect(notificationFor({ payload: message(), scope, state, shown: [], seen: ['m0', 'm1'], locale: 'de' })).toBeNull();
	});

	it('the worker remembers the latest ids only, the newest last', () => {
		let seen: string[] = [];
		for (let i = 0; i < 150; i++) seen = rememberSeen(seen, `m${i}`);
		expect(seen).toHaveLength(100);
		expect(seen[0]).toBe('m50');
		expect(rememberSeen(['a', 'b'], 'a')).toEqual(['b', 'a']);
	});
});

describe('what a tap opens', () => {
	it.each([
		['nothing', undefined, START],
		['an empty link', '', START],
		['javascript:', 'javascript:alert(1)', START],
		['data:', 'data:text/html,<b>x</b>', START],
		['http elsewhere', 'http://evil.example/', START],
		['a protocol-relative address', '//evil.example/x', START],
		['a link with credentials', 'https://user:pw@evil.example/', START],
		['a link with spaces', '/koerbecke/news x', START],
		['not a link at all', 'news', START],
		['a number', 42, START],
		['a path of this site', '/koerbecke/calendar?day=3', `${ORIGIN}/koerbecke/calendar?day=3`],
		['an https address elsewhere', 'https://www.kreis-soest.de/info', 'https://www.kreis-soest.de/info']
	])('%s → as expected', (_, url, expected) => {
		expect(clickTarget(scope, url)).toBe(expected);
	});

	it('takes a page of this origin over http too (a local installation)', () => {
		const local = appScope('http://localhost:3000/koerbecke/', 'koerbecke')!;
		expect(clickTarget(local, 'http://localhost:3000/koerbecke/news')).toBe('http://localhost:3000/koerbecke/news');
	});

	it('focuses a window that shows the page, else leads a window of the app there, else opens one', () => {
		const target = `${ORIGIN}/koerbecke/news`;
		expect(windowFor(scope, target, [{ url: `${ORIGIN}/koerbecke/` }, { url: target }])).toEqual({ kind: 'focus', index: 1 });
		expect(windowFor(scope, target, [{ url: `${ORIGIN}/altengeseke/` }, { url: `${ORIGIN}/koerbecke/calendar` }])).toEqual({ kind: 'navigate', index: 1 });
		expect(windowFor(scope, target, [{ url: `${ORIGIN}/altengeseke/` }, { url: `${ORIGIN}/account` }])).toEqual({ kind: 'open' });
		// a page outside the app is never opened in the app's window
		expect(windowFor(scope, 'https://www.kreis-soest.de/', [{ url: `${ORIGIN}/koerbecke/` }])).toEqual({ kind: 'open' });
	});
});

describe('handing a renewed subscription to the server', () => {
	const fresh = { endpoint: 'https://fcm.googleapis.com/fcm/send/new', keys: { p256dh: 'BP', auth: 'au' } };

	it('hands nothing over without topics kept, or a subscription without keys', () => {
		expect(resubscribeBody(fresh, null, null)).toBeNull();
		expect(resubscribeBody(fresh, { ...state, topics: [] }, null)).toBeNull();
		expect(resubscribeBody({ endpoint: fresh.endpoint }, state, null)).toBeNull();
		expect(resubscribeBody({ endpoint: fresh.endpoint, keys: { p256dh: 'BP' } }, state, null)).toBeNull();
		expect(resubscribeBody(null, state, null)).toBeNull();
	});

	it('names the old endpoint it replaces (the browser’s, else the one the page kept), never itself', () => {
		expect(resubscribeBody(fresh, state, 'https://fcm.googleapis.com/fcm/send/older')).toEqual({ ...fresh, topics: state.topics, replaces: 'https://fcm.googleapis.com/fcm/send/older' });
		expect(resubscribeBody(fresh, state, null)).toEqual({ ...fresh, topics: state.topics, replaces: state.endpoint });
		expect(resubscribeBody(fresh, { ...state, endpoint: fresh.endpoint }, null)).toEqual({ ...fresh, topics: state.topics });
	});

	it('reads the page’s state defensively', () => {
		expect(readPushState(null)).toBeNull();
		expect(readPushState({ topics: ['alerts'] })).toBeNull();
		expect(readPushState({ endpoint: 'x', topics: 'alerts' })).toBeNull();
		expect(readPushState({ endpoint: 'x', topics: ['alerts', 3, '', 'x'.repeat(101)], locale: 'en-GB' })).toEqual({ endpoint: 'x', topics: ['alerts'], villageName: '', locale: 'en' });
	});

	it('decodes the VAPID key from base64url', () => {
		expect([...base64UrlBytes('AP-_')]).toEqual([0x00, 0xff, 0xbf]);
		expect([...base64UrlBytes('AQ')]).toEqual([1]);
	});
});

// ---- the handlers, with fakes ----

interface Shown {
	title: string;
	options: NotificationOptions & { data?: unknown };
}

let caches: MemoryCaches;
let shown: Shown[];
let requests: { url: string; init?: RequestInit }[];
let answers: Record<string, () => Response>;
let subscribed: { applicationServerKey: unknown }[];
let windows: FakeWindow[];
let opened: string[];

/** Like a browser's Notification, its fields are getters on the prototype (a spread copy would lose them). */
class FakeNotification {
	#shown: Shown;
	constructor(shown: Shown) {
		this.#shown = shown;
	}
	get title() {
		return this.#shown.title;
	}
	get body() {
		return this.#shown.options.body ?? '';
	}
	get data() {
		return this.#shown.options.data;
	}
}

function handlers(language = 'de-DE') {
	return createPushHandlers({
		scope,
		caches: caches as unknown as CacheStorage,
		language,
		fetch: async (url, init) => {
			requests.push({ url, init });
			const answer = answers[`${init?.method ?? 'GET'} ${url}`];
			if (!answer) throw new TypeError('Failed to fetch');
			return answer();
		},
		registration: {
			async showNotification(title, options = {}) {
				// like a browser: a notification with the same tag replaces the one shown
				shown = shown.filter((n) => !options.tag || n.options.tag !== options.tag);
				shown.push({ title, options });
			},
			async getNotifications(filter) {
				return shown.filter((n) => !filter?.tag || n.options.tag === filter.tag).map((n) => new FakeNotification(n));
			},
			pushManager: {
				async subscribe(options) {
					subscribed.push({ applicationServerKey: options.applicationServerKey });
					const json = { endpoint: 'https://fcm.googleapis.com/fcm/send/renewed', keys: { p256dh: 'BNEW', auth: 'anew' } };
					return { endpoint: json.endpoint, toJSON: () => json };
				}
			}
		},
		clients: {
			async matchAll() {
				return windows;
			},
			async openWindow(url) {
				opened.push(url);
			}
		}
	});
}
type FakeWindow = PushWindow & { focused: number; led: string[] };
function win(url: string, controlled = true): FakeWindow {
	const w: FakeWindow = {
		url,
		focused: 0,
		led: [] as string[],
		async focus() {
			w.focused++;
		},
		navigate: controlled
			? async (to: string) => {
					w.led.push(to);
					return w;
				}
			: async () => {
					throw new TypeError('not controlled');
				}
	};
	return w;
}
async function keepState(value: unknown) {
	await (await caches.open(pushCacheName('koerbecke'))).put(pushStateUrl(scope), new Response(JSON.stringify(value)));
}
async function keptState() {
	return (await (await caches.open(pushCacheName('koerbecke'))).match(pushStateUrl(scope)))?.json();
}

beforeEach(() => {
	caches = new MemoryCaches();
	shown = [];
	requests = [];
	answers = {};
	subscribed = [];
	windows = [];
	opened = [];
});

describe('the push handler', () => {
	it('shows a plain note for a message it cannot read, and never throws', async () => {
		await handlers().push('not json');
		expect(shown.map((n) => n.title)).toEqual(['Neues aus Ihrer Dorf-App']);
		await keepState({ ...state, locale: 'en' });
		await handlers().push(null);
		expect(shown.map((n) => n.title)).toEqual(['News from Körbecke']);
	});

	it('shows a message once, groups by topic, and keeps quiet about a resend of a dismissed one', async () => {
		const h = handlers();
		await h.push(JSON.stringify(message()));
		await h.push(JSON.stringify(message({ id: 'm2', topic: 'news.important', title: 'Dorffest' })));
		await h.push(JSON.stringify(message({ id: 'm3' })));
		expect(shown.map((n) => [n.options.tag, n.title, n.options.body])).toEqual([
			['koerbecke:news.important', 'Körbecke: Dorffest', 'Die Dorfstraße ist gesperrt.'],
			['koerbecke:alerts', 'Körbecke: Wasserrohrbruch', 'Die Dorfstraße ist gesperrt.\n2 neue Nachrichten']
		]);
		// m3 arrives again while shown: silently the same; dismissed, then again: nothing
		await h.push(JSON.stringify(message({ id: 'm3' })));
		const again = shown.find((n) => n.options.tag === 'koerbecke:alerts')!;
		expect([again.title, again.options]).toMatchObject(['Körbecke: Wasserrohrbruch', { body: 'Die Dorfstraße ist gesperrt.\n2 neue Nachrichten', silent: true, renotify: false }]);
		shown = [];
		await h.push(JSON.stringify(message({ id: 'm3' })));
		expect(shown).toEqual([]);
	});

	it('speaks the browser’s language when the page kept none', async () => {
		await handlers('en-US').push(JSON.stringify(message({ id: 'a' })));
		await handlers('en-US').push(JSON.stringify(message({ id: 'b' })));
		expect(shown[0]!.options.body).toBe('Die Dorfstraße ist gesperrt.\n2 new messages');
	});
});

describe('the click handler', () => {
	it('opens the app’s start for a notification that is not ours', async () => {
		await handlers().click({ url: 'javascript:alert(1)' });
		await handlers().click(null);
		expect(opened).toEqual([START, START]);
	});

	it('focuses the window that shows the page', async () => {
		windows = [win(`${ORIGIN}/koerbecke/`), win(`${ORIGIN}/koerbecke/news/rohrbruch`)];
		await handlers().click({ url: `${ORIGIN}/koerbecke/news/rohrbruch`, id: 'm1', ids: ['m1'] });
		expect(windows.map((w) => w.focused)).toEqual([0, 1]);
		expect(opened).toEqual([]);
	});

	it('leads a window of the app to the page, or opens a new one when it cannot', async () => {
		windows = [win(`${ORIGIN}/koerbecke/calendar`)];
		await handlers().click({ url: `${ORIGIN}/koerbecke/news`, id: 'm1', ids: ['m1'] });
		expect(windows[0]!.led).toEqual([`${ORIGIN}/koerbecke/news`]);
		expect(windows[0]!.focused).toBe(1);
		windows = [win(`${ORIGIN}/koerbecke/calendar`, false)];
		await handlers().click({ url: `${ORIGIN}/koerbecke/news`, id: 'm1', ids: ['m1'] });
		expect(opened).toEqual([`${ORIGIN}/koerbecke/news`]);
	});
});

describe('the subscription-change handler', () => {
	const api = `POST ${ORIGIN}/api/v1/villages/koerbecke/push/subscriptions`;

	it('does nothing without the page’s state (nobody chose topics here)', async () => {
		expect(await handlers().subscriptionChanged({ oldEndpoint: 'x', oldKey: new ArrayBuffer(65), fresh: null })).toBe(false);
		expect(subscribed).toEqual([]);
		expect(requests).toEqual([]);
	});

	it('gives up when the key cannot be had, or the server refuses', async () => {
		await keepState(state);
		answers[`GET ${ORIGIN}/api/v1/push/vapid-public-key`] = () => new Response('nope', { status: 503 });
		expect(await handlers().subscriptionChanged({ oldEndpoint: null, oldKey: null, fresh: null })).toBe(false);
		answers[api] = () => Response.json({ error: { status: 400, message: 'Themen: …' } }, { status: 400 });
		expect(await handlers().subscriptionChanged({ oldEndpoint: state.endpoint, oldKey: new ArrayBuffer(65), fresh: null })).toBe(false);
		expect((await keptState()).endpoint).toBe(state.endpoint);
	});

	it('subscribes again with the old key, hands it over replacing the old endpoint, and keeps the new one', async () => {
		await keepState(state);
		answers[api] = () => Response.json({ id: 's1', topics: state.topics }, { status: 201 });
		const key = new Uint8Array([4, 1, 2]).buffer;
		expect(await handlers().subscriptionChanged({ oldEndpoint: state.endpoint, oldKey: key, fresh: null })).toBe(true);
		expect(subscribed).toEqual([{ applicationServerKey: key }]);
		const sent = requests.find((r) => r.init?.method === 'POST')!;
		expect(JSON.parse(String(sent.init!.body))).toEqual({ endpoint: 'https://fcm.googleapis.com/fcm/send/renewed', keys: { p256dh: 'BNEW', auth: 'anew' }, topics: state.topics, replaces: state.endpoint });
		expect((await keptState()).endpoint).toBe('https://fcm.googleapis.com/fcm/send/renewed');
	});

	it('asks the server for the key when the old subscription is gone, and takes the browser’s own renewal as it is', async () => {
		await keepState(state);
		answers[`GET ${ORIGIN}/api/v1/push/vapid-public-key`] = () => Response.json({ publicKey: 'AQID' });
		answers[api] = () => Response.json({ id: 's1', topics: state.topics });
		expect(await handlers().subscriptionChanged({ oldEndpoint: null, oldKey: null, fresh: null })).toBe(true);
		expect([...(subscribed[0]!.applicationServerKey as Uint8Array)]).toEqual([1, 2, 3]);

		subscribed = [];
		const own = { endpoint: 'https://updates.push.services.mozilla.com/wpush/v2/x', toJSON: () => ({ endpoint: 'https://updates.push.services.mozilla.com/wpush/v2/x', keys: { p256dh: 'BF', auth: 'af' } }) };
		expect(await handlers().subscriptionChanged({ oldEndpoint: null, oldKey: null, fresh: own })).toBe(true);
		expect(subscribed).toEqual([]);
		expect(JSON.parse(String(requests.at(-1)!.init!.body)).replaces).toBe('https://fcm.googleapis.com/fcm/send/renewed');
	});
});
