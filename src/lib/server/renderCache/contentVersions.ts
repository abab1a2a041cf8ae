import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import type { Config } from '../config.ts';
import type { Db } from '../db/index.ts';

// What a cached page depends on, and that dependency's current version. A village's page depends on the
// village and its ancestors (municipality, county: their names and legal pages show in the app); a county page
// (/, /projects, /map, the public JSON API without a village) on every tenant. The version is the sum of the
// tenants' content versions (db/contentVersion.ts): each only ever grows and tenants are never deleted, so the
// sum changes with every write that bumps one of them, and only then.

/** 'all', or the ids of a tenant and its ancestors. */
export type CacheScope = 'all' | readonly string[];

export interface ContentVersions {
	/** The scope's version now, as committed in the database (a number or, on PostgreSQL, a promise of one). */
	read(scope: CacheScope): number | Promise<number>;
	close(): void;
}

/** 'all' or "id,id,id": how a scope travels in the internal response header (hooks.server.ts → httpCache.ts). */
export function scopeToHeader(scope: CacheScope): string {
	return scope === 'all' ? 'all' : scope.join(',');
}

export function scopeFromHeader(value: string): CacheScope | null {
	if (value === 'all') return 'all';
	const ids = value.split(',');
	return ids.length <= 8 && ids.every((id) => /^[\w-]{1,64}$/.test(id)) ? ids : null;
}

/**
 * On SQLite a read-only connection of its own: it sees committed rows only (WAL), never the bump of a
 * transaction that is still open on the app's connection and may yet roll back; a read is a few microseconds
 * and synchronous. On PostgreSQL one query per read (any instance may have written).
 */
export function openContentVersions(db: Db, database: Config['database']): ContentVersions {
	if (database.kind === 'sqlite' && database.file !== ':memory:') {
		const reader = new SQLite(database.file, { readonly: true, fileMustExist: true });
		const all = reader.prepare('SELECT total(content_version) AS v FROM tenants').pluck();
		const some = reader.prepare('SELECT total(content_version) AS v FROM tenants WHERE id IN (SELECT value FROM json_each(?))').pluck();
		// PRAGMA data_version changes when another connection (the app's, another process's) commits: until it
		// does, every scope's version is the one read last, and a cache hit needs no query
		const dataVersion = reader.prepare('PRAGMA data_version').pluck();
		let seen: unknown = null;
		const known = new Map<string, number>();
		return {
			read(scope) {
				const now = dataVersion.get();
				if (now !== seen) {
					known.clear();
					seen = now;
				}
				const key = scope === 'all' ? 'all' : scope.join(',');
				let version = known.get(key);
				if (version === undefined) {
					version = Number(scope === 'all' ? all.get() : some.get(JSON.stringify(scope)));
					known.set(key, version);
				}
				return version;
			},
			close: () => reader.close()
		};
	}
	return {
		async read(scope) {
			const query =
				scope === 'all'
					? sql<{ v: number | string | null }>`SELECT sum(content_version) AS v FROM tenants`
					: sql<{ v: number | string | null }>`SELECT sum(content_version) AS v FROM tenants WHERE id IN (${sql.join(scope)})`;
			const { rows } = await query.execute(db);
			return Number(rows[0]?.v ?? 0);
		},
		close: () => {}
	};
}
