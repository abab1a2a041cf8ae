// The WebSocket endpoint on the HTTP port, against the real server process: origin check, session, message
// validation — and that no single request, frame or connection can stop the server.
import { connect as netConnect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Client } from '../helpers/http.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
let wsUrl = '';
// a second server with small limits and short timers, to reach them in a test
let strict: TestServer;
let strictWsUrl = '';
beforeAll(async () => {
	[server, strict] = await Promise.all([
		startServer(),
		startServer({ WS_MAX_CONNECTIONS_PER_IP: '3', WS_MESSAGES_PER_SECOND: '5', WS_MESSAGE_BURST: '10', WS_HEARTBEAT_MS: '300', WS_SESSION_CHECK_MS: '200' })
	]);
	wsUrl = server.url.replace('http', 'ws') + '/ws';
	strictWsUrl = strict.url.replace('http', 'ws') + '/ws';
});
afterAll(() => Promise.all([server?.stop(), strict?.stop()]));

/** Opens a socket and collects messages; resolves once open or rejects with the HTTP status. */
function connect(url: string, headers: Record<string, string> = {}, options: WebSocket.ClientOptions = {}) {
	const messages: unknown[] = [];
	const ws = new WebSocket(url, { headers, ...options });
	ws.on('message', (d) => messages.push(JSON.parse(d.toString())));
	const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
	const opened = new Promise<void>((resolve, reject) => {
		ws.once('open', () => resolve());
		ws.once('unexpected-response', (_req, res) => reject(new Error(`status ${res.statusCode}`)));
		ws.once('error', reject);
	});
	const next = async (n: number) => {
		const deadline = Date.now() + 3000;
		while (messages.length < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
		return messages[n - 1];
	};
	return { ws, opened, closed, next, messages };
}

/** The server is still up and answering HTTP. */
async function expectAlive(s: TestServer = server) {
	const res = await fetch(`${s.url}/healthz`);
	expect(res.status, s.output()).toBe(200);
}

describe('WebSocket /ws', () => {
	it('refuses other origins and unknown paths', async () => {
		await expect(connect(wsUrl, { origin: 'https://evil.example' }).opened).rejects.toThrow('status 403');
		await expect(connect(wsUrl.replace('/ws', '/other')).opened).rejects.toThrow('status 404');
	});

	it('greets anonymous and signed-in clients differently', async () => {
		const anon = connect(wsUrl, { origin: server.url });
		await anon.opened;
		expect(await anon.next(1)).toEqual({ type: 'welcome', authenticated: false });
		anon.ws.close();

		const http = new Client(server.url);
		await http.login('buerger@example.org');
		const res = await http.get('/account');
		expect(res.status).toBe(200);
		const cookie = http.cookieHeader();
		const user = connect(wsUrl, { origin: server.url, cookie });
		await user.opened;
		expect(await user.next(1)).toEqual({ type: 'welcome', authenticated: true });
		user.ws.close();
	});

	it('answers invalid messages with an error and valid ones as specified', async () => {
		const c = connect(wsUrl, { origin: server.url });
		await c.opened;
		await c.next(1);
		c.ws.send('not json');
		expect(await c.next(2)).toEqual({ type: 'error', code: 'invalid_json', message: expect.any(String) });
		c.ws.send(JSON.stringify({ type: 'subscribe', channel: 'village:other' }));
		expect(await c.next(3)).toMatchObject({ type: 'error', code: 'invalid_message' });
		c.ws.send(JSON.stringify({ type: 'ping', id: 'p1' }));
		expect(await c.next(4)).toEqual({ type: 'pong', id: 'p1' });
		c.ws.close();
	});
});

describe('one request must not stop the server', () => {
	it('malformed % escape in the session cookie: treated as no session, server keeps running', async () => {
		const c = connect(wsUrl, { origin: server.url, cookie: 'allmende_session=%E0%A4%A' });
		await c.opened;
		expect(await c.next(1)).toEqual({ type: 'welcome', authenticated: false });
		c.ws.close();
		await expectAlive();
	});

	it('frame over the size limit (maxPayload): closes that socket with 1009, server keeps running', async () => {
		const c = connect(wsUrl, { origin: server.url });
		await c.opened;
		c.ws.send(Buffer.alloc(200 * 1024, 0x61), { binary: false });
		expect((await c.closed).code).toBe(1009);
		await expectAlive();
	});

	it('text frame with invalid UTF-8: closes that socket with 1007, server keeps running', async () => {
		const c = connect(wsUrl, { origin: server.url });
		await c.opened;
		c.ws.send(Buffer.from([0x7b, 0xff, 0xfe, 0xfd, 0x7d]), { binary: false });
		expect((await c.closed).code).toBe(1007);
		await expectAlive();
	});

	it('upgrade socket reset while the session is checked: server keeps running', async () => {
		const http = new Client(server.url);
		await http.login('buerger@example.org');
		const port = Number(new URL(server.url).port);
		// Many at once, each reset after a different short delay: some resets land while the upgrade waits for the
		// session lookup, before the WebSocket library has taken the socket over.
		const attempts = Array.from({ length: 200 }, (_, i) =>
			new Promise<void>((resolve) => {
				const s = netConnect(port, '127.0.0.1', () => {
					s.write(
						`GET /ws HTTP/1.1\r\nHost: localhost:${port}\r\nOrigin: ${server.url}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
							`Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ${Buffer.alloc(16, i).toString('base64')}\r\nCookie: ${http.cookieHeader()}\r\n\r\n`
					);
					setTimeout(() => {
						s.resetAndDestroy();
						resolve();
					}, i % 8);
				});
				s.on('error', () => resolve());
			})
		);
		await Promise.all(attempts);
		await new Promise((r) => setTimeout(r, 200));
		await expectAlive();
	});
});

describe('limits per client and per socket', () => {
	it('more connections from one address than WS_MAX_CONNECTIONS_PER_IP are refused with 429; closing one frees a slot', async () => {
		const first = [1, 2, 3].map(() => connect(strictWsUrl, { origin: strict.url }));
		await Promise.all(first.map((c) => c.opened));
		await expect(connect(strictWsUrl, { origin: strict.url }).opened).rejects.toThrow('status 429');
		first[0]!.ws.close();
		await first[0]!.closed;
		await new Promise((r) => setTimeout(r, 50));
		const again = connect(strictWsUrl, { origin: strict.url });
		await again.opened;
		for (const c of [...first, again]) c.ws.close();
		await Promise.all([...first, again].map((c) => c.closed));
		await expectAlive(strict);
	});

	it('a socket sending faster than WS_MESSAGES_PER_SECOND (after the burst) gets rate_limited and 1008', async () => {
		const c = connect(strictWsUrl, { origin: strict.url });
		await c.opened;
		for (let i = 0; i < 30; i++) c.ws.send(JSON.stringify({ type: 'ping', id: `p${i}` }));
		const { code } = await c.closed;
		expect(code).toBe(1008);
		const pongs = c.messages.filter((m) => (m as { type: string }).type === 'pong').length;
		expect(pongs).toBeGreaterThanOrEqual(10); // the burst (plus what refilled while sending)
		expect(pongs).toBeLessThan(13);
		expect(c.messages.at(-1)).toMatchObject({ type: 'error', code: 'rate_limited' });
		await expectAlive(strict);
	});

	it('a client that does not answer pings is ended after a heartbeat interval', async () => {
		const c = connect(strictWsUrl, { origin: strict.url }, { autoPong: false });
		await c.opened;
		const started = Date.now();
		const { code } = await c.closed;
		expect(code).toBe(1006); // terminated: no close frame
		expect(Date.now() - started).toBeLessThan(2000);
		// one that answers stays
		const alive = connect(strictWsUrl, { origin: strict.url });
		await alive.opened;
		await new Promise((r) => setTimeout(r, 1000));
		expect(alive.ws.readyState).toBe(WebSocket.OPEN);
		alive.ws.close();
		await alive.closed;
	});
});

describe('a logout ends realtime access', () => {
	it('a logout ends the socket at once (4001), long before the periodic session check', async () => {
		const http = new Client(server.url);
		await http.login('buerger@example.org');
		const c = connect(wsUrl, { origin: server.url, cookie: http.cookieHeader() });
		await c.opened;
		expect(await c.next(1)).toEqual({ type: 'welcome', authenticated: true });
		// while signed in, the subscribe reaches the channel resolver (no module here has channels: not_found)
		c.ws.send(JSON.stringify({ type: 'subscribe', id: 's1', channel: 'chat:room', village: 'ostoenne', params: { roomId: 'r1' } }));
		expect(await c.next(2)).toMatchObject({ type: 'error', id: 's1', code: 'not_found' });
		const loggedOut = Date.now();
		expect((await http.post('/logout', {})).status).toBe(303);
		// the logout tells the hub; this server checks sessions on its own only every 60 s (WS_SESSION_CHECK_MS)
		expect((await c.closed).code).toBe(4001);
		expect(Date.now() - loggedOut).toBeLessThan(20_000);
		await expectAlive();
	});

	it('an open socket whose session was deleted is closed by the periodic check (WS_SESSION_CHECK_MS)', async () => {
		const http = new Client(strict.url);
		await http.login('buerger@example.org');
		const c = connect(strictWsUrl, { origin: strict.url, cookie: http.cookieHeader() });
		await c.opened;
		expect(await c.next(1)).toEqual({ type: 'welcome', authenticated: true });
		await http.post('/logout', {});
		expect((await c.closed).code).toBe(4001);
	});
});
