// The CLI as an operator uses it: create the first county admin on an empty database, then log in with the link.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgDatabase } from '../tests/helpers/testDb.ts';
import { openDb } from '../src/lib/server/db/index.ts';
import { checkCredentials, resetPassword } from '../src/lib/server/auth/accounts.ts';
import { authenticateApiToken } from '../src/lib/server/auth/apiTokens.ts';

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

describe('allmende create-token', () => {
	let url = '';
	let drop: () => Promise<void> = async () => {};
	const run = (...args: string[]) =>
		spawnSync(process.execPath, ['--import', 'tsx', 'cli/allmende.ts', 'create-token', ...args], { env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn' }, encoding: 'utf8' });
	const open = () => openDb(url.startsWith('sqlite:') ? { kind: 'sqlite', file: url.slice(7) } : { kind: 'postgres', url });

	beforeAll(async () => {
		if (process.env.TEST_DATABASE_URL) {
			const pgdb = await createPgDatabase(process.env.TEST_DATABASE_URL);
			url = pgdb.url;
			drop = pgdb.drop;
		} else {
			const dir = mkdtempSync(join(tmpdir(), 'allmende-cli-token-'));
			url = `sqlite:${join(dir, 'cli.db')}`;
			drop = async () => rmSync(dir, { recursive: true, force: true });
		}
		const seeded = spawnSync(process.execPath, ['--import', 'tsx', 'cli/allmende.ts', 'seed-demo'], { env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn' }, encoding: 'utf8' });
		expect(seeded.status, seeded.stderr).toBe(0);
	}, 60_000);
	afterAll(() => drop());

	it('refuses missing options, an unknown e-mail, tenant or role, with exit code 1 and no token', () => {
		const cases: [string[], string][] = [
			[['--email', 'dorf2@example.org'], 'needs --email <address>, --tenant <slug> and --role <role>'],
			[['--email', 'niemand@example.org', '--tenant', 'koerbecke', '--role', 'editor'], 'No account has the e-mail address niemand@example.org'],
			[['--email', 'dorf2@example.org', '--tenant', 'nirgendwo', '--role', 'editor'], 'No county, municipality or village has the slug "nirgendwo"'],
			[['--email', 'dorf2@example.org', '--tenant', 'koerbecke', '--role', 'owner'], '--role must be one of admin, editor, moderator, member'],
			[['--email', 'dorf2@example.org', '--tenant', 'koerbecke', '--role', 'editor', '--days', '0'], '--days must be a whole number from 1 to 365'],
			[['--email', 'dorf2@example.org', '--tenant', 'koerbecke', '--role', 'editor', '--bogus'], 'create-token: Unknown option']
		];
		for (const [args, message] of cases) {
			const res = run(...args);
			expect(res.status, args.join(' ')).toBe(1);
			expect(res.stderr).toContain(message);
			expect(res.stdout).toBe('');
		}
	});

	it('grants no role the person does not hold there, and explains why', () => {
		const above = run('--email', 'redaktion@example.org', '--tenant', 'altengeseke', '--role', 'admin');
		expect(above.status).toBe(1);
		expect(above.stderr).toContain('redaktion@example.org is editor at Altengeseke; a token can have at most that role, not admin.');
		const elsewhere = run('--email', 'dorf1@example.org', '--tenant', 'koerbecke', '--role', 'member');
		expect(elsewhere.status).toBe(1);
		expect(elsewhere.stderr).toContain('dorf1@example.org holds no role at Körbecke (koerbecke)');
		expect(elsewhere.stdout).toBe('');
	});

	it('prints one working token and nothing else on stdout', async () => {
		const res = run('--email', 'DORF2@example.org', '--tenant', 'koerbecke', '--role', 'editor', '--days', '1', '--name', 'Website Heimatverein');
		expect(res.status, res.stderr).toBe(0);
		expect(res.stdout).toMatch(/^alm_[\w-]{43}\n$/);
		expect(res.stderr).toContain('API token "Website Heimatverein" for dorf2@example.org at Körbecke as editor');
		const { db } = open();
		try {
			const actor = await authenticateApiToken(db, res.stdout.trim());
			expect(actor?.memberships).toEqual([{ tenantId: actor!.token!.tenantId, role: 'editor' }]);
			const row = await db.selectFrom('apiTokens').select(['name', 'expiresAt', 'createdAt']).where('id', '=', actor!.token!.id).executeTakeFirstOrThrow();
			expect(row.name).toBe('Website Heimatverein');
			expect(row.expiresAt - row.createdAt).toBe(86_400_000);
			const entry = await db.selectFrom('auditLog').select('data').where('targetId', '=', actor!.token!.id).executeTakeFirstOrThrow();
			expect(JSON.parse(entry.data)).toMatchObject({ via: 'cli', role: 'editor', days: 1 });
		} finally {
			await db.destroy();
		}
	});
});
