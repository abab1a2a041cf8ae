// The push API against the real server with the demo county, unhappy paths first: which endpoints a subscription
// may name (never an arbitrary URL: SSRF), which keys and topics it may carry, bad bodies, and who may send or read
// a village's messages. Delivery itself: pushDelivery.test.ts.
import { createECDH, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/lib/server/db/index.ts';
import { Client } from '../helpers/http.ts';
import { openServerDb, startServer, type TestServer } from '../helpers/server.ts';
import { createToken } from '../helpers/tokens.ts';

let server: TestServer;
let db: Db;
let closeDb: () => Promise<void>;
const anonymous = () => new Client(server.url);
let editorA: Client; // editor in Altengeseke
let adminB: Client; // admin of Körbecke
let memberA: Client; // member in Altengeseke
let altengeseke = '';

beforeAll(async () => {
	server = await startServer();
	const opened = openServerDb(server.databaseUrl);
	db = opened.db;
	closeDb = () => opened.db.destroy();
	editorA = new Client(server.url);
	adminB = new Client(server.url);
	memberA = new Client(server.url);
	await editorA.login('redaktion@example.org');
	await adminB.login('dorf2@example.org');
	await memberA.login('buerger@example.org');
	altengeseke = (await db.selectFrom('tenants').select('id').where('slug', '=', 'altengeseke').executeTakeFirstOrThrow()).id;
}, 120_000);

afterAll(async () => {
	await closeDb?.();
	await server?.stop();
});

/** A browser's keys as a push subscription carries them: a P-256 public point and a 16-byte secret, base64url. */
function browserKeys() {
	const ecdh = createECDH('prime256v1');
	ecdh.generateKeys();
	return { p256dh: ecdh.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') };
}
const fcm = (id = randomBytes(8).toString('hex')) => `https://fcm.googleapis.com/fcm/send/${id}`;
const SUBS = '/api/v1/villages/altengeseke/push/subscriptions';
const MESSAGES = '/api/v1/villages/altengeseke/push/messages';

async function errorOf(res: Response) {
	return ((await res.json()) as { error: { message: string; fields?: Record<string, string> } }).error;
}
const subscriptionCount = async () => Number((await db.selectFrom('pushSubscriptions').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

describe('the VAPID public key', () => {
	it('is a P-256 point, the same on every call', async () => {
		const first = (await (await anonymous().api('GET', '/api/v1/push/vapid-public-key')).json()) as { publicKey: string };
		const raw = Buffer.from(first.publicKey, 'base64url');
		expect(raw).toHaveLength(65);
		expect(raw[0]).toBe(4);
		const second = (await (await anonymous().api('GET', '/api/v1/push/vapid-public-key')).json()) as { publicKey: string };
		expect(second.publicKey).toBe(first.publicKey);
		// the village app's configuration carries it too
		const app = (await (await anonymous().api('GET', '/api/v1/villages/altengeseke/app')).json()) as { push?: { vapidPublicKey?: string } };
		if (app.push) expect(app.push.vapidPublicKey).toBe(first.publicKey);
	});
});

describe('subscribing', () => {
	it('refuses endpoints that are not a known push service over https — never a request to an address of the caller’s choice', async () => {
		const before = await subscriptionCount();
		const endpoints = [
			'http://fcm.googleapis.com/fcm/send/x', // not https
			'https://evil.example/collect',
			'https://fcm.googleapis.com.evil.example/fcm/send/x',
			'https://127.0.0.1/push',
			'https://10.0.0.7/push',
			'https://[::1]/push',
			'https://169.254.169.254/latest/meta-data',
			'https://localhost/push',
			'https://fcm.googleapis.com:8443/fcm/send/x', // another port
			'https://user:secret@fcm.googleapis.com/fcm/send/x',
			'file:///etc/passwd',
			'javascript:alert(1)',
			'not a url',
			`https://fcm.googleapis.com/fcm/send/${'x'.repeat(3000)}`
		];
		for (const endpoint of endpoints) {
			const res = await anonymous().api('POST', SUBS, { endpoint, keys: browserKeys(), topics: ['alerts'] });
			expect(res.status, endpoint.slice(0, 60)).toBe(400);
			const error = await errorOf(res);
			expect(error.fields && Object.keys(error.fields)).toEqual(['endpoint']);
			expect(error.message).toMatch(/endpoint/);
		}
		expect(await subscriptionCount()).toBe(before);
	});

	it('names the push services it takes when it refuses one', async () => {
		const res = await anonymous().api('POST', SUBS, { endpoint: 'https://evil.example/x', keys: browserKeys(), topics: ['alerts'] });
		expect((await errorOf(res)).message).toContain('Chrome, Firefox, Safari, Edge');
	});

	it('refuses keys that are not a browser’s: a point off the curve, wrong lengths, not base64url', async () => {
		const good = browserKeys();
		const offCurve = Buffer.concat([Buffer.from([4]), randomBytes(64)]).toString('base64url');
		const cases: [Record<string, string>, string][] = [
			[{ ...good, p256dh: offCurve }, 'keys.p256dh'],
			[{ ...good, p256dh: good.p256dh.slice(0, 40) }, 'keys.p256dh'],
			[{ ...good, p256dh: `${good.p256dh.slice(0, -2)}+/` }, 'keys.p256dh'],
			[{ ...good, auth: randomBytes(15).toString('base64url') }, 'keys.auth'],
			[{ ...good, auth: randomBytes(17).toString('base64url') }, 'keys.auth'],
			[{ p256dh: good.p256dh }, 'keys.auth']
		];
		for (const [keys, field] of cases) {
			const res = await anonymous().api('POST', SUBS, { endpoint: fcm(), keys, topics: ['alerts'] });
			expect(res.status).toBe(400);
			expect(Object.keys((await errorOf(res)).fields ?? {})).toEqual([field]);
		}
	});

	it('refuses topics the village does not have, and no topics at all', async () => {
		for (const topics of [['nope'], ['__proto__'], ['constructor'], ['alerts', 'toString'], [], Array.from({ length: 51 }, () => 'alerts'), 'alerts']) {
			const res = await anonymous().api('POST', SUBS, { endpoint: fcm(), keys: browserKeys(), topics });
			expect(res.status, JSON.stringify(topics).slice(0, 40)).toBe(400);
			expect(Object.keys((await errorOf(res)).fields ?? {})).toEqual(['topics']);
		}
		// a module's topic exists only where the module is on: Körbecke has the links module, which has none
		const res = await anonymous().api('POST', '/api/v1/villages/koerbecke/push/subscriptions', { endpoint: fcm(), keys: browserKeys(), topics: ['links.anything'] });
		expect(res.status).toBe(400);
	});

	it('answers 400, not 500, to bodies that are not a subscription', async () => {
		for (const body of ['{', '[]', '"text"', 'null', JSON.stringify({ endpoint: 5, keys: 'x', topics: {} })]) {
			const res = await anonymous().api('POST', SUBS, body);
			expect(res.status, body).toBe(400);
		}
		const huge = await anonymous().api('POST', SUBS, { endpoint: fcm(), keys: browserKeys(), topics: ['alerts'], padding: 'x'.repeat(13 * 1024 * 1024) });
		expect([400, 413]).toContain(huge.status);
		// the server is still there
		expect((await anonymous().get('/healthz')).status).toBe(200);
	});

	it('answers 404 for an unknown village or one that is not a village', async () => {
		for (const slug of ['gibt-es-nicht', 'moehnesee', 'kreis-soest', '__proto__']) {
			expect((await anonymous().api('POST', `/api/v1/villages/${slug}/push/subscriptions`, { endpoint: fcm(), keys: browserKeys(), topics: ['alerts'] })).status, slug).toBe(404);
		}
	});

	it('subscribes anyone (201), changes the topics on a second post (200) and ends it with DELETE (204)', async () => {
		const endpoint = fcm();
		const keys = browserKeys();
		const created = await anonymous().api('POST', SUBS, { endpoint, keys, topics: ['alerts', 'news.important'] });
		expect(created.status).toBe(201);
		expect(await created.json()).toMatchObject({ topics: ['alerts', 'news.important'] });
		const changed = await anonymous().api('POST', SUBS, { endpoint, keys, topics: ['calendar.reminders'] });
		expect(changed.status).toBe(200);
		const sub = await db.selectFrom('pushSubscriptions').select(['id', 'userId']).where('endpoint', '=', endpoint).executeTakeFirstOrThrow();
		expect(sub.userId).toBeNull();
		expect((await db.selectFrom('pushSubscriptionTopics').select('topic').where('subscriptionId', '=', sub.id).execute()).map((r) => r.topic)).toEqual(['calendar.reminders']);
		// another village does not know this endpoint, and cannot end it
		expect((await anonymous().api('DELETE', '/api/v1/villages/koerbecke/push/subscriptions', { endpoint })).status).toBe(404);
		expect((await anonymous().api('DELETE', SUBS, { endpoint })).status).toBe(204);
		expect((await anonymous().api('DELETE', SUBS, { endpoint })).status).toBe(404);
		expect((await anonymous().api('DELETE', SUBS, 'kein json')).status).toBe(400);
	});

	it('keeps the signed-in person on the subscription, so that /account lists the device', async () => {
		const endpoint = fcm();
		expect((await memberA.api('POST', SUBS, { endpoint, keys: browserKeys(), topics: ['alerts'] }, { 'user-agent': 'Mozilla/5.0 (Linux; Android 14) Chrome/130.0 Mobile Safari/537.36' })).status).toBe(201);
		const row = await db.selectFrom('pushSubscriptions').innerJoin('users', 'users.id', 'pushSubscriptions.userId').select(['users.email', 'device']).where('endpoint', '=', endpoint).executeTakeFirstOrThrow();
		expect(row.email).toBe('buerger@example.org');
		expect(row.device).toContain('Android');
	});

	it('moves a subscription to its new endpoint (pushsubscriptionchange) with `replaces`', async () => {
		const old = fcm();
		await anonymous().api('POST', SUBS, { endpoint: old, keys: browserKeys(), topics: ['alerts'] });
		const fresh = fcm();
		expect((await anonymous().api('POST', SUBS, { endpoint: fresh, keys: browserKeys(), topics: ['alerts'], replaces: old })).status).toBe(201);
		expect(await db.selectFrom('pushSubscriptions').select('endpoint').where('endpoint', 'in', [old, fresh]).execute()).toEqual([{ endpoint: fresh }]);
	});
});

describe('sending', () => {
	const message = { topic: 'alerts', title: 'Wasserrohrbruch in der Kirchstraße', body: 'Bitte Wasser abkochen.', url: '/altengeseke/' };

	it('refuses anonymous callers (401), members (403) and another village’s admin (403)', async () => {
		expect((await anonymous().api('POST', MESSAGES, message)).status).toBe(401);
		expect((await memberA.api('POST', MESSAGES, message)).status).toBe(403);
		expect((await adminB.api('POST', MESSAGES, message)).status).toBe(403);
		expect((await adminB.api('GET', MESSAGES)).status).toBe(403);
		expect(await db.selectFrom('pushMessages').select('id').where('title', '=', message.title).execute()).toEqual([]);
	});

	it('names the field of bad input', async () => {
		const cases: [Record<string, unknown>, string][] = [
			[{ ...message, title: '' }, 'title'],
			[{ ...message, title: 'x'.repeat(121) }, 'title'],
			[{ ...message, topic: 'nope' }, 'topic'],
			[{ ...message, url: 'javascript:alert(1)' }, 'url'],
			[{ ...message, url: '//evil.example/' }, 'url'],
			[{ ...message, url: 'http://evil.example/' }, 'url'],
			[{ ...message, urgency: 'sofort' }, 'urgency'],
			[{ ...message, ttl: -1 }, 'ttl']
		];
		for (const [body, field] of cases) {
			const res = await editorA.api('POST', MESSAGES, body);
			expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
			expect(Object.keys((await errorOf(res)).fields ?? {})).toContain(field);
		}
	});

	it('accepts an editor’s message (202) with session or API token, and shows its progress to the village only', async () => {
		const res = await editorA.api('POST', MESSAGES, message);
		expect(res.status).toBe(202);
		const { id } = (await res.json()) as { id: string };
		const progress = await editorA.api('GET', `${MESSAGES}/${id}`);
		expect(progress.status).toBe(200);
		expect(await progress.json()).toMatchObject({ id, failed: 0 });
		expect((await adminB.api('GET', `/api/v1/villages/koerbecke/push/messages/${id}`)).status).toBe(404);
		expect((await editorA.api('GET', `${MESSAGES}/does-not-exist`)).status).toBe(404);
		const token = await createToken(editorA, altengeseke, 'editor');
		const byToken = await new Client(server.url, { authorization: `Bearer ${token}` }).api('POST', MESSAGES, { ...message, title: 'Per Token' });
		expect(byToken.status).toBe(202);
		const history = (await (await editorA.api('GET', MESSAGES)).json()) as { messages: { title: string }[] };
		expect(history.messages.map((m) => m.title).slice(0, 2)).toEqual(['Per Token', message.title]);
	});
});
