import type { Actions, PageServerLoad } from './$types';
import { LEGAL_PAGES } from '$lib/legalPages';
import { getContact } from '$lib/server/legal/contacts';
import { ownLegalPages } from '$lib/server/legal/legalTexts';
import { contactAction, legalPaths, legalTitle } from '$lib/server/legal/routes';
import { guardPlatformLegal } from './guard';

// The platform's legal pages: the county's contact data (it runs the platform) and links to edit each page.
export const load: PageServerLoad = async (event) => {
	const county = await guardPlatformLegal(event);
	const { db } = event.locals.rt;
	const [contact, own] = await Promise.all([getContact(db, county.id), ownLegalPages(db, county.id)]);
	const paths = legalPaths(county);
	return {
		county: { name: county.name },
		contact: { body: contact.body, person: contact.person, address: contact.address, email: contact.email, phone: contact.phone, privacyContact: contact.privacyContact },
		legalPages: LEGAL_PAGES.map((page) => ({ page, title: legalTitle(page), own: own.includes(page), view: paths.view(page), edit: paths.edit(page) })),
		saved: event.url.searchParams.get('saved')
	};
};

export const actions: Actions = {
	contact: async (event) => contactAction(event, await guardPlatformLegal(event))
};
