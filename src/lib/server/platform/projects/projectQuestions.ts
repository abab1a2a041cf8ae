// Questions and answers ("Fragen und Antworten") on a project page: someone from another village asks how the
// project was done, the project's team answers. Anyone signed in asks (a person, never an API token); only the
// team answers — its lead and members, and the village's editors who keep the project (`rights.edit`). Others
// who want to add something ask a follow-up question; that keeps answers the team's word. A question may have
// several answers. The asker may delete their question while nobody has answered it; moderators (the
// municipality's and county's admins) and the team hide a question or an answer with a reason instead.
// Beside a name the page shows the person's village, from their memberships: that is what makes it Q&A
// "from other villages".
import { z } from 'zod';
import { audit } from '../../audit/audit.ts';
import type { Db } from '../../db/index.ts';
import { AppError, forbidden, formError, notFound } from '../../http/errors.ts';
import { newId } from '../../ids.ts';
import { can, type Actor, type TenantResource } from '../../policy/index.ts';
import { renderMarkdown } from '../../richtext/markdown.ts';
import * as m from '../../../paraglide/messages.js';
import { notifyInTheirLanguage } from '../follows.ts';
import { projectRights, teamRoleOf } from './projectAccess.ts';
import { loadProjectForWrite, type Who } from './saveProject.ts';

/** ids are short; anything longer is not one of ours */
const ref = z.string().trim().min(1).max(64);
const reason = z.string().trim().min(3).max(500);

export const askQuestionSchema = z.object({ question: z.string().trim().min(3).max(2000) });
export const answerQuestionSchema = z.object({ questionId: ref, answer: z.string().trim().min(2).max(4000) });
export const questionRefSchema = z.object({ questionId: ref });
export const hideQuestionSchema = z.object({ questionId: ref, reason });
export const hideAnswerSchema = z.object({ answerId: ref, reason });

/** Questions shown on a page at most; the newest first. */
const MAX_QUESTIONS = 200;

export interface Author {
	name: string;
	/** the person's village, from their memberships; null when they belong to none */
	village: string | null;
}

export interface AnswerView {
	id: string;
	/** markdown ('' when hidden and the viewer may not see hidden text) */
	body: string;
	/** sanitised HTML of the body */
	html: string;
	/** null once the account is gone */
	author: Author | null;
	createdAt: number;
	hidden: { reason: string } | null;
}

export interface QuestionView extends Omit<AnswerView, 'id'> {
	id: string;
	/** the viewer asked it */
	mine: boolean;
	/** the viewer may delete it: their own, and nobody has answered yet */
	mayDelete: boolean;
	answers: AnswerView[];
}

function person(actor: Actor): string {
	if (!actor.userId || actor.token) throw new AppError(401, 'unauthorized');
	return actor.userId;
}

/** Who may hide on this project: the municipality's and county's admins, and the team (with the village's editors). */
function mayHide(project: Awaited<ReturnType<typeof loadProjectForWrite>>, actor: Actor): boolean {
	return project.rights.edit || can(actor, 'tenant.moderatePool', project.tenant);
}

/** Each person's first village (by when they joined it), for "Anna K. (Körbecke)". */
async function villagesOf(db: Db, userIds: string[]): Promise<Map<string, string>> {
	const villages = new Map<string, string>();
	if (!userIds.length) return villages;
	const rows = await db
		.selectFrom('memberships')
		.innerJoin('tenants', 'tenants.id', 'memberships.tenantId')
		.select(['memberships.userId', 'tenants.name'])
		.where('memberships.userId', 'in', userIds)
		.where('tenants.kind', '=', 'village')
		.orderBy('memberships.createdAt')
		.orderBy('memberships.id')
		.execute();
	for (const r of rows) if (!villages.has(r.userId)) villages.set(r.userId, r.name);
	return villages;
}

/**
 * The project's questions, newest first, each with its answers, oldest first. `showHidden`: the viewer may
 * hide, so hidden ones keep their text for them; everyone else sees only that they were hidden, and why.
 * `includeHidden: false` leaves hidden questions and answers out altogether (the API).
 */
