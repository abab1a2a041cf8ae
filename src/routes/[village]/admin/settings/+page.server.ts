import type { Actions, PageServerLoad } from './$types';
import { redirect } from '@sveltejs/kit';
import { LEGAL_PAGES } from '$lib/legalPages';
import { handleForm } from '$lib/server/http/forms';
import { getContact } from '$lib/server/legal/contacts';
import { openHostRequest, requestHost } from '$lib/server/legal/hostRequest';
import { ownLegalPages } from '$lib/server/legal/legalTexts';
import { contactAction, legalPaths, legalTitle } from '$lib/server/legal/routes';
import { hostRequestSchema } from '$lib/server/legal/schemas';
import { memberProjectsSchema, setMembersCreateProjects } from '$lib/server/platform/projects/memberProjects';
import { guardVillage } from '$lib/server/tenancy/guards';
import { getTenantById } from '$lib/server/tenancy/tenants';

// A village's settings (its admins, and the admins above it): the contact data of its legal pages, links to edit
// them, the Projektpool setting, and the request for an own host name. Every save answers with a 303 back here.
export const load: PageServerLoad = async (event) => {
	const guarded = await guardVillage(event);
	const { db } = event.locals.rt;
	// read again: after a form action the tenant in locals still holds the values from before
	const village = (await getTenantById(db, guarded.id)) ?? guarded;
	const [contact, own] = await Promise.all([getContact(db, village.id), ownLegalPages(db, village.id)]);
	const paths = legalPaths(village);
	return {
		contact: { body: contact.body, person: contact.person, address: contact.address, email: contact.email, phone: contact.phone, privacyContact: contact.privacyContact },
		host: village.host,
		hostRequest: openHostRequest(village, contact),
		memberProjects: village.membersCreateProjectsAt != null,
		legalPages: LEGAL_PAGES.map((page) => ({ page, title: legalTitle(page), own: own.includes(page), view: paths.view(page), edit: paths.edit(page) })),
		saved: event.url.searchParams.get('saved')
	};
};

const back = (slug: string, saved: string): never => redirect(303, `/${slug}/admin/settings?saved=${saved}`);

export const actions: Actions = {
	contact: async (event) => contactAction(event, await guardVillage(event)),
	memberProjects: async (event) => {
		const village = await guardVillage(event);
		const result = await handleForm(event, memberProjectsSchema, async (input) => {
			await setMembersCreateProjects(event.locals.rt.db, { actor: event.locals.actor, village, allowed: input.allowed === 'on', ip: event.getClientAddress() });
			return null;
		});
		return result ?? back(village.slug, 'memberProjects');
	},
	requestHost: async (event) => {
		const village = await guardVillage(event);
		const { rt } = event.locals;
		const result = await handleForm(event, hostRequestSchema, async (input) => {
			await requestHost(rt.db, { actor: event.locals.actor, village, host: input.requestedHost, ip: event.getClientAddress(), origin: rt.config.origin });
			return null;
		});
		return result ?? back(village.slug, 'host');
	}
};
