import { z } from 'zod';

// Every setting comes from the environment and is validated once at start. The defaults make `npm start`
// work with no environment at all: SQLite under ./data, port 3000, mails logged to the dev mailbox.
const envSchema = z.object({
	NODE_ENV: z.string().default('development'),
	PORT: z.coerce.number().int().min(0).max(65535).default(3000),
	HOST: z.string().default('0.0.0.0'),
	ORIGIN: z.url().optional(),
	DATABASE_URL: z.string().optional(),
	DATA_DIR: z.string().default('./data'),
	SMTP_URL: z.string().optional(),
	MAIL_FROM: z.string().default('Allmende <noreply@allmende.invalid>'),
	REDIS_URL: z.string().optional(),
	DEMO: z.enum(['0', '1']).optional(),
	DEV_MAILBOX: z.enum(['0', '1']).optional(),
	LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
	SESSION_IDLE_HOURS: z.coerce.number().positive().default(24 * 7),
	SESSION_ABSOLUTE_DAYS: z.coerce.number().positive().default(30),
	RATE_LIMIT_WRITES_PER_MINUTE: z.coerce.number().int().positive().default(120),
	RATE_LIMIT_LOGINS_PER_MINUTE: z.coerce.number().int().positive().default(5),
	RATE_LIMIT_LOGINS_PER_IP_PER_MINUTE: z.coerce.number().int().positive().default(20),
	RATE_LIMIT_TOKEN_PER_MINUTE: z.coerce.number().int().positive().default(600),
	RATE_LIMIT_BARRIER_REPORTS_PER_HOUR: z.coerce.number().int().positive().default(5),
	BODY_SIZE_LIMIT: z.string().default('12M'),
	// the render cache of anonymous pages (renderCache/): its memory in MiB, 0 switches it off
	RENDER_CACHE_MB: z.coerce.number().min(0).max(4096).default(32),
	// Realtime (/ws): limits per instance, see docs/REALTIME.md.
	WS_MAX_CONNECTIONS_PER_IP: z.coerce.number().int().positive().default(20),
	WS_MAX_SUBSCRIPTIONS: z.coerce.number().int().positive().max(1000).default(50),
	WS_MESSAGES_PER_SECOND: z.coerce.number().positive().default(20),
	WS_MESSAGE_BURST: z.coerce.number().int().positive().default(40),
	WS_MAX_MESSAGE_BYTES: z.coerce.number().int().min(1024).max(1_048_576).default(16_384),
	WS_HEARTBEAT_MS: z.coerce.number().int().min(50).default(30_000),
	WS_SESSION_CHECK_MS: z.coerce.number().int().min(50).default(60_000),
	REALTIME_CHANNEL: z
		.string()
		.regex(/^[a-z_][a-z0-9_]{0,62}$/, 'lower-case letters, digits and _ (a PostgreSQL channel name)')
		.default('allmende_realtime'),
	// adapter-node's settings for the client address behind a reverse proxy; /ws reads them the same way
	ADDRESS_HEADER: z.string().default(''),
	XFF_DEPTH: z.coerce.number().int().positive().default(1),
	// origins that fetches for modules may reach although they are local or private (http/externalFetch.ts)
	FETCH_ALLOW: originList('FETCH_ALLOW'),
	// origins that push messages may go to besides the browsers' push services (push/endpoint.ts)
	PUSH_ENDPOINT_ALLOW: originList('PUSH_ENDPOINT_ALLOW'),
	// the contact in every push message's VAPID token (RFC 8292): mailto:… or https://…; default from ORIGIN or MAIL_FROM
	PUSH_SUBJECT: z
		.string()
		.regex(/^(mailto:\S+@\S+|https:\/\/\S+)$/, 'mailto:someone@example.org or an https:// address')
		.optional(),
	// the projects map (/map): where its tiles come from and whom the map's attribution names (docs/OPERATIONS.md)
	MAP_TILE_URL: z
		.string()
		.trim()
		.default('https://tile.openstreetmap.org/{z}/{x}/{y}.png')
		.refine((v) => tileSource(v) !== null, 'an http(s) address with {z}, {x} and {y}, such as https://tile.openstreetmap.org/{z}/{x}/{y}.png'),
	MAP_ATTRIBUTION: z.string().trim().min(1).max(300).default('© OpenStreetMap-Mitwirkende'),
	MAP_ATTRIBUTION_URL: z.url({ protocol: /^https?$/ }).default('https://www.openstreetmap.org/copyright')
});

/**
 * The CSP source (scheme and host, "*." for a {s} subdomain) that the tiles of a tile URL template come from,
 * or null when the template is no http(s) address with {z}, {x} and {y}. Leaflet fills in {s} (subdomain),
 * {r} (retina) and the three coordinates; nothing else.
 */
