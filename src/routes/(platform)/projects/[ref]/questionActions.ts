// The form actions of "Fragen und Antworten" on the project page (Questions.svelte). Each answers with
// `qa: <what was done>`, and the form's hidden "form" field tells the page which form an error belongs to.
import type { RequestEvent } from './$types';
import { handleForm } from '$lib/server/http/forms';
import {
	answerQuestion,
	answerQuestionSchema,
	askQuestion,
	askQuestionSchema,
	deleteQuestion,
	hideAnswer,
	hideAnswerSchema,
	hideQuestion,
	hideQuestionSchema,
	questionRefSchema
} from '$lib/server/platform/projects/projectQuestions';

/** `projectIdOf` sends anonymous visitors to the login and gives the project's id from the address. */
export function questionActions(projectIdOf: (event: RequestEvent) => Promise<string>) {
	const who = (event: RequestEvent) => ({ actor: event.locals.actor, ip: event.getClientAddress() });
	return {
		ask: (event: RequestEvent) =>
			handleForm(event, askQuestionSchema, async ({ question }) => {
				const projectId = await projectIdOf(event);
				await askQuestion(event.locals.rt.db, { ...who(event), projectId, question });
				return { qa: 'asked' };
			}),
		answer: (event: RequestEvent) =>
			handleForm(event, answerQuestionSchema, async ({ questionId, answer }) => {
				const projectId = await projectIdOf(event);
				await answerQuestion(event.locals.rt.db, { ...who(event), projectId, questionId, answer });
				return { qa: 'answered' };
			}),
		deleteQuestion: (event: RequestEvent) =>
			handleForm(event, questionRefSchema, async ({ questionId }) => {
				const projectId = await projectIdOf(event);
				await deleteQuestion(event.locals.rt.db, { ...who(event), projectId, questionId });
				return { qa: 'deleted' };
			}),
		hideQuestion: (event: RequestEvent) =>
			handleForm(event, hideQuestionSchema, async ({ questionId, reason }) => {
				const projectId = await projectIdOf(event);
				await hideQuestion(event.locals.rt.db, { ...who(event), projectId, questionId, reason });
				return { qa: 'hidden' };
			}),
		hideAnswer: (event: RequestEvent) =>
			handleForm(event, hideAnswerSchema, async ({ answerId, reason }) => {
				const projectId = await projectIdOf(event);
				await hideAnswer(event.locals.rt.db, { ...who(event), projectId, answerId, reason });
				return { qa: 'hidden' };
			})
	};
}
