import adapter from '@sveltejs/adapter-node';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	kit: {
		adapter: adapter({ out: 'build', precompress: true }),
		// Origin checks on writes are done in hooks.server.ts: a village may be served on its own host name,
		// so the allowed origin is the request's own host, not one fixed ORIGIN.
		csrf: { trustedOrigins: ['*'] },
		// src/service-worker.ts is each village app's worker: the village layout registers it with the app's scope
		// (/<village>/, or / on the village's own host name), never at / of the platform (AppWorker.svelte).
		serviceWorker: { register: false },
		// Hashes, not nonces: the same page is the same bytes, so the render cache can keep it and answer with
		// it to many (a nonce sent twice would be no nonce). The inline script SvelteKit writes is hashed.
		csp: {
			mode: 'hash',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'https:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		}
	}
};

export default config;
