// Issue 13's "done when", as one story in Körbecke's Dorf-Chat (German UI): two new neighbours sign up through the
// village's join link and are taken in by its admin; both open the room "Allgemein" at the same time and write to
// each other — each sees the other's message arrive without a reload, announced in the live region; one reports a
// message, the admin removes it from the moderation page, and both open pages show it as removed. Then the same
// with the keyboard alone, and in a browser without JavaScript; every chat page passes axe.
//
// The tests build on each other (the accounts of the first, the messages of the second) and run in order.
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import {
	approveJoinRequest,
	DEMO_PASSWORD,
	expectNoAxeViolations,
	expectNoAxeViolationsWithoutJavaScript,
	logIn,
	logInWithoutJavaScript,
	mailLink,
	openPage,
	registerAndAskToJoin,
	screenshot,
	useServerAndBrowser,
	type NewAccount
} from './helpers.ts';

const env = useServerAndBrowser();

const VILLAGE = { slug: 'koerbecke', name: 'Körbecke' };
const ROOM = '/koerbecke/chat/allgemein';
const ADMIN = 'dorf2@example.org'; // Bernd Körbecke, the village's admin: moderates its chat
const ute: NewAccount = { name: 'Ute Uhlenbrock', email: 'ute.uhlenbrock@example.net', password: 'Am Möhnesee wohnt es sich gut' };
const kai: NewAccount = { name: 'Kai Kettler', email: 'kai.kettler@example.net', password: 'Handschuhe und Müllsäcke' };

// What the tests tell each other: the ids of the messages written in the second test.
const written = { hello: '', answer: '', removed: '' };
const REPORT_REASON = 'Telefonnummer eines Nachbarn ohne seine Zustimmung';

/** The room's message list, as the DOM contract names it. */
const messages = (page: Page) => page.locator('ol#chat-messages');
/** One message of the list by its id. */
const message = (page: Page, id: string) => page.locator(`ol#chat-messages > li#m-${id}`);

/**
 * Marks the open room page so that later checks can tell it was not reloaded (a reload forgets the mark), and
 * records every text the live region #chat-live shows (a screen reader reads each one; the page may replace or
 * clear it soon after).
 */
async function watchRoom(page: Page): Promise<void> {
	await page.evaluate(() => {
		const w = window as unknown as { chatTestMark: boolean; chatLive: string[] };
		w.chatTestMark = true;
		w.chatLive = [];
		const live = document.getElementById('chat-live');
		if (!live) throw new Error('no #chat-live region on the page');
		new MutationObserver(() => {
			const now = (live.textContent ?? '').replace(/\s+/g, ' ').trim();
			if (now && w.chatLive.at(-1) !== now) w.chatLive.push(now);
		}).observe(live, { childList: true, subtree: true, characterData: true });
	});
}

/** Fails unless the page is still the document that watchRoom marked (no reload, no navigation). */
async function expectNotReloaded(page: Page, who: string): Promise<void> {
	expect(await page.evaluate(() => (window as unknown as { chatTestMark?: boolean }).chatTestMark === true), `${who}'s room page was not reloaded`).toBe(true);
}

/** Waits until the live region has announced a text containing `part`. */
async function expectAnnounced(page: Page, part: string): Promise<void> {
	await expect
		.poll(async () => page.evaluate(() => (window as unknown as { chatLive: string[] }).chatLive), { timeout: 10_000, message: `#chat-live announces "${part}"` })
		.toEqual(expect.arrayContaining([expect.stringContaining(part)]));
}

/** Opens the room and waits until its live connection stands ("Verbunden"), so nothing sent from now on is missed. */
async function openRoom(page: Page): Promise<void> {
	await page.goto(ROOM);
	expect(await page.locator('main').getByRole('heading', { level: 1 }).innerText()).toBe('Allgemein');
	await page.locator('#chat-connection').filter({ hasText: 'Verbunden' }).waitFor();
	// the live region is on the page from the start (a region added later is not read by every screen reader)
	const live = page.locator('#chat-live');
	expect([await live.getAttribute('role'), await live.getAttribute('aria-live')]).toEqual(['status', 'polite']);
	await watchRoom(page);
}

/** Writes a message with the mouse and the "Senden" button; returns its id once it shows in the list. */
async function send(page: Page, body: string): Promise<string> {
	const composer = page.locator('form#chat-composer');
	await composer.getByRole('textbox', { name: 'Nachricht', exact: true }).fill(body);
	await composer.getByRole('button', { name: 'Senden', exact: true }).click();
	return idOfMessage(page, body);
}

