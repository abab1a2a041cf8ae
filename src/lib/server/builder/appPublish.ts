// Publishing a village's app draft, its version history, comparing versions in words, and restoring one.
// Publishing writes the draft where the pages read the live app (tenants, village_modules; see appDraft.ts),
// numbers it (tenants.app_version, app_versions), and removes the draft — all in one transaction.
import { getModule } from '../../modules/registry.ts';
import { audit } from '../audit/audit.ts';
import type { Db } from '../db/index.ts';
import { formError, notFound } from '../http/errors.ts';
import { newId } from '../ids.ts';
import type { Actor } from '../policy/index.ts';
import type { Tenant } from '../tenancy/tenants.ts';
import * as m from '../../paraglide/messages.js';
import { assertModuleAvailable } from './moduleAvailability.ts';
import { assertCanBuild, normalizeConfig, parseStoredConfig, publishedConfig, readDraft, writeDraft, type AppConfig, type AppSettings } from './appDraft.ts';

export const MAX_NOTE = 500;

type Locale = 'de' | 'en';

/** A module's name in a language (its id when it is no longer installed). */
const moduleName = (id: string, locale: Locale) => getModule(id)?.name[locale] ?? id;

/**
 * What changed from `before` to `after`, in words a volunteer reads ("Kalender eingeschaltet", "Hauptfarbe
 * geändert"), in a stable order: names and look first, then modules, then home screen and navigation.
 */
export function describeChanges(before: AppConfig, after: AppConfig, locale: Locale): string[] {
	const o = { locale };
	const a = normalizeConfig(before);
	const b = normalizeConfig(after);
	const out: string[] = [];
	if (a.name !== b.name) out.push(m.app_change_name({ from: a.name, to: b.name }, o));
	if (a.shortName !== b.shortName) out.push(m.app_change_short_name(undefined, o));
	if (a.description !== b.description) out.push(m.app_change_description(undefined, o));
	if (a.colorPrimary !== b.colorPrimary) out.push(m.app_change_primary(undefined, o));
	if (a.colorAccent !== b.colorAccent) out.push(m.app_change_accent(undefined, o));
	if (a.logoUrl !== b.logoUrl) out.push(b.logoUrl ? m.app_change_logo(undefined, o) : m.app_change_logo_removed(undefined, o));
	if (a.coverUrl !== b.coverUrl) out.push(b.coverUrl ? m.app_change_cover(undefined, o) : m.app_change_cover_removed(undefined, o));
	const wasOn = new Set(a.modules.filter((x) => x.enabled).map((x) => x.id));
	const isOn = new Set(b.modules.filter((x) => x.enabled).map((x) => x.id));
	for (const entry of b.modules) {
		if (entry.enabled && !wasOn.has(entry.id)) out.push(m.app_change_module_on({ module: moduleName(entry.id, locale) }, o));
		if (!entry.enabled && wasOn.has(entry.id)) out.push(m.app_change_module_off({ module: moduleName(entry.id, locale) }, o));
	}
	const keptOrder = (list: AppConfig['modules']) => list.filter((x) => x.enabled && wasOn.has(x.id) && isOn.has(x.id)).map((x) => x.id);
	if (keptOrder(a.modules).join() !== keptOrder(b.modules).join()) out.push(m.app_change_order(undefined, o));
	for (const entry of b.modules) {
		const old = a.modules.find((x) => x.id === entry.id);
		if (entry.enabled && old && JSON.stringify(old.settings) !== JSON.stringify(entry.settings)) out.push(m.app_change_settings({ module: moduleName(entry.id, locale) }, o));
	}
	if (a.widgets.join() !== b.widgets.join()) out.push(m.app_change_widgets(undefined, o));
	if (JSON.stringify(a.navLabels) !== JSON.stringify(b.navLabels)) out.push(m.app_change_nav(undefined, o));
	return out;
}

/** The published app's own settings as tenants.app_settings stores them. */
const settingsOf = (config: AppConfig): AppSettings => ({ shortName: config.shortName, coverUrl: config.coverUrl, widgets: config.widgets, navLabels: config.navLabels });

/**
 * Makes the village's draft its live app as the next version, with an optional note; audit-logged with the
 * changes in words. `expectedVersion` (what the publisher saw) guards against two people publishing at once.
 */
