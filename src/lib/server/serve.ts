// What `npm start` (scripts/start.mjs) runs, compiled to build/allmende/serve.js, once the build is there: one port for HTTP (SvelteKit) and WebSocket, migrations
// and demo seed on start, the job worker and housekeeping.
import { createServer } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadConfig } from './config.ts';
import { migrateToLatest, openDb } from './db/index.ts';
import { moduleJobHandler } from './builder/moduleJobs.ts';
import { housekeeping } from './jobs/housekeeping.ts';
import { startScheduler } from './jobs/schedules.ts';
import { startWorker } from './jobs/worker.ts';
import { log } from './log.ts';
import { deliverMail, type MailPayload } from './mail/sendMail.ts';
import { createSubscriptionResolver } from './builder/moduleChannels.ts';
import { startPush } from './push/service.ts';
import { createHub } from './realtime/createHub.ts';
import { attachWebSocket } from './realtime/socket.ts';
import { createSocketActionRunner } from './realtime/socketActions.ts';
import { setRuntime } from './runtime.ts';
import { openContentVersions } from './renderCache/contentVersions.ts';
import { createShellCache } from './renderCache/shellCache.ts';
import { cacheKeyOf, CACHEABLE_REQUEST_HEADER, createHttpCache } from './renderCache/httpCache.ts';
import { isEmpty, seedDemo } from './seed/demo.ts';
import { createHostRouter, VILLAGE_HOST_HEADER } from './tenancy/hostRouting.ts';
import { demoPresent, welcomeText, type StartState } from './welcome.ts';

