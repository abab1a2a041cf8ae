// The App-Baukasten's data: a village app's whole configuration (names, colours, logo and cover photo, modules
// in order with their settings, home widgets, navigation labels) as one value, the village's draft of it, and the
// published state it is made from and written back to.
//
// The published app is where it always was — tenants (name, description, colours, logo, app_settings) and
// village_modules (on/off, order, settings) — so every page and module reads the live app without knowing about
// drafts. The builder edits only app_drafts; publishing writes the draft into those tables and keeps a numbered
// copy in app_versions (see appPublish.ts).
import { z } from 'zod';
import { MODULES } from '../../modules/registry.ts';
import { audit } from '../audit/audit.ts';
import type { Db } from '../db/index.ts';
import { forbidden, formError } from '../http/errors.ts';
import { can, type Actor } from '../policy/index.ts';
import type { Tenant } from '../tenancy/tenants.ts';
import { listVillageModules, readSettings } from './villageModules.ts';

const colour = z
	.string()
	.trim()
	.toLowerCase()
	.regex(/^#[0-9a-f]{6}$/);
/** a stored file of ours (never an address elsewhere) */
const fileUrl = z.string().regex(/^\/files\/[\w-]{1,64}$/);

export const MAX_NAME = 80;
export const MAX_SHORT_NAME = 15;
export const MAX_NAV_LABEL = 24;

/** One entry of the navigation's own words for a module; empty: the module's name. */
const navLabelSchema = z.object({
	id: z.string().min(1).max(64),
	de: z.string().trim().max(MAX_NAV_LABEL),
	en: z.string().trim().max(MAX_NAV_LABEL)
});

/** Everything a village app is made of. Arrays, not records, so that no module id can become an object key. */
export const appConfigSchema = z.object({
	name: z.string().trim().min(2).max(MAX_NAME),
	/** under the icon on a phone's home screen; empty: made from the name (appNames.ts) */
	shortName: z.string().trim().max(MAX_SHORT_NAME),
	description: z.string().trim().max(2000),
	colorPrimary: colour.nullable(),
	colorAccent: colour.nullable(),
	logoUrl: fileUrl.nullable(),
	coverUrl: fileUrl.nullable(),
	/** every module the app knows, switched on or off, in the app's order; settings as the module's schema reads them */
	modules: z
		.array(z.object({ id: z.string().min(1).max(64), enabled: z.boolean(), settings: z.record(z.string(), z.unknown()) }))
		.max(200),
	/** the modules whose widget shows on the home screen, in that order */
	widgets: z.array(z.string().min(1).max(64)).max(200),
	navLabels: z.array(navLabelSchema).max(200)
});
export type AppConfig = z.infer<typeof appConfigSchema>;

/** What tenants.app_settings holds: the published app's own settings beyond name, colours, logo and modules. */
const appSettingsSchema = appConfigSchema.pick({ shortName: true, coverUrl: true, widgets: true, navLabels: true }).partial();
export type AppSettings = z.infer<typeof appSettingsSchema>;

/** tenants.app_settings read safely: broken or unknown JSON gives the defaults. */
export function readAppSettings(stored: string | null | undefined): AppSettings {
	try {
		const parsed = appSettingsSchema.safeParse(JSON.parse(stored ?? '{}'));
		return parsed.success ? parsed.data : {};
	} catch {
		return {};
	}
}

/**
 * A configuration made to fit the installed modules: modules that are no longer installed are dropped, new ones
 * added (off, default settings), settings read through each module's schema, widgets and labels kept only for
 * modules that are on. Used on every read, so that an old draft or version never breaks the builder.
 */
export function normalizeConfig(config: AppConfig): AppConfig {
	const seen = new Set<string>();
	const modules: AppConfig['modules'] = [];
	for (const entry of config.modules) {
		const module = MODULES.find((m) => m.id === entry.id);
		if (!module || seen.has(module.id)) continue;
		seen.add(module.id);
		modules.push({ id: module.id, enabled: entry.enabled, settings: readSettings(module, JSON.stringify(entry.settings)) });
	}
	for (const module of MODULES) if (!seen.has(module.id)) modules.push({ id: module.id, enabled: false, settings: readSettings(module, '{}') });
	// switched-on modules first, in their order
	modules.sort((a, b) => Number(b.enabled) - Number(a.enabled));
	const on = new Set(modules.filter((m) => m.enabled).map((m) => m.id));
	const hasWidget = (id: string) => on.has(id) && MODULES.find((m) => m.id === id)?.widget != null;
	return {
		...config,
		modules,
		widgets: [...new Set(config.widgets)].filter(hasWidget),
		navLabels: config.navLabels.filter((l) => on.has(l.id) && (l.de !== '' || l.en !== ''))
	};
}

/** The published app as a configuration, read from where the pages read it. */
export async function publishedConfig(db: Db, village: Tenant): Promise<AppConfig> {
	const [modules, settings] = [await listVillageModules(db, village.id), readAppSettings(village.appSettings)];
	const on = modules.filter((m) => m.enabled);
	return normalizeConfig({
		name: village.name,
		shortName: settings.shortName ?? '',
		description: village.description,
		colorPrimary: village.colorPrimary,
		colorAccent: village.colorAccent,
		logoUrl: fileUrl.safeParse(village.logoUrl).success ? village.logoUrl : null,
		coverUrl: settings.coverUrl ?? null,
		modules: modules.map((m) => ({ id: m.module.id, enabled: m.enabled, settings: m.settings })),
		// before the builder set them: every widget of a switched-on module, in the modules' order
		widgets: settings.widgets ?? on.filter((m) => m.module.widget).map((m) => m.module.id),
		navLabels: settings.navLabels ?? []
	});
}

/** Parses a stored configuration (draft or version); null when it is broken beyond reading. */
export function parseStoredConfig(stored: string): AppConfig | null {
	try {
		const parsed = appConfigSchema.safeParse(JSON.parse(stored));
		return parsed.success ? normalizeConfig(parsed.data) : null;
	} catch {
		return null;
	}
}

export interface Draft {
	config: AppConfig;
	/** false when the draft is the published app unchanged (nothing to publish) */
	changed: boolean;
	updatedAt: number | null;
	updatedBy: string | null;
}

/** The village's draft: the stored one, or — before the first change — the published app. */
export async function readDraft(db: Db, village: Tenant): Promise<Draft> {
	const [row, published] = await Promise.all([db.selectFrom('appDrafts').selectAll().where('tenantId', '=', village.id).executeTakeFirst(), publishedConfig(db, village)]);
	const config = row ? parseStoredConfig(row.config) : null;
	if (!row || !config) return { config: published, changed: false, updatedAt: null, updatedBy: null };
	return { config, changed: !sameConfig(config, published), updatedAt: Number(row.updatedAt), updatedBy: row.updatedBy };
}

export function sameConfig(a: AppConfig, b: AppConfig): boolean {
	return JSON.stringify(normalizeConfig(a)) === JSON.stringify(normalizeConfig(b));
}

/** May this person work on the village's app? Its admins always; its editors where the village allows them. */
export function canBuildApp(actor: Actor, village: Tenant): boolean {
	if (village.kind !== 'village') return false;
	if (can(actor, 'tenant.administer', village)) return true;
	return village.editorsBuildAppAt != null && can(actor, 'tenant.buildApp', village);
}

export function assertCanBuild(actor: Actor, village: Tenant) {
	if (!canBuildApp(actor, village)) throw forbidden();
}

/** A village's admins let its editors work on the app too (or stop them), audit-logged. */
export async function setEditorsBuildApp(db: Db, args: { actor: Actor; village: Tenant; allowed: boolean; ip: string }): Promise<void> {
	if (!can(args.actor, 'tenant.administer', args.village)) throw forbidden();
	await db.transaction().execute(async (trx) => {
		await trx.updateTable('tenants').set({ editorsBuildAppAt: args.allowed ? Date.now() : null }).where('id', '=', args.village.id).execute();
		await audit(trx, { actorId: args.actor.userId, tenantId: args.village.id, action: args.allowed ? 'app.editors.allow' : 'app.editors.deny', targetType: 'tenant', targetId: args.village.id, ip: args.ip });
	});
}

/** Stores a new draft (already validated by the caller's schema); the whole configuration is checked again. */
export async function writeDraft(db: Db, args: { actor: Actor; village: Tenant; config: AppConfig }): Promise<AppConfig> {
	assertCanBuild(args.actor, args.village);
	const parsed = appConfigSchema.safeParse(args.config);
	if (!parsed.success) throw formError('err_invalid');
	const config = normalizeConfig(parsed.data);
	const now = Date.now();
	await db
		.insertInto('appDrafts')
		.values({ tenantId: args.village.id, config: JSON.stringify(config), updatedBy: args.actor.userId, updatedAt: now })
		.onConflict((oc) => oc.column('tenantId').doUpdateSet({ config: JSON.stringify(config), updatedBy: args.actor.userId, updatedAt: now }))
		.execute();
	return config;
}

/** Throws the draft away: the builder shows the published app again. */
export async function discardDraft(db: Db, args: { actor: Actor; village: Tenant }): Promise<void> {
	assertCanBuild(args.actor, args.village);
	await db.deleteFrom('appDrafts').where('tenantId', '=', args.village.id).execute();
}
