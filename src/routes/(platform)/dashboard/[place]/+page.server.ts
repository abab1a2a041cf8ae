import type { PageServerLoad } from './$types';
import { dashboardPage } from '$lib/server/platform/dashboard/dashboardPage';

// A municipality's or a village's results dashboard (404 for an unknown place; the county's slug goes to /dashboard).
export const load: PageServerLoad = ({ locals, url, params }) => dashboardPage({ db: locals.rt.db, slug: params.place, locale: locals.locale, origin: url.origin });
