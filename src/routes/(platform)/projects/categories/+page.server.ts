import type { Actions, PageServerLoad } from './$types';
import { error, type RequestEvent } from '@sveltejs/kit';
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
import type { Tenant } from '$lib/server/tenancy/tenants';

// The Projektpool's categories, kept by the county's admins (like the funding catalogue). Everyone else is
// refused (login, 403) before a form is read.
async function guard(event: RequestEvent): Promise<Tenant> {
	requireUser(event);
	try {
		return await countyForCategories(event.locals.rt.db, event.locals.actor);
	} catch (e) {
		if (e instanceof AppError) error(e.status, m.err_forbidden());
		throw e;
	}
}

export const load: PageServerLoad = async (event) => ({ categories: await listKeptCategories(event.locals.rt.db, await guard(event)) });

const who = (event: RequestEvent) => ({ actor: event.locals.actor, ip: event.getClientAddress() });

export const actions: Actions = {
	add: async (event) => {
		await guard(event);
		return handleForm(event, categoryNamesSchema, async (input) => ({ saved: 'added', key: (await addCategory(event.locals.rt.db, { ...who(event), input })).key }));
	},
	rename: async (event) => {
		await guard(event);
		return handleForm(event, categoryRenameSchema, async (input) => {
			await renameCategory(event.locals.rt.db, { ...who(event), input });
			return { saved: 'renamed', key: input.categoryKey };
		});
	},
	move: async (event) => {
		await guard(event);
		return handleForm(event, categoryMoveSchema, async (input) => {
			await moveCategory(event.locals.rt.db, { ...who(event), input });
			return { saved: 'moved', key: input.categoryKey };
		});
	},
	delete: async (event) => {
		await guard(event);
		return handleForm(event, categoryKeySchema, async (input) => {
			await deleteCategory(event.locals.rt.db, { ...who(event), input });
			return { saved: 'deleted' };
		});
	}
};
