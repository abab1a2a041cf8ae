import type { Actions, PageServerLoad } from './$types';
import { redirect } from '@sveltejs/kit';
import { register } from '$lib/server/auth/accounts';
import { registerSchema } from '$lib/server/auth/schemas';
import { handleForm, safeNext } from '$lib/server/http/forms';
import { villageBrandFromNext } from '$lib/server/builder/villageBrand';

// `next` (e.g. an invitation) travels along: into the confirmation link, and from there to the login.
export const load: PageServerLoad = async ({ locals, url }) => {
	const { origin } = locals.rt.config;
	const next = url.searchParams.get('next');
	if (locals.user) redirect(303, safeNext(next, { origin, fallback: '/account' }));
	return { next: safeNext(next, { origin, fallback: '' }), brand: await villageBrandFromNext(locals.rt.db, next, origin) };
};

export const actions: Actions = {
	default: (event) =>
		handleForm(event, registerSchema, async (input) => {
			const { rt, locale } = event.locals;
			const next = safeNext(event.url.searchParams.get('next'), { origin: rt.config.origin, fallback: '' }) || undefined;
			await register(rt.db, { ...input, locale, origin: rt.config.origin, next });
			rt.kickJobs();
			return { sent: true, email: input.email };
		})
};
