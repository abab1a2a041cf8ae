import type { PageServerLoad } from './$types';
import { listCategories } from '$lib/server/platform/categories';
import { countyHome } from '$lib/server/platform/countyHome/countyHome';
import { listTenants, toTree } from '$lib/server/tenancy/tenants';

// The county home: what is happening across the county, then the way into the villages.
export const load: PageServerLoad = async ({ locals, url }) => {
	const { db } = locals.rt;
	const [tenants, home, categories] = await Promise.all([listTenants(db), countyHome(db, { locale: locals.locale, origin: url.origin }), listCategories(db)]);
	return { tree: toTree(tenants), home, categories, locale: locals.locale };
};
