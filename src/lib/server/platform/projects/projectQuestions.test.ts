// Questions and answers on a project page: who may ask, answer, withdraw and hide; that another project's id
// leads nowhere; what the API and the page show of hidden ones; that scripts never survive; who is told.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../../../tests/helpers/testDb.ts';
import { createUser } from '../../auth/accounts.ts';
import { AppError } from '../../http/errors.ts';
import { parseInput } from '../../http/validate.ts';
import { loadActor, type Actor } from '../../policy/index.ts';
import { seedDemo } from '../../seed/demo.ts';
import { grantRole } from '../../tenancy/memberships.ts';
import { projectDetailSchema, toApiProject } from './projectApi.ts';
import { getProject } from './projectQueries.ts';
import { answerQuestion, answerQuestionSchema, askQuestion, askQuestionSchema, deleteQuestion, hideAnswer, hideAnswerSchema, hideQuestion, hideQuestionSchema, listQuestions, questionsForPage } from './projectQuestions.ts';
import { setProjectHidden } from './saveProject.ts';

let t: TestDb;
const ip = '127.0.0.1';
const anonymous: Actor = { userId: null, memberships: [], clubRoles: [] };
/** A: Altengeseke's "Dorfladen in Bürgerhand" (led by Anna Altengeseke); B: Körbecke's "Mitfahrbänke am Möhnesee" */
const project = {} as Record<'A' | 'B', { id: string; tenantId: string }>;
const who = {} as Record<'leadA' | 'memberA' | 'helperA' | 'editorA' | 'citizenA' | 'adminB' | 'county' | 'muniA', Actor>;
let tokenA: Actor;

