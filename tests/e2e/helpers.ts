// Shared pieces of the browser tests: Debian's Chromium through playwright-core, a fresh context per test,
// axe checks, the dev mailbox and the login form. The server itself comes from tests/helpers/server.ts.
import { mkdirSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const DEMO_PASSWORD = 'allmende-demo';
export const SCREENSHOT_DIR = 'test-results';
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'];

export function launchBrowser(): Promise<Browser> {
	return chromium.launch({
		executablePath: CHROMIUM_PATH,
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
	});
}

// Things that go wrong without a visible symptom: 5xx responses, uncaught exceptions, console errors.
const problems = new WeakMap<Page, string[]>();

export interface OpenOptions {
	width?: number;
	height?: number;
}

/** A new, empty browser context (no cookies, German browser language) with one page on the test server. */
export async function openPage(browser: Browser, baseURL: string, options: OpenOptions = {}): Promise<Page> {
	const context = await browser.newContext({
		baseURL,
		locale: 'de-DE',
		viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
		acceptDownloads: true
	});
	// Fail fast: nothing in these flows should take seconds.
	context.setDefaultTimeout(10_000);
	const page = await context.newPage();
	const list: string[] = [];
	problems.set(page, list);
	page.on('response', (response) => {
		if (response.status() >= 500) list.push(`HTTP ${response.status()} for ${response.request().method()} ${response.url()}`);
	});
	page.on('pageerror', (error) => list.push(`uncaught exception on ${page.url()}: ${error.message}`));
	page.on('console', (message) => {
		// Failed loads show up in the console too; 5xx ones are caught above, 4xx are often intended (a form error).
		if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) list.push(`console error on ${page.url()}: ${message.text()}`);
	});
	return page;
}

/** Closes every context of the browser; fails the test if a page met a server error or a script error. */
export async function closeContexts(browser: Browser): Promise<void> {
	const found: string[] = [];
	for (const context of browser.contexts()) {
		for (const page of context.pages()) found.push(...(problems.get(page) ?? []));
		await context.close();
	}
	expect(found, 'server errors (5xx), uncaught exceptions or console errors during the test').toEqual([]);
}

/**
 * Runs axe (WCAG 2.0/2.1/2.2 A and AA) on the page as it is now and expects no violations. A soft assertion:
 * the test goes on (so one run shows every page's problems) but is marked failed, listing each violation.
 */
export async function expectNoAxeViolations(page: Page, label = new URL(page.url()).pathname): Promise<void> {
	const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
	const report = results.violations.map((v) => {
		const nodes = v.nodes.map((n) => `    at ${n.target.join(' ')}: ${n.failureSummary?.replace(/\s+/g, ' ')}`).join('\n');
		return `${v.id} [${v.impact}] ${v.help} (${v.helpUrl})\n${nodes}`;
	});
	if (report.length) console.error(`axe violations on ${label}:\n${report.join('\n')}`);
	expect.soft(report, `axe violations on ${label}`).toEqual([]);
}

/** Fails unless the page fits its viewport width (no horizontal scrolling). */
export async function expectNoHorizontalScroll(page: Page, width: number): Promise<void> {
	const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
	expect(scrollWidth, `horizontal scrolling on ${new URL(page.url()).pathname} at ${width}px`).toBeLessThanOrEqual(width);
}

export async function screenshot(page: Page, name: string): Promise<void> {
	mkdirSync(SCREENSHOT_DIR, { recursive: true });
	await page.screenshot({ path: `${SCREENSHOT_DIR}/${name}.png`, fullPage: true });
}

/**
 * The first link in the latest mail to this address (optionally with this subject). The background job
 * worker delivers mails shortly after the action, so the dev mailbox is polled; its page is checked with axe.
 */
export async function mailLink(page: Page, to: string, subject?: string): Promise<string> {
	const deadline = Date.now() + 15_000;
	for (;;) {
		await page.goto(`/dev/mailbox?to=${encodeURIComponent(to)}`);
		const mail = page.locator('article.mail', subject ? { hasText: subject } : {}).first();
		if ((await mail.count()) > 0) {
			await expectNoAxeViolations(page);
			const href = await mail.locator('pre a').first().getAttribute('href');
			if (!href) throw new Error(`The mail to ${to} has no link:\n${await mail.innerText()}`);
			return href;
		}
		if (Date.now() > deadline) throw new Error(`No mail${subject ? ` "${subject}"` : ''} to ${to} in the dev mailbox after 15 s`);
		await page.waitForTimeout(200);
	}
}

/** Logs in through the login form and waits for the account page. */
export async function logIn(page: Page, email: string, password: string): Promise<void> {
	await page.goto('/login');
	await expectNoAxeViolations(page);
	const main = page.locator('main');
	await main.getByRole('textbox', { name: 'E-Mail-Adresse', exact: true }).fill(email);
	await main.getByRole('textbox', { name: 'Passwort', exact: true }).fill(password);
	await main.getByRole('button', { name: 'Anmelden' }).click();
	await page.waitForURL('**/account');
	await expect.poll(() => main.getByRole('heading', { level: 1 }).innerText()).toBe('Mein Konto');
	await expectNoAxeViolations(page);
}

export interface NewAccount {
	name: string;
	email: string;
	password: string;
}

/** Registers through the form, then opens the verification link from the dev mailbox. */
export async function registerAndVerify(page: Page, account: NewAccount): Promise<void> {
	await register(page, account);
	await verifyFromMailbox(page, account.email);
}

/** Fills in and sends the registration form; expects the "check your mail" message. */
export async function register(page: Page, account: NewAccount): Promise<void> {
	await page.goto('/register');
	await expectNoAxeViolations(page);
	const main = page.locator('main');
	await main.getByRole('textbox', { name: 'Name', exact: true }).fill(account.name);
	await main.getByRole('textbox', { name: 'E-Mail-Adresse', exact: true }).fill(account.email);
	await main.getByRole('textbox', { name: 'Passwort', exact: true }).fill(account.password);
	await main.getByRole('button', { name: 'Konto anlegen' }).click();
	await expect.poll(() => main.getByRole('status').innerText()).toContain(`Wir haben eine E-Mail an ${account.email} geschickt`);
	await expectNoAxeViolations(page);
}

/** Opens the verification link of the latest confirmation mail to this address; expects success. */
export async function verifyFromMailbox(page: Page, email: string): Promise<void> {
	const main = page.locator('main');
	const link = await mailLink(page, email, 'Bitte bestätigen Sie Ihre E-Mail-Adresse');
	expect(new URL(link).pathname).toBe('/verify');
	await page.goto(link);
	await expect.poll(() => main.getByRole('status').innerText()).toContain('Ihre E-Mail-Adresse ist bestätigt');
	await expectNoAxeViolations(page);
}
