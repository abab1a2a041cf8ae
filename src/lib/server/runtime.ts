import { loadConfig, type Config } from './config.ts';
import { openDb, type Db, type DialectName } from './db/index.ts';
import { log } from './log.ts';
import { createLocalHub, type RealtimeHub } from './realtime/hub.ts';
import type { ContentVersions } from './renderCache/contentVersions.ts';
import type { ShellCache } from './renderCache/shellCache.ts';

/** What every request and job needs: configuration and the database. */
export interface Runtime {
	config: Config;
	db: Db;
	dialect: DialectName;
	/** wakes the job worker after a commit that queued work (no-op until the worker runs) */
	kickJobs: () => void;
	/** realtime fan-out (in-process by default; PostgreSQL or Redis across instances) */
	hub: RealtimeHub;
	/** the content versions the render cache keys on (set by serve.ts when the cache is on) */
	versions?: ContentVersions;
	/** the tenants and village modules kept by content version (set by serve.ts with the render cache) */
	shell?: ShellCache;
}

// serve.ts (compiled to build/allmende/serve.js) and the SvelteKit bundle each get their own copy of this module; one runtime on
// globalThis keeps them on the same database connection and worker.
const KEY = Symbol.for('allmende.runtime');
type WithRuntime = typeof globalThis & { [KEY]?: Runtime };

/** The process's runtime, created from the environment on first use. */
export function runtime(): Runtime {
	const g = globalThis as WithRuntime;
	if (!g[KEY]) {
		const config = loadConfig();
		const { db, dialect } = openDb(config.database);
		g[KEY] = { config, db, dialect, kickJobs: () => {}, hub: createLocalHub() };
		log.debug({ dialect }, 'runtime created');
	}
	return g[KEY];
}

/** Installs a runtime made elsewhere (server start-up, tests). */
export function setRuntime(rt: Runtime): void {
	(globalThis as WithRuntime)[KEY] = rt;
}
