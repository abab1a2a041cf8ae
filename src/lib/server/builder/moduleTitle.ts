// What a module is called in a village's app. The module's `titleSetting` (links: "Überschrift"), once the village
// changed it from its default, names the page, the navigation entry and the widget; unchanged, the module's name
// in the reader's language does (the default is German text and would read German in English too). A label the
// village gave the entry in the builder's navigation wins in the navigation and on the widget — it is made for
// those short places — while the page keeps the heading.
import type { AnyModule } from '../../modules/registry.ts';
import type { Locale } from '../../modules/types.ts';

/** The module's heading in this village: its title setting when the village changed it, else its name. */
export function moduleTitle(vm: { module: AnyModule; settings: Record<string, unknown> }, locale: Locale): string {
	const key = vm.module.titleSetting;
	if (key) {
		const value = vm.settings[key];
		const fallback = vm.module.settings.safeParse({});
		const original = fallback.success ? (fallback.data as Record<string, unknown>)[key] : undefined;
		if (typeof value === 'string' && value.trim() !== '' && value !== original) return value;
	}
	return vm.module.name[locale];
}

/** The module's entry in the navigation and the heading of its widget: the builder's label, else its heading. */
export function moduleNavLabel(vm: { module: AnyModule; settings: Record<string, unknown> }, locale: Locale, navLabels: { id: string; de: string; en: string }[] | undefined): string {
	return navLabels?.find((l) => l.id === vm.module.id)?.[locale] || moduleTitle(vm, locale);
}
