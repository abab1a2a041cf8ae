import type { RequestHandler } from './$types';
import { catalogDocument } from '$lib/server/platform/openData/catalog';

// The DCAT-AP.de catalogue entry for state open-data portals (JSON-LD). Harvesters call it a few times a day;
// a copy ten minutes old only lags in its dates, since it names no project.
export const GET: RequestHandler = async ({ url, locals }) =>
	new Response(JSON.stringify(await catalogDocument(locals.rt.db, url.origin)), { headers: { 'content-type': 'application/ld+json; charset=utf-8', 'cache-control': 'public, max-age=600' } });
