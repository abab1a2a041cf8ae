import { defineConfig } from 'vitest/config';

// Unit and integration tests run against plain TypeScript under src/lib/server and against the built
// server (see tests/helpers/server.ts); the SvelteKit Vite plugin is not needed here.
export default defineConfig({
	test: {
		include: ['src/**/*.test.ts', 'tests/integration/**/*.test.ts', 'cli/**/*.test.ts'],
		environment: 'node',
		// A committed `.only` would quietly skip every other test; vitest refuses it only under CI by default.
		allowOnly: false,
		testTimeout: 30_000,
		hookTimeout: 180_000,
		pool: 'forks',
		fileParallelism: true,
		maxWorkers: 2
	}
});
