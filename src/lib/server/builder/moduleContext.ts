import type { RequestEvent } from '@sveltejs/kit';
import type { AnyModule } from '../../modules/registry.ts';
import type { Locale, ModuleContext } from '../../modules/types.ts';
import { audit } from '../audit/audit.ts';
import type { Db } from '../db/index.ts';
import type { Actor } from '../policy/index.ts';
import { effectiveRole, roleAtLeast } from '../tenancy/roles.ts';
import type { Tenant } from '../tenancy/tenants.ts';
import { enabledModules, type VillageModule } from './villageModules.ts';

/**
 * What a module's server code gets: the village, the actor, the language, its settings, and `can()` for its
 * own permissions — decided by the actor's role in this village (tenant first, as everywhere).
 */
export function createModuleContext(args: { db: Db; village: Tenant; module: AnyModule; settings: Record<string, unknown>; actor: Actor; locale: Locale; ip: string }): ModuleContext<Record<string, unknown>> {
	const { db, village, module, settings, actor, locale, ip } = args;
	const role = effectiveRole(actor.memberships, village.path);
	return {
		db,
		village,
		actor,
		locale,
		settings,
		ip,
		can: (permissionId) => {
			const permission = module.permissions.find((p) => p.id === permissionId);
			return !!permission && actor.userId !== null && roleAtLeast(role, permission.role);
		},
		audit: (trx, entry) => audit(trx, { actorId: actor.userId, tenantId: village.id, ...entry, ip, tokenId: actor.token?.id ?? null })
	};
}

/** The module context for a request. */
export function moduleContext(event: RequestEvent, village: Tenant, module: AnyModule, settings: Record<string, unknown>): ModuleContext<Record<string, unknown>> {
	const { actor, rt, locale } = event.locals;
	return createModuleContext({ db: rt.db, village, module, settings, actor, locale, ip: event.getClientAddress() });
}

// The layout (navigation) and the home page (widgets) both need the village's modules: one query per request.
const perRequest = new WeakMap<App.Locals, Promise<VillageModule[]>>();

/** The switched-on modules of the request's village, read once per request. */
export function requestModules(event: RequestEvent, village: Tenant): Promise<VillageModule[]> {
	let modules = perRequest.get(event.locals);
	if (!modules) perRequest.set(event.locals, (modules = enabledModules(event.locals.rt.db, village.id)));
	return modules;
}
