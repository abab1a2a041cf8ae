// The dashboard's view of the tenant tree: which tenants lie in a place (itself and below) and which place one level
// down each of them belongs to. A county has at most a few hundred tenants, so the tree is read whole once and
// folded here, instead of joining every project to its owner and matching paths with LIKE in SQL.
import type { Db } from '../../db/index.ts';
import type { TenantKind } from '../../db/types.ts';
import type { Tenant } from '../../tenancy/tenants.ts';

export interface TreeTenant {
	id: string;
	parentId: string | null;
	slug: string;
	name: string;
	kind: TenantKind;
	path: string;
}

export interface PlaceTree {
	/** the place the dashboard is about (the root when it is the county); undefined: no tenants at all */
	root: TreeTenant | undefined;
	/** the tenants of the place and below, by id */
	inPlace: Map<string, TreeTenant>;
	/** ids to filter by; null: the whole county (no condition at all) */
	scopeIds: string[] | null;
	/** the places one level down */
	children: TreeTenant[];
	/** the child (one level down) a tenant of the place lies in; null: the place itself */
	childOf: (tenantId: string) => string | null;
}

export async function loadPlaceTree(db: Db, place: Tenant | null): Promise<PlaceTree> {
	const all = await db.selectFrom('tenants').select(['id', 'parentId', 'slug', 'name', 'kind', 'path', 'createdAt']).orderBy('createdAt').execute();
	// as getRootTenant: the oldest tenant without a parent
	const root = place ? all.find((t) => t.id === place.id) : all.find((t) => t.parentId === null);
	const whole = !place || place.parentId === null;
	const inPlace = new Map(all.filter((t) => whole || (root !== undefined && t.path.startsWith(root.path))).map((t) => [t.id, t]));
	const children = root ? all.filter((t) => t.parentId === root.id) : [];
	const childIds = new Set(children.map((c) => c.id));
	const childCache = new Map<string, string | null>();
	const childOf = (tenantId: string): string | null => {
		if (childCache.has(tenantId)) return childCache.get(tenantId)!;
		const path = inPlace.get(tenantId)?.path ?? '';
		const child = path.split('/').find((id) => childIds.has(id)) ?? null;
		childCache.set(tenantId, child);
		return child;
	};
	return { root, inPlace, scopeIds: whole ? null : [...inPlace.keys()], children, childOf };
}
