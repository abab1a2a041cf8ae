// "Eilmeldung senden" in a browser: an editor of Altengeseke, on a phone, finds Push-Nachrichten in the village
// administration (and only the sections an editor may use), is told what is missing, is asked once how many
// devices will get the message, and watches it go out until done — with figures from real deliveries: the
// server sends to a local mock push service (tests/helpers/mockPushService.ts, allowed by PUSH_ENDPOINT_ALLOW),
// where three devices take it, one has unsubscribed (410) and one is refused (400). Then the same pages in English at 1280 px, the form without JavaScript, and a person's devices
// on /account. Every page passes axe and does not scroll sideways.
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { startMockPushService, type MockPushService } from '../helpers/mockPushService.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { closeContexts, DEMO_PASSWORD, expectErrorSummaryLinksReachFields, expectNoAxeViolations, expectNoAxeViolationsWithoutJavaScript, expectNoHorizontalScroll, launchBrowser, logIn, openPage, screenshot } from './helpers.ts';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };
const SUBSCRIPTIONS = '/api/v1/villages/altengeseke/push/subscriptions';

let server: TestServer;
let browser: Browser;
let mock: MockPushService;

beforeAll(async () => {
	mock = await startMockPushService({ https: false, respond: (req) => (req.id.startsWith('kaputt') ? { status: 400, body: 'bad request' } : undefined) });
	server = await startServer({ PUSH_ENDPOINT_ALLOW: mock.origin });
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
	await server?.stop();
	await mock?.close();
});
afterEach(async () => {
	await closeContexts(browser);
});

/** Subscribes mock devices to Altengeseke's urgent messages, as the village app does (anyone, no account). */
async function subscribeDevices(ids: string[]): Promise<void> {
	for (const id of ids) {
		const { endpoint, keys } = mock.newSubscription(id);
		const res = await fetch(server.url + SUBSCRIPTIONS, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ endpoint, keys, topics: ['alerts'] }) });
		expect(res.status).toBe(201);
	}
}

const sectionNav = (page: Page) => page.getByRole('navigation', { name: /^(Bereiche der Dorfverwaltung|Sections of the village administration)$/ });

async function checkPage(page: Page, width: number, label: string): Promise<void> {
	await expectNoHorizontalScroll(page, width);
	await expectNoAxeViolations(page, label);
	await screenshot(page, `push-admin-${label.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`);
}

