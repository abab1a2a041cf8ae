// Shared pieces of the browser tests: Debian's Chromium through playwright-core, a fresh context per test,
// axe checks, the dev mailbox and the login form. The server itself comes from tests/helpers/server.ts.
import { mkdirSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { startServer, type TestServer } from '../helpers/server.ts';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const DEMO_PASSWORD = 'allmende-demo';
export const SCREENSHOT_DIR = 'test-results';
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'];

/**
 * The set-up of every e2e file: a server with a fresh demo database and a browser, shared by the file's
 * tests; every context is closed (and checked for server and script errors) after each test.
 */
export function useServerAndBrowser(): { server: TestServer; browser: Browser } {
	const env = {} as { server: TestServer; browser: Browser };
	beforeAll(async () => {
		// A file logs the same demo person in many times (each width, with and without JavaScript): five logins of
		// one account from one address within a minute would be refused. The limit itself is tested in
		// loginLimits.test.ts and routes.test.ts.
		env.server = await startServer({ RATE_LIMIT_LOGINS_PER_MINUTE: '1000' });
		env.browser = await launchBrowser();
	});
	afterAll(async () => {
		await env.browser?.close();
		await env.server?.stop();
	});
	afterEach(async () => {
		await closeContexts(env.browser);
	});
	return env;
}

/** How every test starts Chromium: headless, offline from Google's services. */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function launchBrowser(): Promise<Browser> {
	return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

// Things that go wrong without a visible symptom: 5xx responses, uncaught exceptions, console errors.
const problems = new WeakMap<Page, string[]>();

export interface OpenOptions {
	width?: number;
	height?: number;
	colorScheme?: 'light' | 'dark';
	/**
	 * false: a browser that runs no scripts (or before they load). axe cannot run in such a page (it needs
	 * timers): check it with expectNoAxeViolationsWithoutJavaScript, and log in without logIn.
	 */
	javaScript?: boolean;
	/**
	 * true: the village app's service worker may register (the offline tests). Elsewhere it is blocked: every fresh
	 * context would otherwise precache the app shell in the background (some 60 requests, icons drawn) while the
	 * test's own steps run, and the worker has its own tests.
	 */
	serviceWorker?: boolean;
}

/** A new, empty browser context (no cookies, German browser language) with one page on the test server. */
export async function openPage(browser: Browser, baseURL: string, options: OpenOptions = {}): Promise<Page> {
	const context = await browser.newContext({
		baseURL,
		locale: 'de-DE',
		viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
		colorScheme: options.colorScheme ?? 'light',
		javaScriptEnabled: options.javaScript ?? true,
		acceptDownloads: true,
		serviceWorkers: options.serviceWorker ? 'allow' : 'block'
	});
	// Fail after 10 s instead of Playwright's 30 s: every single step here takes well under a second.
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

/**
 * axe on the App-Baukasten: like expectNoAxeViolations, but without its preview frame, which shows the village
 * app (its pages are checked where they are opened themselves; a framed page's landmarks would count twice).
 */
export async function expectBuilderAccessible(page: Page, label = new URL(page.url()).pathname): Promise<void> {
	const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).exclude('iframe').analyze();
	const report = results.violations.map((v) => `${v.id} [${v.impact}] ${v.help}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
	if (report.length) console.error(`axe violations on ${label}:\n${report.join('\n')}`);
	expect.soft(report, `axe violations on ${label}`).toEqual([]);
}

/** Publishes the village's app draft in the App-Baukasten (the page is signed in as one of its builders). */
export async function publishApp(page: Page, slug: string, note = ''): Promise<void> {
	await page.goto(`/${slug}/builder?tab=publish`);
	const main = page.locator('main');
	if (note) await main.getByRole('textbox', { name: 'Notiz zur Version (optional)' }).fill(note);
	await main.getByRole('button', { name: 'Veröffentlichen', exact: true }).click();
	await main.getByText('Veröffentlicht. Alle sehen jetzt die neue Version der App.').waitFor();
}

/**
 * Every link in an error summary (role=alert) must lead to the form control it names, so that a keyboard or
 * screen-reader user gets there from the summary (WCAG 3.3.1, 2.4.3). A soft assertion, like the axe check.
 */
export async function expectErrorSummaryLinksReachFields(page: Page, label = new URL(page.url()).pathname): Promise<void> {
	const broken = await page.evaluate(() => {
		const out: string[] = [];
		for (const a of document.querySelectorAll<HTMLAnchorElement>('[role="alert"] a[href^="#"]')) {
			const id = decodeURIComponent(a.getAttribute('href')!.slice(1));
			const target = document.getElementById(id);
			if (!target || !target.matches('input, select, textarea, button')) out.push(`"${a.textContent?.trim()}" links to #${id}, which is ${target ? `a <${target.tagName.toLowerCase()}>` : 'not on the page'}`);
		}
		return out;
	});
	expect.soft(broken, `error summary links that do not reach their field on ${label}`).toEqual([]);
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
	await waitForAccountPage(page);
	await main.getByRole('heading', { level: 1, name: 'Mein Konto', exact: true }).waitFor();
	await expectNoAxeViolations(page);
}

/**
 * After "Anmelden": waits for /account, or fails at once with what the login page says instead (a refused
 * login, "Zu viele Anmeldeversuche …") rather than after a long wait for an address that never comes.
 */
