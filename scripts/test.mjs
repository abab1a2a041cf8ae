// `npm test`: unit and integration tests. Runs on SQLite always; on PostgreSQL too when TEST_DATABASE_URL
// is set (each run in a fresh database that is dropped afterwards). Browser tests are `npm run test:e2e`.
import { buildIfNeeded } from './buildIfNeeded.mjs';
import { runVitest } from './runVitest.mjs';

// The HTTP integration tests start the real server, which serves the build.
buildIfNeeded();

const skipped = [];
if (!process.env.TEST_DATABASE_URL) skipped.push('PostgreSQL run (set TEST_DATABASE_URL=postgres://… to run the same tests on PostgreSQL)');
skipped.push('browser tests (run `npm run test:e2e`; they need /usr/bin/chromium)');

const db = process.env.TEST_DATABASE_URL ? `PostgreSQL (${new URL(process.env.TEST_DATABASE_URL).host})` : 'SQLite';
console.log(`Running unit and integration tests on ${db}.`);
process.exit(runVitest(process.argv.slice(2), { before: `\nSkipped: ${skipped.join('; ')}.` }));
