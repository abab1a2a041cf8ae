import type { Db } from '../db/index.ts';

// The county's (and a municipality's) overview at /admin: for every village it administers, whether people look
// after it. A fixed number of queries for any number of villages (a county has a few hundred).

export interface VillageCare {
	/** how many admins the village has (0: nobody looks after it) */
	admins: number;
	/** the newest audit entry in the village, else its last change; null: nothing happened yet */
	lastActivity: number | null;
}

/** Admin count and last activity of each of these villages (by id); the caller passes only villages the actor administers. */
export async function villageCare(db: Db, villageIds: readonly string[]): Promise<Record<string, VillageCare>> {
	if (villageIds.length === 0) return {};
	const ids = [...villageIds];
	const [admins, activity] = await Promise.all([
		db.selectFrom('memberships').select(['tenantId', (eb) => eb.fn.countAll<number | string>().as('n')]).where('tenantId', 'in', ids).where('role', '=', 'admin').groupBy('tenantId').execute(),
		db
			.selectFrom('tenants')
			.leftJoin('auditLog', 'auditLog.tenantId', 'tenants.id')
			.select(['tenants.id', 'tenants.updatedAt', (eb) => eb.fn.max('auditLog.createdAt').as('lastAudit')])
			.where('tenants.id', 'in', ids)
			.groupBy(['tenants.id', 'tenants.updatedAt'])
			.execute()
	]);
	const out: Record<string, VillageCare> = {};
	for (const row of activity) {
		const audited = row.lastAudit == null ? null : Number(row.lastAudit);
		out[row.id] = { admins: 0, lastActivity: Math.max(audited ?? 0, Number(row.updatedAt)) || null };
	}
	for (const row of admins) {
		const care = out[row.tenantId];
		if (care) care.admins = Number(row.n);
	}
	return out;
}
