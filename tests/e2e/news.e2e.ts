// Dorf-News in the browser (issue 9): the admin of Körbecke writes an article and an important announcement
// with the keyboard alone (Tab, type, arrows, space, Enter; no clicks, no filling by selector), sees a form's
// errors named at their fields, and an anonymous visitor then finds the announcement as a banner on the
// village home, the article on its page and in the feeds. axe on every new page and state.
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { DEMO_PASSWORD, expectErrorSummaryLinksReachFields, expectNoAxeViolations, expectNoHorizontalScroll, logIn, openPage, screenshot, useServerAndBrowser } from './helpers.ts';

const TITLE = 'Wasserrohrbruch: Bitte Wasser abkochen';
const TEASER = 'Bis auf Weiteres das Leitungswasser vor dem Trinken abkochen.';

/** Presses Tab until the element with this id has the focus (fails after 80 presses). */
async function tabTo(page: Page, id: string): Promise<void> {
	for (let i = 0; i < 80; i++) {
		if ((await page.evaluate(() => document.activeElement?.id ?? '')) === id) return;
		await page.keyboard.press('Tab');
	}
	throw new Error(`Tab never reached #${id}`);
}

/** Presses Tab until a link with this text has the focus. */
async function tabToLink(page: Page, text: string): Promise<void> {
	for (let i = 0; i < 80; i++) {
		if ((await page.evaluate(() => (document.activeElement as HTMLElement | null)?.innerText?.trim() ?? '')) === text) return;
		await page.keyboard.press('Tab');
	}
	throw new Error(`Tab never reached the link "${text}"`);
}

/** The day in 14 days, in Berlin, as [dd, mm, yyyy] and as 2026-12-24. */
function inTwoWeeks(): { parts: [string, string, string]; iso: string } {
	const d = new Date(Date.now() + 14 * 86_400_000);
	const [y, m, day] = d.toLocaleDateString('sv-SE', { timeZone: 'Europe/Berlin' }).split('-') as [string, string, string];
	return { parts: [day, m, y], iso: `${y}-${m}-${day}` };
}

