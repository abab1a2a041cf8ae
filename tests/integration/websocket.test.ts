// The WebSocket endpoint on the HTTP port: origin check, session, message validation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Client } from '../helpers/http.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
let wsUrl = '';
beforeAll(async () => {
	server = await startServer();
	wsUrl = server.url.replace('http', 'ws') + '/ws';
});
afterAll(() => server?.stop());

/** Opens a socket and collects messages; resolves once open or rejects with the HTTP status. */
function connect(url: string, headers: Record<string, string> = {}) {
	const messages: unknown[] = [];
	const ws = new WebSocket(url, { headers });
	ws.on('message', (d) => messages.push(JSON.parse(d.toString())));
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
	return { ws, opened, next };
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
		expect(await c.next(2)).toEqual({ type: 'error', code: 'invalid_json' });
		c.ws.send(JSON.stringify({ type: 'subscribe', channel: 'village:other' }));
		expect(await c.next(3)).toMatchObject({ type: 'error', code: 'invalid_message' });
		c.ws.send(JSON.stringify({ type: 'ping', id: 'p1' }));
		expect(await c.next(4)).toEqual({ type: 'pong', id: 'p1' });
		c.ws.close();
	});
});
