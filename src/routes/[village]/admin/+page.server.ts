import type { PageServerLoad } from './$types';
import { listAudit } from '$lib/server/audit/audit';
import { readDraft } from '$lib/server/builder/appDraft';
import { listVillageModules } from '$lib/server/builder/villageModules';
import { can } from '$lib/server/policy';
import { listClubs } from '$lib/server/tenancy/clubs';
import { guardVillage } from '$lib/server/tenancy/guards';
import { listInvitations } from '$lib/server/tenancy/invitations';
import { listJoinRequests } from '$lib/server/tenancy/joinRequests';
import { listMembers } from '$lib/server/tenancy/memberships';
import { subscribedDevices } from './push/pushPage';

/** Entries of the history shown on the overview; the rest is on /<village>/admin/history. */
const LATEST = 5;

// Überblick: what needs the admins (open join requests and invitations), where the app stands, push messages, the
// village in numbers and the latest history. Each section's work happens on its own page; this one has no forms.
// The village's editors see it too, with what concerns them: the app and push messages.
export const load: PageServerLoad = async (event) => {
	const tenant = await guardVillage(event, 'tenant.sendPush');
	const { db } = event.locals.rt;
	const { actor, locale } = event.locals;
	const administers = can(actor, 'tenant.administer', tenant);
	const [members, clubs, requests, invitations, modules, draft, audit, devices] = await Promise.all([
		administers ? listMembers(db, tenant.id) : [],
		administers ? listClubs(db, tenant.id) : [],
		administers ? listJoinRequests(db, tenant.id) : [],
		administers ? listInvitations(db, { tenantId: tenant.id }) : [],
		listVillageModules(db, tenant.id),
		readDraft(db, tenant),
		can(actor, 'tenant.readAudit', tenant) ? listAudit(db, { tenantIds: [tenant.id], limit: LATEST, locale }) : [],
		subscribedDevices(db, tenant.id)
	]);
	return {
		// null for an editor: the sections about people are the admins'
		attention: administers ? { requests: requests.length, invitations: invitations.length } : null,
		counts: administers ? { members: members.length, clubs: clubs.length } : null,
		latest: audit,
		push: { devices },
		// the village app is built and published in the App-Baukasten (/<village>/builder); here only where it stands
		app: {
			version: tenant.appVersion,
			draftChanged: draft.changed,
			modules: modules.filter((vm) => vm.enabled).map((vm) => vm.module.name[locale])
		}
	};
};
