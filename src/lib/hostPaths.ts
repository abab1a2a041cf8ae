// A village with its own host name (dorf.example.de) is served at "/" of that host (see
// src/lib/server/tenancy/hostRouting.ts). Which paths there belong to the village app and which to the platform
// is decided here, once, for the server's rewrite, the browser's router (src/hooks.ts) and the app's service worker.

/** Shared platform paths (API, assets, health, accounts, the service worker) stay as they are on a village host. */
export const SHARED_PATHS = [
	'/api', '/_app', '/healthz', '/login', '/logout', '/register', '/verify', '/reset', '/invite', '/account', '/locale', '/dev', '/ws',
	'/files', '/favicon.svg', '/robots.txt', '/service-worker.js'
];

/** true for a path (with or without query) that is one of the shared platform paths or lies below one. */
export function isSharedPath(path: string): boolean {
	return SHARED_PATHS.some((p) => path === p || path.startsWith(`${p}/`) || path.startsWith(`${p}?`));
}

/** "/" on a village host → "/<slug>/"; paths already under the slug or shared platform paths stay. */
export function rewritePath(slug: string, path: string): string {
	if (path === `/${slug}` || path.startsWith(`/${slug}/`) || path.startsWith(`/${slug}?`)) return path;
	if (isSharedPath(path)) return path;
	return `/${slug}${path.startsWith('/') ? path : `/${path}`}`;
}
