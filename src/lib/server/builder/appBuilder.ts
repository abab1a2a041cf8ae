// The builder's commands: each reads the village's draft, changes one thing, and writes the draft back
// (appDraft.ts). Nothing here touches the published app; that is appPublish.ts.
import { z } from 'zod';
import { getModule } from '../../modules/registry.ts';
import type { Db } from '../db/index.ts';
import { fieldError, notFound } from '../http/errors.ts';
import { parseInput } from '../http/validate.ts';
import type { Actor } from '../policy/index.ts';
import type { Tenant } from '../tenancy/tenants.ts';
import { prepareUpload, savePreparedUpload } from '../files/uploads.ts';
import { assertCanBuild, MAX_NAME, MAX_NAV_LABEL, MAX_SHORT_NAME, readDraft, writeDraft, type AppConfig } from './appDraft.ts';
import { assertModuleAvailable } from './moduleAvailability.ts';
import { settingLabels, type SettingsResult } from './villageModules.ts';

interface Args {
	actor: Actor;
	village: Tenant;
}

/** Reads the draft, applies `change`, writes it; returns the new draft. */
export async function changeDraft(db: Db, args: Args, change: (config: AppConfig) => AppConfig): Promise<AppConfig> {
	assertCanBuild(args.actor, args.village);
	const { config } = await readDraft(db, args.village);
	return writeDraft(db, { ...args, config: change(config) });
}

