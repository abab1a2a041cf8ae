import type { PageServerLoad } from './$types';
import { error } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages.js';
import { listAudit } from '$lib/server/audit/audit';
import { guardVillage } from '$lib/server/tenancy/guards';

/** Entries per page of the history. */
const PAGE = 50;
/** entries written in the same millisecond as the cursor's that may already have been shown (read and skipped) */
const SAME_MS_SLACK = 50;

/**
 * The cursor of "older entries": the last shown entry's time and id ("<ms>~<id>"). The history is ordered by
 * time, then id (both descending); entries of the very same millisecond as the cursor's are told apart by id.
 */
const CURSOR = /^(\d{1,15})~([\w-]{1,64})$/;

// Verlauf: the village's audit log, newest first, PAGE entries at a time with a link to older ones.
export const load: PageServerLoad = async (event) => {
	const tenant = await guardVillage(event, 'tenant.readAudit');
	const raw = event.url.searchParams.get('before');
	const cursor = raw === null ? null : CURSOR.exec(raw);
	if (raw !== null && !cursor) error(400, m.err_bad_form());
	const at = cursor ? Number(cursor[1]) : null;
	const afterId = cursor?.[2] ?? '';
	const rows = await listAudit(event.locals.rt.db, { tenantIds: [tenant.id], limit: PAGE + 1 + (at === null ? 0 : SAME_MS_SLACK), before: at === null ? undefined : at + 1, locale: event.locals.locale });
	// entries at the cursor's millisecond that were on the page before (their id is not below the cursor's)
	const fresh = at === null ? rows : rows.filter((r) => r.createdAt < at || (r.createdAt === at && r.id < afterId));
	const entries = fresh.slice(0, PAGE);
	const last = entries.at(-1);
	return {
		entries,
		older: fresh.length > PAGE && last ? `${last.createdAt}~${last.id}` : null,
		paged: cursor !== null
	};
};
