import type { CacheScope } from './contentVersions.ts';
import { pathIds } from '../tenancy/roles.ts';

// Which anonymous pages the render cache keeps: what a village's people and the county's public read — the
// village app and its modules, the county pages, feeds and the public JSON API. Everything else (sign-in,
// registration, invitations, account, admin, builder, the dev mailbox, /healthz, uploads, the install help that
// reads the User-Agent) is rendered every time; so is any response that names a Vary of its own.

export const CACHED_ROUTES = new Set([
	// the county's pages
	'/(platform)',
	'/(platform)/[page=legal]',
	'/(platform)/calendar',
	'/(platform)/news',
	'/(platform)/projects',
	'/(platform)/projects/[ref]',
	'/(platform)/ideas',
	'/(platform)/ideas/[id]',
	'/(platform)/funding',
	'/(platform)/map',
	'/(platform)/dashboard',
	'/(platform)/dashboard/[place]',
	'/(platform)/municipalities/[slug]',
	// a village's app, its modules and feeds
	'/[village]',
	'/[village]/[module]/[...path]',
	'/[village]/[feed=feed]',
	'/[village]/[page=legal]',
	'/[village]/offline',
	'/[village]/manifest.webmanifest',
	// the public JSON API
	'/api/v1/catalog.json',
	'/api/v1/openapi.json',
	'/api/v1/tenants',
	'/api/v1/modules',
	'/api/v1/projects',
	'/api/v1/projects.csv',
	'/api/v1/projects.json',
	'/api/v1/projects/[id]',
	'/api/v1/projects/[id]/news',
	'/api/v1/ideas',
	'/api/v1/ideas/[id]',
	'/api/v1/funding',
	'/api/v1/dashboard',
	'/api/v1/dashboard/[file]',
	'/api/v1/villages/[village]/app',
	'/api/v1/villages/[village]/[module]/[name]',
	'/api/v1/villages/[village]/[module]/[name]/[id]'
]);

/**
 * What a page depends on: a village's own pages on the village and its ancestors; everything else — the county's
 * pages, the JSON API, and the village module that shows the county's project pool — on every tenant.
 */
export function scopeOf(route: { id: string | null; params: Record<string, string> }, tenant: { path: string } | null): CacheScope {
	if (!tenant || !route.id?.startsWith('/[village]')) return 'all';
	if (route.params.module === 'projects') return 'all';
	return pathIds(tenant.path);
}
