// Registering and logging in with the keyboard alone: Tab to the skip link and through the fields, type,
// Enter to submit. No clicks and no filling by selector; selectors only read what happened.
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { expectNoAxeViolations, openPage, useServerAndBrowser, verifyFromMailbox } from './helpers.ts';

interface Focused {
	tag: string;
	id: string;
	text: string;
	outlineStyle: string;
	outlineWidth: string;
	inViewport: boolean;
}

/** What has the keyboard focus now, and whether it is visibly marked. */
function focused(page: Page): Promise<Focused> {
	return page.evaluate(() => {
		const el = document.activeElement as HTMLElement | null;
		if (!el) return { tag: '', id: '', text: '', outlineStyle: 'none', outlineWidth: '0px', inViewport: false };
		const style = getComputedStyle(el);
		const box = el.getBoundingClientRect();
		return {
			tag: el.tagName.toLowerCase(),
			id: el.id,
			text: (el.innerText ?? '').trim(),
			outlineStyle: style.outlineStyle,
			outlineWidth: style.outlineWidth,
			inViewport: box.bottom > 0 && box.right > 0 && box.top < window.innerHeight && box.left < window.innerWidth
		};
	});
}

/** Fails unless the focused element shows a focus outline and can be seen. */
function expectVisibleFocus(f: Focused, what: string) {
	expect(f.outlineStyle, `focus outline of ${what}`).not.toBe('none');
	expect(parseFloat(f.outlineWidth), `focus outline width of ${what}`).toBeGreaterThanOrEqual(2);
	expect(f.inViewport, `${what} is on screen when focused`).toBe(true);
}

/** From the top of a fresh page: Tab to the skip link, follow it, and land on the main content. */
async function skipToContent(page: Page) {
	await page.keyboard.press('Tab');
	const skip = await focused(page);
	expect(skip.tag).toBe('a');
	expect(skip.text).toBe('Zum Inhalt springen');
	expectVisibleFocus(skip, 'the skip link');
	await page.keyboard.press('Enter');
	await expect.poll(async () => (await focused(page)).id, { timeout: 5000 }).toBe('main');
}

/** Tab to the next control; it must be the field with this id, visibly focused. */
async function tabToField(page: Page, id: string) {
	await page.keyboard.press('Tab');
	const f = await focused(page);
	expect(f.id, 'the next control after Tab').toBe(id);
	expectVisibleFocus(f, `#${id}`);
}

describe('keyboard only', () => {
	const env = useServerAndBrowser();

	test('register and log in with the keyboard alone', async () => {
		const account = { name: 'Karl Tastatur', email: 'karl@example.net', password: 'nur mit der Tastatur' };
		const page = await openPage(env.browser, env.server.url);
		const main = page.locator('main');

		// Register.
		await page.goto('/register');
		await expectNoAxeViolations(page);
		await skipToContent(page);
		await tabToField(page, 'f-displayName');
		await page.keyboard.type(account.name);
		await tabToField(page, 'f-email');
		await page.keyboard.type(account.email);
		await tabToField(page, 'f-password');
		await page.keyboard.type(account.password);
		await page.keyboard.press('Enter');
		await main.getByRole('status').waitFor();
		expect(await main.getByRole('status').innerText()).toContain(`Wir haben eine E-Mail an ${account.email} geschickt`);
		await expectNoAxeViolations(page, '/register sent');

		// The link in the mail is opened as from a mail program.
		await verifyFromMailbox(page, account.email);

		// Log in: a wrong password first, corrected without leaving the keyboard.
		await page.goto('/login');
		await expectNoAxeViolations(page);
		await skipToContent(page);
		await tabToField(page, 'f-email');
		await page.keyboard.type(account.email);
		await tabToField(page, 'f-password');
		await page.keyboard.type('ein falsches Passwort');
		await page.keyboard.press('Enter');
		await main.getByRole('alert').waitFor();
		expect(await main.getByRole('alert').innerText()).toContain('E-Mail-Adresse oder Passwort stimmen nicht.');
		await expectNoAxeViolations(page, '/login with error');
		// Focus stays in the password field: select what was typed and type the right one.
		expect((await focused(page)).id).toBe('f-password');
		await page.keyboard.press('ControlOrMeta+A');
		await page.keyboard.type(account.password);
		await page.keyboard.press('Enter');

		await page.waitForURL((url) => url.pathname === '/account');
		expect(await main.getByRole('heading', { level: 1 }).innerText()).toBe('Mein Konto');
		expect(await main.getByRole('textbox', { name: 'Name', exact: true }).inputValue()).toBe(account.name);
		expect(await main.innerText()).toContain(account.email);
		await expectNoAxeViolations(page);
	});
});
