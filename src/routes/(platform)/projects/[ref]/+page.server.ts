import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { error, redirect } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages.js';
import { handleForm, requireUser } from '$lib/server/http/forms';
import { listCategories } from '$lib/server/platform/categories';
import { follow, isFollowing, unfollow } from '$lib/server/platform/follows';
import { listProjectFundings, programmeChoices, suggestProgrammes } from '$lib/server/platform/funding/fundingQueries';
import { addProjectFunding, removeProjectFunding } from '$lib/server/platform/funding/projectFunding';
import { addFundingSchema, removeFundingSchema } from '$lib/server/platform/funding/schemas';
import { adoptProject } from '$lib/server/platform/projects/adoptProject';
import { projectFileActions, projectFilesView } from '$lib/server/platform/projects/projectFileActions';
import { listProjectPlaces } from '$lib/server/platform/projects/projectPlaces';
import { questionActions } from './questionActions';
import { projectId, visibleProject } from './projectPage';
import { questionsForPage } from '$lib/server/platform/projects/projectQuestions';
import { getProject } from '$lib/server/platform/projects/projectQueries';
import { loadBoard } from '$lib/server/platform/projects/projectBoard';
import { listTeam } from '$lib/server/platform/projects/projectTeam';
import { listProjectUpdates, postProjectUpdate, projectUpdateSchema } from '$lib/server/platform/projects/projectUpdates';
import { changeProjectStatus, setProjectHidden } from '$lib/server/platform/projects/saveProject';
import { adoptProjectSchema, changeStatusSchema, hideProjectSchema } from '$lib/server/platform/projects/schemas';
import { renderMarkdown } from '$lib/server/richtext/markdown';
import { similarProjects } from '$lib/server/platform/search/similarProjects';
import { z } from 'zod';

// The project's profile ("Steckbrief"): how it was done, what it cost, what went wrong, and its lineage.
export const load: PageServerLoad = async ({ params, locals }) => {
	const { db } = locals.rt;
	const { project, tenant, mayModerate, rights } = await visibleProject(locals, params.ref);
	// the village's editors and admins, and the project's team (a member who created it leads it)
	const mayEdit = rights.edit;
	const [categories, places, following, updates, suggestions, funding, team, board, qa, files, similar] = await Promise.all([
		listCategories(db),
		listProjectPlaces(db, locals.actor),
		isFollowing(db, locals.user?.id ?? null, { type: 'project', id: project.id }),
		listProjectUpdates(db, project.id),
		suggestProgrammes(db, { projectId: project.id, categoryKey: project.categoryKey }),
		// the team's funding form: its rows with ids and the catalogue to choose from
		mayEdit ? Promise.all([listProjectFundings(db, project.id), programmeChoices(db)]).then(([rows, programmes]) => ({ rows, programmes })) : null,
		listTeam(db, project.id),
		loadBoard(db, project.id),
		questionsForPage(db, { projectId: project.id, tenant, actor: locals.actor }),
		projectFilesView(db, locals.actor, project),
		similarProjects(db, project)
	]);
	const html = Object.fromEntries((['goals', 'preconditions', 'steps', 'pitfalls', 'lessons', 'results'] as const).map((k) => [k, renderMarkdown(project[k])]));
	return {
		project,
		html,
		categories,
		adoptPlaces: places.filter((p) => p.slug !== project.place.slug),
		suggestions,
		similar,
		funding,
		files,
		mayEdit,
		mayModerate,
		signedIn: !!locals.user,
		following,
		work: {
			team,
			teamRole: rights.teamRole,
			open: board.columns.todo.length + board.columns.doing.length,
			free: board.columns.todo.filter((t) => !t.assigneeId).length,
			done: board.columns.done.length,
			milestones: board.milestones.length,
			milestonesDone: board.milestones.filter((ms) => ms.done).length
		},
		updates: updates.map((u) => ({ ...u, html: renderMarkdown(u.body) })),
		qa
	};
};

async function writable(event: RequestEvent) {
	requireUser(event);
	return projectId(event.params.ref);
}

export const actions: Actions = {
	...questionActions(writable),
	...projectFileActions(writable),
	adopt: (event) =>
		handleForm(event, adoptProjectSchema, async ({ village }) => {
			const projectId = await writable(event);
			const adopted = await adoptProject(event.locals.rt.db, { actor: event.locals.actor, ip: event.getClientAddress(), projectId, village });
			redirect(303, `/projects/${adopted.id}-${adopted.slug}?adopted=1`);
		}),
	status: (event) =>
		handleForm(event, changeStatusSchema, async ({ status, note }) => {
			const projectId = await writable(event);
			await changeProjectStatus(event.locals.rt.db, { actor: event.locals.actor, ip: event.getClientAddress(), projectId, status, note });
			return { saved: 'status' };
		}),
	hide: (event) =>
		handleForm(event, hideProjectSchema, async ({ reason }) => {
			const projectId = await writable(event);
			await setProjectHidden(event.locals.rt.db, { actor: event.locals.actor, ip: event.getClientAddress(), projectId, hidden: true, reason });
			return { saved: 'hidden' };
		}),
	news: (event) =>
		handleForm(event, projectUpdateSchema, async ({ body }) => {
			const projectId = await writable(event);
			await postProjectUpdate(event.locals.rt.db, { actor: event.locals.actor, ip: event.getClientAddress(), projectId, body });
			event.locals.rt.kickJobs();
			return { saved: 'news' };
		}),
	follow: (event) =>
		handleForm(event, z.object({}), async () => {
			const projectId = await writable(event);
			const project = await getProject(event.locals.rt.db, projectId);
			if (!project) error(404, m.err_not_found());
			await follow(event.locals.rt.db, { actor: event.locals.actor, target: { type: 'project', id: project.id, tenantId: project.tenantId } });
			return { saved: 'follow' };
		}),
	unfollow: (event) =>
		handleForm(event, z.object({}), async () => {
			const projectId = await writable(event);
			await unfollow(event.locals.rt.db, { actor: event.locals.actor, target: { type: 'project', id: projectId } });
			return { saved: 'unfollow' };
		}),
	addFunding: (event) =>
		handleForm(event, addFundingSchema, async (input) => {
			const projectId = await writable(event);
			await addProjectFunding(event.locals.rt.db, { actor: event.locals.actor, ip: event.getClientAddress(), projectId, input });
			return { saved: 'fundingAdded' };
		}),
	removeFunding: (event) =>
		handleForm(event, removeFundingSchema, async ({ fundingId }) => {
			const projectId = await writable(event);
			await removeProjectFunding(event.locals.rt.db, { actor: event.locals.actor, ip: event.getClientAddress(), projectId, fundingId });
			return { saved: 'fundingRemoved' };
		}),
	unhide: (event) =>
		handleForm(event, z.object({}), async () => {
			const projectId = await writable(event);
			await setProjectHidden(event.locals.rt.db, { actor: event.locals.actor, ip: event.getClientAddress(), projectId, hidden: false });
			return { saved: 'shown' };
		})
};
