// The village's projects in its app and the county home, in a browser, by keyboard only: Körbecke's home shows
// "Unsere Projekte", a project opens with its way into the Projektpool, a signed-in demo member submits an idea
// (after a validation error); the county home lists new projects and upcoming events whose links work. axe on
// every page.
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { DEMO_PASSWORD, expectNoAxeViolations, expectNoHorizontalScroll, logIn, openPage, screenshot, useServerAndBrowser } from './helpers.ts';

/**
 * Presses Tab until the focused element's text (or its label's) starts with `label`; no clicks. With `field`, only
 * a form field counts (not the error summary's link "Titel: …" that leads to it).
 */
async function tabTo(page: Page, label: string, max = 120, field = false): Promise<void> {
	for (let i = 0; i < max; i++) {
		await page.keyboard.press('Tab');
		const name = await page.evaluate((field) => {
			const el = document.activeElement as HTMLInputElement | null;
			if (field && !el?.labels?.length) return '';
			return (el?.labels?.[0]?.textContent ?? el?.textContent ?? '').trim().replace(/\s+/g, ' ');
		}, field);
		if (name.startsWith(label)) return;
	}
	throw new Error(`nothing labelled "${label}" within ${max} tabs`);
}
const tabToField = (page: Page, label: string) => tabTo(page, label, 120, true);