describe('Push-Nachrichten for a village’s editors', () => {
	test('an editor sends an urgent message from her phone and watches it go out until done', async () => {
		const tag = 'handy';
		await subscribeDevices([`${tag}-1`, `${tag}-2`, `${tag}-3`, `kaputt-${tag}`, `weg-${tag}`]);
		mock.forget(`weg-${tag}`);
		const page = await openPage(browser, server.url, PHONE);
		const main = page.locator('main');
		await logIn(page, 'redaktion@example.org', DEMO_PASSWORD);

		// the administration shows an editor only her sections; the overview leads to the push page
		await page.goto('/altengeseke/admin');
		expect(await sectionNav(page).getByRole('link').allInnerTexts()).toEqual(['Überblick', 'Push-Nachrichten']);
		expect(await main.getByText('Geräte mit Benachrichtigungen: 5').count()).toBe(1);
		await checkPage(page, 390, 'overview as editor 390');
		await main.getByRole('link', { name: 'Eilmeldung senden' }).click();
		await page.waitForURL((url) => url.pathname === '/altengeseke/admin/push');
		expect(await sectionNav(page).getByRole('link', { name: 'Push-Nachrichten' }).getAttribute('aria-current')).toBe('page');
		const topic = main.getByRole('combobox', { name: 'Thema' });
		expect(await topic.locator('option:checked').innerText()).toBe('Eilmeldungen aus dem Dorf (5 Geräte)');
		await checkPage(page, 390, 'push page 390');

		// nothing typed: no question, the server names the field, the summary takes the focus
		const open = main.getByRole('button', { name: 'Eilmeldung senden' });
		await open.click();
		const summary = main.getByRole('alert');
		await summary.waitFor();
		expect(await summary.innerText()).toContain('Titel: ');
		expect(await summary.evaluate((el) => el === document.activeElement)).toBe(true);
		await expectErrorSummaryLinksReachFields(page);
		await expectNoAxeViolations(page, 'push page with errors');

		await main.getByRole('textbox', { name: 'Titel', exact: true }).fill('Wasserrohrbruch in der Kirchstraße');
		await main.getByRole('textbox', { name: 'Text', exact: true }).fill('Bitte das Wasser bis morgen abkochen.');
		await main.getByRole('textbox', { name: 'Link (wird beim Antippen geöffnet)' }).fill('/altengeseke/');
		await main.getByRole('radio', { name: 'Hoch – weckt das Gerät (nur für wirklich Dringendes)' }).check();

		// asked once, in words, with how many devices; Escape (and "Abbrechen") sends nothing, the focus comes back
		await open.click();
		const dialog = page.getByRole('dialog');
		await dialog.waitFor();
		expect(await dialog.innerText()).toContain('„Wasserrohrbruch in der Kirchstraße“ jetzt an 5 Geräte senden?');
		expect(await dialog.getByRole('button', { name: 'Abbrechen' }).evaluate((el) => el === document.activeElement)).toBe(true);
		await expectNoAxeViolations(page, 'push page asking');
		await screenshot(page, 'push-admin-asking-390');
		await page.keyboard.press('Escape');
		await dialog.waitFor({ state: 'hidden' });
		expect(await open.evaluate((el) => el === document.activeElement)).toBe(true);
		expect(new URL(page.url()).search).toBe('');
		// Enter in a field asks as well, instead of sending
		await main.getByRole('textbox', { name: 'Titel', exact: true }).press('Enter');
		await dialog.waitFor();

		// the page follows the message through the API, signed in by the session cookie
		const polled: number[] = [];
		page.on('response', (r) => {
			if (/\/api\/v1\/villages\/altengeseke\/push\/messages\/[0-9a-f-]+$/.test(new URL(r.url()).pathname)) polled.push(r.status());
		});
		await dialog.getByRole('button', { name: 'Jetzt senden' }).click();
		await page.waitForURL((url) => url.searchParams.has('message'));
		const progress = main.locator('section', { has: page.getByRole('heading', { level: 2, name: 'Stand: „Wasserrohrbruch in der Kirchstraße“' }) });
		await progress.getByText('Fertig.', { exact: true }).waitFor({ timeout: 20_000 });
		expect(await progress.innerText()).toContain('Gesendet 3 · Fehlgeschlagen 1 · Abgemeldet 1 · Ausstehend 0 von 5');
		expect(await progress.locator('progress').evaluate((el: HTMLProgressElement) => [el.value, el.max])).toEqual([5, 5]);
		// told once it is done, politely
		const status = progress.getByRole('status');
		await expect.poll(() => status.innerText()).toBe('Fertig. Gesendet 3 · Fehlgeschlagen 1 · Abgemeldet 1 · Ausstehend 0 von 5');
		expect(polled.length).toBeGreaterThan(0);
		expect(polled.every((s) => s === 200)).toBe(true);
		// no "Aktualisieren" while the page follows it itself
		expect(await progress.getByRole('link', { name: 'Aktualisieren' }).count()).toBe(0);
		// the fields are empty for the next message
		expect(await main.getByRole('textbox', { name: 'Titel', exact: true }).inputValue()).toBe('');

		// the history: the message with its topic, its sender and its final figures; the device that was gone no longer counts
		const history = main.locator('section', { has: page.getByRole('heading', { level: 2, name: 'Gesendete Nachrichten' }) });
		const card = history.getByRole('listitem').filter({ hasText: 'Wasserrohrbruch in der Kirchstraße' });
		await expect.poll(() => card.innerText()).toContain('Gesendet 3 · Fehlgeschlagen 1 · Abgemeldet 1 · Ausstehend 0 von 5');
		expect(await card.innerText()).toContain('an „Eilmeldungen aus dem Dorf“ · von Clara Redaktion');
		expect(await card.innerText()).toContain('Dringlichkeit hoch');
		expect(await topic.locator('option:checked').innerText()).toBe('Eilmeldungen aus dem Dorf (4 Geräte)');
		await checkPage(page, 390, 'push page done 390');

		// what the devices got: the message, decrypted by the mock as a browser would
		const delivered = mock.stats().delivered;
		for (const id of [`${tag}-1`, `${tag}-2`, `${tag}-3`]) expect(delivered[id]?.[0]?.json).toMatchObject({ title: 'Wasserrohrbruch in der Kirchstraße', body: 'Bitte das Wasser bis morgen abkochen.', url: '/altengeseke/', village: { slug: 'altengeseke', name: 'Altengeseke' } });
		expect(delivered[`weg-${tag}`]).toBeUndefined();
	});

	test('the same pages in English at 1280 px', async () => {
		const page = await openPage(browser, server.url, DESKTOP);
		const main = page.locator('main');
		await logIn(page, 'redaktion@example.org', DEMO_PASSWORD);
		await page.context().addCookies([{ name: 'PARAGLIDE_LOCALE', value: 'en', url: server.url }]);
		await page.goto('/altengeseke/admin');
		expect(await page.locator('html').getAttribute('lang')).toBe('en');
		await checkPage(page, 1280, 'overview as editor 1280 en');
		await page.goto('/altengeseke/admin/push');
		expect(await main.getByRole('heading', { level: 1 }).innerText()).toBe('Push messages');
		expect(await main.getByRole('radio', { name: 'High – wakes the device (only for what is really urgent)' }).count()).toBe(1);
		expect(await main.getByRole('heading', { level: 2, name: 'Sent messages' }).count()).toBe(1);
		await checkPage(page, 1280, 'push page 1280 en');
		await main.getByRole('textbox', { name: 'Title', exact: true }).fill('Road closed');
		await main.getByRole('button', { name: 'Send an urgent message' }).click();
		expect(await page.getByRole('dialog').innerText()).toContain('Send “Road closed” to 4 devices now?');
		await expectNoAxeViolations(page, 'push page asking in English');
		await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
		// German at 1280 too
		await page.context().addCookies([{ name: 'PARAGLIDE_LOCALE', value: 'de', url: server.url }]);
		await page.goto('/altengeseke/admin/push');
		await checkPage(page, 1280, 'push page 1280 de');
	});

	test('without JavaScript: the form sends after the warning, the figures come with "Aktualisieren"', async () => {
		await subscribeDevices(['ohne-skript']);
		const page = await openPage(browser, server.url, { ...PHONE, javaScript: false });
		const main = page.locator('main');
		await page.goto('/login');
		await main.getByRole('textbox', { name: 'E-Mail-Adresse', exact: true }).fill('dorf1@example.org');
		await main.getByRole('textbox', { name: 'Passwort', exact: true }).fill(DEMO_PASSWORD);
		await main.getByRole('button', { name: 'Anmelden' }).click();
		await page.waitForURL('**/account', { timeout: 30_000 });
		await page.goto('/altengeseke/admin/push');
		// an admin sees every section
		expect(await sectionNav(page).getByRole('link').allInnerTexts()).toEqual(['Überblick', 'App', 'Push-Nachrichten', 'Mitglieder', 'Vereine', 'Verlauf', 'Einstellungen']);
		await main.getByRole('textbox', { name: 'Titel', exact: true }).fill('Glasfaser: Info-Abend verschoben');
		await main.getByText('Senden …').click();
		expect(await main.getByText('Die Nachricht geht sofort an alle Geräte').count()).toBe(1);
		await expectNoAxeViolationsWithoutJavaScript(page, 'push page without JavaScript');
		await main.getByRole('button', { name: 'Jetzt senden' }).click();
		await page.waitForURL((url) => url.searchParams.has('message'));
		const progress = main.locator('section', { has: page.getByRole('heading', { level: 2, name: 'Stand: „Glasfaser: Info-Abend verschoben“' }) });
		for (let i = 0; i < 50 && (await progress.getByText('Fertig.', { exact: true }).count()) === 0; i++) {
			await page.waitForTimeout(200);
			await progress.getByRole('link', { name: 'Aktualisieren' }).click();
			await page.waitForLoadState();
		}
		// the devices of the first test that are left (one refuses: failed) and the new one
		expect(await progress.innerText()).toContain('Gesendet 4 · Fehlgeschlagen 1 · Abgemeldet 0 · Ausstehend 0 von 5');
		expect(await progress.getByRole('link', { name: 'Aktualisieren' }).count()).toBe(0);
		await expectNoHorizontalScroll(page, 390);
		await expectNoAxeViolationsWithoutJavaScript(page, 'push progress without JavaScript');
		await screenshot(page, 'push-admin-done-nojs-390');
	});
});

