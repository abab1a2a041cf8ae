import type { Actions, PageServerLoad } from './$types';
import { redirectOnSave } from '$lib/server/http/flash';
import { createClub, deleteClub, listClubMembers, listClubs, removeClubMember, updateClub } from '$lib/server/tenancy/clubs';
import { guardVillage } from '$lib/server/tenancy/guards';
import { inviteClubMember, listInvitations } from '$lib/server/tenancy/invitations';
import { addClubMemberSchema, clubIdSchema, clubSchema, removeClubMemberSchema } from '$lib/server/tenancy/schemas';
import { memberActions, tenantAction } from '$lib/server/tenancy/tenantActions';

// Vereine: the village's clubs, each with its members and open invitations. Every form redirects back here after
// success (flash.ts), landing at the club it changed.
export const load: PageServerLoad = async (event) => {
	const tenant = await guardVillage(event);
	const { db } = event.locals.rt;
	const [clubs, invitations] = await Promise.all([listClubs(db, tenant.id), listInvitations(db, { tenantId: tenant.id })]);
	const members = await Promise.all(clubs.map((c) => listClubMembers(db, tenant.id, c.id)));
	return {
		clubs: clubs.map((c, i) => ({ ...c, memberCount: Number(c.memberCount), members: members[i] ?? [], invitations: invitations.filter((inv) => inv.clubId === c.id) }))
	};
};

const clubUpdateSchema = clubSchema.extend(clubIdSchema.shape);
const at = (clubId: string) => `club-${clubId}`;

export const actions: Actions = redirectOnSave({
	createClub: tenantAction(guardVillage, clubSchema, async ({ event, tenant, input }) => {
		const club = await createClub(event.locals.rt.db, { actor: event.locals.actor, tenant, input, ip: event.getClientAddress() });
		return { saved: 'clubCreated', at: at(club.id) };
	}),
	updateClub: tenantAction(guardVillage, clubUpdateSchema, async ({ event, tenant, input: { clubId, ...input } }) => {
		await updateClub(event.locals.rt.db, { actor: event.locals.actor, tenant, clubId, input, ip: event.getClientAddress() });
		return { saved: 'saved', at: at(clubId) };
	}),
	deleteClub: tenantAction(guardVillage, clubIdSchema, async ({ event, tenant, input }) => {
		const { undoId } = await deleteClub(event.locals.rt.db, { actor: event.locals.actor, tenant, clubId: input.clubId, ip: event.getClientAddress() });
		return { saved: 'clubDeleted', undo: undoId };
	}),
	// Invites to a club (the action keeps its old name); the answer is the same for every address.
	addClubMember: tenantAction(guardVillage, addClubMemberSchema, async ({ event, tenant, input }) => {
		const { rt, locale } = event.locals;
		await inviteClubMember(rt.db, { actor: event.locals.actor, tenant, input, ip: event.getClientAddress(), origin: rt.config.origin, locale });
		rt.kickJobs();
		return { saved: 'invited', at: at(input.clubId) };
	}),
	removeClubMember: tenantAction(guardVillage, removeClubMemberSchema, async ({ event, tenant, input }) => {
		await removeClubMember(event.locals.rt.db, { actor: event.locals.actor, tenant, input, ip: event.getClientAddress() });
		return { saved: 'removed', at: at(input.clubId) };
	}),
	// withdrawing a club's invitation: the same action as on the members page
	withdrawInvitation: memberActions(guardVillage).withdrawInvitation
});
