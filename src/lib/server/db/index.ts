import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { CamelCasePlugin, Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import SQLite from 'better-sqlite3';
import { createRequire } from 'node:module';
import type pgModule from 'pg';
import type { Config } from '../config.ts';
import type { Database } from './types.ts';
import { allMigrations } from './migrations/index.ts';
import { log } from '../log.ts';
import { COUNT_QUERIES, countQuery } from './queryCount.ts';

export type Db = Kysely<Database>;
export type DialectName = 'sqlite' | 'postgres';

// pg is loaded only for a PostgreSQL database: a process on SQLite has no use for its ~15 MB.
const require = createRequire(import.meta.url);

/** Opens the database named by the configuration (SQLite file in WAL mode, or a PostgreSQL pool). */
export function openDb(database: Config['database']): { db: Db; dialect: DialectName } {
	const plugins = [new CamelCasePlugin()];
	// the query budget test counts each request's queries (queryCount.ts)
	const counting = COUNT_QUERIES ? { log: () => countQuery() } : {};
	if (database.kind === 'postgres') {
		const pg = require('pg') as typeof pgModule;
		// int8 (bigint) comes back from pg as a string; our bigints are epoch milliseconds, safe as numbers.
		pg.types.setTypeParser(20, (v) => Number(v));
		const pool = new pg.Pool({ connectionString: database.url, max: 10 });
		// An idle connection that the server closes (restart, failover) must not crash the process;
		// the pool replaces it on the next query.
		pool.on('error', (e) => log.warn({ err: e.message }, 'idle database connection closed'));
		return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins, ...counting }), dialect: 'postgres' };
	}
	if (database.file !== ':memory:') mkdirSync(dirname(database.file), { recursive: true });
	const sqlite = new SQLite(database.file);
	sqlite.pragma('journal_mode = WAL');
	sqlite.pragma('foreign_keys = ON');
	sqlite.pragma('busy_timeout = 5000');
	sqlite.pragma('synchronous = NORMAL');
	return { db: new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }), plugins, ...counting }), dialect: 'sqlite' };
}

/** How many prepared SQLite statements are kept (the app's queries are a few hundred different texts). */
const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely's SQLite driver prepares every query anew; preparing costs more than running a typical query here. This
 * keeps the prepared statements by their SQL text (least recently used out first). better-sqlite3 runs a
 * statement synchronously, so one statement serves every caller — except while it is being iterated (a stream),
 * when a fresh one is prepared. SQLite re-prepares a kept statement by itself after a schema change.
 */
function withStatementCache(sqlite: SQLite.Database): { prepare: (sql: string) => SQLite.Statement; close: () => void } {
	const cache = new Map<string, SQLite.Statement>();
	return {
		prepare(sql) {
			const kept = cache.get(sql);
			if (kept && !kept.busy) {
				// most recently used last
				cache.delete(sql);
				cache.set(sql, kept);
				return kept;
			}
			const statement = sqlite.prepare(sql);
			if (!kept) {
				cache.set(sql, statement);
				if (cache.size > STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
			}
			return statement;
		},
		close: () => {
			cache.clear();
			sqlite.close();
		}
	};
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
