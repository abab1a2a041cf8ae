// What must hold for every installed module, checked once here instead of failing at a village's first visit.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isUsableSlug } from '../server/tenancy/slugs.ts';
import { MODULES } from './registry.ts';

// Static paths under /<village>/ that a module id must not take.
const VILLAGE_PATHS = ['admin', 'manifest.webmanifest', 'calendar.ics', 'news.xml', 'service-worker.js'];

describe('registry', () => {
	it('has unique ids that fit a URL segment and clash with no village path', () => {
		const ids = MODULES.map((m) => m.id);
		expect(new Set(ids).size).toBe(ids.length);
		for (const id of ids) {
			expect(id, id).toMatch(/^[a-z][a-z0-9]*(-[a-z][a-z0-9]*)*$/);
			expect(isUsableSlug(id), id).toBe(true);
			expect(VILLAGE_PATHS).not.toContain(id);
		}
	});

	it.each(MODULES.map((m) => [m.id, m] as const))('module "%s" has the components, widget and texts it declares', (id, module) => {
		for (const page of module.pages) expect(existsSync(`src/lib/modules/${id}/ui/${page.component}.svelte`), page.component).toBe(true);
		expect(module.pages.filter((p) => p.path === '')).toHaveLength(1);
		// a widget needs both halves: the component and the server function feeding it
		expect(!!module.widget).toBe(!!module.server.widget);
		if (module.widget) expect(existsSync(`src/lib/modules/${id}/ui/${module.widget.component}.svelte`)).toBe(true);
		for (const text of [module.name, module.description, ...module.pages.map((p) => p.title), ...module.permissions.map((p) => p.description)]) {
			expect(text.de.length && text.en.length).toBeTruthy();
		}
		// defaults must make a valid configuration: a village that switches the module on needs no settings
		expect(module.settings.safeParse({}).success).toBe(true);
		for (const key of module.publicSettings) expect(Object.keys(module.settings.shape)).toContain(key);
	});
});
