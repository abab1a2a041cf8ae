import type { PageServerLoad } from './$types';
import { error } from '@sveltejs/kit';
import { overviewPage } from '$lib/server/platform/overview/overviewPage';
import { getTenantBySlug, listTenants } from '$lib/server/tenancy/tenants';
import * as m from '$lib/paraglide/messages.js';

// A municipality's page: its villages, their next events and their latest news (the county's overview, narrowed).
export const load: PageServerLoad = async ({ params, url, locals }) => {
	const { db } = locals.rt;
	const municipality = await getTenantBySlug(db, params.slug);
	if (!municipality || municipality.kind !== 'municipality') error(404, m.err_not_found());
	const none = new URLSearchParams();
	const common = { db, locale: locals.locale, origin: url.origin, query: none, fixed: { municipality: municipality.slug } };
	const [tenants, events, news] = await Promise.all([listTenants(db), overviewPage({ ...common, kind: 'events', limit: 8 }), overviewPage({ ...common, kind: 'articles', limit: 5 })]);
	const villages = tenants
		.filter((t) => t.kind === 'village' && t.parentId === municipality.id)
		.sort((a, b) => a.name.localeCompare(b.name, 'de'))
		.map((v) => ({ slug: v.slug, name: v.name, description: v.description }));
	return {
		municipality: { slug: municipality.slug, name: municipality.name, description: municipality.description },
		villages,
		events: { entries: events.entries, more: events.next !== null },
		news: { entries: news.entries, more: news.next !== null },
		today: events.today,
		tomorrow: events.tomorrow
	};
};
