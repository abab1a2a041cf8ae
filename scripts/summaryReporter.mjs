// A vitest reporter for scripts/runVitest.mjs: at the end of a run it writes what passed, what failed and what
// did not run (skipped and todo tests by name, with the note of `ctx.skip(note)` when there is one) as JSON to
// the file named by ALLMENDE_TEST_SUMMARY. It prints nothing; runVitest.mjs turns the file into the closing lines.
import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';

const firstLine = (e) => String(e?.message ?? e ?? '').split('\n')[0];

export default class SummaryReporter {
	onInit(vitest) {
		this.root = vitest.config.root;
	}

	onTestRunEnd(testModules, unhandledErrors = []) {
		const out = process.env.ALLMENDE_TEST_SUMMARY;
		if (!out) return;
		let passed = 0;
		let failedTests = 0;
		const skipped = [];
		// Failures that belong to no single test: a file that did not load, a failing beforeAll/afterAll, a
		// refused `.only` on a describe, an unhandled error. Each counts as one failure.
		const otherFailures = [];
		for (const mod of testModules) {
			const file = relative(this.root, mod.moduleId);
			for (const e of mod.errors()) otherFailures.push(`${file}: ${firstLine(e)}`);
			for (const suite of mod.children.allSuites())
				for (const e of suite.errors()) otherFailures.push(`${file} > ${suite.fullName}: ${firstLine(e)}`);
			for (const test of mod.children.allTests()) {
				const r = test.result();
				if (r.state === 'passed') passed++;
				else if (r.state === 'failed') failedTests++;
				else skipped.push({ name: `${file} > ${test.fullName}`, todo: test.options.mode === 'todo', note: r.note ?? null });
			}
		}
		for (const e of unhandledErrors) otherFailures.push(`unhandled error: ${firstLine(e)}`);
		writeFileSync(out, JSON.stringify({ passed, failed: failedTests + otherFailures.length, otherFailures, skipped }));
	}
}
