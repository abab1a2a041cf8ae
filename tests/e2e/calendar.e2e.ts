// The Dorfkalender in the browser, as a new village admin would use it: the admin of Körbecke adds a weekly event
// with the keyboard alone, finds it in the list, the month, on the home screen and in the calendar file; moves one
// date; a member of Altengeseke suggests an event there and its editor publishes it. Axe on every page and state.
import ICAL from 'ical.js';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { DEMO_PASSWORD, expectErrorSummaryLinksReachFields, expectNoAxeViolations, expectNoHorizontalScroll, logIn, logInWithoutJavaScript, openPage, screenshot, useServerAndBrowser } from './helpers.ts';

/** A date some days ahead in Berlin, as the date field takes it. */
function dayAhead(days: number): string {
	return new Date(Date.now() + days * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Berlin' });
}
const weekdayOf = (day: string) => ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'][new Date(`${day}T12:00:00Z`).getUTCDay()]!;

/** Types into the focused field after tabbing to the one with this label (keyboard only, no clicks). */
async function tabTo(page: Page, label: string, max = 60): Promise<void> {
	for (let i = 0; i < max; i++) {
		await page.keyboard.press('Tab');
		const name = await page.evaluate(() => {
			const el = document.activeElement as HTMLInputElement | null;
			return el?.labels?.[0]?.textContent?.trim() ?? el?.textContent?.trim() ?? '';
		});
		if (name.startsWith(label)) return;
	}
	throw new Error(`no field "${label}" within ${max} tabs`);
}

describe('the calendar module', () => {
	const env = useServerAndBrowser();
	const start = dayAhead(2);

	test('an admin adds a weekly event by keyboard; it shows in the list, the month, the home screen and the .ics', async () => {
		const page = await openPage(env.browser, env.server.url);
		await logIn(page, 'dorf2@example.org', DEMO_PASSWORD);
		await page.goto('/koerbecke/calendar');
		await expectNoAxeViolations(page);
		await page.getByRole('link', { name: 'Veranstaltung eintragen' }).click();
		await expect.poll(() => page.url()).toContain('/koerbecke/calendar/new');
		await expectNoAxeViolations(page);

		// a refused form: every message reaches its field, nothing is lost
		await page.getByRole('button', { name: 'Veröffentlichen' }).press('Enter');
		await expect.poll(() => page.getByRole('alert').innerText()).toContain('Titel: Bitte ausfüllen.');
		await expectErrorSummaryLinksReachFields(page);
		await expectNoAxeViolations(page, 'the form with errors');

		// keyboard only: tab from field to field
		await page.goto('/koerbecke/calendar/new');
		await page.locator('h1').focus();
		await tabTo(page, 'Titel');
		await page.keyboard.type('Boule am Dorfteich');
		// date and time: reached by Tab; the value goes into the focused field (how a native date control takes
		// typed digits depends on the browser's own language)
		await tabTo(page, 'Beginn (Datum)');
		await page.locator(':focus').fill(start);
		await tabTo(page, 'Beginn (Uhrzeit)');
		await page.locator(':focus').fill('18:00');
		await tabTo(page, 'Ende (Uhrzeit)');
		await page.locator(':focus').fill('20:00');
		await tabTo(page, 'Wiederholung');
		await page.keyboard.press('ArrowDown');
		await page.keyboard.press('ArrowDown'); // Einmalig → Täglich → Wöchentlich
		await expect.poll(() => page.locator('#f-repeat').inputValue()).toBe('weekly');
		await tabTo(page, 'Ort');
		await page.keyboard.type('Am Dorfteich');
		await tabTo(page, 'Veröffentlichen');
		await page.keyboard.press('Enter');
		await expect.poll(() => page.url()).toMatch(/\/koerbecke\/calendar\/event\/[0-9a-f-]+$/);
		await expect.poll(() => page.locator('h1').innerText()).toBe('Boule am Dorfteich');
		expect(await page.locator('main').innerText()).toContain('Jede Woche am');
		await expectNoAxeViolations(page, 'the new event');
		const eventId = page.url().split('/').pop()!;

		// the list: under its day, at its time
		await page.goto('/koerbecke/calendar');
		const entry = page.locator('main li', { hasText: 'Boule am Dorfteich' }).first();
		expect(await entry.innerText()).toContain('18:00–20:00 Uhr');
		// the month grid of its month
		await page.goto(`/koerbecke/calendar/month?month=${start.slice(0, 7)}`);
		expect(await page.locator('table.month').innerText()).toContain('Boule am Dorfteich');
		await expectNoAxeViolations(page, 'the month');
		// the home screen's widget (the next events: it is two days ahead)
		await page.goto('/koerbecke/');
		expect(await page.getByRole('region', { name: 'Veranstaltungen' }).innerText()).toContain('Boule am Dorfteich');
		// the calendar file, read by a calendar library: a weekly series on its weekday, in Berlin time
		const ics = await (await fetch(`${env.server.url}/koerbecke/calendar.ics`)).text();
		const comp = new ICAL.Component(ICAL.parse(ics));
		const vevent = comp.getAllSubcomponents('vevent').find((v) => v.getFirstPropertyValue('uid') === `${eventId}@allmende`);
		expect(vevent, 'the event in calendar.ics').toBeTruthy();
		expect(String(vevent!.getFirstPropertyValue('rrule'))).toContain(`BYDAY=${weekdayOf(start)}`);
		expect(vevent!.getFirstProperty('dtstart')!.getParameter('tzid')).toBe('Europe/Berlin');
		await screenshot(page, 'calendar-home');

		// one date moved: the page says so; the list shows it changed
		await page.goto(`/koerbecke/calendar/event/${eventId}?on=${dayAhead(9)}`);
		await page.getByText('Diesen Termin ändern').click();
		await page.locator('#occ-start').fill(`${dayAhead(10)}T18:30`);
		await page.locator('#occ-end').fill(`${dayAhead(10)}T20:30`);
		await page.getByRole('button', { name: 'Speichern' }).click();
		await expect.poll(() => page.locator('main').innerText()).toContain('Geändert');
		await expectNoAxeViolations(page, 'a changed date');
	});

	test('on a phone the list, the month and the event page fit, in German and English', async () => {
		for (const lang of ['de', 'en']) {
			const page = await openPage(env.browser, env.server.url, { width: 390, height: 800 });
			await page.context().addCookies([{ name: 'PARAGLIDE_LOCALE', value: lang, url: env.server.url }]);
			for (const path of ['/koerbecke/calendar', '/koerbecke/calendar/month']) {
				await page.goto(path);
				await expectNoHorizontalScroll(page, 390);
				await expectNoAxeViolations(page, `${path} at 390 px (${lang})`);
			}
			await page.locator('main a[href*="/calendar/event/"]').first().click();
			await expect.poll(() => page.url()).toContain('/calendar/event/');
			await expectNoHorizontalScroll(page, 390);
			await expectNoAxeViolations(page, `an event at 390 px (${lang})`);
			if (lang === 'en') expect(await page.locator('main').innerText()).toContain('Add to my calendar');
			await screenshot(page, `calendar-event-390-${lang}`);
		}
	});

	test('a member suggests an event; the editor publishes it from the queue', async () => {
		const member = await openPage(env.browser, env.server.url);
		await logIn(member, 'buerger@example.org', DEMO_PASSWORD);
		await member.goto('/altengeseke/calendar');
		await member.getByRole('link', { name: 'Veranstaltung vorschlagen' }).click();
		await member.locator('#f-title').fill('Kürbisschnitzen für Kinder');
		await member.locator('#f-startDate').fill(dayAhead(5));
		await member.locator('#f-startTime').fill('15:00');
		await member.getByRole('button', { name: 'Vorschlag senden' }).click();
		await expect.poll(() => member.locator('main').getByRole('status').first().innerText()).toContain('Ihr Vorschlag ist bei der Redaktion');
		expect(await member.locator('main').innerText()).not.toContain('Kürbisschnitzen');
		await expectNoAxeViolations(member, 'after a suggestion');

		const editor = await openPage(env.browser, env.server.url);
		await logIn(editor, 'redaktion@example.org', DEMO_PASSWORD);
		await editor.goto('/altengeseke/calendar/suggestions');
		await expectNoAxeViolations(editor, 'the suggestions');
		await editor.getByRole('button', { name: /^Veröffentlichen\s*: Kürbisschnitzen für Kinder$/ }).click();
		await expect.poll(() => editor.locator('main').innerText()).toContain('Keine Vorschläge offen.');
		await editor.goto('/altengeseke/calendar');
		expect(await editor.locator('main').innerText()).toContain('Kürbisschnitzen für Kinder');
	});

	test("a series keeps its repeat: in the edit form without JavaScript, and when chosen before the page came alive", async () => {
		// without JavaScript the edit form shows the stored rule, so saving it does not end the series
		const noJs = await openPage(env.browser, env.server.url, { javaScript: false });
		await logInWithoutJavaScript(noJs, 'dorf2@example.org', DEMO_PASSWORD);
		await noJs.goto('/koerbecke/calendar');
		const choir = noJs.locator('main a', { hasText: 'Chorprobe des Kirchenchors' }).first();
		await noJs.goto(`${new URL((await choir.getAttribute('href'))!, env.server.url).pathname.replace(/\/$/, '')}/edit`);
		expect(await noJs.locator('#f-repeat').inputValue()).toBe('weekly');

		// on a slow phone: "Wöchentlich" chosen while the page's scripts are still loading stays chosen
		const slow = await openPage(env.browser, env.server.url);
		await logIn(slow, 'dorf2@example.org', DEMO_PASSWORD);
		let release!: () => void;
		const scriptsHeld = new Promise<void>((resolve) => (release = resolve));
		await slow.route('**/_app/immutable/**', async (route) => {
			await scriptsHeld;
			await route.continue();
		});
		await slow.goto('/koerbecke/calendar/new', { waitUntil: 'commit' });
		await slow.locator('#f-repeat').selectOption('weekly');
		release();
		// the scripts load and the page comes alive (on a busy machine this takes seconds)
		await slow.waitForLoadState('networkidle', { timeout: 30_000 });
		const alive = { timeout: 15_000 };
		// alive: the choice stands, and the details of a weekly repeat show (without JavaScript all show; with it,
		// only those the chosen repeat needs)
		await expect.poll(() => slow.locator('#f-repeat').inputValue(), alive).toBe('weekly');
		expect(await slow.locator('.days').isVisible()).toBe(true);
		await slow.locator('#f-repeat').selectOption('daily');
		await expect.poll(() => slow.locator('.days').isVisible(), alive).toBe(false);
		expect(await slow.locator('.repeat-details').isVisible()).toBe(true);
		expect(await slow.locator('#f-repeat').inputValue()).toBe('daily');
	});
});
