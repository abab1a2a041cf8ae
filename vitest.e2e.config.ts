import { defineConfig } from 'vitest/config';

// Browser end-to-end tests (tests/e2e): each file starts the built server with a fresh database and drives
// Debian's Chromium through playwright-core. Two files run at a time; a browser flow takes seconds.
// Run through `npm run test:e2e` (scripts/e2e.mjs), which checks for Chromium and a build first.
export default defineConfig({
	test: {
		include: ['tests/e2e/**/*.e2e.ts'],
		environment: 'node',
		// A committed `.only` would quietly skip every other test; vitest refuses it only under CI by default.
		allowOnly: false,
		// The longest flows (the links module from switching on to off: ~40 page states, each checked with axe)
		// take 60–90 s on two busy cores; the limit is for a hung test, not a slow machine.
		testTimeout: 300_000,
		hookTimeout: 60_000,
		pool: 'forks',
		// two files at a time, each with its own server and database: 13 instead of 30 minutes on two cores
		fileParallelism: true,
		maxWorkers: 2
	}
});
