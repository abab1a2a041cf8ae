import type { Actions, PageServerLoad } from './$types';
import { error, redirect } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages.js';
import { AppError } from '$lib/server/http/errors';
import { handleForm, requireUser } from '$lib/server/http/forms';
import { listCategories } from '$lib/server/platform/categories';
import { getProgramme } from '$lib/server/platform/funding/fundingQueries';
import { countyForCatalogue, updateProgramme } from '$lib/server/platform/funding/saveProgramme';
import { programmeSchema } from '$lib/server/platform/funding/schemas';

// Editing one programme of the catalogue: the county's admins.
export const load: PageServerLoad = async (event) => {
	requireUser(event);
	const { db } = event.locals.rt;
	try {
		await countyForCatalogue(db, event.locals.actor);
	} catch (e) {
		if (e instanceof AppError) error(e.status, m.err_forbidden());
		throw e;
	}
	const programme = event.params.id.length <= 64 ? await getProgramme(db, event.params.id) : undefined;
	if (!programme) error(404, m.err_not_found());
	const values: Record<string, string> = {
		name: programme.name,
		fundingBody: programme.fundingBody,
		share: programme.share,
		maxAmount: programme.maxAmount === null ? '' : String(programme.maxAmount),
		deadlines: programme.deadlines,
		eligibility: programme.eligibility,
		url: programme.url,
		...Object.fromEntries(programme.categories.map((k) => [`category-${k}`, 'on']))
	};
	return { programme: { id: programme.id, key: programme.key, name: programme.name }, values, categories: await listCategories(db) };
};

export const actions: Actions = {
	default: async (event) => {
		requireUser(event);
		return handleForm(event, programmeSchema, async (input) => {
			await updateProgramme(event.locals.rt.db, { actor: event.locals.actor, ip: event.getClientAddress(), programmeId: event.params.id, input });
			const programme = await getProgramme(event.locals.rt.db, event.params.id);
			redirect(303, `/funding#${programme?.key ?? ''}`);
		});
	}
};
