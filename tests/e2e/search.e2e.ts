// Searching the Projektpool in a browser, keyboard only: typing "mitfahr" on /projects shows the Mitfahrbank
// projects of several villages with the match marked, as you type (the address follows, the focus stays, no new
// history entry); a category and a sort narrow and order them. Without JavaScript the same GET form works.
// axe on the results, on /ideas?q=, /funding?q= and on a project page with "Ähnliche Projekte".
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { expectNoAxeViolations, expectNoAxeViolationsWithoutJavaScript, expectNoHorizontalScroll, openPage, screenshot, useServerAndBrowser } from './helpers.ts';

const activeId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');
const cardTitles = (page: Page) => page.locator('main .cards h3').allInnerTexts();

/** Tab from the top of the page until the control with this id has the focus. */
async function tabTo(page: Page, id: string): Promise<void> {
	for (let i = 0; i < 60 && (await activeId(page)) !== id; i++) await page.keyboard.press('Tab');
	expect(await activeId(page), `Tab reaches #${id}`).toBe(id);
}

describe('search', () => {
	const env = useServerAndBrowser();

	test('as you type, keyboard only: "mitfahr" finds the Mitfahrbank projects of several villages, marked; filter and sort', async () => {
		const page = await openPage(env.browser, env.server.url, { width: 1280 });
		await page.goto('/projects', { waitUntil: 'networkidle' });
		const entries = await page.evaluate(() => window.history.length);
		await tabTo(page, 'f-q');
		await page.keyboard.type('mitfahr', { delay: 60 });
		await expect.poll(() => new URL(page.url()).search).toBe('?q=mitfahr');
		await page.locator('main h2', { hasText: '3 Projekte zu „mitfahr“' }).waitFor();
		expect(await activeId(page), 'the search field keeps the focus').toBe('f-q');
		expect(await page.inputValue('#f-q')).toBe('mitfahr');
		expect(await page.evaluate(() => history.length), 'replaceState, not a new entry per letter').toBe(entries);
		const titles = await cardTitles(page);
		expect(titles).toHaveLength(3);
		expect(titles.every((t) => /Mitfahrb/.test(t))).toBe(true);
		const places = await page.locator('main .cards .meta span:first-child').allInnerTexts();
		expect(new Set(places.map((p) => p.split(' ')[0])).size, places.join(', ')).toBe(3);
		expect(await page.locator('main .cards h3 mark').first().innerText()).toMatch(/^Mitfahrb/);
		expect(await page.locator('main .cards p mark').count()).toBeGreaterThan(0);
		// the count is in a polite live region, so screen readers hear the new number
		expect(await page.locator('[aria-live="polite"]', { hasText: '3 Projekte zu „mitfahr“' }).count()).toBe(1);
		await expectNoAxeViolations(page, '/projects?q=mitfahr');

		// the next control is the category: typing picks an option, the list follows
		await page.keyboard.press('Tab');
		expect(await activeId(page)).toBe('f-category');
		await page.keyboard.type('Kultur');
		await expect.poll(() => new URL(page.url()).searchParams.get('category')).toBe('kultur');
		await page.locator('main h2', { hasText: '0 Projekte zu „mitfahr“' }).waitFor();
		// a select's type-ahead forgets the letters typed after a second's pause
		await page.waitForTimeout(1100);
		await page.keyboard.type('Mobil');
		await expect.poll(() => new URL(page.url()).searchParams.get('category')).toBe('mobilitaet');
		await page.locator('main h2', { hasText: '3 Projekte zu „mitfahr“' }).waitFor();
		expect(await activeId(page)).toBe('f-category');

		// sort by most adopted: the one never adopted comes last
		await tabTo(page, 'f-sort');
		await page.keyboard.type('A');
		await expect.poll(() => new URL(page.url()).searchParams.get('sort')).toBe('adopted');
		await expect.poll(async () => (await cardTitles(page)).at(-1)).toMatch(/Delecke/);
		expect(await page.evaluate(() => history.length)).toBe(entries);
		await screenshot(page, 'search-mitfahr-1280');
	});

	test('without JavaScript the GET form searches and filters', async () => {
		const page = await openPage(env.browser, env.server.url, { width: 390, javaScript: false });
		await page.goto('/projects');
		await page.locator('#f-q').fill('Mitfahrbänke');
		await page.locator('#f-q').press('Enter');
		await page.waitForURL(/\/projects\?q=Mitfahrb%C3%A4nke/);
		expect(await cardTitles(page)).toHaveLength(3);
		expect(await page.locator('main .cards mark').count()).toBeGreaterThan(0);
		await page.goto('/projects?q=mitfahr&adopted=1&sort=adopted');
		// a set "more filters" value keeps its fold open
		expect(await page.locator('details.more').getAttribute('open')).not.toBeNull();
		expect(await page.locator('#f-adopted').isChecked()).toBe(true);
		expect(await cardTitles(page)).toHaveLength(2);
		await expectNoHorizontalScroll(page, 390);
		await expectNoAxeViolationsWithoutJavaScript(page, '/projects?q=mitfahr&adopted=1 without JavaScript');
		await page.goto('/projects?costMin=abc');
		expect(await page.locator('main').innerText()).toContain('costMin');
	});

	test('axe: /ideas?q=, /funding?q= and "Ähnliche Projekte" on a project page', async () => {
		const page = await openPage(env.browser, env.server.url, { width: 390 });
		await page.goto('/ideas?q=dorf');
		expect(await page.getByRole('searchbox', { name: 'Ideen durchsuchen' }).inputValue()).toBe('dorf');
		await expectNoAxeViolations(page, '/ideas?q=dorf');
		await page.goto('/funding?q=dorf');
		expect(await page.getByRole('searchbox', { name: 'Förderprogramme durchsuchen' }).inputValue()).toBe('dorf');
		await expectNoAxeViolations(page, '/funding?q=dorf');
		await page.goto('/projects?q=Mitfahrb%C3%A4nke%20Anr%C3%B6chte');
		await page.locator('main .cards h3 a').first().click();
		const similar = page.getByRole('region', { name: 'Ähnliche Projekte' });
		await similar.waitFor();
		expect((await similar.locator('h3').allInnerTexts()).some((t) => /Mitfahrb/.test(t))).toBe(true);
		await expectNoHorizontalScroll(page, 390);
		await expectNoAxeViolations(page, 'a project page with "Ähnliche Projekte"');
	});
});
