// The test runner itself: a committed `.only` fails the run everywhere (vitest refuses it only under CI by
// default), and the closing summary of `npm test` / `npm run test:e2e` names what did not run and ends in the
// one line CI log readers parse.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { printSummary } from '../../scripts/runVitest.mjs';
import e2eConfig from '../../vitest.e2e.config.ts';
import config from '../../vitest.config.ts';

function testFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((e) => {
		const p = join(dir, e);
		if (e === 'node_modules' || e.startsWith('.')) return [];
		if (statSync(p).isDirectory()) return testFiles(p);
		return /\.(test|e2e)\.ts$/.test(e) ? [p] : [];
	});
}

describe('.only', () => {
	it('is refused by both vitest configs, in CI and outside it', () => {
		expect(config.test?.allowOnly).toBe(false);
		expect(e2eConfig.test?.allowOnly).toBe(false);
	});

	it('appears in no test file under src/, tests/ or cli/ (browser tests included, which npm test does not run)', () => {
		const only = /\b(it|test|describe|suite)(\.\w+)*\.only\s*[(.]/;
		const found = ['src', 'tests', 'cli'].flatMap(testFiles).filter((f) => only.test(readFileSync(f, 'utf8')));
		expect(found).toEqual([]);
	});
});

describe('closing summary', () => {
	let lines: string[] = [];
	afterEach(() => vi.restoreAllMocks());
	const capture = (arg: Parameters<typeof printSummary>[0]) => {
		lines = [];
		vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void lines.push(...a.join(' ').split('\n')));
		printSummary(arg);
		vi.restoreAllMocks();
		return lines;
	};
	const TESTS_LINE = /^(\w+: )?(\d+) passed, (\d+) failed(, (\d+) skipped)?$/;

	it('lists every skipped and todo test with its note and every suite not run, then the Tests line', () => {
		const out = capture({
			passed: 7,
			failed: 0,
			skipped: [
				{ name: 'src/a.test.ts > hub > delivers', todo: false, note: 'no Redis' },
				{ name: 'src/b.test.ts > later', todo: true, note: null }
			],
			notRun: ['PostgreSQL run: TEST_DATABASE_URL is not set']
		});
		expect(out.slice(-5)).toEqual([
			'Not run:',
			'  - src/a.test.ts > hub > delivers (skipped: no Redis)',
			'  - src/b.test.ts > later (todo)',
			'  - PostgreSQL run: TEST_DATABASE_URL is not set',
			'Tests: 7 passed, 0 failed, 2 skipped'
		]);
		expect(out.at(-1)).toMatch(TESTS_LINE);
	});

	it('counts failures outside a test and a run that could not start, so the last line never reads green', () => {
		const out = capture({ passed: 3, failed: 1, otherFailures: ['src/c.test.ts > suite: beforeAll failed'] });
		expect(out).toContain('  - src/c.test.ts > suite: beforeAll failed');
		expect(out.at(-1)).toBe('Tests: 3 passed, 1 failed, 0 skipped');

		const broken = capture({ notRun: ['all browser tests: Chromium is missing at /usr/bin/chromium'], broken: 'Chromium is missing.' });
		expect(broken.slice(-3)).toEqual(['Not run:', '  - all browser tests: Chromium is missing at /usr/bin/chromium', 'Tests: 0 passed, 1 failed, 0 skipped']);
		expect(broken.at(-1)).toMatch(TESTS_LINE);
	});

	it('says so when everything ran', () => {
		expect(capture({ passed: 2 }).slice(-2)).toEqual(['Not run: nothing, every test ran.', 'Tests: 2 passed, 0 failed, 0 skipped']);
	});
});
