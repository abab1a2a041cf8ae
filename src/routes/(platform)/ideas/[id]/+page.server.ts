import type { Actions, PageServerLoad } from './$types';
import { error, redirect } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages.js';
import { AppError } from '$lib/server/http/errors';
import { handleForm, requireUser } from '$lib/server/http/forms';
import { listCategories } from '$lib/server/platform/categories';
import { commentIdea } from '$lib/server/platform/ideas/commentIdea';
import { hideComment, hideIdea } from '$lib/server/platform/ideas/hideIdea';
import { getIdea } from '$lib/server/platform/ideas/listIdeas';
import { canMoveIdea, moveIdea } from '$lib/server/platform/ideas/moveIdea';
import { commentIdeaSchema, hideCommentSchema, hideIdeaSchema, ideaIdSchema, moveIdeaSchema } from '$lib/server/platform/ideas/schemas';
import { supportIdea, withdrawSupport } from '$lib/server/platform/ideas/supportIdea';
import { createProjectFromIdea } from '$lib/server/platform/projects/projectFromIdea';
import { follow, isFollowing, unfollow } from '$lib/server/platform/follows';
import { loadIdea } from '$lib/server/platform/ideas/ideaAccess';
import { removeIdeaImage } from '$lib/server/platform/ideas/ideaImage';

export const load: PageServerLoad = async ({ params, locals, url }) => {
	const { db } = locals.rt;
	if (params.id.length > 64) error(404, m.err_not_found());
	let got;
	try {
		got = await getIdea(db, { actor: locals.actor, ideaId: params.id });
	} catch (e) {
		if (e instanceof AppError) error(e.status, e.status === 404 ? m.err_not_found() : m.err_forbidden());
		throw e;
	}
	const nextStatuses = (['discussion', 'archived'] as const).filter((s) => canMoveIdea(got.idea.status, s));
	const following = await isFollowing(db, locals.user?.id ?? null, { type: 'idea', id: got.idea.id });
	const mayMakeProject = got.permissions.canMakeProject && (got.idea.status === 'new' || got.idea.status === 'discussion');
	return { ...got, nextStatuses, mayMakeProject, following, categories: await listCategories(db), submitted: url.searchParams.has('submitted'), next: url.pathname };
};

const ip = (event: Parameters<Actions[string]>[0]) => event.getClientAddress();

export const actions: Actions = {
	support: async (event) => {
		requireUser(event);
		return handleForm(event, ideaIdSchema, async (input) => ({ done: 'support', changed: await supportIdea(event.locals.rt.db, { actor: event.locals.actor, ideaId: input.ideaId, ip: ip(event) }) }), { ideaId: event.params.id });
	},
	removeImage: async (event) => {
		requireUser(event);
		return handleForm(event, ideaIdSchema, async (input) => {
			await removeIdeaImage(event.locals.rt.db, { actor: event.locals.actor, ideaId: input.ideaId, ip: ip(event) });
			return { done: 'removeImage' };
		}, { ideaId: event.params.id });
	},
	withdraw: async (event) => {
		requireUser(event);
		return handleForm(event, ideaIdSchema, async (input) => ({ done: 'withdraw', changed: await withdrawSupport(event.locals.rt.db, { actor: event.locals.actor, ideaId: input.ideaId, ip: ip(event) }) }), { ideaId: event.params.id });
	},
	comment: async (event) => {
		requireUser(event);
		return handleForm(event, commentIdeaSchema, async (input) => {
			await commentIdea(event.locals.rt.db, { actor: event.locals.actor, ideaId: input.ideaId, comment: input.comment, ip: ip(event) });
			return { done: 'comment' };
		}, { ideaId: event.params.id });
	},
	move: async (event) => {
		requireUser(event);
		return handleForm(event, moveIdeaSchema, async (input) => {
			await moveIdea(event.locals.rt.db, { actor: event.locals.actor, input, ip: ip(event) });
			return { done: 'move' };
		}, { ideaId: event.params.id });
	},
	hide: async (event) => {
		requireUser(event);
		return handleForm(event, hideIdeaSchema, async (input) => {
			await hideIdea(event.locals.rt.db, { actor: event.locals.actor, input, ip: ip(event) });
			return { done: 'hide' };
		}, { ideaId: event.params.id });
	},
	makeProject: async (event) => {
		requireUser(event);
		return handleForm(event, ideaIdSchema, async (input) => {
			const project = await createProjectFromIdea(event.locals.rt.db, { actor: event.locals.actor, ip: ip(event), ideaId: input.ideaId });
			redirect(303, `/projects/${project.id}-${project.slug}/edit`);
		}, { ideaId: event.params.id });
	},
	follow: async (event) => {
		requireUser(event);
		return handleForm(event, ideaIdSchema, async (input) => {
			const { idea } = await loadIdea(event.locals.rt.db, { actor: event.locals.actor, ideaId: input.ideaId });
			await follow(event.locals.rt.db, { actor: event.locals.actor, target: { type: 'idea', id: idea.id, tenantId: idea.tenantId } });
			return { done: 'follow' };
		}, { ideaId: event.params.id });
	},
	unfollow: async (event) => {
		requireUser(event);
		return handleForm(event, ideaIdSchema, async (input) => {
			await unfollow(event.locals.rt.db, { actor: event.locals.actor, target: { type: 'idea', id: input.ideaId } });
			return { done: 'unfollow' };
		}, { ideaId: event.params.id });
	},
	hideComment: async (event) => {
		requireUser(event);
		return handleForm(event, hideCommentSchema, async (input) => {
			await hideComment(event.locals.rt.db, { actor: event.locals.actor, input, ip: ip(event) });
			return { done: 'hideComment' };
		}, { ideaId: event.params.id });
	}
};
