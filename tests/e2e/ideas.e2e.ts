// The Projektpool's ideas in a browser: at 320 px (no sideways scrolling) a citizen submits an idea after a
// validation error, supports and comments on it; the village's editor archives it with a reason and the
// county hides it. axe on every state of the pages.
import { describe, expect, test } from 'vitest';
import { DEMO_PASSWORD, expectErrorSummaryLinksReachFields, expectNoAxeViolations, expectNoHorizontalScroll, logIn, openPage, screenshot, useServerAndBrowser } from './helpers.ts';

describe('ideas', () => {
	const env = useServerAndBrowser();

	test('at 320 px a citizen submits, supports and comments on an idea; editors and the county take it on', async () => {
		const page = await openPage(env.browser, env.server.url, { width: 320, height: 640 });
		await page.goto('/ideas');
		expect(await page.locator('main').getByRole('heading', { level: 1 }).innerText()).toBe('Ideen');
		await expectNoHorizontalScroll(page, 320);
		await expectNoAxeViolations(page, '/ideas anonymous at 320 px');
		await expect.poll(() => page.getByRole('link', { name: 'Melden Sie sich an, um eine Idee einzureichen.' }).count()).toBe(1);

		await logIn(page, 'buerger@example.org', DEMO_PASSWORD);
		await page.goto('/ideas');
		const main = page.locator('main');
		const form = main.locator('form[action="?/submit"]');
		await form.getByRole('button', { name: 'Idee einreichen' }).click();
		await page.getByRole('alert').waitFor();
		await expectNoHorizontalScroll(page, 320);
		await expectNoAxeViolations(page, '/ideas with errors at 320 px');
		await expectErrorSummaryLinksReachFields(page, '/ideas with errors');

		await form.getByRole('textbox', { name: 'Titel' }).fill('Mitfahrbank nach Anröchte');
		await form.getByRole('textbox', { name: 'Beschreibung', exact: true }).fill('Eine **Bank** am Ortsausgang.\n\n- gut sichtbar\n- mit Schild');
		await form.getByRole('combobox', { name: 'Dorf' }).selectOption({ label: 'Altengeseke' });
		await form.getByRole('combobox', { name: 'Kategorie' }).selectOption({ label: 'Mobilität' });
		await form.getByRole('button', { name: 'Idee einreichen' }).click();
		await page.waitForURL(/\/ideas\/[\w-]+\?submitted=1$/);
		await main.getByRole('heading', { level: 1, name: 'Mitfahrbank nach Anröchte' }).waitFor();
		const url = new URL(page.url()).pathname;
		await expectNoHorizontalScroll(page, 320);
		await expectNoAxeViolations(page, 'the new idea at 320 px');

		await main.getByRole('button', { name: 'Idee unterstützen' }).click();
		await main.getByText('Unterstützungen: 1').waitFor();
		await main.getByRole('textbox', { name: 'Kommentar' }).fill('Ich helfe beim Aufstellen.');
		await main.getByRole('button', { name: 'Kommentar senden' }).click();
		await main.getByText('Ich helfe beim Aufstellen.').waitFor();
		await expectNoHorizontalScroll(page, 320);
		await expectNoAxeViolations(page, 'the idea with a comment at 320 px');
		await screenshot(page, 'idea-320');

		// the village's editor archives it; without a reason first
		const editor = await openPage(env.browser, env.server.url, { width: 320, height: 640 });
		await logIn(editor, 'redaktion@example.org', DEMO_PASSWORD);
		await editor.goto(url);
		const em = editor.locator('main');
		await em.getByRole('combobox', { name: 'Status' }).selectOption({ label: 'Archiviert' });
		await em.getByRole('button', { name: 'Status ändern' }).click();
		await editor.getByRole('alert').waitFor();
		await expectNoAxeViolations(editor, 'the status form with an error at 320 px');
		await expectErrorSummaryLinksReachFields(editor, 'the status form');
		await em.getByRole('combobox', { name: 'Status' }).selectOption({ label: 'Archiviert' });
		await em.getByRole('textbox', { name: 'Begründung' }).fill('Steht schon am Ortsausgang');
		await em.getByRole('button', { name: 'Status ändern' }).click();
		await em.getByText('Der Status ist geändert.').waitFor();
		await expectNoHorizontalScroll(editor, 320);
		await expectNoAxeViolations(editor, 'the archived idea at 320 px');

		// the county hides it; the citizen then finds it no more
		const county = await openPage(env.browser, env.server.url);
		await logIn(county, 'kreis@example.org', DEMO_PASSWORD);
		await county.goto(url);
		await expectNoAxeViolations(county, 'the idea for moderators');
		const cm = county.locator('main');
		await cm.getByRole('textbox', { name: 'Begründung' }).last().fill('Doppelt eingereicht');
		await cm.getByRole('button', { name: 'Idee ausblenden' }).click();
		await cm.getByText('Diese Idee ist ausgeblendet', { exact: false }).waitFor();
		await expectNoAxeViolations(county, 'the hidden idea for moderators');
		expect((await page.goto(url))?.status()).toBe(404);
	});
});
