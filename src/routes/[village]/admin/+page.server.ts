import type { Actions, PageServerLoad } from './$types';
import { error, type RequestEvent } from '@sveltejs/kit';
import { listAudit } from '$lib/server/audit/audit';
import { forbidden, notFound } from '$lib/server/http/errors';
import { handleForm, requireUser } from '$lib/server/http/forms';
import { can } from '$lib/server/policy';
import { addClubMember, createClub, deleteClub, listClubMembers, listClubs, removeClubMember, updateClub } from '$lib/server/tenancy/clubs';
import { memberActions } from '$lib/server/tenancy/memberActions';
import { listMembers } from '$lib/server/tenancy/memberships';
import { addClubMemberSchema, clubIdSchema, clubSchema, removeClubMemberSchema } from '$lib/server/tenancy/schemas';
import * as m from '$lib/paraglide/messages.js';

/** The village of this URL; its admins (own or inherited) only. */
async function villageOf(event: RequestEvent) {
	const tenant = event.locals.tenant;
	if (!tenant || tenant.kind !== 'village') throw notFound();
	if (!can(event.locals.actor, 'tenant.administer', tenant)) throw forbidden();
	return tenant;
}

export const load: PageServerLoad = async (event) => {
	requireUser(event);
	const tenant = event.locals.tenant;
	if (!tenant || tenant.kind !== 'village') error(404, m.err_not_found());
	if (!can(event.locals.actor, 'tenant.administer', tenant)) error(403, m.err_forbidden());
	const { db } = event.locals.rt;
	const [members, clubs, audit] = await Promise.all([listMembers(db, tenant.id), listClubs(db, tenant.id), listAudit(db, { tenantIds: [tenant.id], limit: 50 })]);
	const clubMembers = Object.fromEntries(await Promise.all(clubs.map(async (c) => [c.id, await listClubMembers(db, tenant.id, c.id)] as const)));
	return { members, clubs: clubs.map((c) => ({ ...c, memberCount: Number(c.memberCount), members: clubMembers[c.id] ?? [] })), audit };
};

const clubUpdateSchema = clubSchema.extend(clubIdSchema.shape);

export const actions: Actions = {
	...memberActions(villageOf),
	createClub: (event) =>
		handleForm(event, clubSchema, async (input) => {
			await createClub(event.locals.rt.db, { actor: event.locals.actor, tenant: await villageOf(event), input, ip: event.getClientAddress() });
			return { saved: 'club' };
		}),
	updateClub: (event) =>
		handleForm(event, clubUpdateSchema, async ({ clubId, ...input }) => {
			await updateClub(event.locals.rt.db, { actor: event.locals.actor, tenant: await villageOf(event), clubId, input, ip: event.getClientAddress() });
			return { saved: 'club' };
		}),
	deleteClub: (event) =>
		handleForm(event, clubIdSchema, async ({ clubId }) => {
			await deleteClub(event.locals.rt.db, { actor: event.locals.actor, tenant: await villageOf(event), clubId, ip: event.getClientAddress() });
			return { saved: 'club' };
		}),
	addClubMember: (event) =>
		handleForm(event, addClubMemberSchema, async (input) => {
			await addClubMember(event.locals.rt.db, { actor: event.locals.actor, tenant: await villageOf(event), input, ip: event.getClientAddress() });
			return { saved: 'club' };
		}),
	removeClubMember: (event) =>
		handleForm(event, removeClubMemberSchema, async (input) => {
			await removeClubMember(event.locals.rt.db, { actor: event.locals.actor, tenant: await villageOf(event), input, ip: event.getClientAddress() });
			return { saved: 'club' };
		})
};