describe('devices on /account', () => {
	test('a person sees the devices she subscribed while signed in and removes one', async () => {
		for (const [width, locale] of [[390, 'de'], [1280, 'en']] as const) {
			const page = await openPage(browser, server.url, { width, height: 844 });
			const main = page.locator('main');
			await logIn(page, 'buerger@example.org', DEMO_PASSWORD);
			// the village app subscribes with the person's session: the device is theirs
			const { endpoint, keys } = mock.newSubscription(`dieter-${width}`);
			expect((await page.request.post(SUBSCRIPTIONS, { data: { endpoint, keys, topics: ['alerts', 'news.important'] } })).status()).toBe(201);
			if (locale === 'en') await page.context().addCookies([{ name: 'PARAGLIDE_LOCALE', value: 'en', url: server.url }]);
			await page.goto('/account');
			const title = locale === 'de' ? 'Benachrichtigungen auf Ihren Geräten' : 'Notifications on your devices';
			const devices = main.locator('section', { has: page.getByRole('heading', { level: 2, name: title }) });
			const device = devices.getByRole('listitem');
			expect(await device.count()).toBe(1);
			expect(await device.innerText()).toContain(locale === 'de' ? 'Altengeseke · Browser auf Linux' : 'Altengeseke · Browser on Linux');
			expect(await device.innerText()).toContain(locale === 'de' ? 'Themen: Eilmeldungen aus dem Dorf, Wichtige Mitteilungen' : 'Topics: Urgent messages from the village, Important announcements');
			await checkPage(page, width, `account devices ${width} ${locale}`);
			await device.getByRole('button', { name: locale === 'de' ? 'Entfernen' : 'Remove' }).click();
			const dialog = page.getByRole('dialog');
			expect(await dialog.innerText()).toContain(locale === 'de' ? 'Benachrichtigungen aus Altengeseke auf „Browser auf Linux“ beenden?' : 'End the notifications from Altengeseke on “Browser on Linux”?');
			await dialog.getByRole('button', { name: locale === 'de' ? 'Ja, entfernen' : 'Yes, remove' }).click();
			await main.getByRole('status').filter({ hasText: locale === 'de' ? 'Gerät entfernt.' : 'Device removed.' }).waitFor();
			expect(await main.getByRole('heading', { level: 2, name: title }).count()).toBe(0);
			await checkPage(page, width, `account device removed ${width} ${locale}`);
			await page.context().close();
		}
	});
});
