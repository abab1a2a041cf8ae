import type { z } from 'zod';
import { getModule, MODULES, type AnyModule } from '../../modules/registry.ts';
import { audit } from '../audit/audit.ts';
import type { Db } from '../db/index.ts';
import { forbidden, notFound } from '../http/errors.ts';
import { parseInput, type FieldErrors } from '../http/validate.ts';
import { newId } from '../ids.ts';
import { assertModuleAvailable } from './moduleAvailability.ts';
import { can, type Actor } from '../policy/index.ts';
import type { Tenant } from '../tenancy/tenants.ts';

export interface VillageModule {
	module: AnyModule;
	enabled: boolean;
	position: number;
	/** the stored settings parsed by the module's schema, defaults filled in */
	settings: Record<string, unknown>;
}

/**
 * Stored settings read through the module's schema, field by field: a value that no longer fits (the module
 * changed, or the JSON is broken) falls back to that field's default, the others are kept.
 */
export function readSettings(module: AnyModule, stored: string | null | undefined): Record<string, unknown> {
	let raw: Record<string, unknown>;
	try {
		const parsed: unknown = JSON.parse(stored ?? '{}');
		raw = parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
	} catch {
		raw = {};
	}
	const out: Record<string, unknown> = {};
	for (const [key, field] of Object.entries(module.settings.shape)) {
		const value = (field as z.ZodType).safeParse(raw[key]);
		out[key] = value.success ? value.data : (field as z.ZodType).parse(undefined);
	}
	return out;
}

/**
 * Every installed module with its state in this village: switched-on modules first in the village's order,
 * then the others by name. A module the village never touched is off, with its default settings.
 */
export async function listVillageModules(db: Db, villageId: string): Promise<VillageModule[]> {
	const rows = await db.selectFrom('villageModules').selectAll().where('tenantId', '=', villageId).execute();
	const list = MODULES.map((module) => {
		const row = rows.find((r) => r.moduleId === module.id);
		return { module, enabled: row?.enabledAt != null, position: row?.position ?? Number.MAX_SAFE_INTEGER, settings: readSettings(module, row?.settings) };
	});
	return list.sort((a, b) => Number(b.enabled) - Number(a.enabled) || a.position - b.position || a.module.id.localeCompare(b.module.id));
}

/** The switched-on modules of a village, in order. */
export async function enabledModules(db: Db, villageId: string): Promise<VillageModule[]> {
	return (await listVillageModules(db, villageId)).filter((m) => m.enabled);
}

/** One switched-on module of a village, or undefined (unknown or switched off: both answer 404). */
export async function enabledModule(db: Db, villageId: string, moduleId: string, modules: readonly AnyModule[] = MODULES): Promise<VillageModule | undefined> {
	const module = modules.find((m) => m.id === moduleId);
	if (!module) return undefined;
	const row = await db.selectFrom('villageModules').selectAll().where('tenantId', '=', villageId).where('moduleId', '=', moduleId).executeTakeFirst();
	if (!row?.enabledAt) return undefined;
	return { module, enabled: true, position: row.position, settings: readSettings(module, row.settings) };
}

/** Writes the village's module list in the given order (positions 0..n-1), creating missing rows. */
async function writeOrder(db: Db, villageId: string, list: VillageModule[]) {
	const now = Date.now();
	for (const [position, vm] of list.entries()) {
		await db
			.insertInto('villageModules')
			.values({ id: newId(now), tenantId: villageId, moduleId: vm.module.id, enabledAt: vm.enabled ? now : null, position, settings: JSON.stringify(vm.settings), updatedAt: now })
			.onConflict((oc) => oc.columns(['tenantId', 'moduleId']).doUpdateSet({ position, updatedAt: now }))
			.execute();
	}
}

function guard(actor: Actor, village: Tenant, moduleId: string): AnyModule {
	if (!can(actor, 'tenant.administer', village)) throw forbidden();
	const module = getModule(moduleId);
	if (!module) throw notFound();
	return module;
}

/**
 * Switches a module on (at the end of the order) or off, audit-logged. Only a module the county has released in
 * the village's municipality can be switched on (409 otherwise); one that is on stays on when it is withdrawn.
 */
