// The results dashboard in a browser: the county's page, down to a municipality and a village by the links and
// back by the breadcrumbs; a table read by keyboard (Tab reaches the chart's scrolling region, the table and its
// downloads); the CSV as a spreadsheet gets it. axe on every page; at 390 px nothing scrolls sideways (tables
// and the chart over time scroll inside their own labelled regions). Also without JavaScript.
import { describe, expect, test } from 'vitest';
import { expectNoAxeViolations, expectNoAxeViolationsWithoutJavaScript, expectNoHorizontalScroll, openPage, useServerAndBrowser } from './helpers.ts';

describe('dashboard', () => {
	const env = useServerAndBrowser();

	test('from the county to a municipality and a village, at 390 px', async () => {
		const page = await openPage(env.browser, env.server.url, { width: 390, height: 900 });
		const main = page.locator('main');
		await page.goto('/dashboard');
		await main.getByRole('heading', { level: 1, name: 'Ergebnisse' }).waitFor();
		expect(await main.locator('svg[role="img"]').count()).toBeGreaterThanOrEqual(9);
		// every chart is named by its title (the table's heading) and has a description
		const status = main.getByRole('img', { name: 'Projekte nach Stand' });
		expect(await status.locator('desc').textContent()).toContain('Alle Zahlen stehen auch in der Tabelle');
		await expectNoHorizontalScroll(page, 390);
		await expectNoAxeViolations(page, '/dashboard at 390 px');

		await main.getByRole('navigation', { name: 'Ergebnisse der Gemeinden' }).getByRole('link', { name: 'Anröchte' }).click();
		await main.getByRole('heading', { level: 1, name: 'Ergebnisse: Anröchte' }).waitFor();
		expect(await main.getByRole('table', { name: 'Projekte nach Dorf' }).count()).toBe(1);
		await expectNoHorizontalScroll(page, 390);
		await expectNoAxeViolations(page, '/dashboard/anroechte at 390 px');

		await main.getByRole('navigation', { name: 'Ergebnisse der Dörfer' }).getByRole('link', { name: 'Altengeseke' }).click();
		await main.getByRole('heading', { level: 1, name: 'Ergebnisse: Altengeseke' }).waitFor();
		const crumbs = main.getByRole('navigation', { name: 'Sie sind hier' });
		expect(await crumbs.getByRole('link').allInnerTexts()).toEqual(['Kreis Soest', 'Anröchte']);
		expect(await crumbs.locator('[aria-current="page"]').innerText()).toBe('Altengeseke');
		await expectNoHorizontalScroll(page, 390);
		await expectNoAxeViolations(page, '/dashboard/altengeseke at 390 px');
		await crumbs.getByRole('link', { name: 'Kreis Soest' }).click();
		await main.getByRole('heading', { level: 1, name: 'Ergebnisse' }).waitFor();
	});

	test('reads a table by keyboard and downloads its CSV', async () => {
		const page = await openPage(env.browser, env.server.url, { width: 1280, height: 900 });
		const main = page.locator('main');
		await page.goto('/dashboard');
		await main.getByRole('heading', { level: 1, name: 'Ergebnisse' }).waitFor();
		// Tab from the status table's heading: first its table's scrolling region, then the downloads
		await main.locator('#dash-status').evaluate((h) => {
			h.setAttribute('tabindex', '-1');
			(h as HTMLElement).focus();
		});
		await page.keyboard.press('Tab');
		expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Tabelle: Projekte nach Stand');
		expect(await page.evaluate(() => document.activeElement?.querySelector('caption')?.textContent)).toBe('Projekte nach Stand');
		await page.keyboard.press('Tab');
		expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('CSV-Datei: Projekte nach Stand');
		const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
		expect(download.suggestedFilename()).toBe('ergebnisse-kreis-status.csv');
		const path = await download.path();
		const { readFile } = await import('node:fs/promises');
		const bytes = await readFile(path!);
		expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const lines = bytes.subarray(3).toString('utf8').split('\r\n');
		expect(lines[0]).toBe('Schlüssel;Stand;Projekte');
		expect(lines[4]).toMatch(/^completed;Abgeschlossen;\d+$/);
		await page.keyboard.press('Tab');
		expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('JSON-Datei: Projekte nach Stand');

		// the chart over time scrolls inside its own region, reached by Tab
		const trends = main.getByRole('region', { name: 'Diagramm: Projekte im Zeitverlauf (seitlich verschiebbar)' });
		expect(await trends.getAttribute('tabindex')).toBe('0');
		expect(await trends.getByRole('img', { name: 'Projekte im Zeitverlauf' }).count()).toBe(1);
		const licence = main.getByRole('link', { name: 'Datenlizenz Deutschland – Namensnennung – Version 2.0' });
		expect(await licence.getAttribute('href')).toBe('https://www.govdata.de/dl-de/by-2-0');
	});

	test('works without JavaScript, in English and in dark mode', async () => {
		const page = await openPage(env.browser, env.server.url, { width: 390, height: 900, javaScript: false, colorScheme: 'dark' });
		await page.context().addCookies([{ name: 'PARAGLIDE_LOCALE', value: 'en', url: env.server.url }]);
		await page.goto('/dashboard/moehnesee');
		const main = page.locator('main');
		await main.getByRole('heading', { level: 1, name: 'Results: Möhnesee' }).waitFor();
		expect(await main.getByRole('table', { name: 'Projects by village' }).count()).toBe(1);
		await expectNoHorizontalScroll(page, 390);
		await expectNoAxeViolationsWithoutJavaScript(page, '/dashboard/moehnesee in English, dark, without JavaScript');
	});
});
