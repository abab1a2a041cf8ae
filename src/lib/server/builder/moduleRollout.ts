// The county's side of the staged rollout (/admin/modules): which modules the villages of which municipalities
// may switch on, and which are pilots. The county's admins change it; municipality admins read their own
// municipalities' part. moduleAvailability.ts resolves it for one village.
import { z } from 'zod';
import { getModule, MODULES } from '../../modules/registry.ts';
import type { Localized } from '../../modules/types.ts';
import { audit } from '../audit/audit.ts';
import type { Db } from '../db/index.ts';
import type { RolloutMode } from '../db/types.ts';
import { fieldError, forbidden } from '../http/errors.ts';
import { newId } from '../ids.ts';
import { can, type Actor } from '../policy/index.ts';
import { getRootTenant, type Tenant } from '../tenancy/tenants.ts';
import { countyChoices, countyRules, isAvailableIn, NO_RULE, type RolloutRule } from './moduleAvailability.ts';

export const ROLLOUT_MODES = ['all', 'chosen', 'none'] as const satisfies readonly RolloutMode[];

/** One module's form on /admin/modules: its mode, the pilot mark, and the municipalities ticked as available. */
export const rolloutSchema = z.object({
	moduleId: z.string().min(1).max(64),
	mode: z.enum(ROLLOUT_MODES),
	pilot: z.literal('on').optional(),
	// a county has a few dozen municipalities; the limit only keeps an oversized post from being read
	available: z.array(z.string().min(1).max(64)).max(500).default([])
});
export type RolloutInput = z.infer<typeof rolloutSchema>;

export interface RolloutModuleView {
	id: string;
	name: Localized;
	description: Localized;
	icon: string;
	mode: RolloutMode;
	pilot: boolean;
	/** municipality id → available there */
	available: Record<string, boolean>;
	/** municipality id → ticked in the form: where it is available, or under 'none' where it would be again */
	ticked: Record<string, boolean>;
	/** municipality id → how many of its villages have the module on */
	inUse: Record<string, number>;
}

export interface RolloutView {
	county: { id: string; name: string };
	/** the county's admins change it; municipality admins only read */
	canEdit: boolean;
	/** the municipalities shown: all of the county's for its admins, a municipality admin's own otherwise */
	municipalities: { id: string; name: string }[];
	modules: RolloutModuleView[];
}

/** The county's municipalities, by name. */
async function municipalitiesOf(db: Db, countyId: string): Promise<Tenant[]> {
	const rows = await db.selectFrom('tenants').selectAll().where('parentId', '=', countyId).where('kind', '=', 'municipality').execute();
	return rows.sort((a, b) => a.name.localeCompare(b.name, 'de'));
}

/** How many villages of each municipality have each module on: module id → municipality id → count. */
async function modulesInUse(db: Db, county: Tenant): Promise<Map<string, Map<string, number>>> {
	const rows = await db
		.selectFrom('villageModules')
		.innerJoin('tenants', 'tenants.id', 'villageModules.tenantId')
		.select(['villageModules.moduleId', 'tenants.parentId', (eb) => eb.fn.countAll<number>().as('n')])
		.where('tenants.path', 'like', `${county.path}%`)
		.where('tenants.kind', '=', 'village')
		.where('villageModules.enabledAt', 'is not', null)
		.groupBy(['villageModules.moduleId', 'tenants.parentId'])
		.execute();
	const out = new Map<string, Map<string, number>>();
	for (const r of rows) {
		const of = out.get(r.moduleId) ?? new Map<string, number>();
		of.set(r.parentId ?? '', Number(r.n));
		out.set(r.moduleId, of);
	}
	return out;
}

async function countyView(db: Db, county: Tenant, municipalities: Tenant[], canEdit: boolean): Promise<RolloutView> {
	const [rules, choices, inUse] = await Promise.all([countyRules(db, county.id), countyChoices(db, county.id), modulesInUse(db, county)]);
	return {
		county: { id: county.id, name: county.name },
		canEdit,
		municipalities: municipalities.map((mu) => ({ id: mu.id, name: mu.name })),
		modules: MODULES.map((module) => {
			const rule = rules.get(module.id) ?? NO_RULE;
			return {
				id: module.id,
				name: module.name,
				description: module.description,
				icon: module.icon,
				mode: rule.mode,
				pilot: rule.pilot,
				available: Object.fromEntries(municipalities.map((mu) => [mu.id, isAvailableIn(rule, choices.get(module.id)?.get(mu.id))])),
				ticked: Object.fromEntries(municipalities.map((mu) => [mu.id, isAvailableIn({ ...rule, mode: rule.mode === 'none' ? 'all' : rule.mode }, choices.get(module.id)?.get(mu.id))])),
				inUse: Object.fromEntries(municipalities.map((mu) => [mu.id, inUse.get(module.id)?.get(mu.id) ?? 0]))
			};
		})
	};
}

/**
 * What an actor sees of the rollout in the installation's county: all of it for the county's admins (who may change
 * it), their own municipalities' part, read-only, for municipality admins; nothing (undefined) for everyone else.
 */
