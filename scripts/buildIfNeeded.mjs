// Builds the app when there is no build yet or when anything the build depends on changed since the last one.
// Used by `npm start` (server.ts) and `npm test`.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const INPUTS = ['src', 'messages', 'static', 'project.inlang', 'svelte.config.js', 'vite.config.ts', 'package-lock.json'];
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

export function buildIfNeeded() {
	const now = fingerprint();
	if (existsSync('build/handler.js') && existsSync(STAMP) && readFileSync(STAMP, 'utf8') === now) return false;
	console.log('Building Allmende (first start or changed sources) …');
	const res = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
	if (res.status !== 0) throw new Error('The build failed (see above).');
	writeFileSync(STAMP, now);
	return true;
}

if (import.meta.url === `file://${process.argv[1]}`) buildIfNeeded();
