// Runs vitest and ends with one plain line "Tests: N passed, N failed, N skipped" that any CI log reader
// understands; returns vitest's exit code.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function runVitest(args, { before } = {}) {
	const dir = mkdtempSync(join(tmpdir(), 'allmende-vitest-'));
	const report = join(dir, 'report.json');
	const res = spawnSync('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...args], { stdio: 'inherit' });
	if (before) console.log(before);
	try {
		const r = JSON.parse(readFileSync(report, 'utf8'));
		console.log(`Tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`);
	} catch {
		console.log('Tests: no report written (vitest did not finish)');
	}
	rmSync(dir, { recursive: true, force: true });
	return res.status ?? 1;
}
