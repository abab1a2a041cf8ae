// Confirm and undo on a phone (issue 11): Körbecke's admin deletes the link group "Notdienste" by mistake — the
// question names it and its links — presses "Rückgängig", and the group is back with its links in their order.
// Once with JavaScript (a dialog: Escape cancels, the focus returns), once without (a <details> and plain posts).
// Also the links editor's findings: its width, the icons' names, the message for a link deleted meanwhile.
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { DEMO_PASSWORD, expectNoAxeViolations, expectNoAxeViolationsWithoutJavaScript, expectNoHorizontalScroll, logIn, openPage, screenshot, useServerAndBrowser } from './helpers.ts';

const env = useServerAndBrowser();

interface LinksList {
	groups: { id: string; name: string; links: { id: string; title: string }[] }[];
}
const linksOfB = async () => (await (await fetch(`${env.server.url}/api/v1/villages/koerbecke/links/links`)).json()) as LinksList;
const group = (page: Page, name: string) => page.locator('main').getByRole('region', { name, exact: true });
const focused = (page: Page) => page.evaluate(() => `${document.activeElement?.tagName.toLowerCase()}:${document.activeElement?.textContent?.trim() ?? ''}`);

async function logInWithoutJavaScript(page: Page, email: string) {
	const main = page.locator('main');
	await page.goto('/login');
	await main.getByRole('textbox', { name: 'E-Mail-Adresse', exact: true }).fill(email);
	await main.getByRole('textbox', { name: 'Passwort', exact: true }).fill(DEMO_PASSWORD);
	await main.getByRole('button', { name: 'Anmelden' }).click();
	await page.waitForURL('**/account', { timeout: 30_000 });
}

describe('confirm and undo', () => {
	test('at 390 px an admin deletes a link group by mistake, the question names it, and "Rückgängig" brings it back in order', async () => {
		const before = await linksOfB();
		const notdienste = before.groups.find((g) => g.name === 'Notdienste')!;
		expect(notdienste.links.length).toBe(2);
		const page = await openPage(env.browser, env.server.url, { width: 390, height: 844 });
		await logIn(page, 'dorf2@example.org', DEMO_PASSWORD);
		await page.goto('/koerbecke/links');
		const main = page.locator('main');
		// the question is a dialog once the page's script runs (before, it opens in place as without JavaScript)
		await page.waitForFunction(() => !document.querySelector('details.confirm'));
		await group(page, 'Notdienste').getByText('Umbenennen', { exact: false }).click();
		const opener = group(page, 'Notdienste').getByRole('button', { name: /^Gruppe löschen\s*: Notdienste$/ });
		await opener.click();

		// the question names the group and what goes with it; the focus is on the harmless choice
		const dialog = page.getByRole('dialog', { name: 'Gruppe „Notdienste“ mit 2 Links löschen?' });
		await dialog.waitFor();
		expect(await focused(page)).toBe('button:Abbrechen');
		await expectNoAxeViolations(page, '/koerbecke/links with the delete question');
		await expectNoHorizontalScroll(page, 390);
		await screenshot(page, 'undo-confirm-390');
		// Escape cancels: nothing deleted, the focus is back on the button
		await page.keyboard.press('Escape');
		await dialog.waitFor({ state: 'hidden' });
		await expect.poll(() => focused(page)).toBe('button:Gruppe löschen: Notdienste');
		expect((await linksOfB()).groups.map((g) => g.id)).toEqual(before.groups.map((g) => g.id));

		// this time the admin confirms (by mistake)
		await opener.click();
		await dialog.getByRole('button', { name: /^Ja, löschen\s*: Notdienste$/ }).click();
		await page.waitForURL((url) => url.pathname === '/koerbecke/links' && url.searchParams.has('undo'));
		const notice = main.getByRole('status').filter({ hasText: 'gelöscht.' });
		await notice.waitFor();
		expect(await notice.innerText()).toContain('Gruppe „Notdienste“ mit 2 Links gelöscht.');
		await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('status');
		expect(await group(page, 'Notdienste').count()).toBe(0);
		expect((await linksOfB()).groups.some((g) => g.id === notdienste.id)).toBe(false);
		await expectNoAxeViolations(page, '/koerbecke/links after deleting a group');
		await expectNoHorizontalScroll(page, 390);
		await screenshot(page, 'undo-notice-390');

		// Rückgängig: the same group, the same links, the same order
		await notice.getByRole('button', { name: /^Rückgängig\s*: Gruppe „Notdienste“ mit 2 Links$/ }).click();
		await page.waitForURL((url) => url.searchParams.has('restored'));
		await main.getByRole('status').filter({ hasText: 'Gruppe „Notdienste“ mit 2 Links ist wieder da.' }).waitFor();
		expect(await linksOfB()).toEqual(before);
		expect(await group(page, 'Notdienste').getByRole('listitem').count()).toBe(2);
		await expectNoAxeViolations(page, '/koerbecke/links after undoing');
		await page.setViewportSize({ width: 320, height: 700 });
		await expectNoHorizontalScroll(page, 320);
	});

	test('without JavaScript: the question opens in place, the deletion is a plain post, and so is "Rückgängig"', async () => {
		const before = await linksOfB();
		const page = await openPage(env.browser, env.server.url, { width: 390, height: 844, javaScript: false });
		await logInWithoutJavaScript(page, 'dorf2@example.org');
		await page.goto('/koerbecke/links');
		const main = page.locator('main');
		await group(page, 'Notdienste').getByText('Umbenennen', { exact: false }).click();
		await group(page, 'Notdienste').getByText('Gruppe löschen', { exact: false }).click();
		await group(page, 'Notdienste').getByText('Gruppe „Notdienste“ mit 2 Links löschen?', { exact: true }).waitFor();
		await expectNoAxeViolationsWithoutJavaScript(page, '/koerbecke/links with the question, without JavaScript');
		await group(page, 'Notdienste').getByRole('button', { name: /^Ja, löschen\s*: Notdienste$/ }).click();
		await page.waitForURL((url) => url.searchParams.has('undo'));
		const notice = main.getByRole('status').filter({ hasText: 'Gruppe „Notdienste“ mit 2 Links gelöscht.' });
		await notice.waitFor();
		expect(await group(page, 'Notdienste').count()).toBe(0);
		await expectNoAxeViolationsWithoutJavaScript(page, '/koerbecke/links after deleting, without JavaScript');
		await expectNoHorizontalScroll(page, 390);
		await notice.getByRole('button', { name: /^Rückgängig/ }).click();
		await page.waitForURL((url) => url.pathname === '/koerbecke/links' && url.searchParams.has('restored'));
		await main.getByRole('status').filter({ hasText: 'ist wieder da.' }).waitFor();
		expect(await linksOfB()).toEqual(before);
		// a second press (the old page, the back button) is refused with a message, not an error page
		await page.goBack();
		await page.goBack();
		if (await main.getByRole('button', { name: /^Rückgängig/ }).count()) {
			await main.getByRole('button', { name: /^Rückgängig/ }).click();
			await main.getByRole('alert').filter({ hasText: 'Das wurde schon rückgängig gemacht.' }).waitFor();
		}
	});
});

