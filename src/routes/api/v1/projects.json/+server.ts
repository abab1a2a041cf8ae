import type { RequestHandler } from './$types';
import { apiError } from '$lib/server/builder/apiVillage';
import { parseExportFilters, projectExportResponse } from '$lib/server/platform/openData/exportResponse';

// Every visible project matching the filters of /api/v1/projects, as one JSON document (with its licence).
export const GET: RequestHandler = async ({ url, locals }) => {
	const parsed = parseExportFilters(url.searchParams);
	if (!parsed.ok) return apiError(400, parsed.message, parsed.errors);
	return projectExportResponse(locals.rt.db, parsed.data, { origin: url.origin, format: 'json' });
};