/** Starts Allmende; the SvelteKit build must exist (scripts/start.mjs makes sure). */
export async function serve(): Promise<void> {
	const config = loadConfig();
	// adapter-node reads these when its handler loads: the origin for form posts and the body limit.
	process.env.ORIGIN ??= config.origin;
	process.env.BODY_SIZE_LIMIT ??= config.bodySizeLimit;

	const { db, dialect } = openDb(config.database);
	await migrateToLatest(db);
	const empty = await isEmpty(db);
	const seeded = empty && config.demo;
	if (seeded) await seedDemo(db);
	// the demo's logins on every start of the demo, not only the first
	const start: StartState = { demo: seeded ? 'seeded' : config.demo && (await demoPresent(db)) ? 'present' : null, empty: empty && !seeded };

	// realtime fan-out: in-process on SQLite, LISTEN/NOTIFY on PostgreSQL, Redis when REDIS_URL is set.
	// The hub comes before the worker: module jobs publish their realtime events through it.
	const hub = await createHub(config);
	// Web Push: the VAPID key pair (made on the first start), the sender and the fan-out loop
	const push = await startPush({ db, dialect, config });
	const worker = startWorker({
		db,
		dialect,
		handlers: {
			mail: (payload, job) => deliverMail({ db, config, mail: payload as MailPayload, messageId: job.id }),
			module: moduleJobHandler({ db, hub, origin: config.origin }),
			...push.handlers
		}
	});
	// the render cache of anonymous pages (renderCache/, decision 019); RENDER_CACHE_MB=0 switches it off
	// the shell cache (tenants and village modules) keys on the same versions and is always on
	const versions = openContentVersions(db, config.database);
	const cache = config.renderCacheBytes > 0 ? createHttpCache({ maxBytes: config.renderCacheBytes, versions }) : null;
	const shell = createShellCache(db, versions);
	setRuntime({ config, db, dialect, kickJobs: worker.kick, hub, versions: cache ? versions : undefined, shell });
	// recurring module jobs: the current slot's runs are queued every minute, on every instance (idempotent)
	const scheduler = startScheduler({ db, kick: worker.kick });
	const tidy = () => housekeeping(db).catch((e: unknown) => log.warn({ err: String(e) }, 'housekeeping failed'));
	void tidy();
	const tidyTimer = setInterval(tidy, 3_600_000);
	tidyTimer.unref();

	const { handler } = (await import(pathToFileURL(join(process.cwd(), 'build/handler.js')).href)) as {
		handler: (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, next?: () => void) => void;
	};
	const hosts = createHostRouter(db, { platformOrigin: config.origin });
	const platformHostname = new URL(config.origin).hostname.toLowerCase();
	const render = (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, key: string | null) => {
		if (key && cache) {
			req.headers[CACHEABLE_REQUEST_HEADER] = '1';
			cache.capture(req, res, key);
		}
		hosts.rewrite(req.headers.host, req.url ?? '/').then(
			(url) => {
				req.url = url;
				// which village's own host name this is, for the page's router (hooks.server.ts); never from outside
				const village = hosts.villageOf(req.headers.host);
				if (village) req.headers[VILLAGE_HOST_HEADER] = village;
				else delete req.headers[VILLAGE_HOST_HEADER];
				handler(req, res);
			},
			(e: unknown) => {
				log.error({ err: String(e) }, 'host routing failed');
				res.statusCode = 503;
				res.end('Service unavailable');
			}
		);
	};
	const server = createServer((req, res) => {
		// only serve.ts says which requests the cache may see
		delete req.headers[CACHEABLE_REQUEST_HEADER];
		// only the platform's own host name and the villages' own ones: any other Host header could fill the cache
		// with copies (or, were a page to print its host, poison it)
		const hostname = (req.headers.host ?? '').toLowerCase().replace(/:\d+$/, '');
		const knownHost = hostname === platformHostname || hosts.villageOf(hostname) !== undefined;
		const key = cache && knownHost ? cacheKeyOf(req) : null;
		if (!key || !cache) return render(req, res, null);
		let served: boolean | Promise<boolean>;
		try {
			served = cache.serve(req, res, key);
		} catch (e) {
			log.warn({ err: String(e) }, 'render cache: reading the content version failed');
			return render(req, res, null);
		}
		if (served === true) return;
		if (served === false) return render(req, res, key);
		served.then(
			(done) => done || render(req, res, key),
			(e: unknown) => {
				log.warn({ err: String(e) }, 'render cache: reading the content version failed');
				render(req, res, null);
			}
		);
	});
	// An idle keep-alive connection is closed by the client or the reverse proxy first (their idle timeouts are
	// shorter: 4 s in Node's fetch, 60 s in common proxies), never by us while a request may be on its way:
	// Node's default of 5 s raced clients that reuse a connection after ~5 s ("other side closed").
	server.keepAliveTimeout = 65_000;
	server.headersTimeout = 66_000;
	// Module channels come in through deps.resolveSubscription (without it every subscribe answers not_found).
	// Module actions over /ws take the JSON API's path (createSocketActionRunner → runModuleAction).
	const realtime = attachWebSocket(server, {
		db,
		config,
		hub,
		resolveSubscription: createSubscriptionResolver(db),
		runAction: createSocketActionRunner({ db, hub, kickJobs: worker.kick }, { origin: config.origin, writesPerMinute: config.rateLimits.writesPerMinute })
	});
	server.listen(config.port, config.host, () => console.log(welcomeText(config, start)));

	const shutdown = () => {
		scheduler.stop();
		worker.stop();
		void push.stop().catch((e: unknown) => log.warn({ err: String(e) }, 'stopping push failed'));
		void realtime
			.close()
			.catch((e: unknown) => log.warn({ err: String(e) }, 'closing websockets failed'))
			.then(() => hub.close())
			.catch((e: unknown) => log.warn({ err: String(e) }, 'closing the realtime hub failed'))
			.finally(() => server.close(() => void db.destroy().then(() => {
				versions.close();
				process.exit(0);
			})));
		setTimeout(() => process.exit(0), 5000).unref();
	};
	process.on('SIGTERM', shutdown);
	process.on('SIGINT', shutdown);
}
