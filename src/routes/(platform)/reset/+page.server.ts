import type { Actions } from './$types';
import { requestPasswordReset } from '$lib/server/auth/accounts';
import { requestResetSchema } from '$lib/server/auth/schemas';
import { handleForm } from '$lib/server/http/forms';
import { hitRateLimit } from '$lib/server/auth/rateLimit';

export const actions: Actions = {
	default: (event) =>
		handleForm(event, requestResetSchema, async ({ email }) => {
			const { rt } = event.locals;
			// A few links per address and hour are enough; more would let anyone flood someone's inbox.
			const limit = await hitRateLimit(rt.db, { key: `reset:${email}`, limit: 3, windowMs: 3_600_000 });
			if (limit.allowed) {
				await requestPasswordReset(rt.db, { email, origin: rt.config.origin });
				rt.kickJobs();
			}
			return { sent: true };
		})
};
