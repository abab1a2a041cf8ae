// Starting points for a village app: built-in templates, or another village's published app — its modules, their
// order and settings, the home screen and the navigation's words, never its content, name, logo or colours (the
// app-level twin of adopting a project).
import { MODULES } from '../../modules/registry.ts';
import type { Db } from '../db/index.ts';
import { notFound } from '../http/errors.ts';
import type { Actor } from '../policy/index.ts';
import type { Tenant } from '../tenancy/tenants.ts';
import { assertCanBuild, normalizeConfig, parseStoredConfig, type AppConfig } from './appDraft.ts';
import { changeDraft } from './appBuilder.ts';
import { moduleAvailability } from './moduleAvailability.ts';

type Locale = 'de' | 'en';

interface BuiltIn {
	id: string;
	name: Record<Locale, string>;
	description: Record<Locale, string>;
	/** switched-on modules in order (those installed); their widgets on the home screen in the same order */
	modules: readonly string[];
	navLabels?: AppConfig['navLabels'];
}

/** The built-in templates; modules that are not installed are left out when one is applied. */
export const BUILT_IN_TEMPLATES: readonly BuiltIn[] = [
	{
		id: 'small',
		name: { de: 'Dorf klein', en: 'Small village' },
		description: { de: 'Neuigkeiten, Termine und wichtige Links – das Nötigste, schnell gepflegt.', en: 'News, dates and important links – the essentials, quickly kept up to date.' },
		modules: ['news', 'calendar', 'links']
	},
	{
		id: 'clubs',
		name: { de: 'Dorf mit vielen Vereinen', en: 'Village with many clubs' },
		description: { de: 'Der Vereinskalender vorn, dazu Neuigkeiten und die Links der Vereine.', en: 'The clubs’ calendar first, with news and the clubs’ links.' },
		modules: ['calendar', 'news', 'links'],
		navLabels: [{ id: 'calendar', de: 'Vereinstermine', en: 'Club dates' }]
	}
];

export interface TemplateChoice {
	/** "builtin:<id>" or "village:<slug>" */
	value: string;
	name: string;
	description: string;
}

/** The templates to offer a village: the built-in ones, then the other villages that have published an app. */
export async function templateChoices(db: Db, village: Tenant, locale: Locale): Promise<TemplateChoice[]> {
	const others = await db
		.selectFrom('tenants')
		.select(['slug', 'name'])
		.where('kind', '=', 'village')
		.where('appVersion', '>', 0)
		.where('id', '!=', village.id)
		.orderBy('name')
		.limit(200)
		.execute();
	const moduleNames = (ids: readonly string[]) =>
		ids
			.map((id) => MODULES.find((x) => x.id === id)?.name[locale])
			.filter(Boolean)
			.join(', ');
	return [
		...BUILT_IN_TEMPLATES.map((t) => ({ value: `builtin:${t.id}`, name: t.name[locale], description: `${t.description[locale]} (${moduleNames(t.modules)})` })),
		...others.map((o) => ({ value: `village:${o.slug}`, name: o.name, description: locale === 'de' ? `Die veröffentlichte App von ${o.name}` : `The published app of ${o.name}` }))
	];
}

/** The part of a configuration a template carries: modules, order, settings, home screen, navigation words. */
type TemplatePart = Pick<AppConfig, 'modules' | 'widgets' | 'navLabels'>;

async function templatePart(db: Db, village: Tenant, value: string): Promise<TemplatePart> {
	const [kind, id] = value.split(':', 2) as [string, string | undefined];
	if (kind === 'builtin') {
		const t = BUILT_IN_TEMPLATES.find((x) => x.id === id);
		if (!t) throw notFound();
		const installed = t.modules.filter((m) => MODULES.some((x) => x.id === m));
		return {
			modules: [...installed.map((m) => ({ id: m, enabled: true, settings: {} })), ...MODULES.filter((x) => !installed.includes(x.id)).map((x) => ({ id: x.id, enabled: false, settings: {} }))],
			widgets: installed.filter((m) => MODULES.find((x) => x.id === m)?.widget),
			navLabels: t.navLabels ?? []
		};
	}
	if (kind === 'village' && id) {
		// the other village's latest published version: only what it has made public
		const source = await db.selectFrom('tenants').select(['id', 'appVersion']).where('slug', '=', id).where('kind', '=', 'village').where('appVersion', '>', 0).executeTakeFirst();
		if (!source || source.id === village.id) throw notFound();
		const row = await db.selectFrom('appVersions').select('config').where('tenantId', '=', source.id).where('version', '=', source.appVersion).executeTakeFirst();
		const config = row && parseStoredConfig(row.config);
		if (!config) throw notFound();
		return { modules: config.modules, widgets: config.widgets, navLabels: config.navLabels };
	}
	throw notFound();
}

/** Puts a template's modules, order, settings, home screen and navigation words into the village's draft. */
export async function applyTemplate(db: Db, args: { actor: Actor; village: Tenant; template: string }): Promise<AppConfig> {
	assertCanBuild(args.actor, args.village);
	const part = await templatePart(db, args.village, args.template);
	// what the county has not released here stays off (the draft may keep a module that is on already)
	const availability = await moduleAvailability(db, args.village);
	return changeDraft(db, args, (c) => {
		const wasOn = new Set(c.modules.filter((x) => x.enabled).map((x) => x.id));
		const modules = part.modules.map((x) => (x.enabled && !wasOn.has(x.id) && availability.get(x.id)?.available === false ? { ...x, enabled: false } : x));
		return normalizeConfig({ ...c, ...part, modules });
	});
}
