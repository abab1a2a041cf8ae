import type { Actions, PageServerLoad } from './$types';
import { z } from 'zod';
import { listAudit } from '$lib/server/audit/audit';
import { settingsFields } from '$lib/server/builder/settingsForm';
import { listVillageModules, moveModule, saveModuleSettings, setModuleEnabled, settingsFromForm } from '$lib/server/builder/villageModules';
import { failure } from '$lib/server/http/forms';
import { publishAccessChange } from '$lib/server/realtime/access';
import { readForm } from '$lib/server/http/validate';
import { getModule } from '$lib/modules/registry';
import { can } from '$lib/server/policy';
import { createClub, deleteClub, listClubMembers, listClubs, removeClubMember, updateClub } from '$lib/server/tenancy/clubs';
import { inviteClubMember, listInvitations } from '$lib/server/tenancy/invitations';
import { guardVillage } from '$lib/server/tenancy/guards';
import { memberActions, tenantAction } from '$lib/server/tenancy/tenantActions';
import { listMembers } from '$lib/server/tenancy/memberships';
import { getTenantById } from '$lib/server/tenancy/tenants';
import { memberProjectsSchema, setMembersCreateProjects } from '$lib/server/platform/projects/memberProjects';
import * as m from '$lib/paraglide/messages.js';
import { addClubMemberSchema, clubIdSchema, clubSchema, removeClubMemberSchema } from '$lib/server/tenancy/schemas';

export const load: PageServerLoad = async (event) => {
	const tenant = await guardVillage(event);
	const { db } = event.locals.rt;
	const [members, clubs, audit, modules, invitations] = await Promise.all([
		listMembers(db, tenant.id),
		listClubs(db, tenant.id),
		can(event.locals.actor, 'tenant.readAudit', tenant) ? listAudit(db, { tenantIds: [tenant.id], limit: 50, locale: event.locals.locale }) : [],
		listVillageModules(db, tenant.id),
		listInvitations(db, { tenantId: tenant.id })
	]);
	const locale = event.locals.locale;
	const clubMembers = Object.fromEntries(await Promise.all(clubs.map(async (c) => [c.id, await listClubMembers(db, tenant.id, c.id)] as const)));
	return {
		members,
		invitations: invitations.filter((i) => i.clubId === null),
		clubs: clubs.map((c) => ({ ...c, memberCount: Number(c.memberCount), members: clubMembers[c.id] ?? [], invitations: invitations.filter((i) => i.clubId === c.id) })),
		audit,
		// read again: after the form action that changed it, locals.tenant still holds the value from before
		memberProjects: (await getTenantById(db, tenant.id))?.membersCreateProjectsAt != null,
		modules: modules.map((vm, i) => ({
			id: vm.module.id,
			name: vm.module.name[locale],
			description: vm.module.description[locale],
			icon: vm.module.icon,
			enabled: vm.enabled,
			canMoveUp: vm.enabled && i > 0,
			canMoveDown: vm.enabled && modules[i + 1]?.enabled === true,
			fields: settingsFields(vm.module, vm.settings, locale)
		}))
	};
};

const clubUpdateSchema = clubSchema.extend(clubIdSchema.shape);

const saved = { saved: 'club' };
const moduleIdSchema = z.object({ moduleId: z.string().min(1).max(64) });
const toggleSchema = moduleIdSchema.extend({ enabled: z.enum(['on', 'off']) });
const moveModuleSchema = moduleIdSchema.extend({ direction: z.enum(['up', 'down']) });

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
	// Invites to a club (the action keeps its old name and URL); the answer is the same for every address.
	addClubMember: tenantAction(guardVillage, addClubMemberSchema, async ({ event, tenant, input }) => {
		const { rt, locale } = event.locals;
		await inviteClubMember(rt.db, { actor: event.locals.actor, tenant, input, ip: event.getClientAddress(), origin: rt.config.origin, locale });
		rt.kickJobs();
		return { saved: 'invited', email: input.email, clubId: input.clubId };
	}),
	removeClubMember: tenantAction(guardVillage, removeClubMemberSchema, async ({ event, tenant, input }) => {
		await removeClubMember(event.locals.rt.db, { actor: event.locals.actor, tenant, input, ip: event.getClientAddress() });
		return saved;
	}),
	memberProjects: tenantAction(guardVillage, memberProjectsSchema, async ({ event, tenant, input }) => {
		await setMembersCreateProjects(event.locals.rt.db, { actor: event.locals.actor, village: tenant, allowed: input.allowed === 'on', ip: event.getClientAddress() });
		return { saved: 'memberProjects' };
	}),
	moduleToggle: tenantAction(guardVillage, toggleSchema, async ({ event, tenant, input }) => {
		await setModuleEnabled(event.locals.rt.db, { actor: event.locals.actor, village: tenant, moduleId: input.moduleId, enabled: input.enabled === 'on', ip: event.getClientAddress() });
		// a switched-off module's realtime subscriptions end at once
		await publishAccessChange(event.locals.rt.hub, { village: tenant.slug }).catch(() => {});
		return { saved: 'module', moduleId: input.moduleId };
	}),
	moduleMove: tenantAction(guardVillage, moveModuleSchema, async ({ event, tenant, input }) => {
		await moveModule(event.locals.rt.db, { actor: event.locals.actor, village: tenant, ...input, ip: event.getClientAddress() });
		return { saved: 'module', moduleId: input.moduleId, moved: input.direction };
	}),
	// The settings form is generated from the module's schema, so its fields are read here, not by a fixed schema.
	moduleSettings: async (event) => {
		const tenant = await guardVillage(event);
		const form = await readForm(event.request);
		const module = getModule(form?.moduleId ?? '');
		if (!form || !module) return failure(400, { _form: m.err_bad_form() });
		const result = await saveModuleSettings(event.locals.rt.db, {
			actor: event.locals.actor,
			village: tenant,
			moduleId: module.id,
			values: settingsFromForm(module, form),
			locale: event.locals.locale,
			ip: event.getClientAddress()
		});
		if (!result.ok) return failure(400, result.errors, form);
		return { saved: 'module', moduleId: module.id };
	}
};
