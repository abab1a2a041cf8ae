import type { Actions, PageServerLoad } from './$types';
import { redirect } from '@sveltejs/kit';
import { isResetTokenValid, resetPassword } from '$lib/server/auth/accounts';
import { resetPasswordSchema } from '$lib/server/auth/schemas';
import { formError } from '$lib/server/http/errors';
import { handleForm } from '$lib/server/http/forms';

export const load: PageServerLoad = async ({ params, locals }) => {
	return { valid: params.token.length <= 100 && (await isResetTokenValid(locals.rt.db, params.token)) };
};

export const actions: Actions = {
	// The token is part of the URL; the form carries only the new password.
	default: (event) =>
		handleForm(
			event,
			resetPasswordSchema,
			async ({ token, password }) => {
				if (!(await resetPassword(event.locals.rt.db, { secret: token, password }))) throw formError('reset_link_invalid');
				redirect(303, '/login?reset=1');
			},
			{ token: event.params.token }
		)
};
