// What must hold for every installed module, checked once here instead of failing at a village's first visit.
import { existsSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isUsableSlug } from '../server/tenancy/slugs.ts';
import { LEGAL_PAGES } from '../legalPages.ts';
import { MODULES } from './registry.ts';

// Static paths under /<village>/ that a module id must not take: the same list as RESERVED_PATHS in
// scripts/new-module.mjs (which also refuses these ids), and every static folder of src/routes/[village]/
// (a module "icons" would lose /<village>/icons/… to the app's icons).
const VILLAGE_PATHS = [
	...['admin', 'api', 'app', 'manifest.webmanifest', 'icons', 'calendar.ics', 'news.xml', 'service-worker.js', 'sw.js', 'offline', ...LEGAL_PAGES],
	...readdirSync('src/routes/[village]').filter((entry) => !/^[[+(]/.test(entry))
];

describe('registry', () => {
	// (and /projects: the Projektpool, whose village part the projects module shows in the app)
	const COUNTY_OVERVIEWS = ['calendar', 'news', 'projects'];
	it('has unique ids that fit a URL segment and clash with no village path', () => {
		const ids = MODULES.map((m) => m.id);
		expect(new Set(ids).size).toBe(ids.length);
		for (const id of ids) {
			expect(id, id).toMatch(/^[a-z][a-z0-9]*(-[a-z][a-z0-9]*)*$/);
			// the county's overview pages share their paths with the modules whose items they gather (decision 010);
			// every other module id must be free for a village path
			if (!COUNTY_OVERVIEWS.includes(id)) expect(isUsableSlug(id), id).toBe(true);
			expect(VILLAGE_PATHS).not.toContain(id);
		}
	});

	it.each(MODULES.map((m) => [m.id, m] as const))('module "%s" has the components, widget and texts it declares', (id, module) => {
		for (const page of module.pages) expect(existsSync(`src/lib/modules/${id}/ui/${page.component}.svelte`), page.component).toBe(true);
		expect(module.pages.filter((p) => p.path === '')).toHaveLength(1);
		// a widget needs both halves: the component and the server function feeding it
		expect(!!module.widget).toBe(!!module.server.widget);
		if (module.widget) expect(existsSync(`src/lib/modules/${id}/ui/${module.widget.component}.svelte`)).toBe(true);
		// the home screen finds widgets by the end of their name (components.ts)
		if (module.widget) expect(module.widget.component).toMatch(/Widget$/);
		for (const text of [module.name, module.description, ...module.pages.map((p) => p.title), ...module.permissions.map((p) => p.description)]) {
			expect(text.de.length && text.en.length).toBeTruthy();
		}
		// defaults must make a valid configuration: a village that switches the module on needs no settings
		expect(module.settings.safeParse({}).success).toBe(true);
		for (const key of module.publicSettings) expect(Object.keys(module.settings.shape)).toContain(key);
		// the setting that names the module is a text setting with a text default
		if (module.titleSetting) expect(typeof (module.settings.parse({}) as Record<string, unknown>)[module.titleSetting]).toBe('string');
		// every kind of undo a module offers has a payload schema and a restore
		for (const [kind, undo] of Object.entries(module.server.undo ?? {})) {
			expect(declaredPermission(module, undo.permission), kind).toBe(true);
			expect(typeof undo.restore, kind).toBe('function');
		}
	});

	const declaredPermission = (module: (typeof MODULES)[number], permission: string) => ['public', 'signedIn', ...module.permissions.map((p) => p.id)].includes(permission);

	it.each(MODULES.map((m) => [m.id, m] as const))('module "%s" declares what the core enforces: permissions, tables, endpoints', (id, module) => {
		const declared = new Set(['public', 'signedIn', ...module.permissions.map((p) => p.id)]);
		const server = module.server;
		const guarded = [
			...Object.entries(server.actions ?? {}).map(([n, a]) => [`action ${n}`, a.permission] as const),
			...Object.entries(server.api ?? {}).map(([n, r]) => [`read ${n}`, r.permission] as const),
			...Object.entries(server.channels ?? {}).map(([n, c]) => [`channel ${n}`, c.permission] as const),
			...module.pages.map((p) => [`page ${p.path}`, p.permission ?? 'public'] as const)
		];
		// a typo in a permission would otherwise read as "nobody may" (or, worse, be mistaken for public)
		for (const [what, permission] of guarded) expect(declared.has(permission), `${what}: ${permission}`).toBe(true);
		// the module's tables start with its id (camelCase), so two modules never share one
		const prefix = id.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
		for (const table of module.tables) expect(table.startsWith(prefix), table).toBe(true);
		// each JSON endpoint is one method on one path, and the URL's id fills a field of the input
		const routes = Object.values(server.actions ?? {}).flatMap((a) => (a.api ? [`${a.api.method} ${a.api.path}${a.api.id ? '/{id}' : ''}`] : []));
		expect(new Set(routes).size).toBe(routes.length);
		for (const [name, a] of Object.entries(server.actions ?? {})) {
			// the input's fields as the API documents them (also for a schema with a transform)
			if (a.api?.id) expect(Object.keys((z.toJSONSchema(a.input, { io: 'input', unrepresentable: 'any' }) as { properties?: object }).properties ?? {}), name).toContain(a.api.id);
			if (a.api) expect(a.api.path, name).toMatch(/^[a-z][a-z0-9-]*$/);
		}
		for (const name of Object.keys(server.feeds ?? {})) expect(name).toMatch(/^[a-z0-9-]+\.(ics|xml|json|rss|atom)$/);
		for (const s of server.schedules ?? []) expect(s.everyMinutes).toBeGreaterThanOrEqual(1);
	});

	it('gives every village document (/<village>/<name>) to one module only', () => {
		const names = MODULES.flatMap((m) => Object.keys(m.server.feeds ?? {}));
		expect(new Set(names).size).toBe(names.length);
	});
});