export function tileSource(template: string): string | null {
	if (!['{z}', '{x}', '{y}'].every((p) => template.includes(p))) return null;
	const rest = template.replace(/\{[zxyr]\}/g, '0');
	if (/[{}\s]/.test(rest.replace(/^(https?:\/\/)\{s\}\./, '$1'))) return null;
	try {
		const url = new URL(rest.replace(/^(https?:\/\/)\{s\}\./, '$1a.'));
		if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password) return null;
		return rest.includes('{s}') ? `${url.protocol}//*.${url.host.slice(2)}` : url.origin;
	} catch {
		return null;
	}
}

/** A comma-separated list of origins, checked by parseOriginList. */
function originList(name: string) {
	return z
		.string()
		.default('')
		.refine((v) => {
			try {
				parseOriginList(name, v);
				return true;
			} catch {
				return false;
			}
		}, 'a comma-separated list of origins such as http://127.0.0.1:8099 (scheme, host and port; no path)');
}

/**
 * FETCH_ALLOW: the origins ("http://127.0.0.1:8099, https://kalender.intern") that fetches for modules may reach
 * although their addresses are local or private. Each must be an http(s) origin and nothing more; throws otherwise.
 */
export function parseFetchAllow(value: string | undefined): string[] {
	return parseOriginList('FETCH_ALLOW', value);
}

/** A comma-separated list of http(s) origins (FETCH_ALLOW, PUSH_ENDPOINT_ALLOW); throws naming `name` on anything else. */
export function parseOriginList(name: string, value: string | undefined): string[] {
	const list = (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
	return list.map((entry) => {
		const url = new URL(entry);
		if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password || url.pathname !== '/' || url.search || url.hash) {
			throw new Error(`${name}: ${entry} is not an origin like http://127.0.0.1:8099`);
		}
		return url.origin;
	});
}

/** The VAPID subject: PUSH_SUBJECT, else the https ORIGIN, else a mailto: of MAIL_FROM's address. */
function pushSubject(subject: string | undefined, origin: string, mailFrom: string): string {
	if (subject) return subject;
	if (origin.startsWith('https://')) return origin;
	const address = /<([^>]+)>/.exec(mailFrom)?.[1] ?? mailFrom.trim();
	return `mailto:${address}`;
}

export type Config = {
	isProduction: boolean;
	port: number;
	host: string;
	origin: string;
	secureCookies: boolean;
	database: { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };
	dataDir: string;
	smtpUrl: string | undefined;
	mailFrom: string;
	redisUrl: string | undefined;
	/** true: seed the demo county on an empty database */
	demo: boolean;
	/** the dev mailbox page shows logged mails: opt-in, and only on a local origin (see devMailboxSetting) */
	devMailbox: boolean;
	/** problems with the settings that do not stop the start; printed with the start-up message */
	warnings: string[];
	logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
	session: { idleMs: number; absoluteMs: number };
	/** loginsPerMinute: per account and client address; loginsPerIpPerMinute: per client address, all accounts;
	 *  barrierReportsPerHour: the accessibility feedback form, per client address */
	rateLimits: { writesPerMinute: number; loginsPerMinute: number; loginsPerIpPerMinute: number; tokenPerMinute: number; barrierReportsPerHour: number };
	bodySizeLimit: string;
	/** the render cache's byte budget (0: off) */
	renderCacheBytes: number;
	realtime: RealtimeConfig;
	/** origins that fetches for modules may reach although they are local or private (FETCH_ALLOW) */
	fetchAllow: string[];
	/** endpointAllow: origins push messages may go to besides the browsers' push services (PUSH_ENDPOINT_ALLOW);
	 *  subject: the contact in the VAPID token */
	push: { endpointAllow: string[]; subject: string };
	/** the projects map: tile URL template, its CSP image source, and the attribution shown on the map */
	map: MapConfig;
};

export interface MapConfig {
	tileUrl: string;
	/** scheme and host of the tiles for the CSP's img-src ("https://tile.openstreetmap.org") */
	tileSource: string;
	attribution: string;
	attributionUrl: string;
}

export interface RealtimeConfig {
	/** open sockets per client address and instance; more are refused with 429 */
	maxConnectionsPerIp: number;
	/** subscriptions per socket */
	maxSubscriptions: number;
	/** client messages per second per socket (token bucket), and the burst allowed on top */
	messagesPerSecond: number;
	messageBurst: number;
	/** largest client message (WebSocket frame) in bytes */
	maxMessageBytes: number;
	/** ping interval; a socket that has not answered the previous ping is ended */
	heartbeatMs: number;
	/** how often open sockets' sessions are checked against the database */
	sessionCheckMs: number;
	/** the PostgreSQL NOTIFY / Redis pub/sub channel shared by the instances of one installation */
	channel: string;
	/** request header with the client address (adapter-node's ADDRESS_HEADER), '' for the socket's peer */
	addressHeader: string;
	xffDepth: number;
}

