import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { z } from 'zod';
import { SESSION_COOKIE, validateSession } from '../auth/sessions.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/index.ts';
import { log } from '../log.ts';
import { isSameOrigin } from '../http/origin.ts';

// Messages a client may send; later modules add their own (subscribe to a chat room, …).
const clientMessageSchema = z.discriminatedUnion('type', [z.object({ type: z.literal('ping'), id: z.string().max(64).optional() })]);

function cookieValue(header: string | undefined, name: string): string | undefined {
	for (const part of (header ?? '').split(';')) {
		const [k, ...v] = part.trim().split('=');
		if (k === name) return decodeURIComponent(v.join('='));
	}
	return undefined;
}

function reject(socket: Duplex, status: number, text: string) {
	socket.write(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
	socket.destroy();
}

/**
 * WebSocket endpoint at /ws on the HTTP server's port. Connections from other origins are refused;
 * the session cookie, when present and valid, tells who is connected. Every message is validated.
 */
export function attachWebSocket(server: Server, deps: { db: Db; config: Config; /** false under `vite dev`, whose HMR socket shares the port */ rejectOtherPaths?: boolean }) {
	const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });

	server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
		const path = (req.url ?? '').split('?')[0];
		if (path !== '/ws') return deps.rejectOtherPaths === false ? undefined : reject(socket, 404, 'Not Found');
		if (req.headers.origin && !isSameOrigin(req.headers.origin, req.headers.host)) return reject(socket, 403, 'Forbidden');
		const token = cookieValue(req.headers.cookie, SESSION_COOKIE);
		const session = token ? validateSession(deps.db, token, deps.config.session, req.headers.host ?? '') : Promise.resolve(null);
		session.then(
			(s) => wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws, s?.user.id ?? null)),
			(e: unknown) => {
				log.error({ err: String(e) }, 'websocket auth failed');
				reject(socket, 503, 'Service Unavailable');
			}
		);
	});

	function onConnection(ws: WebSocket, userId: string | null) {
		ws.send(JSON.stringify({ type: 'welcome', authenticated: userId !== null }));
		ws.on('message', (raw) => {
			let data: unknown;
			try {
				data = JSON.parse(raw.toString());
			} catch {
				return ws.send(JSON.stringify({ type: 'error', code: 'invalid_json' }));
			}
			const msg = clientMessageSchema.safeParse(data);
			if (!msg.success) return ws.send(JSON.stringify({ type: 'error', code: 'invalid_message', issues: msg.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) }));
			if (msg.data.type === 'ping') ws.send(JSON.stringify({ type: 'pong', id: msg.data.id }));
		});
	}
	return wss;
}
