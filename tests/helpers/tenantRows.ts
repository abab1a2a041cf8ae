// Everything the database holds for one tenant, as one comparable string: the tenant's own row and every row of
// every table with a tenant_id column (core and module tables alike, found in the schema, so a new table is
// included without being named). Tests take it before and after a request to prove that nothing changed there.
import { sql } from 'kysely';
import type { Db, DialectName } from '../../src/lib/server/db/index.ts';
import { openServerDb } from './server.ts';

/**
 * Columns that record that a request happened rather than what it changed: an API token's last use is written
 * (at most once a minute) by every request made with it, refused ones included, so it is left out.
 */
const BOOKKEEPING: Record<string, string[]> = { api_tokens: ['lastUsedAt'] };

/**
 * Tables that are a queue, not the village's data: every app instance queues each module schedule's run for every
 * village at the start of its time slot (jobs/schedules.ts), so a jobs row of the village appears whenever an hour
 * begins, whatever a request did. What a job writes into the village is still compared (its tables, the content
 * version on the tenant's row).
 */
const QUEUES = new Set(['jobs']);

const withoutBookkeeping = (table: string, row: Record<string, unknown>) => {
	const copy = { ...row };
	for (const column of BOOKKEEPING[table] ?? []) delete copy[column];
	return copy;
};

export interface TenantRows {
	/** the tenant's rows, as stable JSON */
	of: (tenantId: string) => Promise<string>;
	close: () => Promise<void>;
}

async function tenantTables(db: Db, dialect: DialectName): Promise<string[]> {
	const found =
		dialect === 'sqlite'
			? await sql<{ name: string }>`select m.name as name from sqlite_master m join pragma_table_info(m.name) p where m.type = 'table' and p.name = 'tenant_id' order by m.name`.execute(db)
			: await sql<{ name: string }>`select table_name as name from information_schema.columns where column_name = 'tenant_id' and table_schema = current_schema() order by table_name`.execute(db);
	return found.rows.map((r) => r.name).filter((name) => !QUEUES.has(name));
}

/** Opens the test server's database (its DATABASE_URL) for reading a tenant's rows. */
export async function openTenantRows(databaseUrl: string): Promise<TenantRows> {
	const { db, dialect } = openServerDb(databaseUrl);
	const tables = await tenantTables(db, dialect);
	if (tables.length < 5) throw new Error(`found only ${tables.length} tables with a tenant_id column: ${tables.join(', ')}`);
	return {
		async of(tenantId) {
			const all: Record<string, string[]> = {};
			const own = await sql<Record<string, unknown>>`select * from tenants where id = ${tenantId}`.execute(db);
			all.tenants = own.rows.map((r) => JSON.stringify(r));
			for (const table of tables) {
				const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table)} where tenant_id = ${tenantId}`.execute(db);
				all[table] = rows.rows.map((r) => JSON.stringify(withoutBookkeeping(table, r))).sort();
			}
			return JSON.stringify(all);
		},
		close: () => db.destroy()
	};
}
