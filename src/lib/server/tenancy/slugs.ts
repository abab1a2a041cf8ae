/**
 * Paths the platform itself serves. A tenant slug becomes the first path segment of its app
 * (/<village>/…), so none of these may be used as a slug.
 */
export const RESERVED_SLUGS = new Set([
	'_app', 'about', 'account', 'admin', 'api', 'app', 'assets', 'auth', 'barrierefreiheit', 'calendar', 'dashboard', 'datenschutz', 'dev', 'favicon.ico',
	'favicon.png', 'files', 'funding', 'help', 'hilfe', 'healthz', 'ideas', 'impressum', 'invite', 'locale', 'login', 'logout', 'manifest.webmanifest',
	'map', 'municipalities', 'new', 'news', 'projects', 'register', 'reset', 'robots.txt', 'search', 'service-worker.js', 'settings', 'static',
	'verify', 'ws'
]);

export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** A URL slug from a German place name: "Völlinghausen" → "voellinghausen", "Bad Sassendorf" → "bad-sassendorf". */
export function slugify(name: string): string {
	return name
		.toLowerCase()
		.replace(/ä/g, 'ae')
		.replace(/ö/g, 'oe')
		.replace(/ü/g, 'ue')
		.replace(/ß/g, 'ss')
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 63)
		.replace(/-+$/g, '');
}

/** true when a slug has the right shape and does not collide with a platform path */
export function isUsableSlug(slug: string): boolean {
	return SLUG_PATTERN.test(slug) && !RESERVED_SLUGS.has(slug);
}
