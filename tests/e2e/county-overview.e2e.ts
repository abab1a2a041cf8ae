// The county sees everything (issue 9, "Done when"): the admin of Körbecke enters a weekly event and an important
// announcement in the village's app; the village's calendar file carries the series for a calendar client; an
// anonymous visitor finds both on the county's /calendar and /news and on the municipality's page, filters them,
// pages through the list without meeting an entry twice. Axe on every page, at 390 px and 1280 px, de and en.
import ICAL from 'ical.js';
import { describe, expect, test } from 'vitest';
import { DEMO_PASSWORD, expectNoAxeViolations, expectNoHorizontalScroll, logIn, openPage, screenshot, useServerAndBrowser } from './helpers.ts';

const EVENT = 'Lauftreff am Seeufer';
const NEWS = 'Trinkwasser: Leitung am Donnerstag abgestellt';

/** A day some days ahead in Berlin ("2026-12-24"). */
const dayAhead = (days: number) => new Date(Date.now() + days * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Berlin' });

describe("the county's overview of every village's events and news", () => {
	const env = useServerAndBrowser();

	test('a weekly event and an important announcement of Körbecke show on /calendar, /news and the municipality page', async () => {
		const admin = await openPage(env.browser, env.server.url);
		await logIn(admin, 'dorf2@example.org', DEMO_PASSWORD);

		await admin.goto('/koerbecke/calendar/new');
		await admin.locator('#f-title').fill(EVENT);
		await admin.locator('#f-startDate').fill(dayAhead(1));
		await admin.locator('#f-startTime').fill('18:00');
		await admin.locator('#f-endTime').fill('19:30');
		await admin.locator('#f-repeat').selectOption('weekly');
		await admin.locator('#f-location').fill('Parkplatz am Seeufer');
		await admin.getByRole('button', { name: 'Veröffentlichen' }).click();
		await admin.waitForURL((url) => /\/koerbecke\/calendar\/event\/[0-9a-f-]+$/.test(url.pathname));
		const eventId = new URL(admin.url()).pathname.split('/').pop()!;

		await admin.goto('/koerbecke/news/new');
		await admin.locator('#f-title').fill(NEWS);
		await admin.locator('#f-teaser').fill('Von 8 bis 12 Uhr kommt im Oberdorf kein Wasser aus der Leitung.');
		await admin.locator('#f-body').fill('Die Gemeindewerke tauschen einen Schieber.');
		await admin.locator('#mode-now').check();
		await admin.locator('#f-important').check();
		await admin.locator('#f-importantUntil').fill(dayAhead(7));
		await admin.getByRole('button', { name: 'Speichern' }).click();
		await admin.waitForURL((url) => url.pathname.startsWith('/koerbecke/news/article/'));

		// the village's calendar file, as a calendar client subscribes to it: the series with its rule, in Berlin time
		await admin.goto('/koerbecke/calendar');
		const webcal = await admin.locator('a[href^="webcal://"]').first().getAttribute('href');
		expect(webcal).toMatch(/^webcal:\/\/[^/]+\/koerbecke\/calendar\.ics$/);
		const ics = await (await fetch(`${env.server.url}/koerbecke/calendar.ics`)).text();
		const vevent = new ICAL.Component(ICAL.parse(ics)).getAllSubcomponents('vevent').find((v) => v.getFirstPropertyValue('uid') === `${eventId}@allmende`);
		expect(vevent, 'the event in calendar.ics').toBeTruthy();
		expect(String(vevent!.getFirstPropertyValue('rrule'))).toContain('FREQ=WEEKLY');

		// an anonymous visitor: the county's calendar has the event, with its village and municipality
		const visitor = await openPage(env.browser, env.server.url);
		await visitor.goto('/calendar');
		const entry = visitor.locator('main li', { hasText: EVENT }).first();
		expect(await entry.innerText()).toContain('Körbecke (Möhnesee)');
		expect(await entry.innerText()).toContain('18:00–19:30');
		await expectNoAxeViolations(visitor, '/calendar');
		// filtered by the form: Möhnesee keeps it, Altengeseke's village does not have it
		await visitor.locator('#f-municipality').selectOption('moehnesee');
		await visitor.getByRole('button', { name: 'Anzeigen' }).click();
		await visitor.waitForURL((url) => url.searchParams.get('municipality') === 'moehnesee');
		const listed = () => visitor.locator('main section.day').allInnerTexts();
		expect((await listed()).join('\n')).toContain(EVENT);
		expect((await listed()).join('\n')).not.toContain('Altengeseke');
		await visitor.goto('/calendar?village=altengeseke');
		expect((await listed()).length).toBeGreaterThan(0);
		expect((await listed()).join('\n')).not.toContain(EVENT);
		// a day that does not exist is refused, naming the field
		const bad = await visitor.goto('/calendar?from=2026-02-30');
		expect(bad!.status()).toBe(400);
		expect(await visitor.locator('main').innerText()).toContain('Ab');

		// the county's news: the announcement on top, marked important
		await visitor.goto('/news');
		const first = visitor.locator('main li').first();
		expect(await first.innerText()).toContain(NEWS);
		expect(await first.innerText()).toContain('Wichtige Mitteilung');
		expect(await first.innerText()).toContain('Körbecke (Möhnesee)');
		await expectNoAxeViolations(visitor, '/news');
		await first.getByRole('link', { name: NEWS }).click();
		await visitor.waitForURL((url) => url.pathname.startsWith('/koerbecke/news/article/'));

		// the municipality's page, reached from the county's home
		await visitor.goto('/');
		await visitor.getByRole('link', { name: /^Möhnesee/ }).click();
		await visitor.waitForURL('**/municipalities/moehnesee');
		const main = await visitor.locator('main').innerText();
		expect(main).toContain(EVENT);
		expect(main).toContain(NEWS);
		expect(main).toContain('Körbecke');
		await expectNoAxeViolations(visitor, '/municipalities/moehnesee');
	});

	test('the pages of the county calendar follow each other without an entry twice', async () => {
		const page = await openPage(env.browser, env.server.url);
		await page.goto('/calendar');
		const seen = new Set<string>();
		for (let n = 0; n < 3; n++) {
			const entries = await page.locator('main section.day').evaluateAll((days) =>
				days.flatMap((d) => [...d.querySelectorAll('li')].map((li) => `${d.querySelector('h2')!.textContent} ${li.textContent}`))
			);
			expect(entries.length).toBeGreaterThan(0);
			for (const e of entries) {
				expect(seen.has(e), `shown twice: ${e}`).toBe(false);
				seen.add(e);
			}
			const more = page.getByRole('link', { name: 'Weitere Termine' });
			if ((await more.count()) === 0) break;
			const next = await more.getAttribute('href');
			await more.click();
			await page.waitForURL((url) => url.pathname + url.search === next);
		}
		expect(seen.size).toBeGreaterThan(40);
	});

	test('on a phone and on a desktop, in German and English, the overview pages fit and pass axe', async () => {
		for (const lang of ['de', 'en']) {
			for (const width of [390, 1280]) {
				const page = await openPage(env.browser, env.server.url, { width, height: 900 });
				await page.context().addCookies([{ name: 'PARAGLIDE_LOCALE', value: lang, url: env.server.url }]);
				for (const path of ['/calendar', '/news', '/municipalities/moehnesee']) {
					await page.goto(path);
					await expectNoHorizontalScroll(page, width);
					await expectNoAxeViolations(page, `${path} at ${width} px (${lang})`);
				}
				if (lang === 'en') expect(await page.locator('h1').innerText()).toBe('Möhnesee');
				await screenshot(page, `overview-municipality-${width}-${lang}`);
			}
		}
	});
});
