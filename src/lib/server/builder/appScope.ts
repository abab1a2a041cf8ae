// Where a village's app lives: at /<village>/ on the platform's host, at / of the village's own host name
// (tenants.host). serve.ts rewrites requests to such a host to /<village>/… and names the village in a header it
// alone sets (tenancy/hostRouting.ts); the manifest's scope, the service worker's scope and the page's router
// follow from that one decision.
import { VILLAGE_HOST_HEADER } from '../tenancy/hostRouting.ts';
import type { Tenant } from '../tenancy/tenants.ts';

/** true when serve.ts served this request on the village's own host name. */
export function isOwnHost(village: Pick<Tenant, 'slug'>, request: Request): boolean {
	return request.headers.get(VILLAGE_HOST_HEADER) === village.slug;
}

/** The app's base path for this request: "/" on the village's own host name, else "/<village>/". */
export function appBase(village: Pick<Tenant, 'slug'>, request: Request): string {
	return isOwnHost(village, request) ? '/' : `/${village.slug}/`;
}

/** What the app shell needs to know about the installable app (the village layout passes it to AppWorker). */
export function appInfo(village: Tenant, request: Request): { slug: string; base: string; version: number } {
	return { slug: village.slug, base: appBase(village, request), version: village.appVersion };
}
