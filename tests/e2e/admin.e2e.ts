// Administration in the browser: the county admin creates a village and appoints a newly registered person
// as its admin; that person then runs the village's own administration.
import { describe, expect, test } from 'vitest';
import { DEMO_PASSWORD, expectErrorSummaryLinksReachFields, expectNoAxeViolations, logIn, openPage, registerAndVerify, screenshot, useServerAndBrowser } from './helpers.ts';

describe('administration', () => {
	const env = useServerAndBrowser();

	test('the county admin creates a village and appoints a new admin, who adds a member', async () => {
		const nora = { name: 'Nora Neumann', email: 'nora@example.net', password: 'Neudorf bekommt eine App' };

		// The county admin creates the village "Neudorf" in Anröchte.
		const county = await openPage(env.browser, env.server.url);
		const main = county.locator('main');
		await logIn(county, 'kreis@example.org', DEMO_PASSWORD);
		await county.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Verwaltung' }).click();
		await county.waitForURL((url) => url.pathname === '/admin');
		await expectNoAxeViolations(county);
		await screenshot(county, 'admin');

		const createIn = (municipality: string) => main.locator('details').filter({ has: county.locator('summary', { hasText: new RegExp(`^Dorf in ${municipality} anlegen$`) }) });
		await createIn('Anröchte').locator('summary').click();
		await expectNoAxeViolations(county, '/admin with the create form open');
		// A bad short name is refused with an error naming the field.
		await createIn('Anröchte').getByRole('textbox', { name: 'Name', exact: true }).fill('Neudorf');
		await createIn('Anröchte').getByRole('textbox', { name: 'Kurzname in der Adresse', exact: true }).fill('Neu Dorf!');
		await createIn('Anröchte').getByRole('button', { name: 'Dorf anlegen' }).click();
		await createIn('Anröchte').getByRole('alert').waitFor();
		expect(await createIn('Anröchte').getByRole('alert').innerText()).toContain('Kurzname in der Adresse: Nur Kleinbuchstaben, Ziffern und Bindestriche');
		await expectNoAxeViolations(county, '/admin with a create error');
		await expectErrorSummaryLinksReachFields(county, '/admin with a create error');
		// What was typed is still there (WCAG 3.3.7), so only the short name needs fixing.
		expect.soft(await createIn('Anröchte').getByRole('textbox', { name: 'Name', exact: true }).inputValue(), 'the name typed before the error').toBe('Neudorf');
		// Without a short name, it is made from the name.
		await createIn('Anröchte').getByRole('textbox', { name: 'Name', exact: true }).fill('Neudorf');
		await createIn('Anröchte').getByRole('textbox', { name: 'Kurzname in der Adresse', exact: true }).fill('');
		await createIn('Anröchte').getByRole('button', { name: 'Dorf anlegen' }).click();
		await main.getByRole('status').waitFor();
		expect(await main.getByRole('status').innerText()).toContain('Dorf „Neudorf“ angelegt.');
		await expectNoAxeViolations(county, '/admin after creating a village');
		await main.getByRole('status').getByRole('link', { name: 'Bearbeiten und Admins ernennen' }).click();
		await county.waitForURL(/\/admin\/tenants\/[^/]+$/);
		expect(await main.getByRole('heading', { level: 1 }).innerText()).toBe('Neudorf (Dorf)');
		const slug = await main.getByRole('textbox', { name: 'Kurzname in der Adresse', exact: true }).inputValue();
		expect(slug).toBe('neudorf');
		await expectNoAxeViolations(county);

		// Nora registers, confirms her address and logs in; she may not run Neudorf yet.
		const person = await openPage(env.browser, env.server.url);
		await registerAndVerify(person, nora);
		await logIn(person, nora.email, nora.password);
		const forbidden = await person.goto(`/${slug}/admin`);
		expect(forbidden?.status()).toBe(403);
		expect(await person.locator('main').getByRole('heading', { level: 1 }).innerText()).toBe('Kein Zugriff');
		await expectNoAxeViolations(person, `/${slug}/admin (403)`);

		// The county admin appoints her: someone unknown is refused first, then Nora becomes admin (the default role here).
		const members = main.locator('section', { has: county.getByRole('heading', { name: 'Admins und Mitglieder' }) });
		await members.getByRole('textbox', { name: 'E-Mail-Adresse', exact: true }).fill('niemand@example.net');
		await members.getByRole('button', { name: 'Hinzufügen' }).click();
		await main.getByRole('alert').waitFor();
		expect(await main.getByRole('alert').innerText()).toContain('Mit dieser Adresse ist niemand registriert.');
		await expectNoAxeViolations(county, '/admin/tenants/<id> with a member error');
		await expectErrorSummaryLinksReachFields(county, '/admin/tenants/<id> with a member error');
		expect.soft(await members.getByRole('textbox', { name: 'E-Mail-Adresse', exact: true }).inputValue(), 'the address typed before the error').toBe('niemand@example.net');

		expect(await members.getByRole('combobox', { name: 'Rolle', exact: true }).inputValue()).toBe('admin');
		await members.getByRole('textbox', { name: 'E-Mail-Adresse', exact: true }).fill(nora.email);
		await members.getByRole('button', { name: 'Hinzufügen' }).click();
		const noraRow = members.getByRole('row').filter({ hasText: nora.email });
		await noraRow.waitFor();
		expect(await noraRow.getByRole('combobox', { name: `Rolle von ${nora.name}` }).inputValue()).toBe('admin');
		await expectNoAxeViolations(county, '/admin/tenants/<id> after appointing');

		// Nora now finds the village administration from her account page.
		await person.goto('/account');
		await expectNoAxeViolations(person, '/account with a membership');
		const membership = person.locator('main').getByRole('listitem').filter({ hasText: 'Neudorf' });
		expect(await membership.innerText()).toContain('Admin');
		await membership.getByRole('link', { name: 'Dorf verwalten' }).click();
		await person.waitForURL((url) => url.pathname === `/${slug}/admin`);
		const villageMain = person.locator('main');
		expect(await villageMain.getByRole('heading', { level: 1 }).innerText()).toBe('Neudorf verwalten');
		await expectNoAxeViolations(person);

		// She adds the citizen as a member (the default role here).
		const villageMembers = villageMain.locator('section', { has: person.getByRole('heading', { name: 'Mitglieder und Rollen' }) });
		expect(await villageMembers.getByRole('combobox', { name: 'Rolle', exact: true }).inputValue()).toBe('member');
		await villageMembers.getByRole('textbox', { name: 'E-Mail-Adresse', exact: true }).fill('buerger@example.org');
		await villageMembers.getByRole('button', { name: 'Hinzufügen' }).click();
		const citizenRow = villageMembers.getByRole('row').filter({ hasText: 'buerger@example.org' });
		await citizenRow.waitFor();
		expect(await citizenRow.getByRole('combobox').inputValue()).toBe('member');
		await expectNoAxeViolations(person, `/${slug}/admin after adding a member`);

		// The audit log on the same page records who did it.
		const audit = villageMain.locator('section', { has: person.getByRole('heading', { name: 'Protokoll' }) });
		const entry = audit.getByRole('row').filter({ hasText: 'member.add' }).filter({ hasText: 'buerger@example.org' });
		expect(await entry.count()).toBe(1);
		expect(await entry.getByRole('cell').nth(1).innerText()).toBe(nora.email);
		expect(await entry.getByRole('cell').nth(3).innerText()).toBe('Neudorf');
		await screenshot(person, 'village-admin');
	});
});
