import type { PageServerLoad } from './$types';
import { error } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages.js';

// Mails are kept here so that a demo or a developer can follow links: only when the dev mailbox is on, which
// config.ts allows on a local ORIGIN only (anyone who can open this page reads every reset link).
export const load: PageServerLoad = async ({ locals, url, setHeaders }) => {
	if (!locals.rt.config.devMailbox) error(404, m.err_not_found());
	setHeaders({ 'cache-control': 'no-store', 'x-robots-tag': 'noindex' });
	const to = url.searchParams.get('to')?.toLowerCase().slice(0, 254) || null;
	let q = locals.rt.db.selectFrom('devMailbox').selectAll().orderBy('createdAt', 'desc').orderBy('id', 'desc').limit(50);
	if (to) q = q.where('toAddress', '=', to);
	return { mails: await q.execute(), to };
};