export async function rolloutView(db: Db, actor: Actor): Promise<RolloutView | undefined> {
	const county = await getRootTenant(db);
	if (!actor.userId || county?.kind !== 'county') return undefined;
	const municipalities = await municipalitiesOf(db, county.id);
	if (can(actor, 'tenant.rolloutModules', county)) return countyView(db, county, municipalities, true);
	const own = municipalities.filter((mu) => can(actor, 'tenant.administer', mu));
	return own.length ? countyView(db, county, own, false) : undefined;
}

// The words of the audit log (German, as every entry's data; the action itself is translated on display).
const MODE_WORDS: Record<RolloutMode, string> = { all: 'in allen Kommunen, außer abgewählten', chosen: 'nur in ausgewählten Kommunen', none: 'nirgends' };
const names = (list: Tenant[]) => list.map((mu) => mu.name).join(', ');

/**
 * Saves one module's rollout in the county, audit-logged in words: the county's entry names the rule and where the
 * module became (un)available; each such municipality gets an entry of its own, so that its admins read it in
 * their log. Villages whose view changes get their content version bumped. Returns false when nothing changed.
 */
export async function saveRollout(db: Db, args: { actor: Actor; county: Tenant; input: RolloutInput; ip: string }): Promise<boolean> {
	const { actor, county, input } = args;
	if (county.kind !== 'county' || !can(actor, 'tenant.rolloutModules', county)) throw forbidden();
	const module = getModule(input.moduleId);
	if (!module) throw fieldError('moduleId', 'rollout_err_unknown_module');
	const municipalities = await municipalitiesOf(db, county.id);
	const ticked = new Set(input.available);
	if ([...ticked].some((id) => !municipalities.some((mu) => mu.id === id))) throw fieldError('available', 'rollout_err_unknown_municipality');
	const rule: RolloutRule = { mode: input.mode, pilot: input.pilot === 'on' };

	return db.transaction().execute(async (trx) => {
		const row = await trx.selectFrom('moduleRollouts').select(['mode', 'pilotAt']).where('tenantId', '=', county.id).where('moduleId', '=', module.id).executeTakeFirst();
		const before: RolloutRule = row ? { mode: row.mode, pilot: row.pilotAt != null } : NO_RULE;
		const beforeChoices = (await countyChoices(trx, county.id)).get(module.id) ?? new Map<string, boolean>();
		// Store only where a municipality differs from the mode's default (under 'none' the ticks are kept as under
		// 'all', for when the module is released again).
		const choices = new Map<string, boolean>();
		for (const mu of municipalities) {
			const on = ticked.has(mu.id);
			if (on === (rule.mode === 'chosen')) choices.set(mu.id, on);
		}
		const was = (mu: Tenant) => isAvailableIn(before, beforeChoices.get(mu.id));
		const is = (mu: Tenant) => isAvailableIn(rule, choices.get(mu.id));
		const gained = municipalities.filter((mu) => !was(mu) && is(mu));
		const lost = municipalities.filter((mu) => was(mu) && !is(mu));
		const sameChoices = choices.size === beforeChoices.size && [...choices].every(([id, on]) => beforeChoices.get(id) === on);
		if (before.mode === rule.mode && before.pilot === rule.pilot && sameChoices) return false;

		const now = Date.now();
		// a pilot keeps the time it became one
		const pilotAt = rule.pilot ? (row?.pilotAt ?? now) : null;
		await trx
			.insertInto('moduleRollouts')
			.values({ id: newId(now), tenantId: county.id, moduleId: module.id, mode: rule.mode, pilotAt, updatedBy: actor.userId, updatedAt: now })
			.onConflict((oc) => oc.columns(['tenantId', 'moduleId']).doUpdateSet({ mode: rule.mode, pilotAt, updatedBy: actor.userId, updatedAt: now }))
			.execute();
		await trx.deleteFrom('moduleRolloutChoices').where('tenantId', '=', county.id).where('moduleId', '=', module.id).execute();
		for (const [municipalityId, on] of choices)
			await trx.insertInto('moduleRolloutChoices').values({ id: newId(now), tenantId: county.id, municipalityId, moduleId: module.id, availableAt: on ? now : null, updatedAt: now }).execute();

		const data: Record<string, string> = { module: module.name.de, rule: MODE_WORDS[rule.mode], pilot: rule.pilot ? 'ja' : 'nein' };
		if (gained.length) data.nowAvailableIn = names(gained);
		if (lost.length) data.noLongerAvailableIn = names(lost);
		await audit(trx, { actorId: actor.userId, tenantId: county.id, action: 'module.rollout', targetType: 'module', targetId: module.id, data, ip: args.ip });
		for (const [list, available] of [[gained, true], [lost, false]] as const)
			for (const mu of list)
				await audit(trx, { actorId: actor.userId, tenantId: mu.id, action: available ? 'module.rollout.available' : 'module.rollout.unavailable', targetType: 'module', targetId: module.id, data: { module: module.name.de }, ip: args.ip });

		// The villages' administration (and the builder) show availability and the pilot mark: their pages change.
		const changed = before.pilot !== rule.pilot || before.mode !== rule.mode ? null : [...gained, ...lost].map((mu) => mu.id);
		if (changed === null || changed.length) {
			let q = trx.updateTable('tenants').set((eb) => ({ contentVersion: eb('contentVersion', '+', 1) })).where('kind', '=', 'village').where('path', 'like', `${county.path}%`);
			if (changed) q = q.where('parentId', 'in', changed);
			await q.execute();
		}
		return true;
	});
}

