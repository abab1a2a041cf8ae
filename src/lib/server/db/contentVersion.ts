import { sql } from 'kysely';
import type { Db } from './index.ts';

// A village's content version: one number that every write in the village bumps, in the write's own
// transaction. Caches of anonymous pages, feeds and public JSON key on it, so a write is visible on the next
// request without guessing a TTL, on every app instance (the number lives in the database).

/** Bumps the tenant's content version; call it with the transaction of the write. */
export async function bumpContentVersion(db: Db, tenantId: string): Promise<void> {
	await db
		.updateTable('tenants')
		.set({ contentVersion: sql<number>`content_version + 1` })
		.where('id', '=', tenantId)
		.execute();
}

/** The tenant's current content version (0 for an unknown tenant): one primary-key lookup. */
export async function contentVersion(db: Db, tenantId: string): Promise<number> {
	const row = await db.selectFrom('tenants').select('contentVersion').where('id', '=', tenantId).executeTakeFirst();
	return Number(row?.contentVersion ?? 0);
}
