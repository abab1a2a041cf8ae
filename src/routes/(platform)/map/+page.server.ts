import type { PageServerLoad } from './$types';
import { error } from '@sveltejs/kit';
import { parseInput } from '$lib/server/http/validate';
import { listCategories } from '$lib/server/platform/categories';
import { mapData } from '$lib/server/platform/map/mapData';
import { listAllPlaces } from '$lib/server/platform/projects/projectPlaces';
import { listProjectsSchema } from '$lib/server/platform/projects/schemas';

// The projects map: the Projektpool's visible projects by place, filtered by the same GET form as /projects.
export const load: PageServerLoad = async ({ url, locals }) => {
	// the form sends every field, "Alle" as an empty value: empty means no filter
	const parsed = parseInput(listProjectsSchema, Object.fromEntries([...url.searchParams].filter(([, v]) => v !== '')));
	if (!parsed.ok) error(400, parsed.message);
	const { db, config } = locals.rt;
	const { page: _page, ...filters } = parsed.data; // the map shows every match: no pages
	const [places, categories, filterPlaces] = await Promise.all([mapData(db, filters), listCategories(db), listAllPlaces(db)]);
	const { tileUrl, attribution, attributionUrl } = config.map;
	return { places, categories, filterPlaces, filters, tiles: { url: tileUrl, attribution, attributionUrl } };
};
