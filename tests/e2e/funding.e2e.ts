// The funding catalogue in a browser: everyone reads and filters it (also without JavaScript); the county's
// admin adds a programme, a village's editor adds funding to a project from the suggestions' catalogue.
// axe on every page state; at 320 px no sideways scrolling.
import { describe, expect, test } from 'vitest';
import { DEMO_PASSWORD, expectErrorSummaryLinksReachFields, expectNoAxeViolations, expectNoAxeViolationsWithoutJavaScript, expectNoHorizontalScroll, logIn, openPage, useServerAndBrowser } from './helpers.ts';

describe('funding', () => {
	const env = useServerAndBrowser();

	test('anyone filters the catalogue by category, without JavaScript too', async () => {
		const page = await openPage(env.browser, env.server.url, { width: 320, height: 800, javaScript: false });
		const main = page.locator('main');
		await page.goto('/funding');
		await main.getByRole('heading', { level: 1, name: 'Förderprogramme' }).waitFor();
		await expectNoHorizontalScroll(page, 320);
		await expectNoAxeViolationsWithoutJavaScript(page, '/funding at 320 px');
		await main.getByRole('combobox', { name: 'Nach Kategorie filtern' }).selectOption({ label: 'Mobilität' });
		await main.getByRole('button', { name: 'Suchen' }).click();
		await page.waitForURL((url) => url.searchParams.get('category') === 'mobilitaet');
		expect(await main.getByRole('heading', { level: 3, name: 'Bürgerbusförderung des Landes NRW' }).count()).toBe(1);
		expect(await main.getByRole('heading', { level: 3, name: /KfW/ }).count()).toBe(0);
		const used = main.locator('#buergerbus-nrw .used');
		expect(await used.innerText()).toContain('Genutzt von:');
		expect(await main.locator('#buergerbus-nrw a[rel="noopener noreferrer"]').count()).toBe(1);
		await expectNoHorizontalScroll(page, 320);
	});

	test("the county's admin adds a programme; an editor adds funding to a project", async () => {
		const page = await openPage(env.browser, env.server.url, { width: 320, height: 800 });
		const main = page.locator('main');
		await logIn(page, 'kreis@example.org', DEMO_PASSWORD);
		await page.goto('/funding');
		await expectNoAxeViolations(page, '/funding as the county admin');
		await expectNoHorizontalScroll(page, 320);
		const manage = main.getByRole('region', { name: 'Förderprogramme pflegen' });
		await manage.getByText('Förderprogramm anlegen').click();
		await manage.getByLabel('Name').fill('Dorfwerkstatt-Förderung');
		await manage.getByLabel('Link zum Programm').fill('javascript:alert(1)');
		await manage.getByRole('checkbox', { name: 'Soziales' }).check();
		await manage.getByRole('button', { name: 'Anlegen' }).click();
		await main.getByRole('alert').waitFor();
		expect(await main.getByRole('alert').innerText()).toContain('Link zum Programm');
		await expectErrorSummaryLinksReachFields(page, '/funding create failed');
		await expectNoAxeViolations(page, '/funding create failed');
		await manage.getByLabel('Link zum Programm').fill('https://www.kreis-soest.de/foerderung');
		await manage.getByRole('button', { name: 'Anlegen' }).click();
		await main.getByRole('status').filter({ hasText: 'Das Förderprogramm ist angelegt.' }).waitFor();
		expect(await main.getByRole('heading', { level: 3, name: 'Dorfwerkstatt-Förderung' }).count()).toBe(1);
		await main.getByRole('link', { name: 'Dorfwerkstatt-Förderung bearbeiten' }).click();
		await main.getByRole('heading', { level: 1, name: 'Förderprogramm bearbeiten' }).waitFor();
		await expectNoHorizontalScroll(page, 320);
		await expectNoAxeViolations(page, '/funding/<id>/edit at 320 px');
		await main.getByLabel('Höchstbetrag (Euro)').fill('8000');
		await main.getByRole('button', { name: 'Speichern' }).click();
		await page.waitForURL((url) => url.pathname === '/funding');
		expect(await main.locator('#dorfwerkstatt-foerderung').innerText()).toContain('8.000');

		// a village's editor, in a browser of their own
		const editor = await openPage(env.browser, env.server.url, { width: 320, height: 800 });
		const main2 = editor.locator('main');
		await logIn(editor, 'redaktion@example.org', DEMO_PASSWORD);
		await editor.goto('/projects?q=Dorfladen+in+B%C3%BCrgerhand');
		await main2.getByRole('link', { name: 'Dorfladen in Bürgerhand' }).first().click();
		await main2.getByRole('heading', { level: 1, name: 'Dorfladen in Bürgerhand' }).waitFor();
		const suggestions = main2.getByRole('region', { name: 'Förderprogramme, die passen könnten' });
		expect(await suggestions.getByRole('link', { name: 'Dorfwerkstatt-Förderung' }).getAttribute('href')).toBe('/funding#dorfwerkstatt-foerderung');
		await expectNoHorizontalScroll(editor, 320);
		await expectNoAxeViolations(editor, 'the project with its funding form at 320 px');
		const funding = main2.getByRole('region', { name: 'Förderung des Projekts' });
		await funding.getByRole('combobox', { name: 'Förderprogramm' }).selectOption({ label: 'Dorfwerkstatt-Förderung' });
		await funding.getByLabel('Betrag (Euro)').fill('2500');
		await funding.getByRole('combobox', { name: 'Stand' }).selectOption({ label: 'beantragt' });
		await funding.getByRole('button', { name: 'Hinzufügen' }).click();
		await main2.getByRole('status').filter({ hasText: 'Gespeichert' }).waitFor();
		expect(await suggestions.getByRole('link', { name: 'Dorfwerkstatt-Förderung' }).count()).toBe(0);
		await funding.getByRole('button', { name: 'Dorfwerkstatt-Förderung entfernen' }).click();
		await suggestions.getByRole('link', { name: 'Dorfwerkstatt-Förderung' }).waitFor();
	});
});
