import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import * as m from '$lib/paraglide/messages.js';
import { apiError } from '$lib/server/builder/apiVillage';
import { getProject } from '$lib/server/platform/projects/projectQueries';
import { toApiProject } from '$lib/server/platform/projects/projectApi';
import { listProjectFiles } from '$lib/server/platform/projects/projectFiles';
import { listProjectUpdates } from '$lib/server/platform/projects/projectUpdates';
import { projectIdFromRef } from '$lib/server/platform/projects/schemas';

// One project with its whole profile, where it was adopted from and where it was adopted to.
export const GET: RequestHandler = async ({ params, locals }) => {
	const id = projectIdFromRef(params.id);
	const project = id && (await getProject(locals.rt.db, id));
	if (!project) return apiError(404, m.err_not_found());
	const [updates, files] = await Promise.all([listProjectUpdates(locals.rt.db, project.id), listProjectFiles(locals.rt.db, project.id)]);
	return json(toApiProject(project, updates, files), { headers: { 'cache-control': 'no-cache' } });
};
