// The work on a project in a browser, the whole way the Projektpool promises: a citizen submits an idea, the
// village's editor turns it into a project, the citizen (now in its team) adds tasks and moves one across the
// board by keyboard only, and another village's admin adopts the project and finds the tasks as a template and
// the lineage. axe on every page state; at 390 px no sideways scrolling.
import { describe, expect, test } from 'vitest';
import { DEMO_PASSWORD, expectNoAxeViolations, expectNoHorizontalScroll, logIn, openPage, useServerAndBrowser } from './helpers.ts';

describe('project work', () => {
	const env = useServerAndBrowser();

	test('idea → project → tasks moved by keyboard → adopted by another village with its tasks and lineage', async () => {
		const title = 'Bücherschrank an der Bushaltestelle';

		// a citizen of Altengeseke submits the idea
		const citizen = await openPage(env.browser, env.server.url, { width: 390, height: 800 });
		await logIn(citizen, 'buerger@example.org', DEMO_PASSWORD);
		await citizen.goto('/ideas');
		const form = citizen.locator('main form').filter({ has: citizen.getByRole('button', { name: 'Idee einreichen' }) });
		await form.getByRole('textbox', { name: 'Titel' }).fill(title);
		await form.getByRole('textbox', { name: 'Beschreibung', exact: true }).fill('Ein alter Telefonschrank als offener Bücherschrank.');
		await form.getByRole('combobox', { name: 'Dorf' }).selectOption({ label: 'Altengeseke' });
		await form.getByRole('combobox', { name: 'Kategorie' }).selectOption({ label: 'Bildung' });
		await form.getByRole('button', { name: 'Idee einreichen' }).click();
		await citizen.locator('main').getByRole('heading', { level: 1, name: title }).waitFor();
		const ideaPath = new URL(citizen.url()).pathname;

		// the village's editor turns it into a project
		const editor = await openPage(env.browser, env.server.url, { width: 1280, height: 900 });
		await logIn(editor, 'redaktion@example.org', DEMO_PASSWORD);
		await editor.goto(ideaPath);
		await editor.locator('main').getByRole('button', { name: 'Als Projekt anlegen' }).click();
		await editor.waitForURL((url) => url.pathname.endsWith('/edit'));
		const projectPath = new URL(editor.url()).pathname.replace(/\/edit$/, '');

		// the citizen had the idea, so is in the team: opens the work page from the project
		await citizen.goto(projectPath);
		const main = citizen.locator('main');
		const workCard = main.getByRole('region', { name: 'Mitmachen' });
		expect(await workCard.innerText()).toContain('Sie sind im Team (Team).');
		await workCard.getByRole('link', { name: 'Team, Meilensteine und Aufgaben' }).click();
		await citizen.waitForURL((url) => url.pathname === `${projectPath}/work`);
		await main.getByRole('heading', { level: 1, name: /Mitmachen: Team und Aufgaben/ }).waitFor();
		const team = main.getByRole('region', { name: 'Team', exact: true });
		expect(await team.innerText()).toContain('Clara Redaktion');
		expect(await team.innerText()).toContain('Leitung');
		await expectNoHorizontalScroll(citizen, 390);
		await expectNoAxeViolations(citizen, 'the work page of a new project at 390 px');

		// a task without a title is refused, naming the field
		const board = main.getByRole('region', { name: 'Aufgaben', exact: true });
		const addTask = async (taskTitle: string) => {
			const details = board.locator('details.add');
			if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) await details.locator('summary').click();
			await board.getByRole('textbox', { name: 'Titel' }).last().fill(taskTitle);
			await board.getByRole('button', { name: 'Aufgabe anlegen' }).click();
		};
		await addTask('');
		await main.getByRole('alert').waitFor();
		expect(await main.getByRole('alert').innerText()).toContain('Titel');
		await expectNoAxeViolations(citizen, 'the task form with an error');
		await addTask('Telefonzelle bei der Telekom anfragen');
		await board.getByRole('heading', { level: 4, name: 'Telefonzelle bei der Telekom anfragen' }).waitFor();
		await addTask('Regalbretter zuschneiden');
		await board.getByRole('heading', { level: 4, name: 'Regalbretter zuschneiden' }).waitFor();
		const todo = board.getByRole('region', { name: /Zu erledigen/ });
		expect(await todo.getByRole('heading', { level: 4 }).allInnerTexts()).toEqual(['Telefonzelle bei der Telekom anfragen', 'Regalbretter zuschneiden']);

		// keyboard only: the second task goes up, then over to "In Arbeit"; the focus stays on the moved task
		await todo.getByRole('button', { name: '„Regalbretter zuschneiden“ eine Position nach oben' }).focus();
		await citizen.keyboard.press('Enter');
		await expect.poll(() => todo.getByRole('heading', { level: 4 }).allInnerTexts()).toEqual(['Regalbretter zuschneiden', 'Telefonzelle bei der Telekom anfragen']);
		await expect.poll(() => citizen.evaluate(() => document.activeElement?.closest('li')?.querySelector('h4')?.textContent)).toBe('Regalbretter zuschneiden');
		const moveRight = todo.getByRole('button', { name: '„Regalbretter zuschneiden“ nach „In Arbeit“ verschieben' });
		await moveRight.focus();
		await citizen.keyboard.press('Enter');
		const doing = board.getByRole('region', { name: /In Arbeit/ });
		await doing.getByRole('heading', { level: 4, name: 'Regalbretter zuschneiden' }).waitFor();
		expect(await todo.getByRole('heading', { level: 4 }).allInnerTexts()).toEqual(['Telefonzelle bei der Telekom anfragen']);
		await expect.poll(() => citizen.evaluate(() => document.activeElement?.closest('li')?.querySelector('h4')?.textContent)).toBe('Regalbretter zuschneiden');
		expect(await board.locator('[aria-live="polite"]').innerText()).toBe('„Regalbretter zuschneiden“ ist jetzt in „In Arbeit“, Position 1 von 1.');
		await expectNoHorizontalScroll(citizen, 390);
		await expectNoAxeViolations(citizen, 'the board after a move by keyboard');

		// Körbecke's admin adopts the project: the tasks come along as a template, all open, nobody assigned
		const other = await openPage(env.browser, env.server.url, { width: 1280, height: 900 });
		await logIn(other, 'dorf2@example.org', DEMO_PASSWORD);
		await other.goto(projectPath);
		const adopt = other.locator('main').getByRole('region', { name: 'Projekt übernehmen' });
		await adopt.getByRole('combobox', { name: 'Übernehmen nach' }).selectOption({ label: 'Körbecke (Möhnesee)' });
		await adopt.getByRole('button', { name: 'Projekt übernehmen' }).click();
		await other.waitForURL((url) => url.searchParams.get('adopted') === '1');
		const lineage = other.locator('main').getByRole('region', { name: 'Herkunft und Übernahmen' });
		expect(await lineage.innerText()).toContain(`Übernommen von ${title} (Altengeseke)`);
		const adoptedPath = new URL(other.url()).pathname;
		await other.goto(`${adoptedPath}/work`);
		const copied = other.locator('main').getByRole('region', { name: 'Zu erledigen (2)' });
		expect(await copied.getByRole('heading', { level: 4 }).allInnerTexts()).toEqual(['Telefonzelle bei der Telekom anfragen', 'Regalbretter zuschneiden']);
		expect(await copied.innerText()).not.toContain('Zuständig');
		expect(await other.locator('main').getByRole('region', { name: 'Team', exact: true }).innerText()).toContain('Bernd Körbecke');
		await expectNoAxeViolations(other, "the adopted project's work page");
	});
});
