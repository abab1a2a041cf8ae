import type { Actions, PageServerLoad } from './$types';
import { appAddress } from '$lib/server/builder/appAddress';
import { qrDrawing } from '$lib/server/builder/posterQr';
import { redirectOnSave } from '$lib/server/http/flash';
import { guardVillage } from '$lib/server/tenancy/guards';
import { listInvitations } from '$lib/server/tenancy/invitations';
import { approveJoinRequest, declineJoinRequest, joinRequestIdSchema, listJoinRequests } from '$lib/server/tenancy/joinRequests';
import { listMembers } from '$lib/server/tenancy/memberships';
import { memberActions, tenantAction } from '$lib/server/tenancy/tenantActions';

// Mitglieder: open join requests (approve/decline), the members with their roles, invitations, and the join
// link with its QR code to share or print. Every form redirects back here after success (flash.ts).
export const load: PageServerLoad = async (event) => {
	const tenant = await guardVillage(event);
	const { db, config } = event.locals.rt;
	const [members, invitations, requests] = await Promise.all([listMembers(db, tenant.id), listInvitations(db, { tenantId: tenant.id, clubId: null }), listJoinRequests(db, tenant.id)]);
	// the join page lives on the platform's address (where people log in), also for a village with its own host name
	const app = appAddress({ slug: tenant.slug, host: null }, config.origin);
	const join = { url: `${app.url}join`, text: `${app.text}/join` };
	return { members, invitations, requests, join: { ...join, qr: qrDrawing(join.url) } };
};

/** Approve or decline an open join request of this village (404 for any other). */
const decide = (run: typeof approveJoinRequest, saved: string) =>
	tenantAction(guardVillage, joinRequestIdSchema, async ({ event, tenant, input }) => {
		const { rt } = event.locals;
		await run(rt.db, { actor: event.locals.actor, tenant, requestId: input.requestId, ip: event.getClientAddress(), origin: rt.config.origin });
		rt.kickJobs();
		return { saved, at: 'requests' };
	});

export const actions: Actions = redirectOnSave({
	...memberActions(guardVillage),
	approveJoin: decide(approveJoinRequest, 'approved'),
	declineJoin: decide(declineJoinRequest, 'declined')
});
