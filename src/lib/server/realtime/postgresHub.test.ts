// The PostgreSQL LISTEN/NOTIFY hub: two hubs on one database stand for two app instances.
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPgDatabase } from '../../../../tests/helpers/testDb.ts';
import { loadConfig } from '../config.ts';
import { createHub } from './createHub.ts';
import { HubPayloadError, MAX_EVENT_BYTES } from './hub.ts';
import { createPostgresHub, type PostgresHub } from './postgresHub.ts';

const base = process.env.TEST_DATABASE_URL;
// Without a database every test is skipped with this note, which `npm test` prints under "Not run:".
const skipNote = 'TEST_DATABASE_URL is not set; set it to postgres://… to run them';

const until = async (check: () => boolean, ms = 5000) => {
	const deadline = Date.now() + ms;
	while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
	return check();
};
const settle = () => new Promise((r) => setTimeout(r, 150));

describe('PostgreSQL realtime hub', () => {
	let url = '';
	let drop = async () => {};
	const hubs: PostgresHub[] = [];
	const hub = async (channel = 'allmende_realtime') => {
		const h = await createPostgresHub({ url, channel, backoff: { minMs: 20, maxMs: 200 } });
		hubs.push(h);
		return h;
	};
	beforeAll(async () => {
		if (base) ({ url, drop } = await createPgDatabase(base));
	});
	beforeEach((ctx) => {
		if (!base) ctx.skip(skipNote);
	});
	afterAll(async () => {
		await Promise.all(hubs.map((h) => h.close()));
		await drop();
	});

	it('an event published on one instance reaches the subscribers of the other, and each instance delivers it exactly once', async () => {
		const a = await hub();
		const b = await hub();
		const gotA: unknown[] = [];
		const gotB: unknown[] = [];
		a.subscribe('v1:chat:room:roomId=1', (e) => gotA.push(e));
		b.subscribe('v1:chat:room:roomId=1', (e) => gotB.push(e));
		b.subscribe('v1:chat:room:roomId=2', () => gotB.push('wrong topic'));
		await a.publish('v1:chat:room:roomId=1', { text: 'Moin aus Instanz A', n: 1 });
		await b.publish('v1:chat:room:roomId=1', { text: 'Moin aus Instanz B', n: 2 });
		expect(await until(() => gotA.length >= 2 && gotB.length >= 2)).toBe(true);
		await settle();
		expect(gotA).toEqual([
			{ text: 'Moin aus Instanz A', n: 1 },
			{ text: 'Moin aus Instanz B', n: 2 }
		]);
		expect(gotB).toEqual([
			{ text: 'Moin aus Instanz A', n: 1 },
			{ text: 'Moin aus Instanz B', n: 2 }
		]);
	});

	it('refuses an event over the NOTIFY limit with a clear error and delivers nothing', async () => {
		const a = await hub();
		const got: unknown[] = [];
		a.subscribe('big', (e) => got.push(e));
		await expect(a.publish('big', { text: 'x'.repeat(MAX_EVENT_BYTES) })).rejects.toThrow(HubPayloadError);
		await settle();
		expect(got).toEqual([]);
	});

	it('instances on different channels (installations sharing a database server) do not see each other', async () => {
		const a = await hub('allmende_realtime');
		const other = await hub('another_install');
		const got: unknown[] = [];
		other.subscribe('t', (e) => got.push(e));
		await a.publish('t', { n: 1 });
		await settle();
		expect(got).toEqual([]);
	});

	it('ignores foreign notifications on the channel and reconnects with back-off after the LISTEN connection drops', async () => {
		const a = await hub();
		const b = await hub();
		const got: unknown[] = [];
		b.subscribe('t', (e) => got.push(e));
		const admin = new pg.Client({ connectionString: url });
		await admin.connect();
		try {
			await admin.query(`SELECT pg_notify('allmende_realtime', 'not an envelope')`);
			const killed = await admin.query(`SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE application_name = $1`, [`allmende-realtime-${b.instanceId}`]);
			expect(killed.rows).toEqual([{ ok: true }]);
		} finally {
			await admin.end();
		}
		expect(await until(() => !b.isListening())).toBe(true);
		expect(await until(() => b.isListening())).toBe(true);
		await a.publish('t', { after: 'reconnect' });
		expect(await until(() => got.length > 0)).toBe(true);
		expect(got).toEqual([{ after: 'reconnect' }]);
	});

	it('createHub picks LISTEN/NOTIFY for a PostgreSQL database and the in-process hub for SQLite', async () => {
		const pgHub = await createHub(loadConfig({ DATABASE_URL: url }));
		expect(pgHub.kind).toBe('postgres');
		await pgHub.close();
		const local = await createHub(loadConfig({ DATABASE_URL: 'sqlite::memory:' }));
		expect(local.kind).toBe('local');
		await local.close();
	});
});
