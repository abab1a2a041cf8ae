// Push notifications in the village app, in Chromium: a neighbour without an account switches them on at
// /altengeseke/push by keyboard, an editor's message goes out through the server to a push service, the app's
// service worker shows it (named after the village, grouped by topic, a resend shown once), topics are saved
// and it is switched off again; the blocked and the refused cases say so in words; the page passes axe at phone
// and desktop width, in German and English, and without JavaScript says why it cannot switch anything on.
//
// What is real and what is stubbed, and why:
// - Real: the server (subscriptions API, the editor's message, the fan-out, encryption and VAPID signing), the
//   page and its script, the app's service worker and the browser's notifications (registration.showNotification,
//   read back with registration.getNotifications()).
// - The push service is the mock (tests/helpers/mockPushService.ts), allowed by PUSH_ENDPOINT_ALLOW: the server
//   really POSTs each message to it, encrypted for the subscription and signed with VAPID; the mock checks both
//   and decrypts the message with the subscription's private key, as the browser would, and the message's
//   figures (sent 1) come from its answers.
// - The browser's own subscription is stubbed. A real Chromium subscribes at Google's FCM, which cannot be reached
//   here: in a fresh (incognito) context pushManager.subscribe() rejects at once ("AbortError: Registration failed
//   - permission denied"; Chrome has no push in incognito), and in a persistent profile it never settles (its GCM
//   client cannot check in offline) — tried with Chromium 156. So an init script replaces PushManager's subscribe
//   and getSubscription with a subscription the mock handed out (its endpoint and keys), and the notification
//   permission is granted to the context.
// - The push service's delivery to the browser is done by DevTools (ServiceWorker.deliverPushMessage), which fires
//   the worker's real `push` event with the message as the mock decrypted it. A tap on a notification cannot be
//   made in headless Chromium: appWorker/push.test.ts covers it.
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { Client } from '../helpers/http.ts';
import { startMockPushService } from '../helpers/mockPushService.ts';
import { openServerDb, startServer, type TestServer } from '../helpers/server.ts';
import { closeContexts, expectNoAxeViolations, expectNoAxeViolationsWithoutJavaScript, expectNoHorizontalScroll, launchBrowser, openPage, screenshot } from './helpers.ts';

type Mock = Awaited<ReturnType<typeof startMockPushService>>;
let mock: Mock;
let server: TestServer;
let browser: Browser;
let db: ReturnType<typeof openServerDb>['db'];

beforeAll(async () => {
	mock = await startMockPushService({ https: false });
	server = await startServer({ PUSH_ENDPOINT_ALLOW: mock.origin });
	db = openServerDb(server.databaseUrl).db;
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
	await db?.destroy();
	await server?.stop();
	await mock?.close();
});
afterEach(async () => {
	await closeContexts(browser);
});

/** A subscription the mock push service knows (its endpoint, and the browser's keys), as a browser would get one. */
function newSubscription() {
	const id = randomUUID();
	return { id, ...mock.newSubscription(id) };
}

/**
 * Replaces PushManager's subscribe/getSubscription in the page (see the top of this file). The subscription is
 * kept in localStorage so that it outlives a reload, as a browser's does; unsubscribe() ends it.
 */
function stubPushManager(sub: { endpoint: string; p256dh: string; auth: string }) {
	const KEY = 'test:push-subscription';
	const bytes = (base64url: string) => Uint8Array.from(atob(base64url.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (base64url.length % 4)) % 4)), (c) => c.charCodeAt(0)).buffer;
	const make = (serverKey: number[]) => ({
		endpoint: sub.endpoint,
		expirationTime: null,
		options: { userVisibleOnly: true, applicationServerKey: new Uint8Array(serverKey).buffer },
		getKey: (name: string) => bytes(name === 'p256dh' ? sub.p256dh : sub.auth),
		toJSON: () => ({ endpoint: sub.endpoint, expirationTime: null, keys: { p256dh: sub.p256dh, auth: sub.auth } }),
		unsubscribe: async () => {
			localStorage.removeItem(KEY);
			return true;
		}
	});
	PushManager.prototype.subscribe = async function (options?: PushSubscriptionOptionsInit) {
		const key = options?.applicationServerKey;
		const serverKey = key instanceof ArrayBuffer ? [...new Uint8Array(key)] : ArrayBuffer.isView(key) ? [...new Uint8Array(key.buffer, key.byteOffset, key.byteLength)] : [];
		localStorage.setItem(KEY, JSON.stringify(serverKey));
		return make(serverKey) as unknown as PushSubscription;
	};
	PushManager.prototype.getSubscription = async function () {
		const kept = localStorage.getItem(KEY);
		return kept ? (make(JSON.parse(kept) as number[]) as unknown as PushSubscription) : null;
	};
}

