// The links module's "Überschrift" names the page, the navigation entry and the widget (issue 11, point 6);
// the builder's own navigation label wins where it is meant for (navigation, widget).
import { describe, expect, it } from 'vitest';
import { MODULES, type AnyModule } from '../../modules/registry.ts';
import { moduleNavLabel, moduleTitle } from './moduleTitle.ts';

const module: AnyModule = MODULES.find((x) => x.id === 'links')!;
const vm = (settings: Record<string, unknown>) => ({ module, settings: module.settings.parse(settings) as Record<string, unknown> });

describe('what a village calls a module', () => {
	it('is the module name in the reader language while the setting is untouched (its default is German text)', () => {
		expect(moduleTitle(vm({}), 'de')).toBe('Wichtige Links');
		expect(moduleTitle(vm({}), 'en')).toBe('Important links');
		expect(moduleNavLabel(vm({}), 'en', [])).toBe('Important links');
	});

	it("is the village's heading once changed: on the page, in the navigation and on the widget", () => {
		const changed = vm({ title: 'Notfall & Rathaus' });
		for (const locale of ['de', 'en'] as const) {
			expect(moduleTitle(changed, locale)).toBe('Notfall & Rathaus');
			expect(moduleNavLabel(changed, locale, undefined)).toBe('Notfall & Rathaus');
		}
	});

	it("gives way to the builder's navigation label in the navigation and on the widget, not on the page", () => {
		const changed = vm({ title: 'Notfall & Rathaus' });
		const labels = [{ id: 'links', de: 'Notfall', en: '' }];
		expect(moduleNavLabel(changed, 'de', labels)).toBe('Notfall');
		expect(moduleNavLabel(changed, 'en', labels)).toBe('Notfall & Rathaus');
		expect(moduleTitle(changed, 'de')).toBe('Notfall & Rathaus');
	});

	it('ignores a module without a title setting', () => {
		const plain = { module: { ...module, titleSetting: undefined } as AnyModule, settings: { title: 'Anders' } };
		expect(moduleTitle(plain, 'de')).toBe('Wichtige Links');
	});
});
