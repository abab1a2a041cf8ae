// The notification bell and list, and the county admin's job page: at phone and desktop widths, in German and
// English, in dark mode, by keyboard and without JavaScript; no axe violations, no horizontal scrolling.
// Notifications and failed jobs are written into the server's database (no module of the registry sends any).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadConfig } from '../../src/lib/server/config.ts';
import { openDb, type Db } from '../../src/lib/server/db/index.ts';
import { newId } from '../../src/lib/server/ids.ts';
import { notify } from '../../src/lib/server/notifications/notify.ts';
import { DEMO_PASSWORD, expectNoAxeViolations, expectNoAxeViolationsWithoutJavaScript, expectNoHorizontalScroll, logIn, openPage, screenshot, useServerAndBrowser } from './helpers.ts';

describe('notifications and background jobs in the browser', () => {
	const env = useServerAndBrowser();
	let db: Db;
	const ids = {} as Record<string, string>;

	beforeAll(async () => {
		db = openDb(loadConfig({ DATABASE_URL: env.server.databaseUrl }).database).db;
		for (const u of await db.selectFrom('users').select(['id', 'email']).execute()) ids[u.email] = u.id;
		for (const v of await db.selectFrom('tenants').select(['id', 'slug']).execute()) ids[v.slug] = v.id;
	});
	afterAll(async () => {
		await db?.destroy();
	});

	/** Three notifications for the citizen: one with a link, one with a long text, one read. */
	async function seedNotifications() {
		await db.deleteFrom('notifications').execute();
		const userIds = [ids['buerger@example.org']!];
		await notify(db, { userIds, tenantId: ids.altengeseke!, moduleId: 'links', kind: 'test', title: 'Bereits gelesen: Sitzung des Dorfvereins', body: 'Protokoll ist online.' });
		await db.updateTable('notifications').set({ readAt: Date.now() }).execute();
		await notify(db, { userIds, tenantId: ids.altengeseke!, moduleId: 'links', kind: 'test', title: 'Straßensperrung in der Hauptstraße', body: 'Wegen Kanalarbeiten ist die Hauptstraße zwischen Kirche und Feuerwehrhaus von Montag bis Freitag gesperrt. Die Umleitung ist ausgeschildert.' });
		await notify(db, { userIds, tenantId: ids.altengeseke!, moduleId: 'links', kind: 'test', title: 'Dorffest am Samstag', body: 'Ab 14 Uhr am Dorfplatz.', url: '/altengeseke/' });
	}

	async function seedFailedJobs() {
		const now = Date.now();
		const job = (kind: string, payload: unknown, lastError: string, tenantId: string | null, moduleId: string | null, failed: boolean) => {
			const id = newId();
			return { id, kind, payload: JSON.stringify(payload), idempotencyKey: id, runAt: failed ? now : now + 3_600_000, lockedUntil: null, doneAt: failed ? now : null, lastError, tenantId, moduleId, failedAt: failed ? now : null, createdAt: now };
		};
		await db
			.insertInto('jobs')
			.values([
				job('mail', { to: 'geheim@example.org' }, 'Error: 554 5.7.1 Relay access denied: the SMTP server refused the message for this recipient', null, null, true),
				job('module', { job: 'import-calendar', data: {} }, 'Error: fetch https://example.org/termine.ics failed: ECONNREFUSED', ids.koerbecke!, 'links', true),
				job('module', { schedule: 'reminders', slot: 1 }, 'Error: timeout', ids.koerbecke!, 'links', false)
			])
			.execute();
	}

	async function toEnglish(page: Page) {
		await page.locator('header').getByRole('button', { name: 'English' }).click();
		await page.waitForFunction(() => document.documentElement.lang === 'en');
	}

	// One sign-in for all widths (logins are limited to 5 a minute per account); it happens at 1280 px.
	test('the bell and the list at 320, 390 and 1280 px, in German and English, light and dark', async () => {
		await seedNotifications();
		const page = await openPage(env.browser, env.server.url);
		await logIn(page, 'buerger@example.org', DEMO_PASSWORD);
		const header = page.locator('header');
		for (const width of [320, 390, 1280]) {
			await page.setViewportSize({ width, height: 900 });
			await page.goto('/altengeseke/');
			await header.getByRole('link', { name: 'Benachrichtigungen, 2 ungelesen' }).waitFor();
			await expectNoHorizontalScroll(page, width);
			await expectNoAxeViolations(page, `/altengeseke/ with the bell at ${width} px`);
			await screenshot(page, `bell-village-${width}`);

			await header.getByRole('link', { name: 'Benachrichtigungen, 2 ungelesen' }).click();
			await page.getByRole('heading', { level: 1, name: 'Benachrichtigungen' }).waitFor();
			expect(await page.locator('main li').first().innerText()).toContain('Ungelesen');
			await expectNoHorizontalScroll(page, width);
			await expectNoAxeViolations(page, `/account/notifications at ${width} px`);
			await screenshot(page, `notifications-de-${width}`);
		}
		await toEnglish(page);
		for (const width of [320, 390, 1280]) {
			await page.setViewportSize({ width, height: 900 });
			await page.goto('/account/notifications');
			await page.getByRole('heading', { level: 1, name: 'Notifications' }).waitFor();
			await header.getByRole('link', { name: 'Notifications, 2 unread' }).waitFor();
			expect(await page.locator('main').innerText()).toContain('Unread');
			await expectNoHorizontalScroll(page, width);
			await expectNoAxeViolations(page, `/account/notifications in English at ${width} px`);
			await screenshot(page, `notifications-en-${width}`);
			await page.goto('/koerbecke/');
			await expectNoHorizontalScroll(page, width);
			await screenshot(page, `bell-village-en-${width}`);
		}
		await page.goto('/account/notifications');
		await page.locator('header').getByRole('button', { name: 'Deutsch' }).click();
		await page.waitForFunction(() => document.documentElement.lang === 'de');
		await page.emulateMedia({ colorScheme: 'dark' });
		for (const path of ['/account/notifications', '/koerbecke/', '/']) {
			await page.goto(path);
			await expectNoAxeViolations(page, `${path} with the bell, dark`);
		}
		await screenshot(page, 'bell-platform-dark');
		await page.emulateMedia({ colorScheme: 'light' });

		// by keyboard: open the notification with a link, land on its page, the count goes down
		await page.setViewportSize({ width: 1280, height: 900 });
		await page.goto('/account/notifications');
		await page.locator('main').getByRole('button', { name: 'Öffnen' }).focus();
		await page.keyboard.press('Enter');
		await page.waitForURL('**/altengeseke/');
		await header.getByRole('link', { name: 'Benachrichtigungen, 1 ungelesen' }).waitFor();
	});

	test('without JavaScript: mark all as read', async () => {
		await seedNotifications();
		const page = await openPage(env.browser, env.server.url, { javaScript: false, width: 390 });
		await page.goto('/login');
		await page.locator('main').getByRole('textbox', { name: 'E-Mail-Adresse', exact: true }).fill('buerger@example.org');
		await page.locator('main').getByRole('textbox', { name: 'Passwort', exact: true }).fill(DEMO_PASSWORD);
		await page.locator('main').getByRole('button', { name: 'Anmelden' }).click();
		await page.waitForURL('**/account', { timeout: 30_000 });
		await page.goto('/account/notifications');
		await expectNoAxeViolationsWithoutJavaScript(page);
		await page.locator('main').getByRole('button', { name: 'Alle als gelesen markieren' }).click();
		await page.getByRole('status').filter({ hasText: 'Alle Benachrichtigungen sind als gelesen markiert.' }).waitFor();
		await page.locator('header').getByRole('link', { name: 'Benachrichtigungen', exact: true }).waitFor();
		await expectNoAxeViolationsWithoutJavaScript(page, '/account/notifications after marking all read');
	});

	test("the county admin's job page at 390 and 1280 px, German and English", async () => {
		await db.deleteFrom('jobs').where('lastError', 'is not', null).execute();
		await seedFailedJobs();
		const page = await openPage(env.browser, env.server.url);
		await logIn(page, 'kreis@example.org', DEMO_PASSWORD);
		await page.goto('/admin');
		await page.locator('main').getByRole('link', { name: 'Aufträge im Hintergrund' }).click();
		await page.getByRole('heading', { level: 1, name: 'Aufträge im Hintergrund' }).waitFor();
		const text = await page.locator('main').innerText();
		expect(text).toContain('Baustein-Auftrag „import-calendar“');
		expect(text).not.toContain('geheim@example.org');
		for (const width of [390, 1280]) {
			await page.setViewportSize({ width, height: 900 });
			await page.goto('/admin/jobs');
			await expectNoHorizontalScroll(page, width);
			await expectNoAxeViolations(page, `/admin/jobs at ${width} px`);
			// the discard question, opened
			await page.locator('main summary').first().click();
			await expectNoAxeViolations(page, `/admin/jobs with the discard question open at ${width} px`);
			await screenshot(page, `admin-jobs-${width}`);
		}
		await toEnglish(page);
		for (const width of [390, 1280]) {
			await page.setViewportSize({ width, height: 900 });
			await page.goto('/admin/jobs');
			await page.getByRole('heading', { level: 1, name: 'Background jobs' }).waitFor();
			await expectNoHorizontalScroll(page, width);
			await expectNoAxeViolations(page, `/admin/jobs in English at ${width} px`);
			await screenshot(page, `admin-jobs-en-${width}`);
		}
		await page.locator('header').getByRole('button', { name: 'Deutsch' }).click();
		await page.waitForFunction(() => document.documentElement.lang === 'de');
	});

	test('without JavaScript the county admin retries a failed job', async () => {
		await db.deleteFrom('jobs').where('lastError', 'is not', null).execute();
		await seedFailedJobs();
		const page = await openPage(env.browser, env.server.url, { javaScript: false, width: 390 });
		await page.goto('/login');
		await page.locator('main').getByRole('textbox', { name: 'E-Mail-Adresse', exact: true }).fill('kreis@example.org');
		await page.locator('main').getByRole('textbox', { name: 'Passwort', exact: true }).fill(DEMO_PASSWORD);
		await page.locator('main').getByRole('button', { name: 'Anmelden' }).click();
		await page.waitForURL('**/account', { timeout: 30_000 });
		await page.goto('/admin/jobs');
		await expectNoAxeViolationsWithoutJavaScript(page);
		await page.locator('main').getByRole('button', { name: 'Erneut versuchen' }).first().click();
		await page.getByRole('status').filter({ hasText: 'Der Auftrag wird jetzt erneut versucht.' }).waitFor();
		await expectNoAxeViolationsWithoutJavaScript(page, '/admin/jobs after a retry');
	});
});