export async function listQuestions(db: Db, args: { projectId: string; viewerId: string | null; showHidden: boolean; includeHidden?: boolean }): Promise<QuestionView[]> {
	const includeHidden = args.includeHidden ?? true;
	let qq = db
		.selectFrom('projectQuestions')
		.leftJoin('users', 'users.id', 'projectQuestions.authorId')
		.select(['projectQuestions.id', 'projectQuestions.authorId', 'users.displayName as authorName', 'projectQuestions.body', 'projectQuestions.createdAt', 'projectQuestions.hiddenAt', 'projectQuestions.hiddenReason'])
		.where('projectQuestions.projectId', '=', args.projectId);
	if (!includeHidden) qq = qq.where('projectQuestions.hiddenAt', 'is', null);
	const questions = await qq.orderBy('projectQuestions.createdAt', 'desc').orderBy('projectQuestions.id', 'desc').limit(MAX_QUESTIONS).execute();
	if (!questions.length) return [];
	let qa = db
		.selectFrom('projectAnswers')
		.leftJoin('users', 'users.id', 'projectAnswers.authorId')
		.select(['projectAnswers.id', 'projectAnswers.questionId', 'projectAnswers.authorId', 'users.displayName as authorName', 'projectAnswers.body', 'projectAnswers.createdAt', 'projectAnswers.hiddenAt', 'projectAnswers.hiddenReason'])
		.where('projectAnswers.projectId', '=', args.projectId)
		.where(
			'projectAnswers.questionId',
			'in',
			questions.map((q) => q.id)
		);
	if (!includeHidden) qa = qa.where('projectAnswers.hiddenAt', 'is', null);
	const answers = await qa.orderBy('projectAnswers.createdAt').orderBy('projectAnswers.id').execute();
	const authorIds = [...new Set([...questions, ...answers].map((r) => r.authorId).filter((id): id is string => id !== null))];
	const villages = await villagesOf(db, authorIds);
	const present = (r: { authorId: string | null; authorName: string | null; body: string; createdAt: number; hiddenAt: number | null; hiddenReason: string }) => {
		const hidden = r.hiddenAt !== null ? { reason: r.hiddenReason } : null;
		const body = hidden && !args.showHidden ? '' : r.body;
		return {
			body,
			html: body ? renderMarkdown(body) : '',
			author: r.authorId && r.authorName !== null ? { name: r.authorName, village: villages.get(r.authorId) ?? null } : null,
			createdAt: Number(r.createdAt),
			hidden
		};
	};
	return questions.map((q) => {
		const own = answers.filter((a) => a.questionId === q.id);
		const mine = !!args.viewerId && q.authorId === args.viewerId;
		return {
			id: q.id,
			...present(q),
			mine,
			mayDelete: mine && own.length === 0,
			// a hidden question hides its answers too (they make no sense without it)
			answers: q.hiddenAt !== null && !args.showHidden ? [] : own.map((a) => ({ id: a.id, ...present(a) }))
		};
	});
}

/** A signed-in person asks a question; the team (lead and members) is told, without the asker's name. */
export async function askQuestion(db: Db, args: Who & { projectId: string; question: string }): Promise<string> {
	const userId = person(args.actor);
	const project = await loadProjectForWrite(db, args.projectId, args.actor);
	const now = Date.now();
	const id = newId(now);
	await db.transaction().execute(async (trx) => {
		await trx.insertInto('projectQuestions').values({ id, tenantId: project.tenantId, projectId: project.id, authorId: userId, body: args.question, createdAt: now, hiddenAt: null }).execute();
		await audit(trx, { actorId: userId, tenantId: project.tenantId, action: 'project.question.ask', targetType: 'project', targetId: project.id, data: { questionId: id }, ip: args.ip });
		const team = await trx.selectFrom('projectMembers').select('userId').where('projectId', '=', project.id).where('tenantId', '=', project.tenantId).where('role', 'in', ['lead', 'member']).execute();
		// the notification does not name the asker: it stays with the team when the asker's account goes
		await notifyInTheirLanguage(trx, {
			userIds: team.map((t) => t.userId).filter((u) => u !== userId),
			tenantId: project.tenantId,
			kind: 'project.question',
			title: (locale) => m.qa_notify_question({ title: project.title }, { locale }),
			url: `/projects/${project.id}#question-${id}`
		});
	});
	return id;
}

/** The project's question (not another project's), or 404. */
async function questionOf(db: Db, project: { id: string; tenantId: string }, questionId: string) {
	const question = await db
		.selectFrom('projectQuestions')
		.select(['id', 'authorId', 'hiddenAt'])
		.where('id', '=', questionId)
		.where('projectId', '=', project.id)
		.where('tenantId', '=', project.tenantId)
		.executeTakeFirst();
	if (!question) throw notFound();
	return question;
}

