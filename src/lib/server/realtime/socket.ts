import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { requestHost, SESSION_COOKIE, validateSession } from '../auth/sessions.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/index.ts';
import { isSameOrigin } from '../http/origin.ts';
import { log } from '../log.ts';
import { ACCESS_TOPIC, accessChangeSchema } from './access.ts';
import { createConnection, type Connection } from './connection.ts';
import type { RealtimeHub } from './hub.ts';
import { clientAddress, connectionCounter } from './limits.ts';
import { CLOSE, type ActionErrorCode, type ServerMessage, type SubscriptionParams } from './protocol.ts';

export type { SubscriptionParams } from './protocol.ts';

/** Who asks for a subscription; fixed for the life of a connection. */
export interface SubscriberInfo {
	/** null for anonymous connections */
	userId: string | null;
	sessionId: string | null;
	/** client address (ADDRESS_HEADER/XFF_DEPTH as for HTTP) */
	ip: string;
	locale: 'de' | 'en';
	/** the Host header the socket connected to (villages may have their own host name) */
	host: string;
}

/** What the client asked for: `channel` is `<module>:<channel>`, `village` a slug, `params` flat and short. */
export interface SubscriptionRequest {
	village: string;
	channel: string;
	params: SubscriptionParams;
}

/** How a resumable channel sends what a reconnecting client missed (see docs/REALTIME.md, "Resume"). */
export interface ChannelReplay {
	/** the events after `after`, oldest first, at most `limit`; `more` when there were more */
	replay: (after: number, limit: number) => Promise<{ events: unknown[]; more?: boolean }>;
	/** an event's place on the topic (grows with each event), or null for events without one */
	position: (event: unknown) => number | null;
}

export type SubscriptionResult =
	| ({ ok: true; topic: string } & Partial<ChannelReplay>)
	| { ok: false; code: 'not_found' | 'forbidden' | 'invalid'; message?: string };

/** A module action a client sends over /ws: `module`'s action `action` in the village `village`. */
export interface ActionRequest {
	village: string;
	module: string;
	action: string;
	input: Record<string, unknown>;
}

/** What an action answered: the result once committed, or the refusal the JSON API would give (status, message). */
export type ActionAnswer =
	| { ok: true; result: unknown }
	| { ok: false; status: number; code: ActionErrorCode; message: string; issues?: { path: string; message: string }[] };

/** Runs a module action for the connection's user (the same path as the JSON API); resolves after the commit. */
export type RunAction = (subscriber: SubscriberInfo, request: ActionRequest) => Promise<ActionAnswer>;

/**
 * Decides a subscription (village, module switched on, permission, params schema, the module's authorize)
 * and names the hub topic its events come from. Called on subscribe and again when access may have changed.
 */
export type ResolveSubscription = (subscriber: SubscriberInfo, request: SubscriptionRequest) => Promise<SubscriptionResult>;

export interface WebSocketDeps {
	db: Db;
	config: Config;
	hub: RealtimeHub;
	/** absent: every subscription answers not_found */
	resolveSubscription?: ResolveSubscription;
	/** absent: every action answers not_found */
	runAction?: RunAction;
	/** actions one connection may have running at once (default 8) */
	maxActionsInFlight?: number;
	/** false under `vite dev`, whose HMR socket shares the port */
	rejectOtherPaths?: boolean;
}

export interface RealtimeEndpoint {
	wss: WebSocketServer;
	connectionCount: () => number;
	/** closes every socket (1001) and stops the timers; the hub stays open */
	close: () => Promise<void>;
}

const noChannels: ResolveSubscription = async () => ({ ok: false, code: 'not_found' });
const noActions: RunAction = async () => ({ ok: false, status: 404, code: 'not_found', message: 'No such action here.' });

function readCookie(header: string | undefined, name: string): string | undefined {
	for (const part of (header ?? '').split(';')) {
		const [k, ...v] = part.trim().split('=');
		if (k !== name) continue;
		try {
			return decodeURIComponent(v.join('='));
		} catch {
			return undefined; // a malformed escape is no cookie, not an error
		}
	}
	return undefined;
}

