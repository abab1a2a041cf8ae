import type { PageServerLoad } from './$types';
import { overviewPage } from '$lib/server/platform/overview/overviewPage';

// Every village's published articles in one list (the news modules answer for their villages), newest first.
export const load: PageServerLoad = async ({ url, locals }) =>
	overviewPage({ db: locals.rt.db, kind: 'articles', locale: locals.locale, origin: url.origin, query: url.searchParams, limit: 20 });
