import type { Actions, PageServerLoad } from './$types';
import { error } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages.js';
import { AppError } from '$lib/server/http/errors';
import { handleForm, requireUser } from '$lib/server/http/forms';
import {
	addCategory,
	categoryKeySchema,
	categoryMoveSchema,
	categoryNamesSchema,
	categoryRenameSchema,
	countyForCategories,
	deleteCategory,
	listKeptCategories,
	moveCategory,
	renameCategory
} from '$lib/server/platform/keepCategories';

// The Projektpool's categories, kept by the county's admins (like the funding catalogue).
export const load: PageServerLoad = async (event) => {
	requireUser(event);
	const { db } = event.locals.rt;
	let county;
	try {
		county = await countyForCategories(db, event.locals.actor);
	} catch (e) {
		if (e instanceof AppError) error(e.status, m.err_forbidden());
		throw e;
	}
	return { categories: await listKeptCategories(db, county) };
};

const who = (event: Parameters<Actions[string]>[0]) => ({ actor: event.locals.actor, ip: event.getClientAddress() });

export const actions: Actions = {
	add: async (event) => {
		requireUser(event);
		return handleForm(event, categoryNamesSchema, async (input) => ({ saved: 'added', key: (await addCategory(event.locals.rt.db, { ...who(event), input })).key }));
	},
	rename: async (event) => {
		requireUser(event);
		return handleForm(event, categoryRenameSchema, async (input) => {
			await renameCategory(event.locals.rt.db, { ...who(event), input });
			return { saved: 'renamed', key: input.categoryKey };
		});
	},
	move: async (event) => {
		requireUser(event);
		return handleForm(event, categoryMoveSchema, async (input) => {
			await moveCategory(event.locals.rt.db, { ...who(event), input });
			return { saved: 'moved', key: input.categoryKey };
		});
	},
	delete: async (event) => {
		requireUser(event);
		return handleForm(event, categoryKeySchema, async (input) => {
			await deleteCategory(event.locals.rt.db, { ...who(event), input });
			return { saved: 'deleted' };
		});
	}
};
