import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import * as m from '$lib/paraglide/messages.js';
import { apiError } from '$lib/server/builder/apiVillage';
import { getProject } from '$lib/server/platform/projects/projectQueries';
import { toApiProject } from '$lib/server/platform/projects/projectApi';
import { listQuestions } from '$lib/server/platform/projects/projectQuestions';
import { listProjectFiles } from '$lib/server/platform/projects/projectFiles';
import { listProjectUpdates } from '$lib/server/platform/projects/projectUpdates';
import { loadBoard } from '$lib/server/platform/projects/projectBoard';
import { listTeam } from '$lib/server/platform/projects/projectTeam';
import { projectIdFromRef } from '$lib/server/platform/projects/schemas';

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