/** true for an origin only this machine can reach: localhost, 127.0.0.1 (and the rest of 127/8), [::1] */
export function isLocalOrigin(origin: string): boolean {
	const host = new URL(origin).hostname;
	return host === 'localhost' || host.endsWith('.localhost') || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * The dev mailbox shows every mail, reset links included, to anyone who opens /dev/mailbox. So it is on only
 * where nobody else can reach the site: asked for with DEV_MAILBOX=1, or by default for the demo, and in both
 * cases only without SMTP, outside production and on a local ORIGIN. DEV_MAILBOX=1 on a public origin is
 * refused with a warning rather than a failed start, so a forgotten variable cannot take the site down.
 */
function devMailboxSetting(e: { DEV_MAILBOX?: '0' | '1'; SMTP_URL?: string; NODE_ENV: string }, origin: string, demo: boolean): { on: boolean; warning?: string } {
	const asked = e.DEV_MAILBOX === '1';
	if (e.DEV_MAILBOX === '0' || (!asked && !demo)) return { on: false };
	// The console speaks English to operators (docs/OPERATIONS.md), so do its warnings.
	const refuse = (why: string) => (asked ? { on: false, warning: `DEV_MAILBOX=1 is ignored: ${why}. The dev mailbox stays off.` } : { on: false });
	if (e.SMTP_URL) return refuse('SMTP_URL is set, mails are sent');
	if (e.NODE_ENV === 'production') return refuse('NODE_ENV is production');
	if (!isLocalOrigin(origin)) return refuse(`ORIGIN ${origin} is not a local address (localhost, 127.0.0.1, [::1]), where anyone could read the password reset links`);
	return { on: true };
}

/** Reads and validates the environment; throws one readable error listing every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
	const parsed = envSchema.safeParse(env);
	if (!parsed.success) {
		const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
		throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
	}
	const e = parsed.data;
	const url = e.DATABASE_URL;
	const isPostgres = !!url && /^postgres(ql)?:\/\//.test(url);
	if (url && !isPostgres && !url.startsWith('sqlite:') && !url.startsWith('file:')) {
		throw new Error('Invalid configuration:\n  DATABASE_URL: use postgres://… or sqlite:<file>');
	}
	const sqliteFile = url && !isPostgres ? url.replace(/^(sqlite|file):(\/\/)?/, '') : `${e.DATA_DIR}/allmende.db`;
	const origin = (e.ORIGIN ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
	// Demo data: by default on the embedded SQLite; on PostgreSQL only when asked for with DEMO=1.
	const demo = e.DEMO === '1' || (e.DEMO !== '0' && !isPostgres);
	const mailbox = devMailboxSetting(e, origin, demo);
	return {
		isProduction: e.NODE_ENV === 'production',
		port: e.PORT,
		host: e.HOST,
		origin,
		secureCookies: origin.startsWith('https:'),
		database: isPostgres ? { kind: 'postgres', url: url! } : { kind: 'sqlite', file: sqliteFile },
		dataDir: e.DATA_DIR,
		smtpUrl: e.SMTP_URL || undefined,
		mailFrom: e.MAIL_FROM,
		redisUrl: e.REDIS_URL || undefined,
		demo,
		devMailbox: mailbox.on,
		warnings: mailbox.warning ? [mailbox.warning] : [],
		logLevel: e.LOG_LEVEL,
		session: { idleMs: e.SESSION_IDLE_HOURS * 3_600_000, absoluteMs: e.SESSION_ABSOLUTE_DAYS * 86_400_000 },
		rateLimits: { writesPerMinute: e.RATE_LIMIT_WRITES_PER_MINUTE, loginsPerMinute: e.RATE_LIMIT_LOGINS_PER_MINUTE, loginsPerIpPerMinute: e.RATE_LIMIT_LOGINS_PER_IP_PER_MINUTE, tokenPerMinute: e.RATE_LIMIT_TOKEN_PER_MINUTE, barrierReportsPerHour: e.RATE_LIMIT_BARRIER_REPORTS_PER_HOUR },
		bodySizeLimit: e.BODY_SIZE_LIMIT,
		renderCacheBytes: Math.round(e.RENDER_CACHE_MB * 1024 * 1024),
		fetchAllow: parseFetchAllow(e.FETCH_ALLOW),
		push: { endpointAllow: parseOriginList('PUSH_ENDPOINT_ALLOW', e.PUSH_ENDPOINT_ALLOW), subject: pushSubject(e.PUSH_SUBJECT, origin, e.MAIL_FROM) },
		map: { tileUrl: e.MAP_TILE_URL, tileSource: tileSource(e.MAP_TILE_URL)!, attribution: e.MAP_ATTRIBUTION, attributionUrl: e.MAP_ATTRIBUTION_URL },
		realtime: {
			maxConnectionsPerIp: e.WS_MAX_CONNECTIONS_PER_IP,
			maxSubscriptions: e.WS_MAX_SUBSCRIPTIONS,
			messagesPerSecond: e.WS_MESSAGES_PER_SECOND,
			messageBurst: e.WS_MESSAGE_BURST,
			maxMessageBytes: e.WS_MAX_MESSAGE_BYTES,
			heartbeatMs: e.WS_HEARTBEAT_MS,
			sessionCheckMs: e.WS_SESSION_CHECK_MS,
			channel: e.REALTIME_CHANNEL,
			addressHeader: e.ADDRESS_HEADER.toLowerCase(),
			xffDepth: e.XFF_DEPTH
		}
	};
}
