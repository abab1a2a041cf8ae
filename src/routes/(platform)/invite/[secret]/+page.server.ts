import type { Actions, PageServerLoad } from './$types';
import { error, redirect } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages.js';
import { AppError } from '$lib/server/http/errors';
import { acceptInvitation, declineInvitation, findInvitation, mayAccept } from '$lib/server/tenancy/invitations';

// The mailed link of an invitation: shows what the person is invited to, by whom, and lets them accept
// (signed in with the invited, confirmed address) or decline (anyone holding the link; no account needed).
export const load: PageServerLoad = async ({ params, locals, url, setHeaders }) => {
	// the link holds a secret: keep the page out of caches
	setHeaders({ 'cache-control': 'private, no-store' });
	const invitation = await findInvitation(locals.rt.db, params.secret);
	if (!invitation) return { invitation: null, here: url.pathname };
	const user = locals.user;
	return {
		here: url.pathname,
		invitation: {
			email: invitation.email,
			role: invitation.role,
			expiresAt: invitation.expiresAt,
			tenant: { name: invitation.tenant.name, slug: invitation.tenant.slug, kind: invitation.tenant.kind },
			club: invitation.club ? { name: invitation.club.name } : null,
			invitedByName: invitation.invitedByName
		},
		signedInAs: user?.email ?? null,
		canAccept: !!user && mayAccept(invitation, user)
	};
};

/** Runs an invitation command; an unknown, used or expired link or the wrong account become 404 / 403 pages. */
async function run<T>(command: () => Promise<T>): Promise<T> {
	try {
		return await command();
	} catch (e) {
		if (e instanceof AppError && e.status === 404) error(404, m.invite_invalid());
		if (e instanceof AppError && e.status === 403) error(403, m.err_forbidden());
		throw e;
	}
}

export const actions: Actions = {
	accept: async ({ params, locals, getClientAddress, url }) => {
		if (!locals.user) redirect(303, `/login?next=${encodeURIComponent(url.pathname)}`);
		const user = locals.user;
		const invitation = await run(() => acceptInvitation(locals.rt.db, { secret: params.secret, user, ip: getClientAddress(), origin: locals.rt.config.origin }));
		locals.rt.kickJobs();
		return {
			accepted: {
				role: invitation.role,
				place: invitation.club ? `${invitation.club.name} (${invitation.tenant.name})` : invitation.tenant.name,
				club: invitation.club !== null,
				tenant: { name: invitation.tenant.name, slug: invitation.tenant.slug, kind: invitation.tenant.kind }
			}
		};
	},
	decline: async ({ params, locals, getClientAddress }) => {
		await run(() => declineInvitation(locals.rt.db, { secret: params.secret, userId: locals.user?.id ?? null, ip: getClientAddress() }));
		return { declined: true };
	}
};
