import type { RequestEvent } from '@sveltejs/kit';
import type { AnyModule } from '../../modules/registry.ts';
import type { ModuleContext } from '../../modules/types.ts';
import { audit } from '../audit/audit.ts';
import { effectiveRole, roleAtLeast } from '../tenancy/roles.ts';
import type { Tenant } from '../tenancy/tenants.ts';

/**
 * What a module's server code gets for one request: the village, the actor, the language, its settings, and
 * `can()` for its own permissions — decided by the actor's role in this village (tenant first, as everywhere).
 */
export function moduleContext(event: RequestEvent, village: Tenant, module: AnyModule, settings: Record<string, unknown>): ModuleContext<Record<string, unknown>> {
	const { actor, rt, locale } = event.locals;
	const role = effectiveRole(actor.memberships, village.path);
	const ip = event.getClientAddress();
	return {
		db: rt.db,
		village,
		actor,
		locale,
		settings,
		ip,
		can: (permissionId) => {
			const permission = module.permissions.find((p) => p.id === permissionId);
			return !!permission && actor.userId !== null && roleAtLeast(role, permission.role);
		},
		audit: (db, entry) => audit(db, { actorId: actor.userId, tenantId: village.id, ...entry, ip })
	};
}