/** A page with the app's service worker allowed, notifications granted and the push manager stubbed. */
async function pushPage(args: { width?: number; subscription: { endpoint: string; keys: { p256dh: string; auth: string } }; locale?: 'de' | 'en'; grant?: boolean }): Promise<Page> {
	const page = await openPage(browser, server.url, { width: args.width ?? 390, height: 900, serviceWorker: true });
	const context = page.context();
	if (args.locale === 'en') await context.addCookies([{ name: 'PARAGLIDE_LOCALE', value: 'en', url: server.url }]);
	if (args.grant !== false) await context.grantPermissions(['notifications'], { origin: server.url });
	const { endpoint, keys } = args.subscription;
	await context.addInitScript(stubPushManager, { endpoint, p256dh: keys.p256dh, auth: keys.auth });
	return page;
}

/** What the status region says once it says `expected` (a string or pattern); fails after 20 s. */
async function status(page: Page, expected: string | RegExp): Promise<void> {
	const region = page.locator('#push-status');
	await expect.poll(async () => (await region.innerText()).trim(), { timeout: 20_000 }).toMatch(typeof expected === 'string' ? new RegExp(`^${expected.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) : expected);
}

/** The village's subscription of this endpoint as the server keeps it: its topics, or null. */
async function serverTopics(endpoint: string): Promise<string[] | null> {
	const sub = await db.selectFrom('pushSubscriptions').select('id').where('endpoint', '=', endpoint).executeTakeFirst();
	if (!sub) return null;
	return (await db.selectFrom('pushSubscriptionTopics').select('topic').where('subscriptionId', '=', sub.id).orderBy('topic').execute()).map((r) => r.topic);
}


/** Delivers a push message to the village app's worker, as the browser's push service would (DevTools). */
async function deliverPush(context: BrowserContext, page: Page, scope: string, data: string): Promise<void> {
	const cdp = await context.newCDPSession(page);
	const registrations: { registrationId: string; scopeURL: string; isDeleted: boolean }[] = [];
	cdp.on('ServiceWorker.workerRegistrationUpdated', (event) => registrations.push(...event.registrations));
	await cdp.send('ServiceWorker.enable');
	await expect.poll(() => registrations.some((r) => r.scopeURL === scope && !r.isDeleted), { timeout: 10_000 }).toBe(true);
	const registration = registrations.find((r) => r.scopeURL === scope && !r.isDeleted)!;
	await cdp.send('ServiceWorker.deliverPushMessage', { origin: new URL(scope).origin, registrationId: registration.registrationId, data });
	await cdp.detach();
}

/** The notifications the app's worker shows now. */
function shown(page: Page) {
	return page.evaluate(async () => {
		const registration = await navigator.serviceWorker.ready;
		return (await registration.getNotifications()).map((n) => ({ title: n.title, body: n.body, tag: n.tag, icon: n.icon, data: n.data as { url: string; id: string | null; ids: string[] } }));
	});
}

describe('push notifications in the village app', () => {
	test('switched on without an account by keyboard, a message shown once per topic, topics saved, switched off', async () => {
		const subscription = newSubscription();
		const { endpoint } = subscription;
		const page = await pushPage({ subscription });
		const main = page.locator('main');

		// from the app's footer
		expect((await page.goto('/altengeseke/'))?.status()).toBe(200);
		await page.locator('footer').getByRole('link', { name: 'Benachrichtigungen' }).click();
		await page.waitForURL('**/altengeseke/push');
		await main.getByRole('heading', { level: 1, name: 'Benachrichtigungen' }).waitFor();
		await status(page, 'Auf diesem Gerät sind die Benachrichtigungen aus.');
		const topics = main.getByRole('group', { name: 'Worüber möchten Sie benachrichtigt werden?' });
		const alerts = topics.getByRole('checkbox', { name: 'Eilmeldungen aus dem Dorf' });
		const important = topics.getByRole('checkbox', { name: 'Dorf-News: Wichtige Mitteilungen' });
		expect(await alerts.isChecked()).toBe(true);
		expect(await important.isChecked()).toBe(true);
		expect(await topics.getByRole('checkbox', { name: 'Neues aus unseren Projekten' }).isChecked()).toBe(false);
		await expectNoAxeViolations(page, '/altengeseke/push (off)');
		await expectNoHorizontalScroll(page, 390);

		// no topic: nothing asked, the first topic gets the focus
		await alerts.press('Space');
		await important.press('Space');
		await main.getByRole('button', { name: 'Benachrichtigungen einschalten' }).press('Enter');
		await status(page, 'Bitte wählen Sie mindestens ein Thema.');
		expect(await alerts.evaluate((el) => el === document.activeElement)).toBe(true);
		expect(await serverTopics(endpoint)).toBeNull();

		await alerts.press('Space');
		await important.press('Space');
		await main.getByRole('button', { name: 'Benachrichtigungen einschalten' }).press('Enter');
		await status(page, 'Eingeschaltet. Dieses Gerät bekommt jetzt Benachrichtigungen für: Eilmeldungen aus dem Dorf und Dorf-News: Wichtige Mitteilungen.');
		// the pressed button is gone: its successor has the focus
		expect(await main.getByRole('button', { name: 'Themen speichern' }).evaluate((el) => el === document.activeElement)).toBe(true);
		expect(await serverTopics(endpoint)).toEqual(['alerts', 'news.important']);
		await expectNoAxeViolations(page, '/altengeseke/push (on)');
		await screenshot(page, 'push-on-de-390');

		// an editor's message goes out through the server to the push service
		const editor = new Client(server.url);
		await editor.login('redaktion@example.org');
		const sent = await editor.api('POST', '/api/v1/villages/altengeseke/push/messages', { topic: 'alerts', title: 'Wasserrohrbruch', body: 'Die Dorfstraße ist bis 18 Uhr gesperrt.', url: '/altengeseke/news' });
		expect(sent.status).toBe(202);
		const { id } = (await sent.json()) as { id: string };
		await expect
			.poll(async () => ((await (await editor.api('GET', `/api/v1/villages/altengeseke/push/messages/${id}`)).json()) as { state: string; sent: number }), { timeout: 20_000 })
			.toMatchObject({ state: 'done', sent: 1 });
		// what the push service got, decrypted as the browser would
		const delivered = mock.stats().delivered[subscription.id] ?? [];
		expect(delivered.map((d) => d.decrypted)).toEqual([true]);
		const payload = JSON.stringify(delivered[0]!.json);
		expect(JSON.parse(payload)).toMatchObject({ id, village: { slug: 'altengeseke', name: 'Altengeseke' }, topic: 'alerts', title: 'Wasserrohrbruch' });

		// the push service hands it to the browser: the worker shows it, named after the village
		const scope = `${server.url}/altengeseke/`;
		await deliverPush(page.context(), page, scope, payload);
		await expect.poll(() => shown(page)).toEqual([
			{
				title: 'Altengeseke: Wasserrohrbruch',
				body: 'Die Dorfstraße ist bis 18 Uhr gesperrt.',
				tag: 'altengeseke:alerts',
				icon: `${scope}icons/icon-192.png`,
				data: { url: `${server.url}/altengeseke/news`, id, ids: [id] }
			}
		]);
		// sent again (after a server crash): still one notification, not counted twice
		await deliverPush(page.context(), page, scope, payload);
		await page.waitForTimeout(500);
		expect((await shown(page)).map((n) => [n.body, n.data.ids.length])).toEqual([['Die Dorfstraße ist bis 18 Uhr gesperrt.', 1]]);
		// a second message of the topic replaces the first and says how many are new; another topic has its own
		const second = JSON.parse(payload) as Record<string, unknown>;
		await deliverPush(page.context(), page, scope, JSON.stringify({ ...second, id: 'second', title: 'Straße wieder frei', body: 'Alles repariert.' }));
		await deliverPush(page.context(), page, scope, JSON.stringify({ ...second, id: 'third', topic: 'news.important', title: 'Dorffest', body: '' }));
		// a message that cannot be read still shows a note naming the village
		await deliverPush(page.context(), page, scope, 'kein JSON');
		await expect
			.poll(async () => (await shown(page)).map((n) => [n.tag, n.title, n.body]).sort())
			.toEqual([
				['altengeseke:alerts', 'Altengeseke: Straße wieder frei', 'Alles repariert.\n2 neue Nachrichten'],
				['altengeseke:news.important', 'Altengeseke: Dorffest', ''],
				['altengeseke:push', 'Neues aus Altengeseke', 'Tippen Sie hier, um die App zu öffnen.']
			]);

		// a reload shows this device's state; other topics are saved
		await page.reload();
		await status(page, 'Eingeschaltet für: Eilmeldungen aus dem Dorf und Dorf-News: Wichtige Mitteilungen.');
		await important.press('Space');
		await main.getByRole('button', { name: 'Themen speichern' }).press('Enter');
		await status(page, 'Gespeichert. Eingeschaltet für: Eilmeldungen aus dem Dorf.');
		expect(await serverTopics(endpoint)).toEqual(['alerts']);

		// switched off: the server forgets the device, the browser ends the subscription
		await main.getByRole('button', { name: 'Ausschalten' }).press('Enter');
		await status(page, 'Ausgeschaltet. Dieses Gerät bekommt keine Benachrichtigungen aus Altengeseke mehr.');
		expect(await main.getByRole('button', { name: 'Benachrichtigungen einschalten' }).evaluate((el) => el === document.activeElement)).toBe(true);
		expect(await serverTopics(endpoint)).toBeNull();
		expect(await page.evaluate(async () => (await (await navigator.serviceWorker.ready).pushManager.getSubscription()) === null)).toBe(true);
		await expectNoAxeViolations(page, '/altengeseke/push (switched off)');
	});

	test('the issue’s story: a new visitor switches notifications on and gets the important announcement the editor publishes', async () => {
		const subscription = newSubscription();
		const page = await pushPage({ subscription });
		const main = page.locator('main');
		await page.goto('/altengeseke/push');
		// the defaults: urgent messages and important announcements
		await main.getByRole('button', { name: 'Benachrichtigungen einschalten' }).click();
		await status(page, /^Eingeschaltet\./);
		expect(await serverTopics(subscription.endpoint)).toEqual(['alerts', 'news.important']);

		// the editor publishes an important announcement in the news (the news module's API, as its form does)
		const editor = new Client(server.url);
		await editor.login('redaktion@example.org');
		const until = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
		const published = await editor.api('POST', '/api/v1/villages/altengeseke/news/articles', { title: 'Trinkwasser bitte abkochen', teaser: 'Bis auf Weiteres gilt ein Abkochgebot.', body: 'Das Gesundheitsamt informiert.', category: 'Gemeinde', publish: 'now', important: 'on', importantUntil: until });
		expect(published.status).toBe(201);
		const { id: articleId } = (await published.json()) as { id: string };

		// the push service receives it, encrypted for this browser, marked urgent
		await expect.poll(() => mock.stats().delivered[subscription.id]?.length ?? 0, { timeout: 20_000 }).toBe(1);
		const stored = mock.stats().delivered[subscription.id]![0]!;
		expect(stored.decrypted).toBe(true);
		expect(stored.urgency).toBe('high');
		const payload = stored.json as { title: string; topic: string; url: string };
		expect(payload).toMatchObject({ title: 'Trinkwasser bitte abkochen', topic: 'news.important', url: `/altengeseke/news/article/${articleId}` });

		// handed to the browser, the app's worker shows it
		const scope = `${server.url}/altengeseke/`;
		await deliverPush(page.context(), page, scope, JSON.stringify(payload));
		await expect
			.poll(async () => (await shown(page)).map((n) => [n.title, n.body, n.data.url]))
			.toEqual([['Altengeseke: Trinkwasser bitte abkochen', 'Bis auf Weiteres gilt ein Abkochgebot.', `${server.url}/altengeseke/news/article/${articleId}`]]);
	});

	test('blocked notifications and a refused endpoint are explained in words', async () => {
		// notifications not granted: headless Chromium answers the question with "denied"
		const blocked = await pushPage({ subscription: newSubscription(), grant: false });
		await blocked.goto('/altengeseke/push');
		await status(blocked, 'Auf diesem Gerät sind die Benachrichtigungen aus.');
		await blocked.getByRole('button', { name: 'Benachrichtigungen einschalten' }).click();
		await status(blocked, 'Ihr Browser blockiert Benachrichtigungen für diese Seite. So erlauben Sie sie wieder:');
		await blocked.getByText('Firefox: Tippen Sie links neben der Adresse auf das Schloss').waitFor();
		await expectNoAxeViolations(blocked, '/altengeseke/push (blocked)');

		// a push service the server does not send to: its message is shown as it is
		const refused = await pushPage({ subscription: { ...newSubscription(), endpoint: 'https://push.example.org/not-a-push-service' } });
		await refused.goto('/altengeseke/push');
		await status(refused, 'Auf diesem Gerät sind die Benachrichtigungen aus.');
		await refused.getByRole('button', { name: 'Benachrichtigungen einschalten' }).click();
		await status(refused, /^Der Server hat die Anmeldung nicht angenommen: .*Push-Dienste der Browser/);
		await expectNoAxeViolations(refused, '/altengeseke/push (refused)');
	});

	for (const { locale, title, enable } of [
		{ locale: 'de', title: 'Benachrichtigungen', enable: 'Benachrichtigungen einschalten' },
		{ locale: 'en', title: 'Notifications', enable: 'Switch on notifications' }
	] as const) {
		test(`the page at 1280 px in ${locale}, and without JavaScript`, async () => {
			const page = await pushPage({ width: 1280, subscription: newSubscription(), locale });
			await page.goto('/altengeseke/push');
			await page.getByRole('heading', { level: 1, name: title }).waitFor();
			await status(page, locale === 'de' ? 'Auf diesem Gerät sind die Benachrichtigungen aus.' : 'Notifications are off on this device.');
			await expectNoAxeViolations(page, `/altengeseke/push (${locale}, 1280px)`);
			await expectNoHorizontalScroll(page, 1280);
			await screenshot(page, `push-off-${locale}-1280`);

			const nojs = await openPage(browser, server.url, { width: 390, javaScript: false });
			if (locale === 'en') await nojs.context().addCookies([{ name: 'PARAGLIDE_LOCALE', value: 'en', url: server.url }]);
			await nojs.goto('/altengeseke/push');
			// every topic of the village, as its app configuration names them
			const app = (await (await fetch(`${server.url}/api/v1/villages/altengeseke/app`)).json()) as { push: { topics: { id: string; name: { de: string; en: string } }[] } };
			expect(app.push.topics.length).toBeGreaterThanOrEqual(3);
			const labels = await nojs.getByRole('checkbox').evaluateAll((boxes) => boxes.map((b) => b.closest('label')!.textContent!.trim()));
			expect(labels).toHaveLength(app.push.topics.length);
			app.push.topics.forEach((topic, i) => expect(labels[i]).toContain(topic.name[locale]));
			expect(await nojs.getByRole('button', { name: enable }).isDisabled()).toBe(true);
			// (Playwright's text search skips <noscript>, whose content a browser without scripts shows)
			expect(await nojs.locator('noscript p').innerText()).toContain(locale === 'de' ? 'Zum Einschalten braucht diese Seite JavaScript.' : 'This page needs JavaScript to switch notifications on.');
			await expectNoAxeViolationsWithoutJavaScript(nojs, `/altengeseke/push (${locale}, without JavaScript)`);
			await screenshot(nojs, `push-nojs-${locale}-390`);

			// the install help leads here
			await page.goto('/altengeseke/install');
			await page.locator('main').getByRole('link', { name: enable }).click();
			await page.waitForURL('**/altengeseke/push');
		});
	}
});
