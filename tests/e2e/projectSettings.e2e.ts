// What the county and a village decide about the Projektpool, in a browser: the county's admin adds a category
// (a duplicate is refused at its field), and a village's admin lets the village's members create projects —
// after which a plain member of that village may start one. axe on every page state; at 390 px no sideways
// scrolling.
import { describe, expect, test } from 'vitest';
import { DEMO_PASSWORD, expectNoAxeViolations, expectNoHorizontalScroll, logIn, openPage, useServerAndBrowser } from './helpers.ts';

describe('Projektpool settings', () => {
	const env = useServerAndBrowser();

	test("the county adds a category; a village lets its members create projects and one of them does", async () => {
		const county = await openPage(env.browser, env.server.url, { width: 390, height: 800 });
		await logIn(county, 'kreis@example.org', DEMO_PASSWORD);
		await county.goto('/projects/categories');
		const main = county.locator('main');
		await main.getByRole('heading', { level: 1, name: 'Kategorien des Projektpools' }).waitFor();
		await expectNoHorizontalScroll(county, 390);
		await expectNoAxeViolations(county, 'the categories at 390 px');
		const add = main.getByRole('region', { name: 'Kategorie hinzufügen' });
		// a name the list has already: refused at the field, what was typed stays
		await add.getByRole('textbox', { name: /Name \(deutsch\)/ }).fill('Kultur');
		await add.getByRole('textbox', { name: /Name \(englisch\)/ }).fill('Culture');
		await add.getByRole('button', { name: 'Kategorie hinzufügen' }).click();
		await main.getByRole('alert').first().waitFor();
		expect(await add.getByRole('textbox', { name: /Name \(deutsch\)/ }).getAttribute('aria-invalid')).toBe('true');
		await expectNoAxeViolations(county, 'the categories with an error');
		await add.getByRole('textbox', { name: /Name \(deutsch\)/ }).fill('Landwirtschaft');
		await add.getByRole('textbox', { name: /Name \(englisch\)/ }).fill('Farming');
		await add.getByRole('button', { name: 'Kategorie hinzufügen' }).click();
		await main.getByRole('heading', { level: 3, name: 'Landwirtschaft' }).waitFor();

		// a member of Altengeseke may not start a project there yet
		const member = await openPage(env.browser, env.server.url, { width: 390, height: 800 });
		await logIn(member, 'buerger@example.org', DEMO_PASSWORD);
		await member.goto('/projects/new');
		expect(await member.locator('main').getByRole('combobox', { name: 'Ort des Projekts' }).count()).toBe(0);

		// Altengeseke's admin allows it, in the village's settings
		const admin = await openPage(env.browser, env.server.url, { width: 1280, height: 900 });
		await logIn(admin, 'dorf1@example.org', DEMO_PASSWORD);
		await admin.goto('/altengeseke/admin/settings');
		const settings = admin.locator('main').getByRole('region', { name: 'Projektpool' });
		const box = settings.getByRole('checkbox', { name: 'Mitglieder dürfen Projekte anlegen' });
		expect(await box.isChecked()).toBe(false);
		await box.check();
		await settings.getByRole('button', { name: 'Speichern' }).click();
		// saved with a redirect back (no "?/memberProjects" in the address) and a status message
		await admin.locator('main').getByRole('status').filter({ hasText: 'Die Projektpool-Einstellung ist gespeichert.' }).waitFor();
		expect(new URL(admin.url()).search).toBe('?saved=memberProjects');
		expect(await admin.locator('main').getByRole('region', { name: 'Projektpool' }).getByRole('checkbox', { name: 'Mitglieder dürfen Projekte anlegen' }).isChecked()).toBe(true);
		await expectNoAxeViolations(admin, 'the village settings with the Projektpool setting');

		// now the member starts one, in the new category, and leads it
		await member.goto('/projects/new');
		const form = member.locator('main form');
		expect(await form.getByRole('combobox', { name: 'Ort des Projekts' }).locator('option').allInnerTexts()).toEqual(['Altengeseke (Anröchte)']);
		await form.getByRole('textbox', { name: 'Titel' }).fill('Hofladen-Karte für Altengeseke');
		await form.getByRole('combobox', { name: 'Kategorie' }).selectOption({ label: 'Landwirtschaft' });
		await expectNoAxeViolations(member, 'a new project by a member');
		await form.getByRole('button').last().click();
		await member.locator('main').getByRole('heading', { level: 1, name: 'Hofladen-Karte für Altengeseke' }).waitFor();
		await member.goto(`${new URL(member.url()).pathname}/work`);
		expect(await member.locator('main').getByRole('region', { name: 'Team', exact: true }).innerText()).toContain('Leitung');
		await expectNoHorizontalScroll(member, 390);
	});
});
