// Install help, the QR poster and the village's look on its error and login pages, in Chromium: both pages at
// phone and desktop width in German and English without axe violations or sideways scrolling, the browser's
// own install offer as a button, the poster printed on exactly one A4 page (also for a long village name), a
// 404 inside the app that keeps the village's header and leads home to it, and a login that wears its colours.
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { openServerDb } from '../helpers/server.ts';
import { DEMO_PASSWORD, expectNoAxeViolations, expectNoAxeViolationsWithoutJavaScript, expectNoHorizontalScroll, openPage, screenshot, useServerAndBrowser } from './helpers.ts';

const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const LOCALES = [
	{ locale: 'de', install: 'App installieren', print: 'Drucken', notFound: 'Seite nicht gefunden', home: 'Zur Startseite' },
	{ locale: 'en', install: 'Install the app', print: 'Print', notFound: 'Page not found', home: 'Back to the home page' }
] as const;

async function inLocale(page: Page, url: string, locale: 'de' | 'en') {
	if (locale === 'en') await page.context().addCookies([{ name: 'PARAGLIDE_LOCALE', value: 'en', url }]);
}

/** How many pages a PDF has (each page object is "/Type /Page"; the tree's root is "/Type /Pages"). */
const pdfPages = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type\s*\/Page\b/g) ?? []).length;

describe('install help and poster', () => {
	const env = useServerAndBrowser();

	for (const { locale, install, print } of LOCALES) {
		for (const width of [390, 1280]) {
			test(`the install page and the poster at ${width}px in ${locale}`, async () => {
				const page = await openPage(env.browser, env.server.url, { width });
				await inLocale(page, env.server.url, locale);
				expect((await page.goto('/altengeseke/'))?.status()).toBe(200);
				await page.locator('footer').getByRole('link', { name: install }).click();
				await page.waitForURL('**/altengeseke/install');
				const main = page.locator('main');
				await main.getByRole('heading', { level: 1, name: install }).waitFor();
				expect(await main.getByRole('heading', { level: 2 }).allInnerTexts()).toHaveLength(4);
				expect(await main.locator('img[src^="/altengeseke/icons/icon-192.png"]').count()).toBe(1);
				await expectNoAxeViolations(page, `/altengeseke/install (${locale}, ${width}px)`);
				await expectNoHorizontalScroll(page, width);
				await screenshot(page, `install-${locale}-${width}`);

				await main.getByRole('link', { name: locale === 'de' ? 'Aushang mit QR-Code zum Ausdrucken' : 'Poster with a QR code to print' }).click();
				await page.waitForURL('**/altengeseke/poster');
				await page.getByRole('button', { name: print }).waitFor();
				expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Altengeseke');
				expect(await page.getByRole('img', { name: /altengeseke$/ }).count()).toBe(1);
				await expectNoAxeViolations(page, `/altengeseke/poster (${locale}, ${width}px)`);
				await expectNoHorizontalScroll(page, width);
				await screenshot(page, `poster-${locale}-${width}`);
			});
		}
	}

	test('the phone’s own steps come first, and the browser’s install offer becomes a button', async () => {
		const context = await env.browser.newContext({ baseURL: env.server.url, locale: 'de-DE', userAgent: IPHONE, viewport: { width: 390, height: 844 } });
		const page = await context.newPage();
		await page.goto('/altengeseke/install');
		const headings = page.locator('main section h2');
		expect(await headings.first().innerText()).toBe('iPhone oder iPad (Safari)');
		expect(await headings.allInnerTexts()).toEqual(['iPhone oder iPad (Safari)', 'Android-Handy oder -Tablet (Chrome)', 'Computer (Chrome oder Edge)', 'Die App weitergeben']);
		expect(await page.getByRole('button', { name: 'Jetzt installieren' }).count()).toBe(0);

		// what Chromium does when it could install the app: our button asks, and the answer is shown
		await page.evaluate(() => {
			const offer = Object.assign(new Event('beforeinstallprompt', { cancelable: true }), {
				prompt: async () => void ((window as unknown as { prompted: boolean }).prompted = true),
				userChoice: Promise.resolve({ outcome: 'accepted' })
			});
			window.dispatchEvent(offer);
		});
		await page.getByRole('button', { name: 'Jetzt installieren' }).click();
		await page.getByRole('status').filter({ hasText: 'Die App ist auf diesem Gerät installiert.' }).waitFor();
		expect(await page.evaluate(() => (window as unknown as { prompted?: boolean }).prompted)).toBe(true);
		expect(await page.getByRole('button', { name: 'Jetzt installieren' }).count()).toBe(0);
		await expectNoAxeViolations(page, '/altengeseke/install after installing');
		await context.close();
	});

	test('without JavaScript: the steps and the poster, no buttons that cannot work', async () => {
		const page = await openPage(env.browser, env.server.url, { width: 390, javaScript: false });
		await page.goto('/altengeseke/install');
		expect(await page.locator('main ol li').count()).toBe(11);
		expect(await page.getByRole('button').count()).toBe(0);
		await expectNoAxeViolationsWithoutJavaScript(page);
		await page.goto('/altengeseke/poster');
		expect(await page.getByRole('img', { name: /altengeseke$/ }).count()).toBe(1);
		expect(await page.getByRole('button').count()).toBe(0);
		expect(await page.getByText('Strg+P').count()).toBe(1);
		await expectNoAxeViolationsWithoutJavaScript(page);
	});

	test('the poster prints on one A4 page, without the buttons, also for a long name', async () => {
		const { db } = openServerDb(env.server.databaseUrl);
		await db.updateTable('tenants').set({ name: 'Bad Westernkotten-Ostönnen an der Lippe' }).where('slug', '=', 'bad-westernkotten').execute();
		await db.destroy();
		for (const slug of ['altengeseke', 'bad-westernkotten']) {
			const page = await openPage(env.browser, env.server.url);
			await page.goto(`/${slug}/poster`);
			const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
			expect(pdfPages(pdf), `${slug}: pages of the printed poster`).toBe(1);
			expect(pdf.toString('latin1')).toMatch(/\/MediaBox\s*\[\s*0 0 59[45](\.\d+)? 841(\.\d+)?\s*\]/);

			// the same in print media at the width of A4 less its margins (186 mm = 703 CSS px): only the sheet, all of it inside
			await page.setViewportSize({ width: 703, height: 1031 });
			await page.emulateMedia({ media: 'print' });
			const sheet = await page.evaluate(() => {
				const el = document.querySelector<HTMLElement>('.sheet')!;
				return { scroll: el.scrollHeight, client: el.clientHeight, toolbar: getComputedStyle(document.querySelector('.toolbar')!).display };
			});
			expect(sheet.toolbar).toBe('none');
			expect(sheet.scroll, `${slug}: the sheet's content fits its page`).toBeLessThanOrEqual(sheet.client + 1);
			expect(sheet.client).toBeLessThanOrEqual(1031);
			await screenshot(page, `poster-print-${slug}`);
		}
	});

	test('village admins find the poster on their admin page', async () => {
		const page = await openPage(env.browser, env.server.url);
		await page.goto('/login?next=%2Faltengeseke%2Fadmin');
		const main = page.locator('main');
		await main.getByRole('textbox', { name: 'E-Mail-Adresse', exact: true }).fill('dorf1@example.org');
		await main.getByRole('textbox', { name: 'Passwort', exact: true }).fill(DEMO_PASSWORD);
		await main.getByRole('button', { name: 'Anmelden' }).click();
		await page.waitForURL('**/altengeseke/admin');
		await main.getByRole('link', { name: 'Aushang mit QR-Code' }).click();
		await page.waitForURL('**/altengeseke/poster');
		await page.getByRole('button', { name: 'Drucken' }).waitFor();
	});
});

