// Runs vitest and closes with an exact summary: first what did not run ("Not run:" — every skipped or todo
// test by file > name with its note, then the suites this command leaves out), then one plain last line
// "Tests: N passed, N failed, N skipped" that any CI log reader understands. Returns vitest's exit code.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const REPORTER = new URL('./summaryReporter.mjs', import.meta.url).pathname;

/**
 * Prints the closing lines. `notRun` are whole suites the command did not run ("PostgreSQL run: why"); a
 * run that could not start or finish (`broken`) counts as one failure, so the last line never reads green.
 * @param {{ passed?: number, failed?: number, skipped?: { name: string, todo: boolean, note: string | null }[],
 *   otherFailures?: string[], notRun?: string[], broken?: string }} [summary]
 */
export function printSummary({ passed = 0, failed = 0, skipped = [], otherFailures = [], notRun = [], broken } = {}) {
	const lines = [];
	for (const t of skipped) lines.push(`  - ${t.name} (${t.todo ? 'todo' : 'skipped'}${t.note ? `: ${t.note}` : ''})`);
	for (const s of notRun) lines.push(`  - ${s}`);
	console.log('');
	if (otherFailures.length) console.log(`Failed outside a test:\n${otherFailures.map((f) => `  - ${f}`).join('\n')}`);
	if (broken) console.log(`Failed: ${broken}`);
	console.log(lines.length ? `Not run:\n${lines.join('\n')}` : 'Not run: nothing, every test ran.');
	console.log(`Tests: ${passed} passed, ${failed + (broken ? 1 : 0)} failed, ${skipped.length} skipped`);
}

export function runVitest(args, { notRun = [], selection = [] } = {}) {
	// Files left out by a selection on the command line are unknown to vitest: name the selection instead.
	if (selection.length) notRun = [`every test file outside the selection \`${selection.join(' ')}\``, ...notRun];
	const dir = mkdtempSync(join(tmpdir(), 'allmende-vitest-'));
	const report = join(dir, 'summary.json');
	const res = spawnSync('npx', ['vitest', 'run', '--reporter=default', `--reporter=${REPORTER}`, ...args], {
		stdio: 'inherit',
		env: { ...process.env, ALLMENDE_TEST_SUMMARY: report }
	});
	let summary;
	try {
		summary = JSON.parse(readFileSync(report, 'utf8'));
	} catch {
		summary = { broken: `vitest did not finish (exit code ${res.status ?? res.signal}), so no test result is known.` };
	}
	rmSync(dir, { recursive: true, force: true });
	const status = res.status ?? 1;
	// The last line and the exit code agree: a failure counted means a non-zero exit, and a non-zero exit
	// with no failure counted (no test files found, say) is counted as one.
	if (status !== 0 && !summary.broken && !summary.failed) summary.broken = `vitest exited with code ${status} although no test failed.`;
	printSummary({ ...summary, notRun });
	return summary.broken || summary.failed ? status || 1 : status;
}
