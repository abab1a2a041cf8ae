import { sveltekit } from '@sveltejs/kit/vite';
import type { Server } from 'node:http';
import { defineConfig, type Plugin } from 'vite';

// `vite dev` serves HTTP itself; this plugin adds Allmende's WebSocket endpoint (/ws) to that server,
// as server.ts does in production. Vite's own HMR socket on the same port is left alone.
function allmendeWebSocket(): Plugin {
	return {
		name: 'allmende-websocket',
		apply: 'serve',
		async configureServer(server) {
			const { runtime } = await server.ssrLoadModule('/src/lib/server/runtime.ts');
			const { attachWebSocket } = await server.ssrLoadModule('/src/lib/server/realtime/socket.ts');
			const rt = runtime();
			if (server.httpServer) attachWebSocket(server.httpServer as Server, { db: rt.db, config: rt.config, rejectOtherPaths: false });
		}
	};
}

export default defineConfig({
	plugins: [sveltekit(), allmendeWebSocket()],
	server: { port: 3000 }
});
