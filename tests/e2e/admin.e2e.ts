// Administration in the browser: the county admin creates a village and invites a newly registered person
// as its admin; she accepts and runs the village's own administration, inviting a citizen who accepts too.
import { describe, expect, test } from 'vitest';
import { DEMO_PASSWORD, expectErrorSummaryLinksReachFields, expectNoAxeViolations, expectNoHorizontalScroll, logIn, mailLink, openPage, registerAndVerify, screenshot, useServerAndBrowser } from './helpers.ts';

describe('administration', () => {
	const env = useServerAndBrowser();
	// The tests run in order on the same server: each goes on where the one before ended.
	const nora = { name: 'Nora Neumann', email: 'nora@example.net', password: 'Neudorf bekommt eine App' };
	const slug = 'neudorf';
	let tenantPage = '';

	test('the county admin creates a village; a new person registers', async () => {

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
		expect(await main.getByRole('heading', { level: 1 }).innerText()).toBe('Neudorf (Dorf): Stammdaten und Farben (Kreis)');
		expect(await main.getByRole('textbox', { name: 'Kurzname in der Adresse', exact: true }).inputValue()).toBe(slug);
		await expectNoAxeViolations(county);

		// Nora registers, confirms her address and logs in; she may not run Neudorf yet.
		const person = await openPage(env.browser, env.server.url);
		await registerAndVerify(person, nora);
		await logIn(person, nora.email, nora.password);
		const forbidden = await person.goto(`/${slug}/admin`);
		expect(forbidden?.status()).toBe(403);
		expect(await person.locator('main').getByRole('heading', { level: 1 }).innerText()).toBe('Kein Zugriff');
		await expectNoAxeViolations(person, `/${slug}/admin (403)`);
		tenantPage = new URL(county.url()).pathname;
	});

	test('the county admin invites her as admin, and she accepts', async () => {
		const county = await openPage(env.browser, env.server.url);
		const main = county.locator('main');
		await logIn(county, 'kreis@example.org', DEMO_PASSWORD);
		await county.goto(tenantPage);
		const person = await openPage(env.browser, env.server.url);
		await logIn(person, nora.email, nora.password);

		// The county admin invites. An unknown address gets the same answer as a registered one, is listed as open,
		// and can be withdrawn.
		const members = main.locator('section', { has: county.getByRole('heading', { level: 2, name: 'Admins und Mitglieder' }) });
		const openInvitations = members.getByRole('list', { name: 'Offene Einladungen' });
		await members.getByRole('textbox', { name: 'E-Mail-Adresse', exact: true }).fill('niemand@example.net');
		await members.getByRole('button', { name: 'Einladung senden' }).click();
		await main.getByRole('status').filter({ hasText: 'Einladung an niemand@example.net verschickt.' }).waitFor();
		await expectNoAxeViolations(county, '/admin/tenants/<id> after inviting');
		await openInvitations.getByRole('listitem').filter({ hasText: 'niemand@example.net' }).getByRole('button', { name: /^Zurückziehen/ }).click();
		await main.getByRole('status').filter({ hasText: 'Einladung zurückgezogen.' }).waitFor();
		expect(await members.getByText('niemand@example.net').count()).toBe(0);

		// A mistyped address is refused with an error naming the field; what was typed stays.
		await members.getByRole('textbox', { name: 'E-Mail-Adresse', exact: true }).fill('nora-at-example.net');
		await members.getByRole('button', { name: 'Einladung senden' }).click();
		await main.getByRole('alert').waitFor();
		expect(await main.getByRole('alert').innerText()).toContain('E-Mail-Adresse: Bitte eine gültige E-Mail-Adresse eingeben');
		await expectNoAxeViolations(county, '/admin/tenants/<id> with a member error');
		await expectErrorSummaryLinksReachFields(county, '/admin/tenants/<id> with a member error');
		expect.soft(await members.getByRole('textbox', { name: 'E-Mail-Adresse', exact: true }).inputValue(), 'the address typed before the error').toBe('nora-at-example.net');

		// Nora is invited as admin (the default role here).
		expect(await members.getByRole('combobox', { name: 'Rolle', exact: true }).inputValue()).toBe('admin');
		await members.getByRole('textbox', { name: 'E-Mail-Adresse', exact: true }).fill(nora.email);
		await members.getByRole('button', { name: 'Einladung senden' }).click();
		await main.getByRole('status').filter({ hasText: `Einladung an ${nora.email} verschickt.` }).waitFor();
		expect(await openInvitations.getByRole('listitem').filter({ hasText: nora.email }).innerText()).toContain('Admin');
		await screenshot(county, 'members-panel');
		await county.setViewportSize({ width: 320, height: 640 });
		await expectNoHorizontalScroll(county, 320);
		await expectNoAxeViolations(county, '/admin/tenants/<id> with an open invitation at 320 px');
		await county.setViewportSize({ width: 1280, height: 900 });

		// She opens the link from her mail (she is signed in), sees what it is about and accepts.
		const personMain = person.locator('main');
		const noraLink = await mailLink(person, nora.email, 'Einladung zu Neudorf');
		await person.goto(noraLink);
		expect(await personMain.getByRole('heading', { level: 1 }).innerText()).toBe('Einladung');
		expect(await personMain.innerText()).toContain('Kreisverwaltung Soest lädt Sie ein, in Neudorf mitzumachen.');
		await expectNoAxeViolations(person, '/invite/<secret>');
		await screenshot(person, 'invitation');
		// on a narrow phone too
		await person.setViewportSize({ width: 320, height: 640 });
		await expectNoHorizontalScroll(person, 320);
		await expectNoAxeViolations(person, '/invite/<secret> at 320 px');
		await person.setViewportSize({ width: 1280, height: 900 });
		await personMain.getByRole('button', { name: 'Einladung annehmen' }).click();
		await personMain.getByRole('status').filter({ hasText: 'Willkommen! Sie sind jetzt dabei: Neudorf, als Admin.' }).waitFor();
		await expectNoAxeViolations(person, '/invite/<secret> accepted');

		// The county admin now sees her among the members, as admin.
		await county.reload();
		const noraRow = members.getByRole('list', { name: 'Admins und Mitglieder' }).getByRole('listitem').filter({ hasText: nora.email });
		await noraRow.waitFor();
		expect(await noraRow.getByRole('combobox', { name: `Rolle von ${nora.name}` }).inputValue()).toBe('admin');
	});

	test('the new admin invites a citizen, who logs in from the invitation and accepts', async () => {
		// Nora finds the village administration from her account page.
		const person = await openPage(env.browser, env.server.url);
		await logIn(person, nora.email, nora.password);
		await person.goto('/account');
		await expectNoAxeViolations(person, '/account with a membership');
		const membership = person.locator('main').getByRole('listitem').filter({ hasText: 'Neudorf' });
		expect(await membership.innerText()).toContain('Admin');
		await membership.getByRole('link', { name: 'Dorf verwalten' }).click();
		await person.waitForURL((url) => url.pathname === `/${slug}/admin`);
		const villageMain = person.locator('main');
		expect(await villageMain.getByRole('heading', { level: 1 }).innerText()).toBe('Neudorf verwalten');
		await expectNoAxeViolations(person);

		// She invites the citizen as a member (the default role here), on the members' page of her village's administration.
		await person.getByRole('navigation', { name: 'Bereiche der Dorfverwaltung' }).getByRole('link', { name: 'Mitglieder' }).click();
		await person.waitForURL((url) => url.pathname === `/${slug}/admin/members`);
		const villageMembers = villageMain.locator('section', { has: person.getByRole('heading', { level: 2, name: 'Mitglieder und Rollen' }) });
		expect(await villageMembers.getByRole('combobox', { name: 'Rolle', exact: true }).inputValue()).toBe('member');
		await villageMembers.getByRole('textbox', { name: 'E-Mail-Adresse', exact: true }).fill('buerger@example.org');
		await villageMembers.getByRole('button', { name: 'Einladung senden' }).click();
		await villageMain.getByRole('status').filter({ hasText: 'Einladung verschickt.' }).waitFor();
		// Post/Redirect/Get: the address is the members' page again, so a reload sends nothing twice
		expect(new URL(person.url()).pathname + new URL(person.url()).search).toBe(`/${slug}/admin/members?saved=invited`);
		expect(await villageMembers.getByRole('list', { name: 'Offene Einladungen' }).getByRole('listitem').filter({ hasText: 'buerger@example.org' }).count()).toBe(1);
		await expectNoAxeViolations(person, `/${slug}/admin/members after inviting`);

		// The citizen opens the link without being signed in, logs in from there and comes back to accept.
		const citizen = await openPage(env.browser, env.server.url);
		const citizenMain = citizen.locator('main');
		const citizenLink = await mailLink(citizen, 'buerger@example.org', 'Einladung zu Neudorf');
		await citizen.goto(citizenLink);
		expect(await citizenMain.innerText()).toContain('Nora Neumann lädt Sie ein, in Neudorf mitzumachen.');
		await expectNoAxeViolations(citizen, '/invite/<secret> signed out');
		await citizenMain.getByRole('link', { name: 'Anmelden', exact: true }).click();
		await citizen.waitForURL((url) => url.pathname === '/login');
		await citizenMain.getByRole('textbox', { name: 'E-Mail-Adresse', exact: true }).fill('buerger@example.org');
		await citizenMain.getByRole('textbox', { name: 'Passwort', exact: true }).fill(DEMO_PASSWORD);
		await citizenMain.getByRole('button', { name: 'Anmelden' }).click();
		await citizen.waitForURL((url) => url.pathname === new URL(citizenLink).pathname);
		await citizenMain.getByRole('button', { name: 'Einladung annehmen' }).click();
		await citizenMain.getByRole('status').filter({ hasText: 'Sie sind jetzt dabei: Neudorf, als Mitglied.' }).waitFor();

		// Nora sees the citizen as a member; the history records who did what.
		await person.reload();
		const citizenRow = villageMembers.getByRole('list', { name: 'Mitglieder und Rollen' }).getByRole('listitem').filter({ hasText: 'buerger@example.org' });
		await citizenRow.waitFor();
		expect(await citizenRow.getByRole('combobox').inputValue()).toBe('member');
		await person.getByRole('navigation', { name: 'Bereiche der Dorfverwaltung' }).getByRole('link', { name: 'Verlauf' }).click();
		await person.waitForURL((url) => url.pathname === `/${slug}/admin/history`);
		const audit = villageMain;
		// each entry a sentence: who did what (the invitation is gone once accepted, so its address too)
		const entries = audit.getByRole('listitem');
		expect(await entries.filter({ hasText: `${nora.name} hat jemanden für die Rolle ‚Mitglied‘ eingeladen` }).count()).toBeGreaterThan(0);
		const accepted = entries.filter({ hasText: 'Dieter Bürger hat die Einladung für die Rolle ‚Mitglied‘ angenommen' });
		expect(await accepted.count()).toBe(1);
		expect(await accepted.innerText()).toContain('in Neudorf');
		expect(await audit.innerText()).not.toContain('member.invite');
		await screenshot(person, 'village-admin');
	});
});