export async function waitForAccountPage(page: Page): Promise<void> {
	const refused = page
		.locator('main [role="alert"]')
		.first()
		.waitFor({ timeout: 30_000 })
		.then(async () => page.locator('main [role="alert"]').first().innerText());
	const arrived = page.waitForURL('**/account', { timeout: 30_000 }).then(() => null);
	arrived.catch(() => {}); // awaited below when the login went through; not left unhandled when it did not
	const message = await Promise.race([arrived, refused.catch(() => null)]);
	if (message !== null && !new URL(page.url()).pathname.endsWith('/account')) throw new Error(`login refused: ${message.replace(/\s+/g, ' ')}`);
	await arrived;
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
	await main.getByRole('status').filter({ hasText: `Wir haben eine E-Mail an ${account.email} geschickt` }).waitFor();
	await expectNoAxeViolations(page);
}

/** Opens the verification link of the latest confirmation mail to this address; expects success. */
export async function verifyFromMailbox(page: Page, email: string): Promise<void> {
	const main = page.locator('main');
	const link = await mailLink(page, email, 'Bitte bestätigen Sie Ihre E-Mail-Adresse');
	expect(new URL(link).pathname).toBe('/verify');
	await page.goto(link);
	await main.getByRole('status').filter({ hasText: 'Ihre E-Mail-Adresse ist bestätigt' }).waitFor();
	await expectNoAxeViolations(page);
}

/**
 * axe needs scripts and timers, which do not run in a page without JavaScript. This runs the same check
 * (expectNoAxeViolations) on a copy of such a page as it is now: its DOM without scripts, with its styles,
 * at its address, in a separate context with JavaScript on.
 */
export async function expectNoAxeViolationsWithoutJavaScript(page: Page, label = new URL(page.url()).pathname): Promise<void> {
	const address = page.url();
	const html = (await page.content()).replace(/<script\b[\s\S]*?<\/script>/gi, '');
	const viewport = page.viewportSize() ?? { width: 1280, height: 900 };
	const colorScheme = await page.evaluate(() => (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'));
	const context = await page.context().browser()!.newContext({ locale: 'de-DE', viewport, colorScheme });
	try {
		const copy = await context.newPage();
		await copy.route((url) => url.href === address, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
		await copy.goto(address);
		await expectNoAxeViolations(copy, `${label} (without JavaScript)`);
	} finally {
		await context.close();
	}
}

/**
 * Logs in through the login form in a page without JavaScript (axe cannot run there, so unlike logIn this
 * checks nothing on the way); waits for the account page.
 */
export async function logInWithoutJavaScript(page: Page, email: string, password: string): Promise<void> {
	const main = page.locator('main');
	await page.goto('/login');
	await main.getByRole('textbox', { name: 'E-Mail-Adresse', exact: true }).fill(email);
	await main.getByRole('textbox', { name: 'Passwort', exact: true }).fill(password);
	await main.getByRole('button', { name: 'Anmelden' }).click();
	await waitForAccountPage(page);
}

/**
 * A new person asks to become a member of a village the way a neighbour does: she opens the village's join link
 * (/<village>/join), registers from there, confirms her address from the dev mailbox, logs in (and comes back to
 * the join page) and sends the request. Ends signed in, with the request waiting for the village's admins.
 */
export async function registerAndAskToJoin(page: Page, village: { slug: string; name: string }, account: NewAccount, message = ''): Promise<void> {
	const main = page.locator('main');
	const join = `/${village.slug}/join`;
	await page.goto(join);
	expect(await main.getByRole('heading', { level: 1 }).innerText()).toBe(`Mitglied werden in ${village.name}`);
	await main.getByRole('link', { name: 'Registrieren' }).click();
	await page.waitForURL((url) => url.pathname === '/register' && url.searchParams.get('next') === join);
	await main.getByRole('textbox', { name: 'Name', exact: true }).fill(account.name);
	await main.getByRole('textbox', { name: 'E-Mail-Adresse', exact: true }).fill(account.email);
	await main.getByRole('textbox', { name: 'Passwort', exact: true }).fill(account.password);
	await main.getByRole('button', { name: 'Konto anlegen' }).click();
	await main.getByRole('status').filter({ hasText: `Wir haben eine E-Mail an ${account.email} geschickt` }).waitFor();
	await page.goto(await mailLink(page, account.email, 'Bitte bestätigen Sie Ihre E-Mail-Adresse'));
	await main.getByRole('status').filter({ hasText: 'Ihre E-Mail-Adresse ist bestätigt' }).waitFor();
	await main.getByRole('link', { name: 'Anmelden' }).click();
	await main.getByRole('textbox', { name: 'E-Mail-Adresse', exact: true }).fill(account.email);
	await main.getByRole('textbox', { name: 'Passwort', exact: true }).fill(account.password);
	await main.getByRole('button', { name: 'Anmelden' }).click();
	await page.waitForURL((url) => url.pathname === join);
	if (message) await main.getByRole('textbox', { name: 'Nachricht an die Admins' }).fill(message);
	await main.getByRole('button', { name: 'Anfrage senden' }).click();
	await main.getByRole('status').filter({ hasText: 'Ihre Anfrage ist angekommen.' }).waitFor();
}

/**
 * The village's admin (the page is signed in as one) takes a person in from the requests on the Mitglieder page;
 * the person then gets the welcome mail.
 */
export async function approveJoinRequest(admin: Page, villageSlug: string, account: NewAccount): Promise<void> {
	const main = admin.locator('main');
	await admin.goto(`/${villageSlug}/admin/members`);
	const request = main.getByRole('list', { name: 'Anfragen „Mitglied werden“' }).getByRole('listitem').filter({ hasText: account.email });
	await request.getByRole('button', { name: `Aufnehmen – ${account.name}` }).click();
	await main.getByRole('status').filter({ hasText: 'Anfrage angenommen' }).waitFor();
	const card = main.getByRole('list', { name: 'Mitglieder und Rollen' }).getByRole('listitem').filter({ hasText: account.email });
	expect(await card.getByRole('combobox', { name: `Rolle von ${account.name}` }).inputValue()).toBe('member');
}
