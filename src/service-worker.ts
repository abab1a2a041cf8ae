// The village app's service worker (built by SvelteKit to /service-worker.js; kit.serviceWorker.register is off,
// the village layout registers it through AppWorker.svelte with the scope of its app and ?village=<slug>). What it
// does is in src/lib/appWorker/worker.ts, and for push messages in src/lib/appWorker/push.ts; this file only wires
// them to the browser's events.
import { version } from '$service-worker';
import { createPushHandlers, type PushWorkerDeps, type PushWindow } from '$lib/appWorker/push';
import { appScope } from '$lib/appWorker/rules';
import { createAppWorker } from '$lib/appWorker/worker';

// The few service-worker types used here (the project's TypeScript has the DOM's, not the webworker's, library).
interface ExtendableEvent extends Event {
	waitUntil(promise: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
	request: Request;
	respondWith(response: Promise<Response>): void;
}
interface ExtendableMessageEvent extends ExtendableEvent {
	data: unknown;
	ports: readonly MessagePort[];
}
interface PushEvent extends ExtendableEvent {
	data: { text(): string } | null;
}
interface NotificationEvent extends ExtendableEvent {
	notification: { data: unknown; close(): void };
}
interface PushSubscriptionChangeEvent extends ExtendableEvent {
	oldSubscription: PushSubscription | null;
	newSubscription: PushSubscription | null;
}
interface WorkerScope {
	location: Location;
	navigator: { language: string };
	registration: { scope: string } & PushWorkerDeps['registration'];
	caches: CacheStorage;
	clients: { claim(): Promise<void>; matchAll(options: { type: 'window'; includeUncontrolled: boolean }): Promise<readonly PushWindow[]>; openWindow(url: string): Promise<unknown> };
	skipWaiting(): Promise<void>;
	fetch: typeof fetch;
	addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
	addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
	addEventListener(type: 'message', listener: (event: ExtendableMessageEvent) => void): void;
	addEventListener(type: 'push', listener: (event: PushEvent) => void): void;
	addEventListener(type: 'notificationclick', listener: (event: NotificationEvent) => void): void;
	addEventListener(type: 'pushsubscriptionchange', listener: (event: PushSubscriptionChangeEvent) => void): void;
}

const sw = self as unknown as WorkerScope;
const scope = appScope(sw.registration.scope, new URL(sw.location.href).searchParams.get('village') ?? '');
// A registration that does not fit its village (a wrong scope or slug) does nothing: every request goes to the network.
const worker = scope ? createAppWorker({ scope, version, caches: sw.caches, fetch: (input, init) => sw.fetch(input, init) }) : null;
const push = scope
	? createPushHandlers({ scope, caches: sw.caches, fetch: (input, init) => sw.fetch(input, init), registration: sw.registration, clients: sw.clients, language: sw.navigator.language })
	: null;

sw.addEventListener('install', (event) => {
	if (worker) event.waitUntil(worker.install());
});

sw.addEventListener('activate', (event) => {
	event.waitUntil((worker ? worker.activate() : Promise.resolve()).then(() => sw.clients.claim()));
});

sw.addEventListener('fetch', (event) => {
	const response = worker?.handle(event.request, (p) => event.waitUntil(p));
	if (response) event.respondWith(response);
});

sw.addEventListener('message', (event) => {
	const type = typeof event.data === 'object' && event.data ? (event.data as { type?: unknown }).type : undefined;
	const reply = (ok: boolean) => event.ports[0]?.postMessage({ ok });
	const done = (work: Promise<unknown>) =>
		event.waitUntil(
			work.then(
				() => reply(true),
				() => reply(false)
			)
		);
	// "Aktualisieren" with a new worker waiting: it takes over now, and the page reloads on controllerchange
	if (type === 'skip-waiting') done(sw.skipWaiting());
	else if (!worker) reply(false);
	// "Aktualisieren" after the village published a new version: the shell is fetched again before the reload
	else if (type === 'refresh-shell' || type === 'refill') done(worker.refreshShell());
	else if (type === 'keep-assets') done(worker.keepAssets((event.data as { urls?: unknown }).urls));
});

// A push message: always shown (the browser expects it), even when it cannot be read.
sw.addEventListener('push', (event) => {
	let data: string | null;
	try {
		data = event.data?.text() ?? null;
	} catch {
		data = null;
	}
	if (push) event.waitUntil(push.push(data).catch(() => undefined));
});

// A tap on one of our notifications: the page it names, in a window of the app if one is open.
sw.addEventListener('notificationclick', (event) => {
	event.notification.close();
	if (push) event.waitUntil(push.click(event.notification.data).catch(() => undefined));
});

// The browser renewed or ended the subscription: subscribe again and tell the server, keeping the chosen topics.
sw.addEventListener('pushsubscriptionchange', (event) => {
	if (!push) return;
	const old = event.oldSubscription;
	const oldKey = old?.options?.applicationServerKey ?? null;
	event.waitUntil(push.subscriptionChanged({ oldEndpoint: old?.endpoint ?? null, oldKey, fresh: event.newSubscription }).catch(() => false));
});