export async function publishDraft(db: Db, args: { actor: Actor; village: Tenant; note: string; ip: string; expectedVersion?: number }): Promise<{ version: number; changes: string[] }> {
	assertCanBuild(args.actor, args.village);
	const note = args.note.trim().slice(0, MAX_NOTE);
	return db.transaction().execute(async (trx) => {
		const village = await trx.selectFrom('tenants').selectAll().where('id', '=', args.village.id).executeTakeFirstOrThrow();
		if (args.expectedVersion !== undefined && village.appVersion !== args.expectedVersion) throw formError('app_publish_conflict', 409);
		const [draft, before] = [await readDraft(trx, village), await publishedConfig(trx, village)];
		// the first version may publish the app unchanged: it is how a village says "this is our app"
		if (!draft.changed && village.appVersion > 0) throw formError('app_publish_nothing', 409);
		const config = draft.config;
		// a module switched on in the draft must (still) be released here; one that is on already may stay on
		const wasOn = new Set(before.modules.filter((x) => x.enabled).map((x) => x.id));
		for (const entry of config.modules) if (entry.enabled && !wasOn.has(entry.id)) await assertModuleAvailable(trx, village, entry.id);
		const version = village.appVersion + 1;
		const now = Date.now();
		const updated = await trx
			.updateTable('tenants')
			.set({
				name: config.name,
				description: config.description,
				colorPrimary: config.colorPrimary,
				colorAccent: config.colorAccent,
				logoUrl: config.logoUrl,
				appSettings: JSON.stringify(settingsOf(config)),
				appVersion: version,
				updatedAt: now
			})
			.where('id', '=', village.id)
			.where('appVersion', '=', village.appVersion)
			.executeTakeFirst();
		if (Number(updated.numUpdatedRows) !== 1) throw formError('app_publish_conflict', 409);
		const existing = await trx.selectFrom('villageModules').select(['moduleId', 'enabledAt']).where('tenantId', '=', village.id).execute();
		for (const [position, entry] of config.modules.entries()) {
			const enabledAt = entry.enabled ? (existing.find((r) => r.moduleId === entry.id)?.enabledAt ?? now) : null;
			const settings = JSON.stringify(entry.settings);
			await trx
				.insertInto('villageModules')
				.values({ id: newId(now), tenantId: village.id, moduleId: entry.id, enabledAt, position, settings, updatedAt: now })
				.onConflict((oc) => oc.columns(['tenantId', 'moduleId']).doUpdateSet({ enabledAt, position, settings, updatedAt: now }))
				.execute();
		}
		await trx.insertInto('appVersions').values({ id: newId(now), tenantId: village.id, version, config: JSON.stringify(config), note, publishedBy: args.actor.userId, publishedAt: now }).execute();
		await trx.deleteFrom('appDrafts').where('tenantId', '=', village.id).execute();
		const changes = describeChanges(before, config, 'de');
		await audit(trx, { actorId: args.actor.userId, tenantId: village.id, action: 'app.publish', targetType: 'app', targetId: String(version), data: { version, note, changes }, ip: args.ip });
		return { version, changes };
	});
}

export interface AppVersionEntry {
	version: number;
	note: string;
	publishedAt: number;
	publishedBy: string | null;
	/** the publisher's name (null: no longer an account) */
	publisherName: string | null;
}

/** The village's published versions, newest first. */
export async function listVersions(db: Db, village: Tenant, limit = 100): Promise<AppVersionEntry[]> {
	const rows = await db
		.selectFrom('appVersions')
		.leftJoin('users', 'users.id', 'appVersions.publishedBy')
		.select(['appVersions.version', 'appVersions.note', 'appVersions.publishedAt', 'appVersions.publishedBy', 'users.displayName as publisherName'])
		.where('appVersions.tenantId', '=', village.id)
		.orderBy('appVersions.version', 'desc')
		.limit(limit)
		.execute();
	return rows.map((r) => ({ ...r, version: Number(r.version), publishedAt: Number(r.publishedAt) }));
}

/** One published version's configuration (only the village's own), or undefined. */
export async function versionConfig(db: Db, village: Tenant, version: number): Promise<AppConfig | undefined> {
	if (!Number.isSafeInteger(version) || version < 1) return undefined;
	const row = await db.selectFrom('appVersions').select('config').where('tenantId', '=', village.id).where('version', '=', version).executeTakeFirst();
	return (row && parseStoredConfig(row.config)) || undefined;
}

/** Makes a published version the village's draft again (to look at, change and publish as a new version). */
export async function restoreVersion(db: Db, args: { actor: Actor; village: Tenant; version: number; ip: string }): Promise<AppConfig> {
	assertCanBuild(args.actor, args.village);
	const config = await versionConfig(db, args.village, args.version);
	if (!config) throw notFound();
	return db.transaction().execute(async (trx) => {
		const draft = await writeDraft(trx, { actor: args.actor, village: args.village, config });
		await audit(trx, { actorId: args.actor.userId, tenantId: args.village.id, action: 'app.restore', targetType: 'app', targetId: String(args.version), data: { version: args.version }, ip: args.ip });
		return draft;
	});
}

/**
 * Records the village's live app as its first version, unchanged (the demo's villages start with one, so that
 * their history and "start from another village's app" have something to show).
 */
export async function recordFirstVersion(db: Db, args: { village: Tenant; publishedBy: string | null; note: string }): Promise<void> {
	const config = await publishedConfig(db, args.village);
	const now = Date.now();
	await db.insertInto('appVersions').values({ id: newId(now), tenantId: args.village.id, version: 1, config: JSON.stringify(config), note: args.note, publishedBy: args.publishedBy, publishedAt: now }).execute();
	await db.updateTable('tenants').set({ appVersion: 1, appSettings: JSON.stringify(settingsOf(config)) }).where('id', '=', args.village.id).where('appVersion', '=', 0).execute();
}