describe('the village’s look on its error and login pages', () => {
	const env = useServerAndBrowser();

	for (const { locale, notFound, home } of LOCALES) {
		test(`a 404 inside the app keeps the village’s header and leads home to it (${locale})`, async () => {
			for (const width of [390, 1280]) {
				const page = await openPage(env.browser, env.server.url, { width });
				await inLocale(page, env.server.url, locale);
				for (const path of ['/altengeseke/does-not-exist', '/altengeseke/calendar/event-that-does-not-exist']) {
					expect((await page.goto(path))?.status()).toBe(404);
					const main = page.locator('main');
					await main.getByRole('heading', { level: 1, name: notFound }).waitFor();
					expect(await page.locator('header').getByRole('link', { name: 'Altengeseke' }).count()).toBe(1);
					expect(await page.locator('header nav').count()).toBeGreaterThan(0);
					expect(await page.title()).toBe('404 – Altengeseke');
					await expectNoAxeViolations(page, `${path} (${locale}, ${width}px)`);
					await expectNoHorizontalScroll(page, width);
				}
				await screenshot(page, `village-404-${locale}-${width}`);
				await page.locator('main').getByRole('link', { name: home }).click();
				await page.waitForURL((url) => url.pathname === '/altengeseke/');
			}
		});
	}

	test('an unknown village stays the platform’s 404', async () => {
		const page = await openPage(env.browser, env.server.url);
		expect((await page.goto('/no-such-village/page'))?.status()).toBe(404);
		expect(await page.title()).toBe('404 – Allmende');
		expect(await page.locator('main').getByRole('link', { name: 'Zur Startseite' }).getAttribute('href')).toBe('/');
		await expectNoAxeViolations(page);
	});

	test('signing in from the village app wears its colours and returns to the page', async () => {
		for (const colorScheme of ['light', 'dark'] as const) {
			const page = await openPage(env.browser, env.server.url, { width: 390, colorScheme });
			await page.goto('/altengeseke/calendar');
			await page.locator('header').getByRole('link', { name: 'Anmelden' }).click();
			await page.waitForURL('**/login?next=%2Faltengeseke%2Fcalendar');
			const main = page.locator('main');
			expect(await main.getByText('Altengeseke', { exact: true }).count()).toBe(1);
			expect(await main.getByRole('link', { name: 'Zurück zur App von Altengeseke' }).getAttribute('href')).toBe('/altengeseke/');
			await expectNoAxeViolations(page, `/login from Altengeseke (${colorScheme})`);
			await expectNoHorizontalScroll(page, 390);
			await screenshot(page, `login-altengeseke-${colorScheme}`);
			await main.getByRole('textbox', { name: 'E-Mail-Adresse', exact: true }).fill('buerger@example.org');
			await main.getByRole('textbox', { name: 'Passwort', exact: true }).fill(DEMO_PASSWORD);
			await main.getByRole('button', { name: 'Anmelden' }).click();
			await page.waitForURL((url) => url.pathname === '/altengeseke/calendar');
		}
	});
});
