// What the role × route table must cover, found rather than listed: every route of the built app (pages, their
// form actions, endpoint methods; from SvelteKit's server manifest) and everything an installed module declares
// (pages, form actions, JSON write endpoints, reads, feeds, realtime channels). Each is named by a key; the
// table (tests/integration/routeTable.test.ts) fails for a key without a row and for a row whose key is gone.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { AnyModule } from '../../src/lib/modules/registry.ts';

interface BuiltRoute {
	id: string;
	page: { actions: string[] } | null;
	methods: string[];
}

const MANIFEST = '.svelte-kit/output/server/manifest.js';

/**
 * The keys of the app's own routes: `GET <route id>` for a page, `POST <route id>?/<action>` for each form action
 * (`POST <route id>` for a default action), `<METHOD> <route id>` for each method an endpoint exports.
 */
export function coreRouteKeys(): string[] {
	if (!existsSync(MANIFEST)) throw new Error(`No build found (${MANIFEST}): run \`npm run build\` first (npm test does).`);
	const routes = JSON.parse(execFileSync(process.execPath, ['tests/helpers/listRoutes.mjs'], { encoding: 'utf8' })) as BuiltRoute[];
	const keys: string[] = [];
	for (const route of routes) {
		if (route.page) {
			keys.push(`GET ${route.id}`);
			for (const action of route.page.actions) keys.push(action === 'default' ? `POST ${route.id}` : `POST ${route.id}?/${action}`);
		}
		for (const method of route.methods) keys.push(`${method} ${route.id}`);
	}
	return keys;
}

/** The keys of what a module declares, e.g. `links: form action addGroup`, `links: POST api groups`, `links: read links/:id`. */
export function moduleKeys(module: AnyModule): string[] {
	const keys: string[] = [];
	const server = module.server;
	for (const page of module.pages) keys.push(`${module.id}: page /${page.path}`);
	for (const [name, action] of Object.entries(server.actions ?? {})) {
		keys.push(`${module.id}: form action ${name}`);
		if (action.api) keys.push(`${module.id}: ${action.api.method} api ${action.api.path}${action.api.id ? '/:id' : ''}`);
	}
	for (const [name, read] of Object.entries(server.api ?? {})) {
		keys.push(`${module.id}: read ${name}`);
		if (read.byId) keys.push(`${module.id}: read ${name}/:id`);
	}
	for (const name of Object.keys(server.feeds ?? {})) keys.push(`${module.id}: feed ${name}`);
	for (const name of Object.keys(server.channels ?? {})) keys.push(`${module.id}: channel ${name}`);
	return keys;
}
