// The Projektpool's projects in a browser. The "done when" of the Projektpool: a village admin finds a
// finished project of another village, reads how it was done and adopts it into their own village, and sees
// where it came from. Then an editor turns an idea into a project and completes its profile by keyboard.
// axe on every page state; at 390 px no sideways scrolling.
import { describe, expect, test } from 'vitest';
import { DEMO_PASSWORD, expectNoAxeViolations, expectNoHorizontalScroll, logIn, openPage, useServerAndBrowser } from './helpers.ts';

describe('projects', () => {
	const env = useServerAndBrowser();

	test("Körbecke's admin finds Altengeseke's village shop, reads how it was done and adopts it", async () => {
		const started = Date.now();
		const page = await openPage(env.browser, env.server.url, { width: 390, height: 800 });
		const main = page.locator('main');
		await page.goto('/');
		await page.getByRole('navigation').getByRole('link', { name: 'Projektpool' }).click();
		await page.waitForURL((url) => url.pathname === '/projects');
		await expectNoHorizontalScroll(page, 390);
		await expectNoAxeViolations(page, '/projects anonymous at 390 px');

		await logIn(page, 'dorf2@example.org', DEMO_PASSWORD);
		await page.goto('/projects');
		// narrow the list: finished projects in Anröchte about social matters
		await main.getByRole('combobox', { name: 'Kommune' }).selectOption({ label: 'Anröchte' });
		await main.getByRole('combobox', { name: 'Status' }).selectOption({ label: 'Abgeschlossen' });
		await main.getByRole('combobox', { name: 'Kategorie' }).selectOption({ label: 'Soziales' });
		await main.getByRole('button', { name: 'Anzeigen' }).click();
		await page.waitForURL((url) => url.searchParams.get('municipality') === 'anroechte');
		await expectNoAxeViolations(page, '/projects filtered');
		await main.getByRole('link', { name: 'Dorfladen in Bürgerhand' }).click();
		await main.getByRole('heading', { level: 1, name: 'Dorfladen in Bürgerhand' }).waitFor();
		for (const heading of ['Steckbrief', 'Der Weg zur Lösung', 'Stolpersteine', 'Erfahrungen', 'Ergebnisse']) {
			expect(await main.getByRole('heading', { level: 2, name: heading }).count(), heading).toBe(1);
		}
		await expectNoHorizontalScroll(page, 390);
		await expectNoAxeViolations(page, 'the profile at 390 px');

		// adopt it into Körbecke
		const adopt = main.getByRole('region', { name: 'Projekt übernehmen' });
		await adopt.getByRole('combobox', { name: 'Übernehmen nach' }).selectOption({ label: 'Körbecke (Möhnesee)' });
		await adopt.getByRole('button', { name: 'Projekt übernehmen' }).click();
		await page.waitForURL((url) => url.searchParams.get('adopted') === '1');
		await main.getByRole('status').filter({ hasText: 'Das Projekt ist übernommen' }).waitFor();
		expect(await main.locator('header .meta').innerText()).toContain('Körbecke');
		expect(await main.locator('header .meta').innerText()).toContain('In Planung');
		const lineage = main.getByRole('region', { name: 'Herkunft und Übernahmen' });
		expect(await lineage.innerText()).toContain('Übernommen von Dorfladen in Bürgerhand (Altengeseke)');
		await expectNoHorizontalScroll(page, 390);
		await expectNoAxeViolations(page, 'the adopted project');
		// the whole way, from the first page to the adopted project, took a machine seconds; a person has five minutes
		expect(Date.now() - started).toBeLessThan(5 * 60_000);

		// the origin now counts the adoption and links to it
		const originLink = lineage.getByRole('link', { name: 'Dorfladen in Bürgerhand' });
		const originPath = (await originLink.getAttribute('href'))!;
		await originLink.click();
		await page.waitForURL((url) => url.pathname === originPath);
		const originLineage = main.getByRole('region', { name: 'Herkunft und Übernahmen' });
		expect(await originLineage.innerText()).toContain('(Körbecke)');
		expect(await originLineage.innerText()).toContain('3× übernommen');
	});

	test('an editor turns an idea into a project and completes the profile by keyboard', async () => {
		const page = await openPage(env.browser, env.server.url, { width: 1280, height: 900 });
		const main = page.locator('main');
		await logIn(page, 'redaktion@example.org', DEMO_PASSWORD);
		await page.goto('/ideas?village=altengeseke');
		const first = main.locator('a[href^="/ideas/"]').first();
		const title = (await first.innerText()).trim();
		await first.click();
		await main.getByRole('heading', { level: 1, name: title }).waitFor();
		await expectNoAxeViolations(page, 'an idea as its village editor');
		await main.getByRole('button', { name: 'Als Projekt anlegen' }).click();
		await page.waitForURL((url) => url.pathname.endsWith('/edit'));
		await main.getByRole('heading', { level: 1, name: 'Steckbrief bearbeiten' }).waitFor();
		expect(await main.getByRole('textbox', { name: 'Titel' }).inputValue()).toBe(title);
		await expectNoAxeViolations(page, 'the profile form');

		// a too short title: the error is named at the field, what was typed stays
		await main.getByRole('textbox', { name: 'Titel' }).fill('X');
		await main.getByRole('textbox', { name: 'Stolpersteine' }).fill('Die Genehmigung dauerte länger als gedacht.');
		await main.getByRole('button', { name: 'Steckbrief speichern' }).click();
		await main.getByRole('alert').first().waitFor();
		expect(await main.getByRole('textbox', { name: 'Titel' }).getAttribute('aria-invalid')).toBe('true');
		expect(await main.getByRole('textbox', { name: 'Stolpersteine' }).inputValue()).toBe('Die Genehmigung dauerte länger als gedacht.');
		await expectNoAxeViolations(page, 'the profile form with an error');

		// by keyboard: focus the title, type, tick an SDG with the space bar, save with Enter on the button
		await main.getByRole('textbox', { name: 'Titel' }).focus();
		await page.keyboard.press('Control+A');
		await page.keyboard.type(`${title} – los geht's`);
		await main.getByRole('checkbox', { name: 'Ziel 11 für nachhaltige Entwicklung' }).focus();
		await page.keyboard.press('Space');
		await main.getByRole('button', { name: 'Steckbrief speichern' }).focus();
		await page.keyboard.press('Enter');
		await main.getByRole('heading', { level: 1, name: `${title} – los geht's` }).waitFor();
		expect(await main.getByText('SDG 11').count()).toBe(1);
		expect(await main.getByRole('heading', { level: 2, name: 'Stolpersteine' }).count()).toBe(1);
		// the project links back to its idea
		await main.getByRole('link', { name: 'Entstanden aus der Idee' }).click();
		await page.waitForURL((url) => url.pathname.startsWith('/ideas/'));
		await main.getByRole('heading', { level: 1, name: title, exact: true }).waitFor();
		// and the idea to its project
		expect(await main.getByRole('link', { name: title, exact: true }).getAttribute('href')).toMatch(/^\/projects\/[0-9a-f-]{36}$/);
		await expectNoAxeViolations(page, 'an idea that became a project');
	});
});