describe('Dorf-News', () => {
	const env = useServerAndBrowser();

	test('the Körbecke admin writes an important announcement by keyboard; anonymous visitors see the banner', async () => {
		const admin = await openPage(env.browser, env.server.url);
		const main = admin.locator('main');
		await logIn(admin, 'dorf2@example.org', DEMO_PASSWORD);

		// The news page with the demo's articles and, for the admin, the draft and "Neuer Artikel".
		await admin.goto('/koerbecke/news');
		expect(await main.getByRole('heading', { level: 1 }).innerText()).toBe('Dorf-News');
		await main.getByRole('heading', { name: 'Entwürfe und geplante Artikel' }).waitFor();
		await expectNoAxeViolations(admin, '/koerbecke/news as admin');
		await tabToLink(admin, 'Neuer Artikel');
		await admin.keyboard.press('Enter');
		await admin.waitForURL((url) => url.pathname === '/koerbecke/news/new');
		expect(await main.getByRole('heading', { level: 1 }).innerText()).toBe('Neuer Artikel');
		await expectNoAxeViolations(admin, '/koerbecke/news/new');

		// Saving the empty form names the missing title (and, when "important" is ticked, the missing end date).
		await tabTo(admin, 'f-important');
		await admin.keyboard.press('Space');
		await admin.keyboard.press('Tab');
		await tabToSave(admin);
		await admin.keyboard.press('Enter');
		const summary = main.getByRole('alert');
		await summary.waitFor();
		expect(await summary.innerText()).toContain('Titel: Bitte ausfüllen.');
		expect(await summary.innerText()).toContain('Wichtig bis einschließlich: Bitte angeben, bis wann die Mitteilung wichtig ist.');
		await expectNoAxeViolations(admin, '/koerbecke/news/new with errors');
		await expectErrorSummaryLinksReachFields(admin);

		// Now with the keyboard: title, teaser, body, publish now, important until a day in two weeks.
		await tabTo(admin, 'f-title');
		await admin.keyboard.type(TITLE);
		await admin.keyboard.press('Tab');
		expect(await admin.evaluate(() => document.activeElement?.id)).toBe('f-teaser');
		await admin.keyboard.type(TEASER);
		await admin.keyboard.press('Tab');
		await admin.keyboard.type('Die Gemeindewerke spülen die Leitung. **Abkochen**: einmal sprudelnd aufkochen.');
		await tabTo(admin, 'f-category');
		await admin.keyboard.press('End'); // the last category: "Gemeinde"
		await tabTo(admin, 'mode-draft');
		await admin.keyboard.press('ArrowDown'); // "Jetzt veröffentlichen"
		expect(await admin.evaluate(() => document.activeElement?.id)).toBe('mode-now');
		expect(await admin.isChecked('#f-important'), 'the ticked box is kept after the failed post').toBe(true);
		await tabTo(admin, 'f-importantUntil');
		const until = inTwoWeeks();
		await typeDate(admin, '#f-importantUntil', until.parts);
		expect(await admin.inputValue('#f-importantUntil')).toBe(until.iso);
		await tabToSave(admin);
		await admin.keyboard.press('Enter');

		// post/redirect/get: the article's page
		await admin.waitForURL((url) => url.pathname.startsWith('/koerbecke/news/article/'));
		const articleUrl = new URL(admin.url()).pathname;
		expect(await main.getByRole('heading', { level: 1 }).innerText()).toBe(TITLE);
		expect(await main.getByRole('status').innerText()).toBe('Veröffentlicht.');
		expect(await main.innerText()).toContain('Wichtige Mitteilung bis');
		expect(await main.innerText()).toContain('Gemeinde');
		await expectNoAxeViolations(admin, `${articleUrl} as admin`);
		await admin.goto(`/koerbecke/news/edit/${articleUrl.split('/').pop()}`);
		await expectNoAxeViolations(admin, '/koerbecke/news/edit/… (published, important)');
		await screenshot(admin, 'news-edit');

		// An anonymous visitor: the banner above the widgets on the village home, in light and dark.
		for (const colorScheme of ['light', 'dark'] as const) {
			const visitor = await openPage(env.browser, env.server.url, { colorScheme, width: 390 });
			await visitor.goto('/koerbecke/');
			const banner = visitor.getByRole('region', { name: 'Wichtige Mitteilung' });
			await banner.waitFor();
			expect(await banner.getByRole('link').first().innerText()).toBe(TITLE);
			expect(await banner.innerText()).toContain(TEASER);
			// above the widgets: the banner comes first in the reading order
			const order = await visitor.evaluate(() => {
				const b = document.querySelector('section.banners');
				const w = document.querySelector('.widgets');
				return !!b && !!w && !!(b.compareDocumentPosition(w) & Node.DOCUMENT_POSITION_FOLLOWING);
			});
			expect(order, 'banner before the widgets').toBe(true);
			await expectNoAxeViolations(visitor, `/koerbecke/ with a banner (${colorScheme})`);
			await expectNoHorizontalScroll(visitor, 390);
			await screenshot(visitor, `news-home-banner-${colorScheme}`);
			if (colorScheme === 'light') {
				await banner.getByRole('link', { name: TITLE }).click();
				await visitor.waitForURL((url) => url.pathname === articleUrl);
				await expectNoAxeViolations(visitor, `${articleUrl} as visitor`);
				await visitor.goto('/koerbecke/news');
				await main_(visitor).getByRole('link', { name: TITLE }).waitFor();
				await expectNoAxeViolations(visitor, '/koerbecke/news as visitor');
				await visitor.goto('/koerbecke/news?category=Vereine');
				await expectNoAxeViolations(visitor, '/koerbecke/news?category=Vereine');
			}
		}

		// The feeds have it with an absolute link.
		for (const feed of ['news.xml', 'news.atom']) {
			const res = await fetch(`${env.server.url}/koerbecke/${feed}`);
			expect(res.status, feed).toBe(200);
			const xml = await res.text();
			expect(xml, feed).toContain(TITLE);
			expect(xml, feed).toContain(`${env.server.url}${articleUrl}`);
		}

		// Taking it back removes the banner.
		await admin.goto(articleUrl);
		await tabToButton(admin, 'Zurückziehen (wieder Entwurf)');
		await admin.keyboard.press('Enter');
		await main.getByText('Entwurf', { exact: true }).waitFor();
		await expectNoAxeViolations(admin, `${articleUrl} as a draft`);
		const later = await openPage(env.browser, env.server.url);
		await later.goto('/koerbecke/');
		const banners = await later.getByRole('region', { name: 'Wichtige Mitteilung' }).allInnerTexts();
		expect(banners.join(' ')).not.toContain(TITLE);
	});
});

const main_ = (page: Page) => page.locator('main');

/**
 * Types a date into the focused date field as a person does, segment by segment. Chromium orders the segments
 * by its own UI language (not the page's), so a first try tells the order; Shift+Tab goes back to the first one.
 */
async function typeDate(page: Page, selector: string, [day, month, year]: [string, string, string]): Promise<void> {
	for (const part of ['01', '02', '2030']) await page.keyboard.type(part);
	const dayFirst = (await page.inputValue(selector)) === '2030-02-01';
	await page.keyboard.press('Shift+Tab');
	await page.keyboard.press('Shift+Tab');
	for (const part of dayFirst ? [day, month, year] : [month, day, year]) await page.keyboard.type(part);
}

/** Tab to the form's "Speichern" button. */
async function tabToSave(page: Page): Promise<void> {
	await tabToButton(page, 'Speichern');
}

/** Presses Tab until a button with this text has the focus. */
async function tabToButton(page: Page, text: string): Promise<void> {
	for (let i = 0; i < 80; i++) {
		const focused = await page.evaluate(() => {
			const el = document.activeElement as HTMLElement | null;
			return el?.tagName === 'BUTTON' ? el.innerText.trim() : '';
		});
		if (focused === text) return;
		await page.keyboard.press('Tab');
	}
	throw new Error(`Tab never reached the button "${text}"`);
}
