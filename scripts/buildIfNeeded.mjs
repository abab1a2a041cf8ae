// Builds the app when there is no build yet or when anything the build depends on changed since the last one.
// Used by `npm start` (scripts/start.mjs), `npm run allmende`, `npm test` and the benches.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const INPUTS = ['src', 'cli', 'messages', 'static', 'project.inlang', 'svelte.config.js', 'vite.config.ts', 'scripts/buildServer.mjs', 'package-lock.json'];
const STAMP = 'build/.allmende-build-stamp';

/** Newest modification time and file count of the build inputs (generated translations excluded). */
function fingerprint() {
	let newest = 0;
	let count = 0;
	const walk = (p) => {
		if (!existsSync(p) || p.endsWith('paraglide')) return;
		const s = statSync(p);
		if (s.isDirectory()) for (const e of readdirSync(p)) walk(join(p, e));
		else {
			newest = Math.max(newest, s.mtimeMs);
			count++;
		}
	};
	INPUTS.forEach(walk);
	return `${Math.floor(newest)}:${count}`;
}

/** `toStderr`: the build's progress goes to stderr (a command's own output stays alone on stdout). */
export function buildIfNeeded({ toStderr = false } = {}) {
	const now = fingerprint();
	const built = existsSync('build/handler.js') && existsSync('build/allmende/serve.js') && existsSync('build/allmende/cli.js');
	if (built && existsSync(STAMP) && readFileSync(STAMP, 'utf8') === now) return false;
	(toStderr ? console.error : console.log)('Building Allmende (first start or changed sources) …');
	const res = spawnSync('npm', ['run', 'build'], { stdio: toStderr ? ['ignore', 2, 2] : 'inherit' });
	if (res.status !== 0) throw new Error('The build failed (see above).');
	return true;
}

/** Notes what the build was made from (the last step of `npm run build`), so that nobody builds it again. */
export function writeStamp() {
	writeFileSync(STAMP, fingerprint());
}

if (import.meta.url === `file://${process.argv[1]}`) buildIfNeeded();