describe('the village app’s projects and the county home', () => {
	const env = useServerAndBrowser();

	test('Körbecke’s app shows “Unsere Projekte”; a project opens by keyboard; a member submits an idea', async () => {
		const page = await openPage(env.browser, env.server.url, { width: 390, height: 844 });
		await page.goto('/koerbecke/');
		const widget = page.locator('section.widget', { has: page.getByRole('heading', { name: 'Unsere Projekte' }) });
		await widget.waitFor();
		const first = (await widget.getByRole('listitem').first().getByRole('link').innerText()).trim();
		await expectNoAxeViolations(page, '/koerbecke/ with the projects widget');

		// the widget's first project, by keyboard
		await tabTo(page, first);
		await page.keyboard.press('Enter');
		await page.waitForURL(/\/koerbecke\/projects\/[0-9a-f-]{36}-/);
		const main = page.locator('main');
		await main.getByRole('heading', { level: 1, name: first }).waitFor();
		await expectNoHorizontalScroll(page, 390);
		await expectNoAxeViolations(page, 'a project in the app');
		await screenshot(page, 'village-project-390');
		// its way into the Projektpool leads to the same project there
		const poolHref = await main.getByRole('link', { name: /^Im Projektpool ansehen/ }).getAttribute('href');
		expect(poolHref).toMatch(/^\/projects\/[0-9a-f-]{36}-/);
		await tabTo(page, 'Im Projektpool ansehen');
		await page.keyboard.press('Enter');
		await page.waitForURL((url) => url.pathname === poolHref);
		await main.getByRole('heading', { level: 1, name: first }).waitFor();

		// the list, and "Idee einreichen": anonymous visitors are asked to sign in first
		await page.goto('/koerbecke/projects');
		await main.getByRole('heading', { level: 1, name: 'Unsere Projekte' }).waitFor();
		await expectNoHorizontalScroll(page, 390);
		await expectNoAxeViolations(page, '/koerbecke/projects');
		await screenshot(page, 'village-projects-390');
		await tabTo(page, 'Idee einreichen');
		await page.keyboard.press('Enter');
		await page.waitForURL(/\/koerbecke\/projects\/idea$/);
		await tabTo(page, 'Zum Einreichen bitte anmelden');
		await page.keyboard.press('Enter');
		await page.waitForURL(/\/login\?next=/);

		await logIn(page, 'buerger@example.org', DEMO_PASSWORD);
		await page.goto('/koerbecke/projects/idea');
		await expectNoAxeViolations(page, 'the idea form');
		// a title too short: the error names the field, the summary links to it
		await tabToField(page, 'Titel');
		await page.keyboard.type('x');
		await tabTo(page, 'Idee einreichen');
		await page.keyboard.press('Enter');
		await page.getByRole('alert').waitFor();
		expect(await page.getByRole('alert').innerText()).toContain('Titel:');
		await expectNoAxeViolations(page, 'the idea form with errors');
		await screenshot(page, 'village-idea-errors-390');

		await tabToField(page, 'Titel');
		await page.keyboard.press('ControlOrMeta+a');
		await page.keyboard.type('Bücherschrank am Seeufer');
		await tabToField(page, 'Beschreibung');
		await page.keyboard.type('Ein alter Telefonkasten als Tauschregal.');
		await tabToField(page, 'Kategorie');
		await page.keyboard.press('ArrowDown');
		expect(await page.evaluate(() => (document.activeElement as HTMLSelectElement).value)).not.toBe('');
		await tabTo(page, 'Idee einreichen');
		await page.keyboard.press('Enter');
		await page.waitForURL(/\/koerbecke\/projects\?idea=[0-9a-f-]{36}$/);
		await page.getByRole('status').getByText('Danke! Ihre Idee ist eingereicht.').waitFor();
		await main.getByRole('link', { name: 'Bücherschrank am Seeufer' }).waitFor();
		await expectNoAxeViolations(page, 'the list after submitting');
		// the idea is Körbecke's in the Projektpool
		await tabTo(page, 'Ihre Idee im Projektpool ansehen');
		await page.keyboard.press('Enter');
		await page.waitForURL(/\/ideas\/[0-9a-f-]{36}$/);
		await main.getByRole('heading', { level: 1, name: 'Bücherschrank am Seeufer' }).waitFor();
		await main.getByText('Körbecke').first().waitFor();
	});

	test('the county home lists new projects and upcoming events with working links, in German and English', async () => {
		const page = await openPage(env.browser, env.server.url, { width: 1280, height: 900 });
		await page.goto('/');
		const main = page.locator('main');
		for (const heading of ['Neue Projekte', 'Oft übernommen', 'Neueste Ergebnisse', 'Nächste Termine in den Dörfern', 'Kommunen und Dörfer']) await main.getByRole('heading', { level: 2, name: heading }).waitFor();
		// headings in order: one h1, then h2 sections, their items one level below
		const levels = await main.locator('h1, h2, h3, h4').evaluateAll((els) => els.map((e) => Number(e.tagName[1])));
		expect(levels[0]).toBe(1);
		for (let i = 1; i < levels.length; i++) expect(levels[i]! - levels[i - 1]!).toBeLessThanOrEqual(1);
		await expectNoAxeViolations(page, '/ at 1280 px');
		await screenshot(page, 'county-home-1280');

		const newProjects = main.locator('section', { has: page.getByRole('heading', { level: 2, name: 'Neue Projekte' }) });
		const project = newProjects.getByRole('listitem').first().getByRole('link').first();
		const projectTitle = (await project.innerText()).trim();
		const events = main.locator('section', { has: page.getByRole('heading', { level: 2, name: 'Nächste Termine in den Dörfern' }) });
		const event = events.locator('.entry .title a').first();
		const eventTitle = (await event.innerText()).trim();
		expect(await event.getAttribute('href')).toMatch(/^\/[a-z0-9-]+\/calendar\//);

		await tabTo(page, projectTitle);
		await page.keyboard.press('Enter');
		await page.waitForURL(/\/projects\/[0-9a-f-]{36}-/);
		await main.getByRole('heading', { level: 1, name: projectTitle }).waitFor();

		await page.goto('/');
		await tabTo(page, eventTitle, 300);
		await page.keyboard.press('Enter');
		await page.waitForURL(/\/calendar\//);
		await main.getByRole('heading', { level: 1, name: eventTitle }).waitFor();

		// in English, and at 390 px
		await page.context().addCookies([{ name: 'PARAGLIDE_LOCALE', value: 'en', url: env.server.url }]);
		await page.setViewportSize({ width: 390, height: 844 });
		await page.goto('/');
		for (const heading of ['New projects', 'Most adopted', 'Latest results', 'Upcoming events in the villages']) await main.getByRole('heading', { level: 2, name: heading }).waitFor();
		await expectNoHorizontalScroll(page, 390);
		await expectNoAxeViolations(page, '/ in English at 390 px');
		await screenshot(page, 'county-home-390-en');
	});
});
