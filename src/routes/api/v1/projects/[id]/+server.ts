import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import * as m from '$lib/paraglide/messages.js';
import { apiError } from '$lib/server/builder/apiVillage';
import { getProject } from '$lib/server/platform/projects/projectQueries';
import { projectUrl, toApiProject } from '$lib/server/platform/projects/projectApi';
import { updateProject } from '$lib/server/platform/projects/saveProject';
import { NO_STORE, poolWrite } from '$lib/server/platform/poolApi';
import { listQuestions } from '$lib/server/platform/projects/projectQuestions';
import { listProjectFiles } from '$lib/server/platform/projects/projectFiles';
import { listProjectUpdates } from '$lib/server/platform/projects/projectUpdates';
import { loadBoard } from '$lib/server/platform/projects/projectBoard';
import { listTeam } from '$lib/server/platform/projects/projectTeam';
import { projectIdFromRef, updateProjectSchema } from '$lib/server/platform/projects/schemas';

// One project with its whole profile, where it was adopted from and where it was adopted to.
export const GET: RequestHandler = async ({ params, locals }) => {
	const id = projectIdFromRef(params.id);
	const project = id && (await getProject(locals.rt.db, id));
	if (!project) return apiError(404, m.err_not_found());
	const [updates, board, team, questions, files] = await Promise.all([
		listProjectUpdates(locals.rt.db, project.id),
		loadBoard(locals.rt.db, project.id),
		listTeam(locals.rt.db, project.id),
		listQuestions(locals.rt.db, { projectId: project.id, viewerId: null, showHidden: false, includeHidden: false }),
		listProjectFiles(locals.rt.db, project.id)
	]);
	return json(toApiProject(project, updates, { board, teamSize: team.length }, questions, files), { headers: { 'cache-control': 'no-cache' } });
};

// The profile ("Steckbrief"), as the edit form saves it; fields left out keep their current values.
export const PATCH: RequestHandler = (event) =>
	poolWrite(event, {
		project: true,
		schema: updateProjectSchema,
		current: async (id) => {
			// the stored profile in the form's shape; a hidden project is refused by updateProject (404 but for moderators)
			const p = await getProject(event.locals.rt.db, id, { includeHidden: true });
			if (!p) return {};
			const { title, summary, categoryKey, sdgs, goals, targetGroup, preconditions, costOneOff, costRunning, volunteerHours, timeline, startedOn, steps, pitfalls, lessons, results, contactName, contactRole, links } = p;
			return { title, summary, categoryKey, sdgs, goals, targetGroup, preconditions, costOneOff, costRunning, volunteerHours, timeline, startedOn, steps, pitfalls, lessons, results, contactName, contactRole, links };
		},
		run: async (input, who) => {
			const saved = await updateProject(event.locals.rt.db, { ...who, input });
			return json({ id: who.projectId, url: projectUrl({ id: who.projectId, slug: saved.slug }) }, { headers: NO_STORE });
		}
	});
