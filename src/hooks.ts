import type { Reroute } from '@sveltejs/kit';
import { browser } from '$app/environment';
import { rewritePath } from '$lib/hostPaths';

/**
 * A village's own host name serves its app at "/" (docs/decisions/011-own-host-names.md). On the server, serve.ts
 * rewrites "/news" to "/<village>/news" before SvelteKit sees the request; in the browser this does the same, so
 * that a navigation inside the app (a link, the back button, the redirect after logging in) finds that route too.
 * The page names its village in <html data-app-village> (hooks.server.ts); elsewhere nothing is rerouted.
 */
export const reroute: Reroute = ({ url }) => {
	if (!browser) return undefined;
	const slug = document.documentElement.dataset.appVillage;
	return slug ? rewritePath(slug, url.pathname) : undefined;
};
