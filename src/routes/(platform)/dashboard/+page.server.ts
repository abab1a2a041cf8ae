import type { PageServerLoad } from './$types';
import { dashboardPage } from '$lib/server/platform/dashboard/dashboardPage';

// The county's results dashboard: every visible project of the county, aggregated.
export const load: PageServerLoad = ({ locals, url }) => dashboardPage({ db: locals.rt.db, locale: locals.locale, origin: url.origin });
