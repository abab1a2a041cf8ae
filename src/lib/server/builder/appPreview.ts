// The builder's live preview: the village app's own pages, rendered from the draft instead of the published app,
// for the people who may build it. `?preview=draft` on a GET of a village page asks for it; anyone else gets the
// published app as always (the draft never leaks). Preview pages are never cached and may be framed by the
// builder (same origin only). `scheme` (light/dark) and `lang` (de/en) let the builder show every variant.
import type { RequestEvent } from '@sveltejs/kit';
import { getModule } from '../../modules/registry.ts';
import type { Tenant } from '../tenancy/tenants.ts';
import { canBuildApp, readDraft, type AppConfig, type AppSettings } from './appDraft.ts';
import type { VillageModule } from './villageModules.ts';

export const PREVIEW_PARAM = 'preview';
export type PreviewScheme = 'light' | 'dark';

/** The preview's options from the URL, or null when none is asked for. */
export function previewOptions(url: URL): { scheme: PreviewScheme | null; lang: 'de' | 'en' | null } | null {
	if (url.searchParams.get(PREVIEW_PARAM) !== 'draft') return null;
	const scheme = url.searchParams.get('scheme');
	const lang = url.searchParams.get('lang');
	return { scheme: scheme === 'light' || scheme === 'dark' ? scheme : null, lang: lang === 'de' || lang === 'en' ? lang : null };
}

/** The query that keeps a preview a preview when you follow a link inside it ("" outside a preview). */
export function previewQuery(url: URL): string {
	const options = previewOptions(url);
	if (!options) return '';
	const q = new URLSearchParams({ [PREVIEW_PARAM]: 'draft' });
	if (options.scheme) q.set('scheme', options.scheme);
	if (options.lang) q.set('lang', options.lang);
	return `?${q}`;
}

/** The village as the draft would make it: names, colours, logo and the app's own settings. */
export function draftTenant(village: Tenant, config: AppConfig): Tenant {
	const settings: AppSettings = { shortName: config.shortName, coverUrl: config.coverUrl, widgets: config.widgets, navLabels: config.navLabels };
	return { ...village, name: config.name, description: config.description, colorPrimary: config.colorPrimary, colorAccent: config.colorAccent, logoUrl: config.logoUrl, appSettings: JSON.stringify(settings) };
}

/** The draft's switched-on modules in order, as the pages read modules. */
export function draftModules(config: AppConfig): VillageModule[] {
	return config.modules.flatMap((entry, position) => {
		const module = getModule(entry.id);
		return module && entry.enabled ? [{ module, enabled: true, position, settings: entry.settings }] : [];
	});
}

/**
 * Called by hooks.server.ts once the tenant and actor are known: for a builder's GET with `?preview=draft`, the
 * request sees the draft (locals.tenant overlaid, locals.preview set). Writes never run on the draft.
 */
export async function applyPreview(event: RequestEvent): Promise<void> {
	event.locals.preview = null;
	const village = event.locals.tenant;
	if (!village || village.kind !== 'village' || event.request.method !== 'GET' || !previewOptions(event.url)) return;
	if (!canBuildApp(event.locals.actor, village)) return;
	const { config } = await readDraft(event.locals.rt.db, village);
	event.locals.preview = config;
	event.locals.tenant = draftTenant(village, config);
}