describe('the links editor (issue 11, point 6)', () => {
	test('opens across the row (not in a narrow column), lists icons by name, and says when a link was deleted meanwhile', async () => {
		const page = await openPage(env.browser, env.server.url, { width: 390, height: 844 });
		await logIn(page, 'dorf2@example.org', DEMO_PASSWORD);
		await page.goto('/koerbecke/links');
		const link = group(page, 'Kreis und Gemeinde').getByRole('listitem').first();
		await link.getByText('Bearbeiten', { exact: false }).click();
		const form = link.locator('form').filter({ has: page.getByRole('textbox', { name: 'Titel', exact: true }) });
		const width = async () => (await form.boundingBox())!.width;
		expect(await width(), 'editor width at 390 px').toBeGreaterThan(300);
		await expectNoHorizontalScroll(page, 390);
		await screenshot(page, 'links-editor-390');
		const options = link.getByRole('combobox', { name: 'Symbol', exact: true }).locator('option');
		// the editor's choices come with it: wait for them on a busy machine
		await options.first().waitFor({ state: 'attached' });
		const icons = await options.allInnerTexts();
		expect(icons).toContain('Telefon');
		expect(icons).toContain('Herz');
		expect(icons).not.toContain('phone');
		await page.setViewportSize({ width: 1280, height: 900 });
		expect(await width(), 'editor width at 1280 px').toBeGreaterThan(450);

		// someone else deletes the link while this form is open; saving says so at the form
		const id = (await linksOfB()).groups.find((g) => g.name === 'Kreis und Gemeinde')!.links[0]!.id;
		const other = await openPage(env.browser, env.server.url);
		await logIn(other, 'kreis@example.org', DEMO_PASSWORD);
		const gone = await other.request.delete(`/api/v1/villages/koerbecke/links/links/${id}`, { headers: { origin: env.server.url } });
		expect(gone.status()).toBe(204);
		await link.getByRole('textbox', { name: 'Titel', exact: true }).fill('Kreis Soest (neu)');
		await link.getByRole('button', { name: 'Speichern', exact: true }).click();
		await page.locator('main').getByRole('alert').filter({ hasText: 'Dieser Link wurde inzwischen gelöscht' }).waitFor();
		await expectNoAxeViolations(page, '/koerbecke/links after saving a deleted link');
	});

	test('without JavaScript the message of a link deleted meanwhile shows at the top', async () => {
		const page = await openPage(env.browser, env.server.url, { width: 390, height: 844, javaScript: false });
		await logInWithoutJavaScript(page, 'dorf2@example.org');
		await page.goto('/koerbecke/links');
		const link = group(page, 'Notdienste').getByRole('listitem').last();
		await link.getByText('Bearbeiten', { exact: false }).click();
		const id = (await linksOfB()).groups.find((g) => g.name === 'Notdienste')!.links.at(-1)!.id;
		const other = await openPage(env.browser, env.server.url);
		await logIn(other, 'kreis@example.org', DEMO_PASSWORD);
		expect((await other.request.delete(`/api/v1/villages/koerbecke/links/links/${id}`, { headers: { origin: env.server.url } })).status()).toBe(204);
		await link.getByRole('button', { name: 'Speichern', exact: true }).click();
		await page.locator('main').getByRole('alert').filter({ hasText: 'Dieser Link wurde inzwischen gelöscht' }).waitFor();
		await expectNoAxeViolationsWithoutJavaScript(page, '/koerbecke/links after saving a deleted link, without JavaScript');
	});
});
