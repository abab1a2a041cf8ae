// `npm test`: unit and integration tests. Runs on SQLite always; on PostgreSQL too when TEST_DATABASE_URL
// is set (each run in a fresh database that is dropped afterwards). Browser tests are `npm run test:e2e`.
// Closes with "Not run:" (every skipped test and every suite left out) and "Tests: N passed, N failed, N skipped".
import { buildIfNeeded } from './buildIfNeeded.mjs';
import { printSummary, runVitest } from './runVitest.mjs';

const notRun = [];
if (!process.env.TEST_DATABASE_URL) notRun.push('PostgreSQL run: TEST_DATABASE_URL is not set (set TEST_DATABASE_URL=postgres://… to run the same tests on PostgreSQL)');
notRun.push('browser tests: `npm test` never runs them (run `npm run test:e2e`; they need /usr/bin/chromium)');

// The HTTP integration tests start the real server, which serves the build.
try {
	buildIfNeeded();
} catch (e) {
	console.error(e instanceof Error ? e.message : e);
	printSummary({ notRun: ['all unit and integration tests: the build failed', ...notRun], broken: 'the build failed.' });
	process.exit(1);
}

const db = process.env.TEST_DATABASE_URL ? `PostgreSQL (${new URL(process.env.TEST_DATABASE_URL).host})` : 'SQLite';
console.log(`Running unit and integration tests on ${db}.`);
process.exit(runVitest(process.argv.slice(2), { notRun, selection: process.argv.slice(2) }));
