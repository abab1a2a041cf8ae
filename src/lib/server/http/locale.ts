import type { Cookies } from '@sveltejs/kit';
import { z } from 'zod';

export const localeSchema = z.enum(['de', 'en']);

/** Remembers the language in Paraglide's cookie (read by the locale hook on every request). */
export function setLocaleCookie(cookies: Cookies, locale: z.infer<typeof localeSchema>, secure: boolean): void {
	cookies.set('PARAGLIDE_LOCALE', locale, { path: '/', httpOnly: false, sameSite: 'lax', secure, maxAge: 34_560_000 });
}