/** The team answers a question; the asker is told. */
export async function answerQuestion(db: Db, args: Who & { projectId: string; questionId: string; answer: string }): Promise<string> {
	const userId = person(args.actor);
	const project = await loadProjectForWrite(db, args.projectId, args.actor);
	if (!project.rights.edit) throw forbidden();
	const question = await questionOf(db, project, args.questionId);
	if (question.hiddenAt !== null) throw notFound();
	const now = Date.now();
	const id = newId(now);
	await db.transaction().execute(async (trx) => {
		await trx.insertInto('projectAnswers').values({ id, tenantId: project.tenantId, projectId: project.id, questionId: question.id, authorId: userId, body: args.answer, createdAt: now, hiddenAt: null }).execute();
		await audit(trx, { actorId: userId, tenantId: project.tenantId, action: 'project.question.answer', targetType: 'project', targetId: project.id, data: { questionId: question.id, answerId: id }, ip: args.ip });
		if (question.authorId && question.authorId !== userId) {
			await notifyInTheirLanguage(trx, {
				userIds: [question.authorId],
				tenantId: project.tenantId,
				kind: 'project.answer',
				title: (locale) => m.qa_notify_answer({ title: project.title }, { locale }),
				url: `/projects/${project.id}#question-${question.id}`
			});
		}
	});
	return id;
}

/** The asker takes back their question, as long as nobody has answered it (hidden answers count too). */
export async function deleteQuestion(db: Db, args: Who & { projectId: string; questionId: string }): Promise<void> {
	const userId = person(args.actor);
	const project = await loadProjectForWrite(db, args.projectId, args.actor);
	const question = await questionOf(db, project, args.questionId);
	if (question.authorId !== userId) throw forbidden();
	const answered = await db.selectFrom('projectAnswers').select('id').where('questionId', '=', question.id).where('tenantId', '=', project.tenantId).executeTakeFirst();
	if (answered) throw formError('err_qa_answered', 409);
	await db.transaction().execute(async (trx) => {
		await trx.deleteFrom('projectQuestions').where('id', '=', question.id).where('tenantId', '=', project.tenantId).execute();
		await audit(trx, { actorId: userId, tenantId: project.tenantId, action: 'project.question.delete', targetType: 'project', targetId: project.id, data: { questionId: question.id }, ip: args.ip });
	});
}

/** Moderators and the team hide a question (and with it its answers) with a reason; hiding twice changes nothing. */
export async function hideQuestion(db: Db, args: Who & { projectId: string; questionId: string; reason: string }): Promise<void> {
	const userId = person(args.actor);
	const project = await loadProjectForWrite(db, args.projectId, args.actor);
	if (!mayHide(project, args.actor)) throw forbidden();
	const question = await questionOf(db, project, args.questionId);
	if (question.hiddenAt !== null) return;
	await db.transaction().execute(async (trx) => {
		await trx.updateTable('projectQuestions').set({ hiddenAt: Date.now(), hiddenReason: args.reason }).where('id', '=', question.id).where('tenantId', '=', project.tenantId).execute();
		await audit(trx, { actorId: userId, tenantId: project.tenantId, action: 'project.question.hide', targetType: 'project', targetId: project.id, data: { questionId: question.id }, ip: args.ip });
	});
}

/** Moderators and the team hide one answer with a reason. */
export async function hideAnswer(db: Db, args: Who & { projectId: string; answerId: string; reason: string }): Promise<void> {
	const userId = person(args.actor);
	const project = await loadProjectForWrite(db, args.projectId, args.actor);
	if (!mayHide(project, args.actor)) throw forbidden();
	const answer = await db
		.selectFrom('projectAnswers')
		.select(['id', 'questionId', 'hiddenAt'])
		.where('id', '=', args.answerId)
		.where('projectId', '=', project.id)
		.where('tenantId', '=', project.tenantId)
		.executeTakeFirst();
	if (!answer) throw notFound();
	if (answer.hiddenAt !== null) return;
	await db.transaction().execute(async (trx) => {
		await trx.updateTable('projectAnswers').set({ hiddenAt: Date.now(), hiddenReason: args.reason }).where('id', '=', answer.id).where('tenantId', '=', project.tenantId).execute();
		await audit(trx, { actorId: userId, tenantId: project.tenantId, action: 'project.answer.hide', targetType: 'project', targetId: project.id, data: { questionId: answer.questionId, answerId: answer.id }, ip: args.ip });
	});
}

/** What the project page needs: the questions, and whether the viewer may ask, answer and hide. */
export async function questionsForPage(db: Db, args: { projectId: string; tenant: TenantResource; actor: Actor }) {
	// every write here is a person's (never an API token's)
	const isPerson = !!args.actor.userId && !args.actor.token;
	const rights = projectRights(args.actor, args.tenant, await teamRoleOf(db, args.projectId, args.actor.userId));
	const mayHide = isPerson && (rights.edit || can(args.actor, 'tenant.moderatePool', args.tenant));
	const questions = await listQuestions(db, { projectId: args.projectId, viewerId: isPerson ? args.actor.userId : null, showHidden: mayHide });
	return { questions, mayAsk: isPerson, mayAnswer: isPerson && rights.edit, mayHide };
}
