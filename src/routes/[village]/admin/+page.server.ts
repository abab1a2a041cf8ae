import type { Actions, PageServerLoad } from './$types';
import { listAudit } from '$lib/server/audit/audit';
import { handleForm } from '$lib/server/http/forms';
import { addClubMember, createClub, deleteClub, listClubMembers, listClubs, removeClubMember, updateClub } from '$lib/server/tenancy/clubs';
import { guardVillage } from '$lib/server/tenancy/guards';
import { memberActions } from '$lib/server/tenancy/memberActions';
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

export const actions: Actions = {
	...memberActions(guardVillage),
	createClub: async (event) => {
		const tenant = await guardVillage(event);
		return handleForm(event, clubSchema, async (input) => {
			await createClub(event.locals.rt.db, { actor: event.locals.actor, tenant, input, ip: event.getClientAddress() });
			return { saved: 'club' };
		});
	},
	updateClub: async (event) => {
		const tenant = await guardVillage(event);
		return handleForm(event, clubUpdateSchema, async ({ clubId, ...input }) => {
			await updateClub(event.locals.rt.db, { actor: event.locals.actor, tenant, clubId, input, ip: event.getClientAddress() });
			return { saved: 'club' };
		});
	},
	deleteClub: async (event) => {
		const tenant = await guardVillage(event);
		return handleForm(event, clubIdSchema, async ({ clubId }) => {
			await deleteClub(event.locals.rt.db, { actor: event.locals.actor, tenant, clubId, ip: event.getClientAddress() });
			return { saved: 'club' };
		});
	},
	addClubMember: async (event) => {
		const tenant = await guardVillage(event);
		return handleForm(event, addClubMemberSchema, async (input) => {
			await addClubMember(event.locals.rt.db, { actor: event.locals.actor, tenant, input, ip: event.getClientAddress() });
			return { saved: 'club' };
		});
	},
	removeClubMember: async (event) => {
		const tenant = await guardVillage(event);
		return handleForm(event, removeClubMemberSchema, async (input) => {
			await removeClubMember(event.locals.rt.db, { actor: event.locals.actor, tenant, input, ip: event.getClientAddress() });
			return { saved: 'club' };
		});
	}
};
