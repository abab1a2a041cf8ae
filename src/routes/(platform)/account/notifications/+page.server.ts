import type { Actions, PageServerLoad } from './$types';
import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { failure, handleForm, requireUser, safeNext } from '$lib/server/http/forms';
import { listNotifications, markAllRead, markRead } from '$lib/server/notifications/inbox';
import * as m from '$lib/paraglide/messages.js';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const before = event.url.searchParams.get('before') ?? undefined;
	const page = await listNotifications(event.locals.rt.db, user.id, { limit: 20, before });
	return { items: page.items, next: page.next, paged: !!before };
};

const openSchema = z.object({ id: z.string().min(1).max(64) });
const HERE = '/account/notifications';

export const actions: Actions = {
	// Opening marks the notification read and follows its link (same-site paths only); without a link, stay here.
	open: (event) =>
		handleForm(event, openSchema, async ({ id }) => {
			const user = requireUser(event);
			const found = await markRead(event.locals.rt.db, user.id, id);
			if (!found) return failure(404, { _form: m.err_not_found() });
			if (found.url) redirect(303, safeNext(found.url, { origin: event.locals.rt.config.origin, fallback: HERE }));
			return { done: 'read' as const };
		}),
	readAll: async (event) => {
		const user = requireUser(event);
		await markAllRead(event.locals.rt.db, user.id);
		return { done: 'all' as const };
	}
};
