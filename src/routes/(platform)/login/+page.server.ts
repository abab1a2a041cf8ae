import type { Actions, PageServerLoad } from './$types';
import { redirect } from '@sveltejs/kit';
import { logIn } from '$lib/server/auth/loginFlow';
import { loginSchema } from '$lib/server/auth/schemas';
import { failure, handleForm, safeNext } from '$lib/server/http/forms';
import { getUserById } from '$lib/server/auth/accounts';
import { localeSchema, setLocaleCookie } from '$lib/server/http/locale';
import { villageBrandFromNext } from '$lib/server/builder/villageBrand';
import * as m from '$lib/paraglide/messages.js';

export const load: PageServerLoad = async ({ locals, url }) => {
	const { origin } = locals.rt.config;
	const next = url.searchParams.get('next');
	if (locals.user) redirect(303, safeNext(next, { origin, fallback: '/account' }));
	// coming from a village app: its look, so people see where they sign in
	return { next: safeNext(next, { origin, fallback: '' }), reset: url.searchParams.has('reset'), brand: await villageBrandFromNext(locals.rt.db, next, origin) };
};

export const actions: Actions = {
	default: (event) =>
		handleForm(event, loginSchema, async (input) => {
			const { rt } = event.locals;
			const result = await logIn({ rt, cookies: event.cookies, ...input, ip: event.getClientAddress(), userAgent: event.request.headers.get('user-agent') ?? '', host: event.request.headers.get('host') ?? '' });
			const values = { email: input.email };
			if (!result.ok) {
				if (result.reason === 'rate-limited') {
					event.setHeaders({ 'retry-after': String(result.retryAfter) });
					return failure(429, { _form: m.err_login_rate_limited({ seconds: String(result.retryAfter) }) }, values);
				}
				if (result.reason === 'unverified') return failure(403, { _form: m.err_login_unverified() }, values, { unverified: true });
				return failure(400, { _form: m.err_login_invalid() }, values);
			}
			const user = await getUserById(rt.db, result.user.id);
			const locale = localeSchema.safeParse(user?.locale);
			if (locale.success) setLocaleCookie(event.cookies, locale.data, rt.config.secureCookies);
			const next = new URL(event.request.url).searchParams.get('next');
			redirect(303, safeNext(next, { origin: rt.config.origin, fallback: '/account' }));
		})
};
