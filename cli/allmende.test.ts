// The CLI as an operator uses it: create the first county admin on an empty database, then log in with the link.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgDatabase } from '../tests/helpers/testDb.ts';
import { openDb } from '../src/lib/server/db/index.ts';
import { checkCredentials, resetPassword } from '../src/lib/server/auth/accounts.ts';

let databaseUrl = '';
let cleanup: () => Promise<void> = async () => {};
beforeAll(async () => {
	if (process.env.TEST_DATABASE_URL) {
		const pgdb = await createPgDatabase(process.env.TEST_DATABASE_URL);
		databaseUrl = pgdb.url;
		cleanup = pgdb.drop;
	} else {
		const dir = mkdtempSync(join(tmpdir(), 'allmende-cli-'));
		databaseUrl = `sqlite:${join(dir, 'cli.db')}`;
		cleanup = async () => rmSync(dir, { recursive: true, force: true });
	}
});
afterAll(() => cleanup());

const cli = (...args: string[]) =>
	spawnSync(process.execPath, ['--import', 'tsx', 'cli/allmende.ts', ...args], { env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' }, encoding: 'utf8' });

describe('allmende CLI', () => {
	it('explains itself and refuses bad input', () => {
		expect(cli().status).toBe(1);
		expect(cli('frobnicate').stderr).toContain('Unknown command');
		const bad = cli('create-admin', '--email', 'not-an-address');
		expect(bad.status).toBe(1);
		expect(bad.stderr).toContain('--email');
	});

	it('creates the county and its first admin, with a one-time link to set the password', async () => {
		const res = cli('create-admin', '--email', 'Landrat@Example.org', '--county', 'Kreis Beispiel');
		expect(res.stderr).toBe('');
		expect(res.status).toBe(0);
		expect(res.stdout).toContain('landrat@example.org is now admin of Kreis Beispiel (new account)');
		const secret = /\/reset\/([\w-]+)/.exec(res.stdout)![1]!;
		const { db } = openDb(databaseUrl.startsWith('sqlite:') ? { kind: 'sqlite', file: databaseUrl.slice(7) } : { kind: 'postgres', url: databaseUrl });
		try {
			expect(await resetPassword(db, { secret, password: 'ein neues passwort' })).toBe(true);
			expect((await checkCredentials(db, { email: 'landrat@example.org', password: 'ein neues passwort' })).ok).toBe(true);
			const county = await db.selectFrom('tenants').selectAll().execute();
			expect(county.map((t) => [t.kind, t.name, t.slug])).toEqual([['county', 'Kreis Beispiel', 'kreis-beispiel']]);
		} finally {
			await db.destroy();
		}
		// a second run for another address keeps the one county
		expect(cli('create-admin', '--email', 'vertretung@example.org').stdout).toContain('now admin of Kreis Beispiel');
	});
});
