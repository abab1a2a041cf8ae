import type { RequestHandler } from './$types';
import { redirect } from '@sveltejs/kit';
import { safeNext } from '$lib/server/http/forms';
import { readForm } from '$lib/server/http/validate';

/** The language switch: a plain form post (works without JavaScript) that sets the locale cookie. */
export const POST: RequestHandler = async ({ request, cookies, locals }) => {
	const form = await readForm(request);
	const locale = form?.locale === 'en' ? 'en' : 'de';
	cookies.set('PARAGLIDE_LOCALE', locale, { path: '/', httpOnly: false, sameSite: 'lax', secure: locals.rt.config.secureCookies, maxAge: 34_560_000 });
	redirect(303, safeNext(form?.redirectTo, '/'));
};
