import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

describe('loadConfig', () => {
	it('rejects bad values with the variable name', () => {
		expect(() => loadConfig({ PORT: 'abc' })).toThrow(/PORT/);
		expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
		expect(() => loadConfig({ ORIGIN: 'not a url' })).toThrow(/ORIGIN/);
	});

	it('works with no environment at all: SQLite, port 3000, demo, dev mailbox', () => {
		const c = loadConfig({});
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
