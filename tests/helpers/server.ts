// Starts the real server (scripts/start.mjs, as `npm start` does) on a free port with a fresh database seeded with
// the demo county. Used by the HTTP integration tests and the browser tests. Needs a build (`npm run build`).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb } from '../../src/lib/server/db/index.ts';
import { createPgDatabase } from './testDb.ts';

export interface TestServer {
	url: string;
	database: 'sqlite' | 'postgres';
	/** the server's DATABASE_URL, for tests that look at or change rows directly */
	databaseUrl: string;
	stop: () => Promise<void>;
	/** drops the database (for a server started on it with `reuse` after kill()) */
	dropDatabase: () => Promise<void>;
	/** kill -9: the process dies at once, the database stays (start another server on it with `databaseUrl`) */
	kill: () => Promise<void>;
	/** everything the server printed, for failure messages */
	output: () => string;
}

async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const s = createServer();
		s.listen(0, '127.0.0.1', () => {
			const address = s.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			s.close(() => resolve(port));
		});
		s.on('error', reject);
	});
}

/**
 * `reuse`: start on the database of an earlier server (after its kill()); that database is then dropped by this
 * server's stop(), and the earlier server's stop() must not be called.
 */
export async function startServer(env: Record<string, string> = {}, reuse?: { databaseUrl: string; drop: () => Promise<void> }): Promise<TestServer> {
	if (!existsSync('build/handler.js')) throw new Error('No build found: run `npm run build` first (npm test does).');
	// a fixed PORT in `env` (a test file's own port range) wins over a free one the system picks
	const port = env.PORT ? Number(env.PORT) : await freePort();
	const base = process.env.TEST_DATABASE_URL;
	let databaseUrl: string;
	let cleanupDb: () => Promise<void>;
	if (reuse) {
		databaseUrl = reuse.databaseUrl;
		cleanupDb = reuse.drop;
	} else if (base) {
		const pgdb = await createPgDatabase(base);
		databaseUrl = pgdb.url;
		cleanupDb = pgdb.drop;
	} else {
		const dir = mkdtempSync(join(tmpdir(), 'allmende-test-'));
		databaseUrl = `sqlite:${join(dir, 'test.db')}`;
		cleanupDb = async () => rmSync(dir, { recursive: true, force: true });
	}
	const url = `http://localhost:${port}`;
	let out = '';
	const child: ChildProcess = spawn(process.execPath, ['scripts/start.mjs'], {
		env: {
			...process.env,
			NODE_ENV: 'test',
			PORT: String(port),
			HOST: '127.0.0.1',
			ORIGIN: url,
			DATABASE_URL: databaseUrl,
			DEMO: '1',
			ALLMENDE_SKIP_BUILD: '1',
			LOG_LEVEL: 'warn',
			RATE_LIMIT_WRITES_PER_MINUTE: '100000',
			// many test logins come from 127.0.0.1 within a minute; the per-account limit stays as configured
			RATE_LIMIT_LOGINS_PER_IP_PER_MINUTE: '100000',
			// every actor of the route table sends a barrier report from 127.0.0.1 (barrierReports.test.ts tests the limit)
			RATE_LIMIT_BARRIER_REPORTS_PER_HOUR: '100000',
			...env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	child.stdout?.on('data', (d) => (out += d));
	child.stderr?.on('data', (d) => (out += d));
	const stop = async () => {
		if (child.exitCode === null) {
			const exited = new Promise((r) => child.once('exit', r));
			child.kill('SIGTERM');
			await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
			if (child.exitCode === null) child.kill('SIGKILL');
		}
		await cleanupDb();
	};
	const kill = async () => {
		if (child.exitCode !== null) return;
		const exited = new Promise((r) => child.once('exit', r));
		child.kill('SIGKILL');
		await exited;
	};
	// migrations and the demo seed; generous, because a loaded CI machine is slow, not broken (a hang still ends)
	const deadline = Date.now() + 120_000;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) break;
		try {
			const res = await fetch(`${url}/healthz`);
			if (res.ok) return { url, database: base ? 'postgres' : 'sqlite', databaseUrl, stop, kill, output: () => out, dropDatabase: cleanupDb };
		} catch {
			/* not up yet */
		}
		await new Promise((r) => setTimeout(r, 150));
	}
	await stop();
	throw new Error(`Server did not start:\n${out}`);
}

/** Opens the test server's database (its DATABASE_URL) from the test, to set up or look at rows directly. */
export function openServerDb(databaseUrl: string): ReturnType<typeof openDb> {
	return openDb(databaseUrl.startsWith('sqlite:') ? { kind: 'sqlite', file: databaseUrl.slice('sqlite:'.length) } : { kind: 'postgres', url: databaseUrl });
}
