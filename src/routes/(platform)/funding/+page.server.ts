import type { Actions, PageServerLoad } from './$types';
import { error } from '@sveltejs/kit';
import { AppError } from '$lib/server/http/errors';
import { handleForm, requireUser } from '$lib/server/http/forms';
import { parseInput } from '$lib/server/http/validate';
import { listCategories } from '$lib/server/platform/categories';
import { listProgrammes } from '$lib/server/platform/funding/fundingQueries';
import { createProgramme, deleteProgramme, mayKeepCatalogue } from '$lib/server/platform/funding/saveProgramme';
import { fundingQuery, listFundingQuerySchema, programmeIdSchema, programmeSchema } from '$lib/server/platform/funding/schemas';

// The funding catalogue for everyone; the county's admins keep it here (create, delete) and on /funding/<id>/edit.
export const load: PageServerLoad = async ({ url, locals }) => {
	const { db } = locals.rt;
	const parsed = parseInput(listFundingQuerySchema, fundingQuery(url.searchParams));
	if (!parsed.ok) error(400, parsed.message);
	let programmes;
	try {
		programmes = await listProgrammes(db, parsed.data);
	} catch (e) {
		if (e instanceof AppError) error(e.status, Object.values(e.fields).join(' ') || e.code);
		throw e;
	}
	const [categories, mayKeep] = await Promise.all([listCategories(db), mayKeepCatalogue(db, locals.actor)]);
	return { programmes, categories, category: parsed.data.category ?? '', q: parsed.data.q ?? '', mayKeep };
};

export const actions: Actions = {
	create: async (event) => {
		requireUser(event);
		return handleForm(event, programmeSchema, async (input) => {
			const { key } = await createProgramme(event.locals.rt.db, { actor: event.locals.actor, ip: event.getClientAddress(), input });
			return { saved: 'created', key };
		});
	},
	delete: async (event) => {
		requireUser(event);
		return handleForm(event, programmeIdSchema, async ({ programmeId }) => {
			await deleteProgramme(event.locals.rt.db, { actor: event.locals.actor, ip: event.getClientAddress(), programmeId });
			return { saved: 'deleted' };
		});
	}
};
