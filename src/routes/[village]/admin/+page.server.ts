import type { Actions, PageServerLoad } from './$types';
import { listAudit } from '$lib/server/audit/audit';
import { addClubMember, createClub, deleteClub, listClubMembers, listClubs, removeClubMember, updateClub } from '$lib/server/tenancy/clubs';
import { guardVillage } from '$lib/server/tenancy/guards';
import { memberActions, tenantAction } from '$lib/server/tenancy/tenantActions';
import { listMembers } from '$lib/server/tenancy/memberships';
import { addClubMemberSchema, clubIdSchema, clubSchema, removeClubMemberSchema } from '$lib/server/tenancy/schemas';

export const load: PageServerLoad = async (event) => {
	const tenant = await guardVillage(event);
	const { db } = event.locals.rt;
	const [members, clubs, audit] = await Promise.all([listMembers(db, tenant.id), listClubs(db, tenant.id), listAudit(db, { tenantIds: [tenant.id], limit: 50 })]);
	const clubMembers = Object.fromEntries(await Promise.all(clubs.map(async (c) => [c.id, await listClubMembers(db, tenant.id, c.id)] as const)));
	return { members, clubs: clubs.map((c) => ({ ...c, memberCount: Number(c.memberCount), members: clubMembers[c.id] ?? [] })), audit };
};

const clubUpdateSchema = clubSchema.extend(clubIdSchema.shape);

const saved = { saved: 'club' };

export const actions: Actions = {
	...memberActions(guardVillage),
	createClub: tenantAction(guardVillage, clubSchema, async ({ event, tenant, input }) => {
		await createClub(event.locals.rt.db, { actor: event.locals.actor, tenant, input, ip: event.getClientAddress() });
		return saved;
	}),
	updateClub: tenantAction(guardVillage, clubUpdateSchema, async ({ event, tenant, input: { clubId, ...input } }) => {
		await updateClub(event.locals.rt.db, { actor: event.locals.actor, tenant, clubId, input, ip: event.getClientAddress() });
		return saved;
	}),
	deleteClub: tenantAction(guardVillage, clubIdSchema, async ({ event, tenant, input }) => {
		await deleteClub(event.locals.rt.db, { actor: event.locals.actor, tenant, clubId: input.clubId, ip: event.getClientAddress() });
		return saved;
	}),
	addClubMember: tenantAction(guardVillage, addClubMemberSchema, async ({ event, tenant, input }) => {
		await addClubMember(event.locals.rt.db, { actor: event.locals.actor, tenant, input, ip: event.getClientAddress() });
		return saved;
	}),
	removeClubMember: tenantAction(guardVillage, removeClubMemberSchema, async ({ event, tenant, input }) => {
		await removeClubMember(event.locals.rt.db, { actor: event.locals.actor, tenant, input, ip: event.getClientAddress() });
		return saved;
	})
};
