import type { Actions, PageServerLoad } from './$types';
import { redirect } from '@sveltejs/kit';
import { register } from '$lib/server/auth/accounts';
import { registerSchema } from '$lib/server/auth/schemas';
import { handleForm } from '$lib/server/http/forms';

export const load: PageServerLoad = ({ locals }) => {
	if (locals.user) redirect(303, '/account');
};

export const actions: Actions = {
	default: (event) =>
		handleForm(event, registerSchema, async (input) => {
			const { rt, locale } = event.locals;
			await register(rt.db, { ...input, locale, origin: rt.config.origin });
			rt.kickJobs();
			return { sent: true, email: input.email };
		})
};
