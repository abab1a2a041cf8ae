import type { RequestHandler } from './$types';
import { error } from '@sveltejs/kit';
import { exportAccount } from '$lib/server/auth/gdpr';
import * as m from '$lib/paraglide/messages.js';

/** GDPR self-service export: everything stored about the signed-in person, as a JSON download. */
export const GET: RequestHandler = async ({ locals }) => {
	if (!locals.user) error(401, m.err_login_required());
	const data = await exportAccount(locals.rt.db, locals.user.id);
	if (!data) error(404, m.err_not_found());
	const date = new Date().toISOString().slice(0, 10);
	return new Response(JSON.stringify(data, null, 2), {
		headers: {
			'content-type': 'application/json; charset=utf-8',
			'content-disposition': `attachment; filename="allmende-export-${date}.json"`,
			'cache-control': 'private, no-store'
		}
	});
};