/** The id of the (newest) message in the list with this text, once it is there. */
async function idOfMessage(page: Page, text: string): Promise<string> {
	// only a message the server has numbered has the id "m-…" (one still being sent may show with another)
	const item = messages(page).locator('> li[id^="m-"]').filter({ hasText: text }).last();
	await item.waitFor();
	const id = (await item.getAttribute('id')) ?? '';
	expect(id).toMatch(/^m-.+/);
	return id.slice(2);
}

/** The element with the keyboard focus, in words a test can compare. */
function focusedIs(page: Page, check: string): Promise<boolean> {
	return page.evaluate((selector) => document.activeElement?.matches(selector) ?? false, check);
}

/** Presses Tab until the element matching `selector` has the focus (at most `limit` times); fails otherwise. */
async function tabTo(page: Page, selector: string, what: string, limit = 300): Promise<void> {
	for (let i = 0; i < limit; i++) {
		if (await focusedIs(page, selector)) return;
		await page.keyboard.press('Tab');
	}
	expect(await focusedIs(page, selector), `Tab reaches ${what}`).toBe(true);
}

describe('the village chat', () => {
	test('two new neighbours register through Körbecke’s join link and its admin takes them in', async () => {
		const admin = await openPage(env.browser, env.server.url);
		await logIn(admin, ADMIN, DEMO_PASSWORD);
		for (const person of [ute, kai]) {
			const page = await openPage(env.browser, env.server.url);
			await registerAndAskToJoin(page, VILLAGE, person, 'Ich wohne im Dorf und möchte im Dorf-Chat mitreden.');
			// not a member yet: the chat is closed to her (the page refuses, it shows no room)
			const refused = await page.goto(ROOM);
			expect(refused?.status(), 'the room before the admin took her in').toBeGreaterThanOrEqual(400);
			await approveJoinRequest(admin, VILLAGE.slug, person);
			expect(new URL(await mailLink(page, person.email, 'Willkommen in Körbecke')).pathname).toBe('/koerbecke/');
			// now the chat is open to her
			expect((await page.goto(ROOM))?.status(), 'the room once she is a member').toBe(200);
			await page.context().close();
		}
	});

	test('both open “Allgemein”, write to each other live; a report, the moderator removes it, both see it live', async () => {
		const utePage = await openPage(env.browser, env.server.url);
		const kaiPage = await openPage(env.browser, env.server.url);
		await logIn(utePage, ute.email, ute.password);
		await logIn(kaiPage, kai.email, kai.password);

		// the room list: "Allgemein" among the rooms, as a link
		await utePage.goto('/koerbecke/chat');
		expect(await utePage.locator('main').getByRole('heading', { level: 1 }).innerText()).toBe('Dorf-Chat');
		await utePage.locator('main').getByRole('link', { name: /^Allgemein/ }).click();
		await utePage.waitForURL((url) => url.pathname === ROOM);
		await openRoom(utePage);
		await openRoom(kaiPage);
		await expectNoAxeViolations(utePage, `${ROOM} (new member, empty room)`);

		// Ute writes; she sees "Gesendet", Kai sees it arrive and hears it announced — nobody reloads
		written.hello = await send(utePage, 'Hallo Kai, kommst du am Samstag zum Dorfputz?');
		await expectAnnounced(utePage, 'Gesendet');
		await message(kaiPage, written.hello).filter({ hasText: 'Hallo Kai, kommst du am Samstag zum Dorfputz?' }).waitFor();
		expect(await message(kaiPage, written.hello).innerText()).toContain(ute.name);
		await expectAnnounced(kaiPage, `Neue Nachricht von ${ute.name}: Hallo Kai`);
		// the answer, the other way round
		written.answer = await send(kaiPage, 'Ja, ich bringe Handschuhe und Säcke mit.');
		await message(utePage, written.answer).filter({ hasText: 'Ja, ich bringe Handschuhe und Säcke mit.' }).waitFor();
		await expectAnnounced(utePage, `Neue Nachricht von ${kai.name}: Ja, ich bringe`);
		// a message that should not stay: someone else's phone number
		written.removed = await send(utePage, 'Ruft alle Herrn Möller an, 0171 2345678, der hat einen Anhänger!');
		await message(kaiPage, written.removed).filter({ hasText: '0171 2345678' }).waitFor();
		await expectAnnounced(kaiPage, `Neue Nachricht von ${ute.name}: Ruft alle`);
		// numbered in order, each message with its author and time
		const seqs = await messages(kaiPage).locator('> li').evaluateAll((items) => items.map((li) => Number(li.getAttribute('data-seq'))));
		expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
		expect(await message(kaiPage, written.hello).locator('time[datetime]').count()).toBe(1);
		await expectNotReloaded(utePage, 'Ute');
		await expectNotReloaded(kaiPage, 'Kai');
		await expectNoAxeViolations(kaiPage, `${ROOM} with messages`);
		await screenshot(kaiPage, 'chat-room-live');

		// Kai reports it, from the message's own page, in a second tab (his room stays open)
		const kaiTab = await kaiPage.context().newPage();
		await kaiTab.goto(ROOM);
		await message(kaiTab, written.removed).getByRole('link', { name: `Aktionen zur Nachricht von ${ute.name}` }).click();
		await kaiTab.waitForURL((url) => url.pathname === `${ROOM}/message/${written.removed}`);
		await expectNoAxeViolations(kaiTab, `${ROOM}/message/… (another's message)`);
		await kaiTab.locator('main').getByRole('textbox', { name: 'Grund der Meldung' }).fill(REPORT_REASON);
		await kaiTab.locator('main').getByRole('button', { name: 'Melden', exact: true }).click();
		await kaiTab.waitForURL((url) => url.pathname === ROOM);
		await kaiTab.close();

		// the admin: the room list says a report waits; the moderation page shows it with its reason
		const admin = await openPage(env.browser, env.server.url);
		await logIn(admin, ADMIN, DEMO_PASSWORD);
		await admin.goto('/koerbecke/chat');
		const adminMain = admin.locator('main');
		await adminMain.getByRole('link', { name: /^Moderation.*\(1 offen\)/ }).click();
		await admin.waitForURL((url) => url.pathname === '/koerbecke/chat/moderation');
		expect(await adminMain.getByRole('heading', { level: 1 }).innerText()).toBe('Moderation');
		const report = adminMain.locator('article').filter({ hasText: REPORT_REASON });
		const reportText = await report.innerText();
		for (const part of ['Allgemein', ute.name, '0171 2345678', kai.name]) expect(reportText, 'the report names room, author, excerpt and reporter').toContain(part);
		await expectNoAxeViolations(admin, '/koerbecke/chat/moderation with a report');
		await screenshot(admin, 'chat-moderation-report');
		// "Entfernen", with the report's reason already filled in
		expect(await report.getByRole('textbox', { name: /^Grund/ }).inputValue()).toBe(REPORT_REASON);
		await report.getByRole('button', { name: /^Entfernen/ }).click();
		await admin.waitForURL((url) => url.pathname === '/koerbecke/chat/moderation');
		await expect.poll(() => adminMain.locator('article').filter({ hasText: REPORT_REASON }).count(), { message: 'the report is dealt with' }).toBe(0);

		// both open pages show the message as removed, with the reason, without its text
		for (const [page, who] of [
			[utePage, 'Ute'],
			[kaiPage, 'Kai']
		] as const) {
			await message(page, written.removed).filter({ hasText: `Von der Moderation entfernt: ${REPORT_REASON}` }).waitFor();
			expect(await message(page, written.removed).innerText(), `${who} no longer sees the removed text`).not.toContain('0171');
			await expectNotReloaded(page, who);
		}
		await expectNoAxeViolations(utePage, `${ROOM} with a removed message`);
	});

	test('keyboard only: write a message over two lines and send it; report a message', async () => {
		const page = await openPage(env.browser, env.server.url);
		await logIn(page, ute.email, ute.password);
		await openRoom(page);
		const count = await messages(page).locator('> li').count();

		// Tab from the top of the page to the composer's field
		await page.locator('body').focus();
		await tabTo(page, 'form#chat-composer textarea[name="body"]', 'the field "Nachricht"');
		await page.keyboard.type('Die Handschuhe habe ich schon.');
		await page.keyboard.press('Shift+Enter');
		await page.keyboard.type('Treffpunkt ist am Dorfplatz.');
		// Shift+Enter is a new line, not a send
		expect(await page.locator('form#chat-composer textarea[name="body"]').inputValue()).toBe('Die Handschuhe habe ich schon.\nTreffpunkt ist am Dorfplatz.');
		expect(await messages(page).locator('> li').count()).toBe(count);
		await page.keyboard.press('Enter');
		const id = await idOfMessage(page, 'Die Handschuhe habe ich schon.');
		expect(await message(page, id).innerText()).toContain('Treffpunkt ist am Dorfplatz.');
		await expectAnnounced(page, 'Gesendet');
		await expectNotReloaded(page, 'Ute');
		// the field is empty again and keeps the focus, ready for the next message
		expect(await page.locator('form#chat-composer textarea[name="body"]').inputValue()).toBe('');
		expect(await focusedIs(page, 'form#chat-composer textarea[name="body"]'), 'the focus stays in the field after sending').toBe(true);

		// report Kai's answer: Tab to its "Mehr zur Nachricht" link, Enter; on its page Tab to the reason, type, Tab to "Melden", Enter
		await page.locator('body').focus();
		await tabTo(page, `li#m-${written.answer} a[href$="/message/${written.answer}"]`, `the link "Aktionen zur Nachricht von ${kai.name}"`);
		await page.keyboard.press('Enter');
		await page.waitForURL((url) => url.pathname === `${ROOM}/message/${written.answer}`);
		await page.locator('body').focus();
		const reportForm = 'form:has(input[name="_action"][value="report"])';
		await tabTo(page, `${reportForm} textarea[name="reason"]`, 'the field "Grund der Meldung"');
		await page.keyboard.type('Nur zum Ausprobieren gemeldet');
		await tabTo(page, `${reportForm} button`, 'the button "Melden"', 5);
		await page.keyboard.press('Enter');
		await page.waitForURL((url) => url.pathname === ROOM);

		// the moderator sees the report
		const admin = await openPage(env.browser, env.server.url);
		await logIn(admin, ADMIN, DEMO_PASSWORD);
		await admin.goto('/koerbecke/chat/moderation');
		const report = admin.locator('main article').filter({ hasText: 'Nur zum Ausprobieren gemeldet' });
		expect(await report.innerText()).toContain(kai.name);
		expect(await report.innerText()).toContain(ute.name);
	});

	test('without JavaScript: read the room and post a message by the form', async () => {
		const page = await openPage(env.browser, env.server.url, { javaScript: false });
		await logInWithoutJavaScript(page, kai.email, kai.password);
		await page.goto(ROOM);
		const main = page.locator('main');
		expect(await main.getByRole('heading', { level: 1 }).innerText()).toBe('Allgemein');
		// what was written before, the removed message as removed
		await message(page, written.hello).filter({ hasText: 'Hallo Kai, kommst du am Samstag zum Dorfputz?' }).waitFor();
		await message(page, written.removed).filter({ hasText: `Von der Moderation entfernt: ${REPORT_REASON}` }).waitFor();
		await messages(page).locator('> li').filter({ hasText: 'Die Handschuhe habe ich schon.' }).waitFor();
		await expectNoAxeViolationsWithoutJavaScript(page, `${ROOM} without JavaScript`);

		const composer = page.locator('form#chat-composer');
		await composer.getByRole('textbox', { name: 'Nachricht', exact: true }).fill('Ohne JavaScript geht es auch: bis Samstag!');
		await composer.getByRole('button', { name: 'Senden', exact: true }).click();
		// Post/Redirect/Get: back on the room, the message in the list
		await page.waitForURL((url) => url.pathname === ROOM && url.searchParams.has('sent'));
		const id = await idOfMessage(page, 'Ohne JavaScript geht es auch: bis Samstag!');
		expect(await message(page, id).innerText()).toContain(kai.name);
		await expectNoAxeViolationsWithoutJavaScript(page, `${ROOM} after posting, without JavaScript`);
	});

	test('axe: the room list, the room, a message page and the moderation page, as a member and as the moderator', async () => {
		const member = await openPage(env.browser, env.server.url);
		await logIn(member, ute.email, ute.password);
		await member.goto('/koerbecke/chat');
		await expectNoAxeViolations(member, '/koerbecke/chat (member)');
		await member.goto(ROOM);
		await expectNoAxeViolations(member, `${ROOM} (member)`);
		await member.goto(`${ROOM}/message/${written.hello}`);
		await expectNoAxeViolations(member, `${ROOM}/message/… (own message)`);

		const admin = await openPage(env.browser, env.server.url);
		await logIn(admin, ADMIN, DEMO_PASSWORD);
		await admin.goto('/koerbecke/chat');
		await expectNoAxeViolations(admin, '/koerbecke/chat (moderator)');
		await admin.goto(ROOM);
		await expectNoAxeViolations(admin, `${ROOM} (moderator)`);
		await admin.goto(`${ROOM}/message/${written.answer}`);
		// the moderator's forms are there: remove, mute, ban
		for (const name of ['Entfernen', 'Stummschalten', 'Ausschließen']) expect(await admin.locator('main').getByRole('button', { name, exact: true }).count(), `button "${name}"`).toBe(1);
		await expectNoAxeViolations(admin, `${ROOM}/message/… (moderator)`);
		await admin.goto('/koerbecke/chat/moderation');
		await expectNoAxeViolations(admin, '/koerbecke/chat/moderation (moderator)');
	});
});
