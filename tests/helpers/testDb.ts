// A fresh, migrated database per test file: SQLite in memory, or — when TEST_DATABASE_URL is set — a new
// PostgreSQL database created for this run and dropped afterwards.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Config } from '../../src/lib/server/config.ts';
import { migrateToLatest, openDb, type Db, type DialectName } from '../../src/lib/server/db/index.ts';

export interface TestDb {
	db: Db;
	dialect: DialectName;
	/** DATABASE_URL for a server process using this database (SQLite: a file) */
	url: string;
	cleanup: () => Promise<void>;
}

/** Creates an empty PostgreSQL database next to TEST_DATABASE_URL; returns its URL and a drop function. */
export async function createPgDatabase(baseUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
	const name = `allmende_t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
	const admin = new pg.Client({ connectionString: baseUrl });
	await admin.connect();
	await admin.query(`CREATE DATABASE ${name}`);
	await admin.end();
	const url = new URL(baseUrl);
	url.pathname = `/${name}`;
	return {
		url: url.toString(),
		drop: async () => {
			const c = new pg.Client({ connectionString: baseUrl });
			await c.connect();
			await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
			await c.end();
		}
	};
}

export async function createTestDb(): Promise<TestDb> {
	const base = process.env.TEST_DATABASE_URL;
	if (base) {
		const pgdb = await createPgDatabase(base);
		const { db, dialect } = openDb({ kind: 'postgres', url: pgdb.url });
		await migrateToLatest(db);
		return {
			db,
			dialect,
			url: pgdb.url,
			cleanup: async () => {
				await db.destroy();
				await pgdb.drop();
			}
		};
	}
	const { db, dialect } = openDb({ kind: 'sqlite', file: ':memory:' });
	await migrateToLatest(db);
	return { db, dialect, url: 'sqlite::memory:', cleanup: () => db.destroy() };
}

/**
 * Like createTestDb, but SQLite in a file of its own (for what opens a second connection to it, as the content
 * versions' reader does); `database` is the configuration to open it with.
 */
export async function createFileTestDb(): Promise<{ db: Db; database: Config['database']; cleanup: () => Promise<void> }> {
	const base = process.env.TEST_DATABASE_URL;
	let database: Config['database'];
	let drop: () => Promise<void>;
	if (base) {
		const pgdb = await createPgDatabase(base);
		database = { kind: 'postgres', url: pgdb.url };
		drop = pgdb.drop;
	} else {
		const dir = mkdtempSync(join(tmpdir(), 'allmende-test-'));
		database = { kind: 'sqlite', file: join(dir, 'test.db') };
		drop = async () => rmSync(dir, { recursive: true, force: true });
	}
	const { db } = openDb(database);
	await migrateToLatest(db);
	return {
		db,
		database,
		cleanup: async () => {
			await db.destroy();
			await drop();
		}
	};
}
