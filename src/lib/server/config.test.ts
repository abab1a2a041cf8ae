import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

describe('loadConfig', () => {
	it('rejects bad values with the variable name', () => {
		expect(() => loadConfig({ PORT: 'abc' })).toThrow(/PORT/);
		expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
		expect(() => loadConfig({ ORIGIN: 'not a url' })).toThrow(/ORIGIN/);
		expect(() => loadConfig({ FETCH_ALLOW: 'http://127.0.0.1:8099/kalender' })).toThrow(/FETCH_ALLOW/);
		expect(() => loadConfig({ FETCH_ALLOW: 'localhost:8099' })).toThrow(/FETCH_ALLOW/);
	});

	it('works with no environment at all: SQLite, port 3000, demo, dev mailbox', () => {
		const c = loadConfig({});
		expect(c.fetchAllow).toEqual([]);
		expect(loadConfig({ FETCH_ALLOW: 'http://127.0.0.1:8099' }).fetchAllow).toEqual(['http://127.0.0.1:8099']);
		expect(c.port).toBe(3000);
		expect(c.origin).toBe('http://localhost:3000');
		expect(c.database).toEqual({ kind: 'sqlite', file: './data/allmende.db' });
		expect(c.demo).toBe(true);
		expect(c.devMailbox).toBe(true);
		expect(c.secureCookies).toBe(false);
	});

	it('seeds the demo on PostgreSQL only when asked', () => {
		expect(loadConfig({ DATABASE_URL: 'postgres://u@h/db' }).demo).toBe(false);
		expect(loadConfig({ DATABASE_URL: 'postgres://u@h/db', DEMO: '1' }).demo).toBe(true);
		expect(loadConfig({ DEMO: '0' }).demo).toBe(false);
	});

	it('uses secure cookies behind https and hides the mailbox in production', () => {
		const c = loadConfig({ ORIGIN: 'https://allmende.kreis-soest.de', NODE_ENV: 'production' });
		expect(c.secureCookies).toBe(true);
		expect(c.devMailbox).toBe(false);
	});
});

describe('dev mailbox: not public (security review finding 2)', () => {
	// (environment, mailbox on?) — unhappy paths first: every public or real-mail setting keeps it off.
	const rows: [string, Record<string, string>, boolean][] = [
		['https origin, no SMTP, not production (the finding)', { ORIGIN: 'https://allmende.kreis-soest.de' }, false],
		['http origin on a public name', { ORIGIN: 'http://allmende.kreis-soest.de:3000' }, false],
		['an IP address that is not loopback', { ORIGIN: 'http://192.168.1.20:3000' }, false],
		['DEV_MAILBOX=1 on a public origin', { ORIGIN: 'https://allmende.kreis-soest.de', DEV_MAILBOX: '1' }, false],
		['DEV_MAILBOX=1 on a look-alike host', { ORIGIN: 'https://localhost.evil.example', DEV_MAILBOX: '1' }, false],
		['DEV_MAILBOX=1 with SMTP', { DEV_MAILBOX: '1', SMTP_URL: 'smtp://mail.example:587' }, false],
		['DEV_MAILBOX=1 in production', { DEV_MAILBOX: '1', NODE_ENV: 'production' }, false],
		['DEV_MAILBOX=0 for the local demo', { DEV_MAILBOX: '0' }, false],
		['no demo (PostgreSQL) on localhost, not asked', { DATABASE_URL: 'postgres://u@h/db' }, false],
		['no demo (DEMO=0) on localhost, not asked', { DEMO: '0' }, false],
		['the demo on localhost (default)', {}, true],
		['the demo on 127.0.0.1', { ORIGIN: 'http://127.0.0.1:3000' }, true],
		['the demo on [::1]', { ORIGIN: 'http://[::1]:3000' }, true],
		['the demo as the test server starts it', { ORIGIN: 'http://localhost:41234', DEMO: '1', NODE_ENV: 'test' }, true],
		['DEV_MAILBOX=1 on localhost without the demo', { DEMO: '0', DEV_MAILBOX: '1' }, true],
		['DEV_MAILBOX=1 on localhost with PostgreSQL', { DATABASE_URL: 'postgres://u@h/db', DEV_MAILBOX: '1' }, true]
	];
	it.each(rows)('%s → %s', (_, env, expected) => {
		expect(loadConfig(env).devMailbox).toBe(expected);
	});

	it('refuses DEV_MAILBOX=1 on a public origin with a clear start-up warning', () => {
		const c = loadConfig({ ORIGIN: 'https://allmende.kreis-soest.de', DEV_MAILBOX: '1' });
		expect(c.warnings).toEqual([expect.stringMatching(/^DEV_MAILBOX=1 is ignored: ORIGIN https:\/\/allmende\.kreis-soest\.de is not a local address/)]);
		expect(loadConfig({ DEV_MAILBOX: '1', SMTP_URL: 'smtp://mail.example:587' }).warnings[0]).toMatch(/SMTP_URL/);
		expect(loadConfig({}).warnings).toEqual([]);
		// not asked for: nothing to warn about
		expect(loadConfig({ ORIGIN: 'https://allmende.kreis-soest.de' }).warnings).toEqual([]);
	});

	it('rejects other values of DEV_MAILBOX, naming the variable', () => {
		expect(() => loadConfig({ DEV_MAILBOX: 'yes' })).toThrow(/DEV_MAILBOX/);
	});
});
