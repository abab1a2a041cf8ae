import type { Actions } from './$types';
import { mayRequestReset, requestPasswordReset } from '$lib/server/auth/accounts';
import { requestResetSchema } from '$lib/server/auth/schemas';
import { handleForm } from '$lib/server/http/forms';

export const actions: Actions = {
	default: (event) =>
		handleForm(event, requestResetSchema, async ({ email }) => {
			const { rt } = event.locals;
			if (await mayRequestReset(rt.db, email)) {
				await requestPasswordReset(rt.db, { email, origin: rt.config.origin });
				rt.kickJobs();
			}
			return { sent: true };
		})
};