const code = async (p: Promise<unknown>) => {
	try {
		await p;
		return 'ok';
	} catch (e) {
		if (e instanceof AppError) return `${e.status} ${Object.keys(e.fields).join(',')}`.trim();
		throw e;
	}
};
const byEmail = async (email: string) => loadActor(t.db, (await t.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id);
const projectTitled = async (title: string) => t.db.selectFrom('projects').select(['id', 'tenantId']).where('title', '=', title).executeTakeFirstOrThrow();
const teamOf = async (projectId: string, role: 'member' | 'helper') => loadActor(t.db, (await t.db.selectFrom('projectMembers').select('userId').where('projectId', '=', projectId).where('role', '=', role).executeTakeFirstOrThrow()).userId);
const questionRow = (id: string) => t.db.selectFrom('projectQuestions').selectAll().where('id', '=', id).executeTakeFirst();
const answersOf = (questionId: string) => t.db.selectFrom('projectAnswers').selectAll().where('questionId', '=', questionId).execute();
const ask = (actor: Actor, question = 'Wie haben Sie die Kasse gelöst?', on = project.A.id) => askQuestion(t.db, { actor, ip, projectId: on, question });
const notificationsOf = (actor: Actor, kind: string) => t.db.selectFrom('notifications').select(['title', 'url']).where('userId', '=', actor.userId!).where('kind', '=', kind).execute();

beforeAll(async () => {
	t = await createTestDb();
	await seedDemo(t.db);
	project.A = await projectTitled('Dorfladen in Bürgerhand');
	project.B = await projectTitled('Mitfahrbänke am Möhnesee');
	who.leadA = await byEmail('dorf1@example.org');
	who.editorA = await byEmail('redaktion@example.org');
	who.citizenA = await byEmail('buerger@example.org');
	who.adminB = await byEmail('dorf2@example.org');
	who.county = await byEmail('kreis@example.org');
	who.memberA = await teamOf(project.A.id, 'member');
	who.helperA = await teamOf(project.A.id, 'helper');
	const anroechte = await t.db.selectFrom('tenants').select('id').where('slug', '=', 'anroechte').executeTakeFirstOrThrow();
	const muni = await createUser(t.db, { email: 'gemeinde-anroechte@example.org', password: 'ein langes passwort', displayName: 'Gerda Gemeinde', verified: true });
	await grantRole(t.db, { tenantId: anroechte.id, userId: muni.id, role: 'admin' });
	who.muniA = await loadActor(t.db, muni.id);
	tokenA = { ...who.leadA, token: { id: 'token-a', name: 'Kalender', tenantId: project.A.tenantId } };
});
afterAll(() => t.cleanup());

describe('asking', () => {
	it('refuses anonymous visitors and API tokens, and hidden or unknown projects', async () => {
		expect(await code(ask(anonymous))).toBe('401');
		expect(await code(ask(tokenA))).toBe('401');
		for (const id of ['__proto__', 'constructor', 'no-such-project']) expect(await code(ask(who.adminB, 'Gibt es das?', id))).toBe('404');
		const hidden = await projectTitled('Mitfahrbänke nach Anröchte und Erwitte');
		await setProjectHidden(t.db, { actor: who.county, ip, projectId: hidden.id, hidden: true, reason: 'Doppelt' });
		expect(await code(ask(who.adminB, 'Gibt es das noch?', hidden.id))).toBe('404');
		await setProjectHidden(t.db, { actor: who.county, ip, projectId: hidden.id, hidden: false });
		expect(await t.db.selectFrom('projectQuestions').select('id').where('authorId', 'in', [who.leadA.userId!, who.adminB.userId!]).execute()).toEqual([]);
	});

	it('refuses a question that is too short or too long, naming the field', () => {
		const long = parseInput(askQuestionSchema, { question: 'x'.repeat(2001) });
		expect(long.ok).toBe(false);
		if (!long.ok) expect(long.errors.question).toMatch(/^Ihre Frage: .*2000/);
		const short = parseInput(askQuestionSchema, { question: ' ? ' });
		if (!short.ok) expect(short.errors.question).toMatch(/^Ihre Frage:/);
		expect(short.ok).toBe(false);
		const answer = parseInput(answerQuestionSchema, { questionId: 'x', answer: 'x'.repeat(4001) });
		if (!answer.ok) expect(answer.errors.answer).toMatch(/^Antwort: .*4000/);
		expect(answer.ok).toBe(false);
		const hide = parseInput(hideQuestionSchema, { questionId: 'x'.repeat(65), reason: 'x' });
		if (!hide.ok) expect(Object.keys(hide.errors).sort()).toEqual(['questionId', 'reason']);
		expect(hide.ok).toBe(false);
		expect(parseInput(hideAnswerSchema, { answerId: '__proto__', reason: 'Beleidigend' }).ok).toBe(true);
	});

	it("lets someone of another village ask, shows their village and tells the team without the asker's name", async () => {
		const id = await ask(who.adminB, 'Wie viele **Ehrenamtliche** brauchen Sie pro Woche?');
		const [q] = (await listQuestions(t.db, { projectId: project.A.id, viewerId: who.adminB.userId, showHidden: false })).filter((x) => x.id === id);
		expect(q).toMatchObject({ author: { name: 'Bernd Körbecke', village: 'Körbecke' }, mine: true, mayDelete: true, answers: [], hidden: null });
		expect(q!.html).toContain('<strong>Ehrenamtliche</strong>');
		// the lead and the member hear of it, the helper does not, and the text names no one
		for (const told of [who.leadA, who.memberA]) expect(await notificationsOf(told, 'project.question')).toEqual([{ title: 'Neue Frage zum Projekt „Dorfladen in Bürgerhand“', url: `/projects/${project.A.id}#question-${id}` }]);
		expect(await notificationsOf(who.helperA, 'project.question')).toEqual([]);
		const audit = await t.db.selectFrom('auditLog').select(['actorId', 'tenantId', 'data']).where('action', '=', 'project.question.ask').execute();
		expect(audit).toEqual([{ actorId: who.adminB.userId, tenantId: project.A.tenantId, data: JSON.stringify({ questionId: id }) }]);
	});

	it('shows just the name of someone who belongs to no village', async () => {
		const id = await ask(who.county, 'Haben Sie Fördermittel beantragt?');
		const q = (await listQuestions(t.db, { projectId: project.A.id, viewerId: null, showHidden: false })).find((x) => x.id === id);
		expect(q).toMatchObject({ author: { name: 'Kreisverwaltung Soest', village: null }, mine: false, mayDelete: false });
	});

	it('keeps scripts and javascript: links out of the page', async () => {
		const id = await ask(who.citizenA, '<script>alert(1)</script><img src=x onerror=alert(2)> [klick](javascript:alert(3))');
		const q = (await listQuestions(t.db, { projectId: project.A.id, viewerId: null, showHidden: false })).find((x) => x.id === id)!;
		expect(q.html).not.toMatch(/<script/i);
		expect(q.html).not.toMatch(/onerror/i);
		expect(q.html).not.toMatch(/href="?javascript:/i);
		// the text itself is kept as it was written (the API gives markdown, as it does for news)
		expect(q.body).toContain('<script>alert(1)</script>');
	});
});

describe('answering', () => {
	let question = '';
	beforeAll(async () => {
		question = await ask(who.adminB, 'Wer macht bei Ihnen die Buchhaltung?');
	});

	// (the municipality's and county's admins keep their villages' projects, so they may answer too)
	it("refuses anonymous visitors, tokens, people outside the team, helpers and a foreign village's admin", async () => {
		const answer = (actor: Actor) => answerQuestion(t.db, { actor, ip, projectId: project.A.id, questionId: question, answer: 'Ein Steuerbüro.' });
		expect(await code(answer(anonymous))).toBe('401');
		expect(await code(answer(tokenA))).toBe('401');
		for (const actor of [who.citizenA, who.helperA, who.adminB]) expect(await code(answer(actor))).toBe('403');
		expect(await answersOf(question)).toEqual([]);
	});

	it("refuses a question of project A answered through project B's id, and unknown ids", async () => {
		expect(await code(answerQuestion(t.db, { actor: who.adminB, ip, projectId: project.B.id, questionId: question, answer: 'Gekapert.' }))).toBe('404');
		for (const id of ['__proto__', 'constructor', 'no-such-question']) expect(await code(answerQuestion(t.db, { actor: who.leadA, ip, projectId: project.A.id, questionId: id, answer: 'Ins Leere.' }))).toBe('404');
		expect(await answersOf(question)).toEqual([]);
	});

	it('lets the lead, a member and the village’s editors answer, several times; the asker is told', async () => {
		for (const [actor, text] of [
			[who.leadA, 'Unsere Kassiererin im Verein, mit einem Steuerbüro für den Abschluss.'],
			[who.memberA, 'Dazu: die Kasse zählen wir jeden Abend zu zweit.'],
			[who.editorA, 'Die Vorlage der Satzung schicken wir gern.']
		] as const) {
			await answerQuestion(t.db, { actor, ip, projectId: project.A.id, questionId: question, answer: text });
		}
		const q = (await listQuestions(t.db, { projectId: project.A.id, viewerId: who.adminB.userId, showHidden: false })).find((x) => x.id === question)!;
		expect(q.answers.map((a) => a.author)).toEqual([
			{ name: 'Anna Altengeseke', village: 'Altengeseke' },
			{ name: expect.any(String) as string, village: null },
			{ name: 'Clara Redaktion', village: 'Altengeseke' }
		]);
		expect(q.mayDelete).toBe(false);
		const told = await notificationsOf(who.adminB, 'project.answer');
		expect(told).toHaveLength(3);
		expect(told[0]).toEqual({ title: 'Ihre Frage zum Projekt „Dorfladen in Bürgerhand“ wurde beantwortet', url: `/projects/${project.A.id}#question-${question}` });
		expect(await t.db.selectFrom('auditLog').select('actorId').where('action', '=', 'project.question.answer').where('targetId', '=', project.A.id).execute()).toHaveLength(3);
	});

	it('does not let the asker withdraw an answered question', async () => {
		expect(await code(deleteQuestion(t.db, { actor: who.adminB, ip, projectId: project.A.id, questionId: question }))).toBe('409 _form');
		expect(await questionRow(question)).toBeDefined();
	});
});

describe('withdrawing', () => {
	it('lets only the asker withdraw an unanswered question, and only through its own project', async () => {
		const id = await ask(who.citizenA, 'Haben Sie auch Brötchen am Sonntag?');
		const withdraw = (actor: Actor, on = project.A.id) => deleteQuestion(t.db, { actor, ip, projectId: on, questionId: id });
		expect(await code(withdraw(anonymous))).toBe('401');
		expect(await code(withdraw({ ...who.citizenA, token: { id: 't', name: 't', tenantId: project.A.tenantId } }))).toBe('401');
		for (const actor of [who.leadA, who.adminB, who.county]) expect(await code(withdraw(actor))).toBe('403');
		expect(await code(withdraw(who.citizenA, project.B.id))).toBe('404');
		expect(await questionRow(id)).toBeDefined();
		await withdraw(who.citizenA);
		expect(await questionRow(id)).toBeUndefined();
		expect(await t.db.selectFrom('auditLog').select('data').where('action', '=', 'project.question.delete').execute()).toEqual([{ data: JSON.stringify({ questionId: id }) }]);
	});
});

describe('hiding', () => {
	let question = '';
	let answer = '';
	beforeAll(async () => {
		question = await ask(who.adminB, 'Darf ich hier Werbung für meinen Hofladen machen?');
		answer = await answerQuestion(t.db, { actor: who.leadA, ip, projectId: project.A.id, questionId: question, answer: 'Lieber nicht hier.' });
	});

	it('refuses people who are neither moderators nor the team, tokens, and ids of another project', async () => {
		const hideQ = (actor: Actor, on = project.A.id) => hideQuestion(t.db, { actor, ip, projectId: on, questionId: question, reason: 'Werbung' });
		const hideA = (actor: Actor, on = project.A.id) => hideAnswer(t.db, { actor, ip, projectId: on, answerId: answer, reason: 'Werbung' });
		expect(await code(hideQ(anonymous))).toBe('401');
		expect(await code(hideQ(tokenA))).toBe('401');
		for (const actor of [who.citizenA, who.helperA, who.adminB]) {
			expect(await code(hideQ(actor))).toBe('403');
			expect(await code(hideA(actor))).toBe('403');
		}
		// Körbecke's admin keeps project B, but A's question and answer are not B's
		expect(await code(hideQ(who.adminB, project.B.id))).toBe('404');
		expect(await code(hideA(who.adminB, project.B.id))).toBe('404');
		expect(await code(hideAnswer(t.db, { actor: who.leadA, ip, projectId: project.A.id, answerId: '__proto__', reason: 'Werbung' }))).toBe('404');
		expect((await questionRow(question))!.hiddenAt).toBeNull();
	});

	it("lets the team hide an answer and a moderator a question; hidden ones leave the API and keep only the reason for others", async () => {
		await hideAnswer(t.db, { actor: who.memberA, ip, projectId: project.A.id, answerId: answer, reason: 'Versehentlich doppelt' });
		await hideQuestion(t.db, { actor: who.muniA, ip, projectId: project.A.id, questionId: question, reason: 'Werbung' });
		// hiding twice changes nothing
		await hideQuestion(t.db, { actor: who.county, ip, projectId: project.A.id, questionId: question, reason: 'Noch einmal' });
		expect(await t.db.selectFrom('auditLog').select(['action', 'actorId']).where('action', 'in', ['project.question.hide', 'project.answer.hide']).orderBy('id').execute()).toEqual([
			{ action: 'project.answer.hide', actorId: who.memberA.userId },
			{ action: 'project.question.hide', actorId: who.muniA.userId }
		]);

		// the public sees that it was hidden and why, not the text, nor its answers
		const publicView = (await listQuestions(t.db, { projectId: project.A.id, viewerId: null, showHidden: false })).find((x) => x.id === question)!;
		expect(publicView).toMatchObject({ body: '', html: '', hidden: { reason: 'Werbung' }, answers: [] });
		// the team and moderators still read it
		const page = await questionsForPage(t.db, { projectId: project.A.id, tenant: (await t.db.selectFrom('tenants').select(['id', 'path', 'kind']).where('id', '=', project.A.tenantId).executeTakeFirstOrThrow()), actor: who.muniA });
		expect(page).toMatchObject({ mayAsk: true, mayAnswer: true, mayHide: true });
		const moderatorView = page.questions.find((x) => x.id === question)!;
		expect(moderatorView.body).toContain('Hofladen');
		expect(moderatorView.answers[0]).toMatchObject({ body: 'Lieber nicht hier.', hidden: { reason: 'Versehentlich doppelt' } });
		// a hidden question takes no more answers
		expect(await code(answerQuestion(t.db, { actor: who.leadA, ip, projectId: project.A.id, questionId: question, answer: 'Nachtrag' }))).toBe('404');

		// the API leaves hidden ones out altogether, and what it gives matches its documented schema
		const detail = (await getProject(t.db, project.A.id))!;
		const api = toApiProject(detail, [], { board: { columns: { todo: [], doing: [], done: [] }, milestones: [] }, teamSize: 0 }, await listQuestions(t.db, { projectId: project.A.id, viewerId: null, showHidden: false, includeHidden: false }));
		expect(api.questions.map((q) => q.id)).not.toContain(question);
		expect(JSON.stringify(api)).not.toContain('Hofladen');
		expect(JSON.stringify(api)).not.toContain('Versehentlich doppelt');
		expect(api.questions.length).toBeGreaterThan(0);
		expect(projectDetailSchema.safeParse(api).success).toBe(true);
		const documented = Object.keys(projectDetailSchema.shape);
		expect(Object.keys(api).filter((k) => !documented.includes(k))).toEqual([]);
		// even when the list given holds hidden ones, the API shape drops them
		const all = await listQuestions(t.db, { projectId: project.A.id, viewerId: null, showHidden: true });
		expect(toApiProject(detail, [], { board: { columns: { todo: [], doing: [], done: [] }, milestones: [] }, teamSize: 0 }, all).questions.map((q) => q.id)).not.toContain(question);
	});

	it('tells the page who may do what', async () => {
		const tenant = await t.db.selectFrom('tenants').select(['id', 'path', 'kind']).where('id', '=', project.A.tenantId).executeTakeFirstOrThrow();
		const rights = async (actor: Actor) => {
			const { mayAsk, mayAnswer, mayHide } = await questionsForPage(t.db, { projectId: project.A.id, tenant, actor });
			return { mayAsk, mayAnswer, mayHide };
		};
		expect(await rights(anonymous)).toEqual({ mayAsk: false, mayAnswer: false, mayHide: false });
		expect(await rights(tokenA)).toEqual({ mayAsk: false, mayAnswer: false, mayHide: false });
		expect(await rights(who.citizenA)).toEqual({ mayAsk: true, mayAnswer: false, mayHide: false });
		expect(await rights(who.helperA)).toEqual({ mayAsk: true, mayAnswer: false, mayHide: false });
		expect(await rights(who.adminB)).toEqual({ mayAsk: true, mayAnswer: false, mayHide: false });
		expect(await rights(who.memberA)).toEqual({ mayAsk: true, mayAnswer: true, mayHide: true });
		expect(await rights(who.editorA)).toEqual({ mayAsk: true, mayAnswer: true, mayHide: true });
	});
});
