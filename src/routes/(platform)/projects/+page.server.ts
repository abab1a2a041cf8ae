import type { PageServerLoad } from './$types';
import { error } from '@sveltejs/kit';
import { parseInput } from '$lib/server/http/validate';
import { listCategories } from '$lib/server/platform/categories';
import { projectThumbnails } from '$lib/server/platform/projects/projectFiles';
import { listAllPlaces, listProjectPlaces } from '$lib/server/platform/projects/projectPlaces';
import { listProjects } from '$lib/server/platform/projects/projectQueries';
import { listProjectsSchema } from '$lib/server/platform/projects/schemas';

// The Projektpool: every visible project, filtered by the query string (a plain GET form).
export const load: PageServerLoad = async ({ url, locals }) => {
	const parsed = parseInput(listProjectsSchema, Object.fromEntries(url.searchParams));
	if (!parsed.ok) error(400, parsed.message);
	const { db } = locals.rt;
	const [result, categories, places, mine] = await Promise.all([listProjects(db, parsed.data), listCategories(db), listAllPlaces(db), listProjectPlaces(db, locals.actor)]);
	const thumbs = await projectThumbnails(db, result.projects.map((p) => p.id));
	return { ...result, projects: result.projects.map((p) => ({ ...p, thumb: thumbs.get(p.id) ?? null })), filters: parsed.data, categories, places, canCreate: mine.length > 0 };
};
