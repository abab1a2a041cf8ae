import type { Actions, PageServerLoad } from './$types';
import { error, redirect } from '@sveltejs/kit';
import { fileBytes, handleUploadForm } from '$lib/server/files/uploadForm';
import { AppError } from '$lib/server/http/errors';
import { requireUser } from '$lib/server/http/forms';
import { parseInput } from '$lib/server/http/validate';
import { listCategories } from '$lib/server/platform/categories';
import { listIdeas } from '$lib/server/platform/ideas/listIdeas';
import { listIdeasQuerySchema, queryToObject, submitIdeaSchema } from '$lib/server/platform/ideas/schemas';
import { submitIdea } from '$lib/server/platform/ideas/submitIdea';
import { villageChoices } from '$lib/server/platform/ideas/villageChoices';

export const load: PageServerLoad = async ({ url, locals }) => {
	const { db } = locals.rt;
	const parsed = parseInput(listIdeasQuerySchema, queryToObject(url.searchParams));
	if (!parsed.ok) error(400, parsed.message);
	let page;
	try {
		page = await listIdeas(db, parsed.data);
	} catch (e) {
		if (e instanceof AppError) error(e.status, Object.values(e.fields).join(' ') || e.code);
		throw e;
	}
	const [categories, choices] = await Promise.all([listCategories(db), villageChoices(db)]);
	return { page, filters: parsed.data, categories, choices, next: url.pathname + url.search };
};

export const actions: Actions = {
	submit: async (event) => {
		requireUser(event);
		// multipart: the idea may come with an image
		return handleUploadForm(event, {
			schema: submitIdeaSchema,
			fileField: 'image',
			run: async (input, files) => {
				const image = await fileBytes(Object.hasOwn(files, 'image') ? files.image : undefined);
				const { id } = await submitIdea(event.locals.rt.db, { actor: event.locals.actor, input, ip: event.getClientAddress(), image });
				redirect(303, `/ideas/${id}?submitted=1`);
			}
		});
	}
};
