import { sveltekit } from '@sveltejs/kit/vite';
import type { Server } from 'node:http';
import { defineConfig, type Plugin } from 'vite';

// `vite dev` serves HTTP itself; this plugin does there what serve.ts does in production: migrate, run the
// job worker (mails) and add the WebSocket endpoint (/ws). Vite's own HMR socket on the same port is left alone.
// (Demo seeding and own host names are production-server features: run `npm start` once to seed.)
function allmendeDevServer(): Plugin {
	return {
		name: 'allmende-dev-server',
		apply: 'serve',
		async configureServer(server) {
			const load = (path: string) => server.ssrLoadModule(path);
			const { runtime } = await load('/src/lib/server/runtime.ts');
			const { migrateToLatest } = await load('/src/lib/server/db/index.ts');
			const { startWorker } = await load('/src/lib/server/jobs/worker.ts');
			const { deliverMail } = await load('/src/lib/server/mail/sendMail.ts');
			const { attachWebSocket } = await load('/src/lib/server/realtime/socket.ts');
			const { createHub } = await load('/src/lib/server/realtime/createHub.ts');
			const { createSubscriptionResolver } = await load('/src/lib/server/builder/moduleChannels.ts');
			const { createSocketActionRunner } = await load('/src/lib/server/realtime/socketActions.ts');
			const rt = runtime();
			await migrateToLatest(rt.db);
			const worker = startWorker({
				db: rt.db,
				dialect: rt.dialect,
				handlers: { mail: (payload: unknown, job: { id: string }) => deliverMail({ db: rt.db, config: rt.config, mail: payload, messageId: job.id }) }
			});
			rt.kickJobs = worker.kick;
			// the same hub as production (LISTEN/NOTIFY on PostgreSQL), so a dev server sees other instances' events
			rt.hub = await createHub(rt.config);
			if (server.httpServer) {
				attachWebSocket(server.httpServer as Server, {
					db: rt.db,
					config: rt.config,
					hub: rt.hub,
					resolveSubscription: createSubscriptionResolver(rt.db),
					runAction: createSocketActionRunner(rt, { origin: rt.config.origin, writesPerMinute: rt.config.rateLimits.writesPerMinute }),
					rejectOtherPaths: false
				});
			}
		}
	};
}

export default defineConfig({
	plugins: [sveltekit(), allmendeDevServer()],
	server: { port: 3000 }
});