function reject(socket: Duplex, status: number, text: string) {
	try {
		if (socket.writable) socket.write(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
	} finally {
		socket.destroy();
	}
}

const onSocketError = (e: Error) => log.debug({ err: e.message }, 'websocket connection error');

interface Open {
	conn: Connection;
	ws: WebSocket;
	/** answered the last ping */
	alive: boolean;
}

/**
 * WebSocket endpoint at /ws on the HTTP server's port. Connections from other origins are refused;
 * the session cookie, when present and valid, tells who is connected. Every message is validated; any failure
 * closes that one socket, never the process. Subscriptions go through `resolveSubscription`, actions through
 * `runAction`.
 */
export function attachWebSocket(server: Server, deps: WebSocketDeps): RealtimeEndpoint {
	const limits = deps.config.realtime;
	const resolve = deps.resolveSubscription ?? noChannels;
	const runAction = deps.runAction ?? noActions;
	const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxMessageBytes });
	wss.on('error', (e) => log.error({ err: e.message }, 'websocket server error'));
	const perIp = connectionCounter(limits.maxConnectionsPerIp);
	const open = new Set<Open>();
	let closing = false;
	let stopAccess: (() => void) | null = null;

	server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
		try {
			onUpgrade(req, socket, head);
		} catch (e) {
			log.error({ err: e instanceof Error ? e.stack : String(e) }, 'websocket upgrade failed');
			reject(socket, 500, 'Internal Server Error');
		}
	});

	function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer) {
		const path = (req.url ?? '').split('?')[0];
		if (path !== '/ws' && deps.rejectOtherPaths === false) return; // Vite's HMR socket
		// Node removes its own error handling from an upgraded socket: a reset while we look up the session
		// would otherwise be an uncaught error.
		socket.on('error', onSocketError);
		if (path !== '/ws') return reject(socket, 404, 'Not Found');
		if (closing) return reject(socket, 503, 'Service Unavailable');
		if (req.headers.origin && !isSameOrigin(req.headers.origin, req.headers.host)) return reject(socket, 403, 'Forbidden');
		const ip = clientAddress(req, limits);
		const release = perIp.acquire(ip);
		if (!release) return reject(socket, 429, 'Too Many Requests');
		socket.once('close', release);

		// The one place the session is looked up: on connect and again on every subscribe and action.
		const lookUpSession = (token: string) => validateSession(deps.db, token, deps.config.session, requestHost(req.headers.host));
		const token = readCookie(req.headers.cookie, SESSION_COOKIE);
		const session = token ? lookUpSession(token) : Promise.resolve(null);
		session
			.then(
				(s) => {
					if (socket.destroyed) return;
					if (closing) return reject(socket, 503, 'Service Unavailable');
					const userLocale = s?.user.locale;
					const info: SubscriberInfo = {
						userId: s?.user.id ?? null,
						sessionId: s?.sessionId ?? null,
						ip,
						locale: userLocale === 'de' || userLocale === 'en' ? userLocale : readCookie(req.headers.cookie, 'PARAGLIDE_LOCALE') === 'en' ? 'en' : 'de',
						host: req.headers.host ?? ''
					};
					const isSessionValid = async () => !!token && (await lookUpSession(token))?.sessionId === info.sessionId;
					wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws, info, isSessionValid));
				},
				(e: unknown) => {
					log.error({ err: String(e) }, 'websocket auth failed');
					reject(socket, 503, 'Service Unavailable');
				}
			)
			.catch((e: unknown) => {
				log.error({ err: e instanceof Error ? e.stack : String(e) }, 'websocket upgrade failed');
				socket.destroy();
			});
	}

	function onConnection(ws: WebSocket, info: SubscriberInfo, isSessionValid: () => Promise<boolean>) {
		// ws closes the socket itself on protocol errors (1007 invalid UTF-8, 1009 too big); we only must listen.
		ws.on('error', onSocketError);
		const conn = createConnection({
			ws,
			info,
			hub: deps.hub,
			resolve,
			runAction,
			isSessionValid,
			limits: { ...limits, maxActionsInFlight: deps.maxActionsInFlight ?? 8 }
		});
		const entry: Open = { conn, ws, alive: true };
		open.add(entry);
		updateAccessListener();
		ws.on('pong', () => (entry.alive = true));
		ws.on('message', (raw, isBinary) => {
			try {
				conn.onMessage(raw, isBinary);
			} catch (e) {
				log.error({ err: e instanceof Error ? e.stack : String(e) }, 'websocket message failed');
				conn.close(CLOSE.internalError, 'internal error');
			}
		});
		ws.on('close', () => {
			conn.dispose();
			open.delete(entry);
			updateAccessListener();
		});
		const welcome: ServerMessage = { type: 'welcome', authenticated: info.userId !== null };
		ws.send(JSON.stringify(welcome));
	}

	// Access changes (logout, membership, module switched off) arrive on one hub topic from any instance;
	// it is listened to while this instance has connections.
	function updateAccessListener() {
		if (open.size > 0 && !stopAccess) stopAccess = deps.hub.subscribe(ACCESS_TOPIC, onAccessChange);
		else if (open.size === 0 && stopAccess) {
			stopAccess();
			stopAccess = null;
		}
	}

	function onAccessChange(event: unknown) {
		const change = accessChangeSchema.safeParse(event);
		if (!change.success) return log.warn({ event }, 'malformed realtime access change');
		const { userId, sessionId, village } = change.data;
		for (const { conn } of open) {
			const { info } = conn;
			const hit = (userId && info.userId === userId) || (sessionId && info.sessionId === sessionId) || (village && conn.hasVillage(village));
			if (hit) conn.recheck().catch((e: unknown) => log.error({ err: String(e) }, 'realtime access recheck failed'));
		}
	}

	// Heartbeat: a socket that did not answer the previous ping is gone (phone asleep, network dropped).
	const heartbeat = setInterval(() => {
		for (const entry of open) {
			if (!entry.alive) {
				entry.conn.dispose();
				entry.ws.terminate();
				continue;
			}
			entry.alive = false;
			try {
				entry.ws.ping();
			} catch {
				entry.ws.terminate();
			}
		}
	}, limits.heartbeatMs);
	heartbeat.unref();

	// Sessions end elsewhere too (logout, expiry, another instance): check the open ones in one query.
	let sweeping = false;
	const sessionSweep = setInterval(() => {
		if (sweeping) return;
		sweeping = true;
		sweepSessions()
			.catch((e: unknown) => log.warn({ err: String(e) }, 'websocket session check failed'))
			.finally(() => (sweeping = false));
	}, limits.sessionCheckMs);
	sessionSweep.unref();

	async function sweepSessions() {
		const bySession = new Map<string, Connection[]>();
		for (const { conn } of open) {
			const id = conn.info.sessionId;
			if (id) bySession.set(id, [...(bySession.get(id) ?? []), conn]);
		}
		const ids = [...bySession.keys()];
		const now = Date.now();
		for (let i = 0; i < ids.length; i += 500) {
			const chunk = ids.slice(i, i + 500);
			const rows = await deps.db.selectFrom('sessions').select(['id', 'expiresAt', 'lastSeenAt']).where('id', 'in', chunk).execute();
			const valid = new Set(rows.filter((r) => r.expiresAt > now && r.lastSeenAt + deps.config.session.idleMs > now).map((r) => r.id));
			for (const id of chunk) if (!valid.has(id)) for (const conn of bySession.get(id) ?? []) conn.endSession();
		}
	}

	return {
		wss,
		connectionCount: () => open.size,
		close: async () => {
			closing = true;
			clearInterval(heartbeat);
			clearInterval(sessionSweep);
			const sockets = [...open].map(({ ws }) => new Promise<void>((r) => (ws.readyState === ws.CLOSED ? r() : ws.once('close', () => r()))));
			for (const { conn } of open) conn.close(CLOSE.goingAway, 'server shutting down');
			const timeout = new Promise<void>((r) => setTimeout(r, 1000).unref());
			await Promise.race([Promise.all(sockets), timeout]);
			for (const { ws } of open) ws.terminate();
			stopAccess?.();
			stopAccess = null;
			await new Promise<void>((r) => wss.close(() => r()));
		}
	};
}
