// `npm run test:e2e`: the browser end-to-end tests. Needs Debian's Chromium (no browser downloads) and a
// build of the app; builds it when needed, then runs vitest with vitest.e2e.config.ts. Closes like `npm test`
// with "Not run:" and "Tests: N passed, N failed, N skipped"; without Chromium or a build it fails, never passes.
import { existsSync } from 'node:fs';
import { buildIfNeeded } from './buildIfNeeded.mjs';
import { printSummary, runVitest } from './runVitest.mjs';

const CHROMIUM = '/usr/bin/chromium';

if (!existsSync(CHROMIUM)) {
	console.error(`The browser tests need Chromium at ${CHROMIUM}, and it is not there.`);
	console.error('Install it with your system package manager, e.g. on Debian/Ubuntu (as root):');
	console.error('  apt-get install -y chromium');
	printSummary({ notRun: [`all browser tests: Chromium is missing at ${CHROMIUM}`], broken: `Chromium is missing at ${CHROMIUM}.` });
	process.exit(1);
}

// The tests start the real server on build/: build it when it is missing or older than the sources.
try {
	buildIfNeeded();
} catch (e) {
	console.error(e instanceof Error ? e.message : e);
	printSummary({ notRun: ['all browser tests: the build failed'], broken: 'the build failed.' });
	process.exit(1);
}

process.exit(runVitest(['-c', 'vitest.e2e.config.ts', ...process.argv.slice(2)], { selection: process.argv.slice(2) }));
