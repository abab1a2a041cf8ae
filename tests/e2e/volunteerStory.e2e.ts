// Issue 11's "done when", on a phone (390 px), as one story: Körbecke's admin invites a neighbour who has no
// account yet; the neighbour registers through the invitation and joins; the admin deletes a link by mistake,
// undoes it, and reads the history as sentences — no codes, no ids.
import { describe, expect, test } from 'vitest';
import { DEMO_PASSWORD, expectNoAxeViolations, expectNoHorizontalScroll, logIn, mailLink, openPage, register, useServerAndBrowser, verifyFromMailbox } from './helpers.ts';

const env = useServerAndBrowser();
const PHONE = { width: 390, height: 844 };

interface LinksList {
	groups: { id: string; name: string; links: { id: string; title: string }[] }[];
}

describe('a volunteer runs the village from a phone', () => {
	test('invite a neighbour, she joins; delete a link by mistake and undo it; read the history as sentences', async () => {
		const admin = await openPage(env.browser, env.server.url, PHONE);
		await logIn(admin, 'dorf2@example.org', DEMO_PASSWORD);
		const main = admin.locator('main');

		// the invitation, from the members' section
		await admin.goto('/koerbecke/admin');
		await admin.getByRole('navigation', { name: 'Bereiche der Dorfverwaltung' }).getByRole('link', { name: 'Mitglieder' }).click();
		await admin.waitForURL((url) => url.pathname === '/koerbecke/admin/members');
		const members = main.locator('section', { has: admin.getByRole('heading', { level: 2, name: 'Mitglieder und Rollen' }) });
		await members.getByRole('textbox', { name: 'E-Mail-Adresse', exact: true }).fill('nachbarin@example.org');
		await members.getByRole('button', { name: 'Einladung senden' }).click();
		await main.getByRole('status').filter({ hasText: 'Einladung verschickt.' }).waitFor();
		await expectNoHorizontalScroll(admin, 390);

		// the neighbour: no account yet; she registers, confirms her address and accepts
		const neighbour = await openPage(env.browser, env.server.url, PHONE);
		const invitation = await mailLink(neighbour, 'nachbarin@example.org', 'Einladung zu Körbecke');
		await register(neighbour, { name: 'Nina Nachbarin', email: 'nachbarin@example.org', password: 'Apfelbaum-im-Garten-7' });
		await verifyFromMailbox(neighbour, 'nachbarin@example.org');
		// she signs in from the invitation and comes back to it
		await neighbour.goto(invitation);
		const neighbourMain = neighbour.locator('main');
		await neighbourMain.getByRole('link', { name: 'Anmelden', exact: true }).click();
		await neighbour.waitForURL((url) => url.pathname === '/login');
		await neighbourMain.getByRole('textbox', { name: 'E-Mail-Adresse', exact: true }).fill('nachbarin@example.org');
		await neighbourMain.getByRole('textbox', { name: 'Passwort', exact: true }).fill('Apfelbaum-im-Garten-7');
		await neighbourMain.getByRole('button', { name: 'Anmelden' }).click();
		await neighbour.waitForURL((url) => url.pathname === new URL(invitation).pathname);
		await neighbour.locator('main').getByRole('button', { name: 'Einladung annehmen' }).click();
		await neighbour.locator('main').getByRole('status').filter({ hasText: 'Sie sind jetzt dabei: Körbecke' }).waitFor();
		await admin.reload();
		await members.getByRole('list', { name: 'Mitglieder und Rollen' }).getByRole('listitem').filter({ hasText: 'nachbarin@example.org' }).waitFor();

		// a link deleted by mistake, and back
		const before = (await (await fetch(`${env.server.url}/api/v1/villages/koerbecke/links/links`)).json()) as LinksList;
		const link = before.groups.find((g) => g.links.length > 0)!.links[0]!;
		await admin.goto('/koerbecke/links');
		await admin.waitForFunction(() => !document.querySelector('details.confirm'));
		await main.locator('summary', { hasText: `Bearbeiten: ${link.title}` }).first().click();
		await main.getByRole('button', { name: new RegExp(`^Löschen\\s*: ${link.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }).click();
		const question = admin.getByRole('dialog', { name: `Link „${link.title}“ löschen?` });
		await question.waitFor();
		await question.getByRole('button', { name: /^Ja, löschen/ }).click();
		await admin.waitForURL((url) => url.searchParams.has('undo'));
		await main.getByRole('status').filter({ hasText: 'gelöscht.' }).getByRole('button', { name: /^Rückgängig/ }).click();
		await admin.waitForURL((url) => url.searchParams.has('restored'));
		const after = (await (await fetch(`${env.server.url}/api/v1/villages/koerbecke/links/links`)).json()) as LinksList;
		expect(after).toEqual(before);

		// the history reads as sentences
		await admin.goto('/koerbecke/admin/history');
		const history = await main.innerText();
		// the invitation is accepted, so its address is no longer named
		expect(history).toContain('Bernd Körbecke hat jemanden für die Rolle ‚Mitglied‘ eingeladen');
		expect(history).toContain(`Bernd Körbecke hat den Link ‚${link.title}‘ gelöscht`);
		expect(history).toContain(`Bernd Körbecke hat wiederhergestellt: Link „${link.title}“`);
		expect(history).toContain('Nina Nachbarin hat die Einladung für die Rolle ‚Mitglied‘ angenommen');
		expect(history).not.toMatch(/links\.delete|undo\.restore|member\.invite|[0-9a-f]{8}-[0-9a-f]{4}-/);
		await expectNoAxeViolations(admin, '/koerbecke/admin/history after the story');
		await admin.setViewportSize({ width: 320, height: 700 });
		await expectNoHorizontalScroll(admin, 320);
	});
});
