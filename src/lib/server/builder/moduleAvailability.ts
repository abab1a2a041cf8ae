// Which modules a village may switch on: the county's staged rollout (builder/moduleRollout.ts writes it,
// docs/decisions/012-staged-rollout.md explains it). Everything that switches a module on asks here first:
// the village administration, the builder's draft and publish.
import { MODULES, getModule } from '../../modules/registry.ts';
import * as m from '../../paraglide/messages.js';
import { getLocale } from '../../paraglide/runtime.js';
import type { Db } from '../db/index.ts';
import type { RolloutMode } from '../db/types.ts';
import { AppError, notFound } from '../http/errors.ts';
import { pathIds } from '../tenancy/roles.ts';
import type { Tenant } from '../tenancy/tenants.ts';

export interface ModuleAvailability {
	/** the village may switch it on (a module already on stays on either way) */
	available: boolean;
	/** the county marks it "Pilot" */
	pilot: boolean;
}

/** A county's decision on one module; a module without one is available everywhere and no pilot. */
export interface RolloutRule {
	mode: RolloutMode;
	pilot: boolean;
}

export const NO_RULE: RolloutRule = { mode: 'all', pilot: false };

/**
 * Whether a module is available in one municipality: 'none' nowhere; otherwise the municipality's own choice
 * where it has one, else the mode ('all': yes, 'chosen': no).
 */
export function isAvailableIn(rule: RolloutRule, choice: boolean | undefined): boolean {
	if (rule.mode === 'none') return false;
	return choice ?? rule.mode === 'all';
}

/** The county and the municipality a tenant lies in, from its path (a village right below the county has none). */
export function rolloutPlace(tenant: Pick<Tenant, 'path'>): { countyId: string; municipalityId: string | null } {
	const ids = pathIds(tenant.path);
	return { countyId: ids[0]!, municipalityId: ids.length >= 3 ? ids[1]! : null };
}

/** The county's rules by module id. */
export async function countyRules(db: Db, countyId: string): Promise<Map<string, RolloutRule>> {
	const rows = await db.selectFrom('moduleRollouts').select(['moduleId', 'mode', 'pilotAt']).where('tenantId', '=', countyId).execute();
	return new Map(rows.map((r) => [r.moduleId, { mode: r.mode, pilot: r.pilotAt != null }]));
}

/** The county's municipality choices: module id → municipality id → available. */
export async function countyChoices(db: Db, countyId: string, municipalityId?: string): Promise<Map<string, Map<string, boolean>>> {
	let q = db.selectFrom('moduleRolloutChoices').select(['moduleId', 'municipalityId', 'availableAt']).where('tenantId', '=', countyId);
	if (municipalityId !== undefined) q = q.where('municipalityId', '=', municipalityId);
	const out = new Map<string, Map<string, boolean>>();
	for (const r of await q.execute()) {
		const of = out.get(r.moduleId) ?? new Map<string, boolean>();
		of.set(r.municipalityId, r.availableAt != null);
		out.set(r.moduleId, of);
	}
	return out;
}

/** Every installed module's availability in this village (two small queries, both on the village's county). */
export async function moduleAvailability(db: Db, village: Pick<Tenant, 'path'>): Promise<Map<string, ModuleAvailability>> {
	const { countyId, municipalityId } = rolloutPlace(village);
	const [rules, choices] = await Promise.all([countyRules(db, countyId), municipalityId ? countyChoices(db, countyId, municipalityId) : new Map<string, Map<string, boolean>>()]);
	return new Map(
		MODULES.map((module) => {
			const rule = rules.get(module.id) ?? NO_RULE;
			const choice = municipalityId ? choices.get(module.id)?.get(municipalityId) : undefined;
			return [module.id, { available: isAvailableIn(rule, choice), pilot: rule.pilot }];
		})
	);
}

/** Refusal to switch on a module the county has not released in the village's municipality (409, names the module). */
export class ModuleUnavailableError extends AppError {
	constructor(readonly moduleId: string, name: string) {
		super(409, 'module_unavailable', { _form: m.rollout_err_unavailable({ module: name }) });
	}
}

/** Throws ModuleUnavailableError unless the village may switch the module on; an unknown module is not found. */
export async function assertModuleAvailable(db: Db, village: Pick<Tenant, 'path'>, moduleId: string): Promise<void> {
	const module = getModule(moduleId);
	if (!module) throw notFound();
	if (!(await moduleAvailability(db, village)).get(module.id)?.available) throw new ModuleUnavailableError(module.id, module.name[getLocale()]);
}
