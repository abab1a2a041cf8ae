import type { Actions, PageServerLoad } from './$types';
import { resendVerification, verifyEmail } from '$lib/server/auth/accounts';
import { requestResetSchema } from '$lib/server/auth/schemas';
import { handleForm, safeNext } from '$lib/server/http/forms';

// The mailed link lands here. Following it again after success is harmless: it just says the link is used.
export const load: PageServerLoad = async ({ url, locals }) => {
	const token = url.searchParams.get('token');
	// where to go after the login that follows (e.g. back to an invitation): same-origin paths only
	const next = safeNext(url.searchParams.get('next'), { origin: locals.rt.config.origin, fallback: '' });
	if (!token || token.length > 100) return { status: 'missing' as const, next };
	const user = await verifyEmail(locals.rt.db, token);
	return { status: user ? ('verified' as const) : ('invalid' as const), next };
};

export const actions: Actions = {
	resend: (event) =>
		handleForm(event, requestResetSchema, async ({ email }) => {
			await resendVerification(event.locals.rt.db, { email, origin: event.locals.rt.config.origin });
			event.locals.rt.kickJobs();
			return { resent: true };
		})
};