/** a colour as #rrggbb, or empty (the Allmende default) */
const optionalColour = z.preprocess(
	(v) => (v === '' || v === undefined ? null : v),
	z
		.string()
		.trim()
		.toLowerCase()
		.regex(/^#[0-9a-f]{6}$/)
		.nullable()
);

export const namesSchema = z.object({
	name: z.string().trim().min(2).max(MAX_NAME),
	shortName: z.string().trim().max(MAX_SHORT_NAME).optional().default(''),
	description: z.string().trim().max(2000).optional().default('')
});
export const coloursSchema = z.object({ colorPrimary: optionalColour, colorAccent: optionalColour });
export const moduleIdSchema = z.object({ moduleId: z.string().min(1).max(64) });
export const moduleToggleSchema = moduleIdSchema.extend({ enabled: z.enum(['on', 'off']) });
export const moveSchema = moduleIdSchema.extend({ direction: z.enum(['up', 'down']) });
/** the switched-on modules in their new order, comma-separated (what dragging sends) */
export const orderSchema = z.object({ order: z.string().max(2000) });
export const widgetToggleSchema = moduleIdSchema.extend({ shown: z.enum(['on', 'off']) });

/** A module the app knows, or a 400 naming the field. */
function knownModule(id: string) {
	const module = getModule(id);
	if (!module) throw notFound();
	return module;
}

/** Moves the item at `i` one step in `direction` within `list` (a copy); out of bounds: unchanged. */
function moved<T>(list: readonly T[], i: number, direction: 'up' | 'down'): T[] {
	const j = direction === 'up' ? i - 1 : i + 1;
	const out = [...list];
	if (i < 0 || j < 0 || j >= out.length) return out;
	[out[i], out[j]] = [out[j]!, out[i]!];
	return out;
}

export function setNames(db: Db, args: Args & { input: z.infer<typeof namesSchema> }) {
	return changeDraft(db, args, (c) => ({ ...c, ...args.input }));
}

export function setColours(db: Db, args: Args & { input: z.infer<typeof coloursSchema> }) {
	return changeDraft(db, args, (c) => ({ ...c, ...args.input }));
}

/**
 * Stores an uploaded logo or cover photo (re-encoded, metadata stripped) and puts it in the draft. The old file
 * stays: published versions may still show it.
 */
export async function setImage(db: Db, args: Args & { field: 'logo' | 'cover'; bytes: Uint8Array; fileName: string; alt: string }) {
	assertCanBuild(args.actor, args.village);
	// re-encoding takes a while: before the write
	const prepared = await prepareUpload({
		tenantId: args.village.id,
		bytes: args.bytes,
		fileName: args.fileName || args.field,
		alt: args.alt,
		accept: 'image',
		createdBy: args.actor.userId,
		field: args.field,
		preset: args.field === 'logo' ? 'logo' : 'photo'
	});
	const file = await savePreparedUpload(db, prepared);
	return changeDraft(db, args, (c) => (args.field === 'logo' ? { ...c, logoUrl: file.url } : { ...c, coverUrl: file.url }));
}

export function removeImage(db: Db, args: Args & { field: 'logo' | 'cover' }) {
	return changeDraft(db, args, (c) => (args.field === 'logo' ? { ...c, logoUrl: null } : { ...c, coverUrl: null }));
}

/**
 * Switches a module on (at the end of the switched-on ones, its widget on the home screen) or off. Only what the
 * county has released in the village's municipality may be switched on (moduleAvailability.ts).
 */
export async function toggleModule(db: Db, args: Args & { moduleId: string; enabled: boolean }) {
	const module = knownModule(args.moduleId);
	assertCanBuild(args.actor, args.village);
	if (args.enabled) await assertModuleAvailable(db, args.village, module.id);
	return changeDraft(db, args, (c) => {
		const others = c.modules.filter((x) => x.id !== module.id);
		const me = c.modules.find((x) => x.id === module.id)!;
		const onCount = others.filter((x) => x.enabled).length;
		others.splice(onCount, 0, { ...me, enabled: args.enabled });
		const widgets = args.enabled && module.widget && !c.widgets.includes(module.id) ? [...c.widgets, module.id] : c.widgets;
		return { ...c, modules: others, widgets };
	});
}

/** Moves a switched-on module one place among the switched-on ones (the keyboard and no-JavaScript way). */
export function moveModule(db: Db, args: Args & { moduleId: string; direction: 'up' | 'down' }) {
	knownModule(args.moduleId);
	return changeDraft(db, args, (c) => {
		const on = c.modules.filter((x) => x.enabled);
		const off = c.modules.filter((x) => !x.enabled);
		return { ...c, modules: [...moved(on, on.findIndex((x) => x.id === args.moduleId), args.direction), ...off] };
	});
}

/** Puts the switched-on modules in the given order (what dragging sends); it must name exactly those modules. */
export function orderModules(db: Db, args: Args & { order: string }) {
	const ids = args.order.split(',').map((s) => s.trim());
	return changeDraft(db, args, (c) => {
		const on = c.modules.filter((x) => x.enabled);
		if (ids.length !== on.length || new Set(ids).size !== ids.length || !ids.every((id) => on.some((x) => x.id === id))) throw fieldError('order', 'err_bad_order');
		return { ...c, modules: [...ids.map((id) => on.find((x) => x.id === id)!), ...c.modules.filter((x) => !x.enabled)] };
	});
}

/** Validates a module's settings with its schema (labels in the reader's language) and puts them in the draft. */
export async function setModuleSettings(db: Db, args: Args & { moduleId: string; values: Record<string, unknown>; locale: 'de' | 'en' }): Promise<SettingsResult> {
	assertCanBuild(args.actor, args.village);
	const module = knownModule(args.moduleId);
	const parsed = parseInput(module.settings, args.values, { labels: settingLabels(module, args.locale) });
	if (!parsed.ok) return { ok: false, errors: parsed.errors };
	await changeDraft(db, args, (c) => ({ ...c, modules: c.modules.map((x) => (x.id === module.id ? { ...x, settings: parsed.data as Record<string, unknown> } : x)) }));
	return { ok: true };
}

/** Shows or hides a switched-on module's widget on the home screen. */
export function toggleWidget(db: Db, args: Args & { moduleId: string; shown: boolean }) {
	const module = knownModule(args.moduleId);
	return changeDraft(db, args, (c) => {
		const rest = c.widgets.filter((id) => id !== module.id);
		return { ...c, widgets: args.shown ? [...rest, module.id] : rest };
	});
}

export function moveWidget(db: Db, args: Args & { moduleId: string; direction: 'up' | 'down' }) {
	knownModule(args.moduleId);
	return changeDraft(db, args, (c) => ({ ...c, widgets: moved(c.widgets, c.widgets.indexOf(args.moduleId), args.direction) }));
}

/**
 * The navigation's own words: form fields `de-<module>` and `en-<module>` for the switched-on modules; empty
 * means the module's name. Only known modules' fields are read, so no other key reaches the draft.
 */
export function setNavLabels(db: Db, args: Args & { form: Record<string, string | undefined> }) {
	return changeDraft(db, args, (c) => {
		const labels: AppConfig['navLabels'] = [];
		for (const entry of c.modules.filter((x) => x.enabled)) {
			const de = (args.form[`de-${entry.id}`] ?? '').trim();
			const en = (args.form[`en-${entry.id}`] ?? '').trim();
			for (const [field, value] of [
				[`de-${entry.id}`, de],
				[`en-${entry.id}`, en]
			] as const)
				if (value.length > MAX_NAV_LABEL) throw fieldError(field, 'err_too_long', { params: { max: String(MAX_NAV_LABEL) }, label: getModule(entry.id)!.name.de });
			if (de || en) labels.push({ id: entry.id, de, en });
		}
		return { ...c, navLabels: labels };
	});
}
