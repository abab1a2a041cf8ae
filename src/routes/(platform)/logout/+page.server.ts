import type { Actions, PageServerLoad } from './$types';
import { redirect } from '@sveltejs/kit';
import { logOut } from '$lib/server/auth/loginFlow';

// Logging out changes state, so it is a POST (a link or prefetch must not log anyone out).
export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
	default: async ({ locals, cookies }) => {
		await logOut({ rt: locals.rt, cookies });
		redirect(303, '/');
	}
};
