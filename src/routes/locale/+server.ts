import type { RequestHandler } from './$types';
import { error, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { safeNext } from '$lib/server/http/forms';
import { localeSchema, setLocaleCookie } from '$lib/server/http/locale';
import { parseInput, readForm } from '$lib/server/http/validate';

const switchSchema = z.object({ locale: localeSchema, redirectTo: z.string().max(2000).optional() });

/** The language switch: a plain form post (works without JavaScript) that sets the locale cookie. */
export const POST: RequestHandler = async ({ request, cookies, locals }) => {
	const parsed = parseInput(switchSchema, (await readForm(request)) ?? {});
	if (!parsed.ok) error(400, parsed.message);
	setLocaleCookie(cookies, parsed.data.locale, locals.rt.config.secureCookies);
	redirect(303, safeNext(parsed.data.redirectTo, { origin: locals.rt.config.origin }));
};
