import { defineConfig } from 'vitest/config';

// Used only by `npm run mutate` (StrykerJS): the unit tests beside the code, which run on SQLite in memory.
// The HTTP integration tests (tests/integration) and browser tests need a build and are far too slow to
// run once per mutant.
export default defineConfig({
	test: {
		include: ['src/**/*.test.ts'],
		environment: 'node',
		testTimeout: 30_000,
		hookTimeout: 60_000
	}
});
