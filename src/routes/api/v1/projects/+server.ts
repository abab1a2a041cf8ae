import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import * as m from '$lib/paraglide/messages.js';
import { apiError } from '$lib/server/builder/apiVillage';
import { parseInput } from '$lib/server/http/validate';
import { listProjects } from '$lib/server/platform/projects/projectQueries';
import { projectUrl, toApiCard } from '$lib/server/platform/projects/projectApi';
import { createProjectSchema, listProjectsSchema } from '$lib/server/platform/projects/schemas';
import { createProject } from '$lib/server/platform/projects/saveProject';
import { NO_STORE, poolWrite } from '$lib/server/platform/poolApi';

// The Projektpool's projects, filtered and searched, paged (20 a page); hidden ones never. With q each card has
// the snippet the page shows (escaped HTML with <mark>), so clients need not repeat the German matching.
export const GET: RequestHandler = async ({ url, locals }) => {
	const parsed = parseInput(listProjectsSchema, Object.fromEntries(url.searchParams));
	if (!parsed.ok) return apiError(400, parsed.message, parsed.errors);
	const result = await listProjects(locals.rt.db, parsed.data);
	if (result.projects.length === 0 && parsed.data.page > result.pages) return apiError(404, m.err_not_found());
	return json({ ...result, projects: result.projects.map((p) => ({ ...toApiCard(p), snippet: p.snippetHtml ?? null })) }, { headers: { 'cache-control': 'no-cache' } });
};

// A new project, as the form /projects/new makes it: in a village (slug) the actor keeps projects of.
export const POST: RequestHandler = (event) =>
	poolWrite(event, {
		schema: createProjectSchema,
		run: async (input, who) => {
			const created = await createProject(event.locals.rt.db, { actor: who.actor, ip: who.ip, input });
			return json({ id: created.id, url: projectUrl(created) }, { status: 201, headers: NO_STORE });
		}
	});
