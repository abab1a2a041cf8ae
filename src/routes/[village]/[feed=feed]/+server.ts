import type { RequestHandler } from './$types';
import { error } from '@sveltejs/kit';
import { findFeed, serveFeed } from '$lib/server/builder/moduleFeeds';
import { moduleContext, requestModules } from '$lib/server/builder/moduleContext';
import * as m from '$lib/paraglide/messages.js';

/** /<village>/calendar.ics, /<village>/news.xml …: served by the switched-on module that declares it. */
export const GET: RequestHandler = async (event) => {
	const village = event.locals.tenant;
	if (!village || village.kind !== 'village') error(404, m.err_not_found());
	const found = findFeed(await requestModules(event, village), event.params.feed);
	if (!found) error(404, m.err_not_found());
	const ctx = moduleContext(event, village, found.vm.module, found.vm.settings);
	return serveFeed({ feed: found.feed, ctx, request: event.request, query: event.url.searchParams });
};
