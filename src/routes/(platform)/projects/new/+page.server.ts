import type { Actions, PageServerLoad } from './$types';
import { redirect } from '@sveltejs/kit';
import { handleForm, requireUser } from '$lib/server/http/forms';
import { listCategories } from '$lib/server/platform/categories';
import { listProjectPlaces } from '$lib/server/platform/projects/projectPlaces';
import { createProject } from '$lib/server/platform/projects/saveProject';
import { createProjectSchema } from '$lib/server/platform/projects/schemas';

// A new project, for the editors of a village or municipality.
export const load: PageServerLoad = async (event) => {
	requireUser(event);
	const { db } = event.locals.rt;
	const [places, categories] = await Promise.all([listProjectPlaces(db, event.locals.actor), listCategories(db)]);
	return { places, categories };
};

export const actions: Actions = {
	default: (event) =>
		handleForm(event, createProjectSchema, async (input) => {
			requireUser(event);
			const created = await createProject(event.locals.rt.db, { actor: event.locals.actor, ip: event.getClientAddress(), input });
			redirect(303, `/projects/${created.id}-${created.slug}`);
		})
};
