import type { LayoutServerLoad } from './$types';
import { unreadCount } from '$lib/server/notifications/inbox';
import { roleAtLeast } from '$lib/server/tenancy/roles';

export const load: LayoutServerLoad = async ({ locals }) => {
	const { user, actor, rt } = locals;
	// The administration link is shown to everyone who administers some tenant (county, municipality or village).
	const isAdmin = actor.memberships.some((m) => roleAtLeast(m.role, 'admin'));
	return {
		user: user ? { id: user.id, displayName: user.displayName, email: user.email } : null,
		locale: locals.locale,
		isAdmin,
		devMailbox: rt.config.devMailbox,
		// the bell in the header: one indexed count, for signed-in people only
		unread: user ? await unreadCount(rt.db, user.id) : 0
	};
};
