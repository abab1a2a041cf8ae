// The CLI as an operator uses it: create the first county admin on an empty database, then log in with the link.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createPgDatabase, createTestDb, type TestDb } from '../tests/helpers/testDb.ts';
import { openDb } from '../src/lib/server/db/index.ts';
import { checkCredentials, resetPassword } from '../src/lib/server/auth/accounts.ts';
import { authenticateApiToken } from '../src/lib/server/auth/apiTokens.ts';
import { seedDemo } from '../src/lib/server/seed/demo.ts';
import { createTokenCommand } from './createToken.ts';

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
	spawnSync(process.execPath, ['build/allmende/cli.js', ...args], { env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' }, encoding: 'utf8' });

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
	// The refusals in-process (fast), then the real command line once each way: exit code, stdout, stderr.
	let t: TestDb;
	beforeAll(async () => {
		t = await createTestDb();
		await seedDemo(t.db);
	});
	afterAll(() => t.cleanup());

	async function inProcess(...args: string[]) {
		const out: string[] = [];
		const err: string[] = [];
		const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
		const error = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
		try {
			const status = await createTokenCommand(t.db, args);
			return { status, stdout: out.join('\n'), stderr: err.join('\n') };
		} finally {
			log.mockRestore();
			error.mockRestore();
		}
	}

	it('refuses missing options, an unknown e-mail, tenant or role, with exit code 1 and no token', async () => {
		const cases: [string[], string][] = [
			[['--email', 'dorf2@example.org'], 'needs --email <address>, --tenant <slug> and --role <role>'],
			[['--email', 'niemand@example.org', '--tenant', 'koerbecke', '--role', 'editor'], 'No account has the e-mail address niemand@example.org'],
			[['--email', 'dorf2@example.org', '--tenant', 'nirgendwo', '--role', 'editor'], 'No county, municipality or village has the slug "nirgendwo"'],
			[['--email', 'dorf2@example.org', '--tenant', 'koerbecke', '--role', 'owner'], '--role must be one of admin, editor, moderator, member'],
			[['--email', 'dorf2@example.org', '--tenant', 'koerbecke', '--role', 'editor', '--days', '0'], '--days must be a whole number from 1 to 365'],
			[['--email', 'dorf2@example.org', '--tenant', 'koerbecke', '--role', 'editor', '--days', '366'], '--days must be a whole number from 1 to 365'],
			[['--email', 'dorf2@example.org', '--tenant', 'koerbecke', '--role', 'editor', '--bogus'], 'create-token: Unknown option']
		];
		for (const [args, message] of cases) {
			const res = await inProcess(...args);
			expect(res.status, args.join(' ')).toBe(1);
			expect(res.stderr).toContain(message);
			expect(res.stdout).toBe('');
		}
		expect(await t.db.selectFrom('apiTokens').select('id').execute()).toEqual([]);
	});

	it('grants no role the person does not hold there, and explains why', async () => {
		const above = await inProcess('--email', 'redaktion@example.org', '--tenant', 'altengeseke', '--role', 'admin');
		expect(above.status).toBe(1);
		expect(above.stderr).toContain('redaktion@example.org is editor at Altengeseke; a token can have at most that role, not admin.');
		const elsewhere = await inProcess('--email', 'dorf1@example.org', '--tenant', 'koerbecke', '--role', 'member');
		expect(elsewhere.status).toBe(1);
		expect(elsewhere.stderr).toContain('dorf1@example.org holds no role at Körbecke (koerbecke)');
		expect(elsewhere.stdout).toBe('');
		expect(await t.db.selectFrom('apiTokens').select('id').execute()).toEqual([]);
	});

	it('prints one working token and nothing else on stdout', async () => {
		const res = await inProcess('--email', 'DORF2@example.org', '--tenant', 'koerbecke', '--role', 'editor', '--days', '1', '--name', 'Website Heimatverein');
		expect(res.status, res.stderr).toBe(0);
		expect(res.stdout).toMatch(/^alm_[\w-]{43}$/);
		expect(res.stderr).toContain('API token "Website Heimatverein" for dorf2@example.org at Körbecke as editor');
		const actor = await authenticateApiToken(t.db, res.stdout);
		expect(actor?.memberships).toEqual([{ tenantId: actor!.token!.tenantId, role: 'editor' }]);
		const row = await t.db.selectFrom('apiTokens').select(['name', 'expiresAt', 'createdAt']).where('id', '=', actor!.token!.id).executeTakeFirstOrThrow();
		expect(row.name).toBe('Website Heimatverein');
		expect(row.expiresAt - row.createdAt).toBe(86_400_000);
		const entry = await t.db.selectFrom('auditLog').select('data').where('targetId', '=', actor!.token!.id).executeTakeFirstOrThrow();
		expect(JSON.parse(entry.data)).toMatchObject({ via: 'cli', role: 'editor', days: 1 });
	});

	it('works from the command line: the token alone on stdout, exit code 1 with a reason on stderr', { timeout: 90_000 }, () => {
		// the database of the tests above (the county of create-admin): its admin may create a county token
		const ok = cli('create-token', '--email', 'landrat@example.org', '--tenant', 'kreis-beispiel', '--role', 'admin', '--name', 'Import');
		expect(ok.status, ok.stderr).toBe(0);
		expect(ok.stdout).toMatch(/^alm_[\w-]{43}\n$/);
		const refused = cli('create-token', '--email', 'landrat@example.org', '--tenant', 'nirgendwo', '--role', 'admin');
		expect(refused.status).toBe(1);
		expect(refused.stderr).toContain('No county, municipality or village has the slug "nirgendwo"');
		expect(refused.stdout).toBe('');
	});
});
