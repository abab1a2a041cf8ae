import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { CamelCasePlugin, Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import type { Config } from '../config.ts';
import type { Database } from './types.ts';
import { allMigrations } from './migrations/index.ts';
import { log } from '../log.ts';

export type Db = Kysely<Database>;
export type DialectName = 'sqlite' | 'postgres';

// int8 (bigint) comes back from pg as a string; our bigints are epoch milliseconds, safe as numbers.
pg.types.setTypeParser(20, (v) => Number(v));

/** Opens the database named by the configuration (SQLite file in WAL mode, or a PostgreSQL pool). */
export function openDb(database: Config['database']): { db: Db; dialect: DialectName } {
	const plugins = [new CamelCasePlugin()];
	if (database.kind === 'postgres') {
		const pool = new pg.Pool({ connectionString: database.url, max: 10 });
		// An idle connection that the server closes (restart, failover) must not crash the process;
		// the pool replaces it on the next query.
		pool.on('error', (e) => log.warn({ err: e.message }, 'idle database connection closed'));
		return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins }), dialect: 'postgres' };
	}
	if (database.file !== ':memory:') mkdirSync(dirname(database.file), { recursive: true });
	const sqlite = new SQLite(database.file);
	sqlite.pragma('journal_mode = WAL');
	sqlite.pragma('foreign_keys = ON');
	sqlite.pragma('busy_timeout = 5000');
	sqlite.pragma('synchronous = NORMAL');
	return { db: new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }), plugins }), dialect: 'sqlite' };
}

/** Brings the schema up to date; throws with the failing migration's name. */
export async function migrateToLatest(db: Db): Promise<string[]> {
	// Modules bring their own migrations, so a new one (core or module) may sort before one already applied.
	const migrator = new Migrator({ db, provider: { getMigrations: async () => allMigrations() }, allowUnorderedMigrations: true });
	const { error, results } = await migrator.migrateToLatest();
	if (error) {
		const failed = results?.find((r) => r.status === 'Error');
		throw new Error(`Migration ${failed?.migrationName ?? '?'} failed: ${String(error)}`);
	}
	return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
