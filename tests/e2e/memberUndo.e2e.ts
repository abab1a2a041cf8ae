// Confirm and undo on the village admins' own pages (issue 11): at 390 px Altengeseke's admin removes a member by
// mistake — the question names the person — and "Rückgängig" brings him back with his role and his club; the same
// for deleting a club with its members.
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { DEMO_PASSWORD, expectNoAxeViolations, expectNoHorizontalScroll, logIn, openPage, useServerAndBrowser } from './helpers.ts';

const env = useServerAndBrowser();

/** Waits until the page's script runs: the question is then a dialog (before, it opens in place). */
const scripted = (page: Page) => page.waitForFunction(() => !document.querySelector('details.confirm'));

describe('confirm and undo in the village administration', () => {
	test('a member removed by mistake comes back with his club; a deleted club comes back with its members', async () => {
		const page = await openPage(env.browser, env.server.url, { width: 390, height: 844 });
		await logIn(page, 'dorf1@example.org', DEMO_PASSWORD);
		const main = page.locator('main');

		await page.goto('/altengeseke/admin/members');
		await scripted(page);
		await main.getByRole('button', { name: /^Entfernen – Dieter Bürger$/ }).click();
		const question = page.getByRole('dialog', { name: /^„Dieter Bürger“ aus dem Dorf entfernen\?/ });
		await question.waitFor();
		await expectNoAxeViolations(page, 'the members page with the question');
		await question.getByRole('button', { name: /^Entfernen/ }).click();
		await page.waitForURL((url) => url.pathname === '/altengeseke/admin/members' && url.searchParams.has('undo'));
		const notice = main.getByRole('status').filter({ hasText: 'Rückgängig' });
		await notice.waitFor();
		expect(await main.getByText('buerger@example.org').count()).toBe(0);
		await expectNoAxeViolations(page, 'the members page after removing');
		await expectNoHorizontalScroll(page, 390);
		await notice.getByRole('button', { name: /^Rückgängig/ }).click();
		await page.waitForURL((url) => url.searchParams.has('restored'));
		await main.getByText('buerger@example.org').first().waitFor();

		// his club membership came back with him
		await page.goto('/altengeseke/admin/clubs');
		await scripted(page);
		const clubs = main.locator('article.club');
		expect(await clubs.filter({ hasText: 'Dieter Bürger' }).count()).toBeGreaterThan(0);
		const club = clubs.filter({ hasText: 'Dieter Bürger' }).first();
		const clubName = (await club.getByRole('heading', { level: 2 }).innerText()).trim();
		await club.locator('summary').first().click();
		await club.getByRole('button', { name: /löschen/ }).first().click();
		const clubQuestion = page.getByRole('dialog', { name: new RegExp(`^Verein „${clubName}“ mit \\d+ Mitgliedern löschen\\?$`) });
		await clubQuestion.waitFor();
		await clubQuestion.getByRole('button', { name: 'Ja, löschen' }).click();
		await page.waitForURL((url) => url.pathname === '/altengeseke/admin/clubs' && url.searchParams.has('undo'));
		expect(await main.getByRole('heading', { level: 2, name: clubName, exact: true }).count()).toBe(0);
		await main.getByRole('status').filter({ hasText: 'Rückgängig' }).getByRole('button', { name: /^Rückgängig/ }).click();
		await page.waitForURL((url) => url.searchParams.has('restored'));
		await main.getByRole('heading', { level: 2, name: clubName, exact: true }).waitFor();
		expect(await main.locator('article.club').filter({ hasText: 'Dieter Bürger' }).count()).toBeGreaterThan(0);
		await page.setViewportSize({ width: 320, height: 700 });
		await expectNoHorizontalScroll(page, 320);
	});
});