export async function setModuleEnabled(db: Db, args: { actor: Actor; village: Tenant; moduleId: string; enabled: boolean; ip: string }): Promise<void> {
	const module = guard(args.actor, args.village, args.moduleId);
	await db.transaction().execute(async (trx) => {
		const list = await listVillageModules(trx, args.village.id);
		const me = list.find((vm) => vm.module.id === module.id)!;
		if (me.enabled === args.enabled) return;
		if (args.enabled) await assertModuleAvailable(trx, args.village, module.id);
		const others = list.filter((vm) => vm !== me);
		const enabledCount = others.filter((vm) => vm.enabled).length;
		// switched on: last of the switched-on modules; switched off: first of the others
		others.splice(enabledCount, 0, { ...me, enabled: args.enabled });
		await writeOrder(trx, args.village.id, others);
		const now = Date.now();
		await trx.updateTable('villageModules').set({ enabledAt: args.enabled ? now : null, updatedAt: now }).where('tenantId', '=', args.village.id).where('moduleId', '=', module.id).execute();
		await audit(trx, { actorId: args.actor.userId, tenantId: args.village.id, action: args.enabled ? 'module.enable' : 'module.disable', targetType: 'module', targetId: module.id, data: { module: module.name.de }, ip: args.ip });
	});
}

/** Moves a switched-on module one place up or down in the app, audit-logged. */
export async function moveModule(db: Db, args: { actor: Actor; village: Tenant; moduleId: string; direction: 'up' | 'down'; ip: string }): Promise<void> {
	const module = guard(args.actor, args.village, args.moduleId);
	await db.transaction().execute(async (trx) => {
		const list = await listVillageModules(trx, args.village.id);
		const i = list.findIndex((vm) => vm.module.id === module.id);
		const j = args.direction === 'up' ? i - 1 : i + 1;
		if (!list[i]?.enabled || j < 0 || j >= list.length || !list[j]!.enabled) return;
		[list[i], list[j]] = [list[j]!, list[i]!];
		await writeOrder(trx, args.village.id, list);
		await audit(trx, { actorId: args.actor.userId, tenantId: args.village.id, action: 'module.move', targetType: 'module', targetId: module.id, data: { module: module.name.de, direction: args.direction }, ip: args.ip });
	});
}

/**
 * Form values → typed settings. Checkboxes send "on" or nothing, numbers arrive as text: both are turned
 * into what the schema expects before it validates.
 */
export function settingsFromForm(module: AnyModule, form: Record<string, string | undefined>): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const [key, field] of Object.entries(module.settings.shape)) {
		const def = (field as z.ZodType).def as { type: string; innerType?: { def: { type: string } } };
		const type = def.type === 'default' ? def.innerType?.def.type : def.type;
		if (type === 'boolean') out[key] = form[key] === 'on' || form[key] === 'true';
		// an emptied field stays empty (and fails a required schema) instead of silently taking the default
		else out[key] = form[key] ?? '';
	}
	return out;
}

export type SettingsResult = { ok: true } | { ok: false; errors: FieldErrors };

/** Validates and stores a module's settings for a village, audit-logged with the new values. */
export async function saveModuleSettings(
	db: Db,
	args: { actor: Actor; village: Tenant; moduleId: string; values: Record<string, unknown>; locale: 'de' | 'en'; ip: string }
): Promise<SettingsResult> {
	const module = guard(args.actor, args.village, args.moduleId);
	const labels = settingLabels(module, args.locale);
	const parsed = parseInput(module.settings, args.values, { labels });
	if (!parsed.ok) return { ok: false, errors: parsed.errors };
	await db.transaction().execute(async (trx) => {
		const list = await listVillageModules(trx, args.village.id);
		await writeOrder(trx, args.village.id, list);
		await trx.updateTable('villageModules').set({ settings: JSON.stringify(parsed.data), updatedAt: Date.now() }).where('tenantId', '=', args.village.id).where('moduleId', '=', module.id).execute();
		await audit(trx, { actorId: args.actor.userId, tenantId: args.village.id, action: 'module.settings', targetType: 'module', targetId: module.id, data: parsed.data as Record<string, unknown>, ip: args.ip });
	});
	return { ok: true };
}

/** The settings' labels in a language, from the schema's .meta({ label }). */
export function settingLabels(module: AnyModule, locale: 'de' | 'en'): Record<string, string> {
	const labels: Record<string, string> = {};
	for (const [key, field] of Object.entries(module.settings.shape)) {
		const meta = (field as z.ZodType).meta() as { label?: { de: string; en: string } } | undefined;
		labels[key] = meta?.label?.[locale] ?? key;
	}
	return labels;
}
