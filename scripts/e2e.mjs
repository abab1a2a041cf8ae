// `npm run test:e2e`: the browser end-to-end tests. Needs Debian's Chromium (no browser downloads) and a
// build of the app; builds it when there is none, then runs vitest with vitest.e2e.config.ts.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CHROMIUM = '/usr/bin/chromium';

function run(command, args) {
	const result = spawnSync(command, args, { stdio: 'inherit', shell: process.platform === 'win32' });
	if (result.error) {
		console.error(`Could not run ${command}: ${result.error.message}`);
		return 1;
	}
	return result.status ?? 1;
}

if (!existsSync(CHROMIUM)) {
	console.error(`The browser tests need Chromium at ${CHROMIUM}, and it is not there.`);
	console.error('Install it with your system package manager, e.g. on Debian/Ubuntu (as root):');
	console.error('  apt-get install -y chromium');
	process.exit(1);
}

if (!existsSync('build/handler.js')) {
	console.log('No build found (build/handler.js): running `npm run build` first.');
	const code = run('npm', ['run', 'build']);
	if (code !== 0) process.exit(code);
}

process.exit(run('npx', ['vitest', 'run', '-c', 'vitest.e2e.config.ts', ...process.argv.slice(2)]));
