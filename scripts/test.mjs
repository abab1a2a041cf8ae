// `npm test`: unit and integration tests. Runs on SQLite always; on PostgreSQL too when TEST_DATABASE_URL
// is set (each run in a fresh database that is dropped afterwards). Browser tests are `npm run test:e2e`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildIfNeeded } from './buildIfNeeded.mjs';

// The HTTP integration tests start the real server, which serves the build.
buildIfNeeded();

const skipped = [];
if (!process.env.TEST_DATABASE_URL) skipped.push('PostgreSQL run (set TEST_DATABASE_URL=postgres://… to run the same tests on PostgreSQL)');
skipped.push('browser tests (run `npm run test:e2e`; they need /usr/bin/chromium)');

const db = process.env.TEST_DATABASE_URL ? `PostgreSQL (${new URL(process.env.TEST_DATABASE_URL).host})` : 'SQLite';
console.log(`Running unit and integration tests on ${db}.`);
const dir = mkdtempSync(join(tmpdir(), 'allmende-vitest-'));
const report = join(dir, 'report.json');
const res = spawnSync('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)], { stdio: 'inherit' });
console.log(`\nSkipped: ${skipped.join('; ')}.`);
try {
	const r = JSON.parse(readFileSync(report, 'utf8'));
	console.log(`Tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`);
} catch {
	console.log('Tests: no report written (vitest did not finish)');
}
rmSync(dir, { recursive: true, force: true });
process.exit(res.status ?? 1);
