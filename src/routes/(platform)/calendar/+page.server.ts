import type { PageServerLoad } from './$types';
import { overviewPage } from '$lib/server/platform/overview/overviewPage';

// Every village's events in one list (the calendar modules answer for their villages), soonest first.
export const load: PageServerLoad = async ({ url, locals }) =>
	overviewPage({ db: locals.rt.db, kind: 'events', locale: locals.locale, origin: url.origin, query: url.searchParams, limit: 40 });
