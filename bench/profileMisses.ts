// Profiles cache misses of one page: starts the built server as `npm start` does (compiled, SQLite, demo county,
// pinned to core 0) with V8's CPU profiler, renders the page under load with a new query string each time, and
// prints where the time went — by file and by function, counting each function once per stack (so "inclusive"),
// over the measured seconds only (start-up and warm-up left out). The .cpuprofile stays for Chrome's DevTools.
//
//   node --import tsx bench/profileMisses.ts /koerbecke/ [seconds]
//
// Shows, for instance, that no TypeScript loader runs in the server (no `loader` or `tsx` frames).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sleep, startChild, waitFor } from './child.ts';
import { runLoad } from './httpLoad.ts';

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
	children?: number[];
}
interface Profile {
	nodes: ProfileNode[];
	samples: number[];
	timeDeltas: number[];
	startTime: number;
	endTime: number;
}

const PORT = 3393;
const path = process.argv[2] ?? '/koerbecke/';
const seconds = Number(process.argv[3] ?? 6);
const TAIL_MS = 500;

const dir = mkdtempSync(join(tmpdir(), 'allmende-profile-'));
/** the profile stays after the run, for Chrome's DevTools */
const profileDir = mkdtempSync(join(tmpdir(), 'allmende-cpuprofile-'));
const env = {
	NODE_ENV: 'production',
	PORT: String(PORT),
	HOST: '127.0.0.1',
	ORIGIN: `http://localhost:${PORT}`,
	DATABASE_URL: `sqlite:${join(dir, 'profile.db')}`,
	DEMO: '1',
	ALLMENDE_SKIP_BUILD: '1',
	LOG_LEVEL: 'warn'
};
try {
	const healthy = (child: ReturnType<typeof startChild>) => waitFor(async () => (await fetch(`http://localhost:${PORT}/healthz`)).ok, 'Allmende', child);
	// the first start seeds the demo county; the profiled one starts on it
	const seeding = startChild(['scripts/start.mjs'], env);
	await healthy(seeding);
	await seeding.stop();
	const server = startChild(['--cpu-prof', `--cpu-prof-dir=${profileDir}`, 'scripts/start.mjs'], env);
	await healthy(server);
	const distinct = (n: number) => `${path}${path.includes('?') ? '&' : '?'}p=${n}`;
	await runLoad({ port: PORT, path: distinct, connections: 20, durationMs: 2000 });
	const result = await runLoad({ port: PORT, path: (n) => distinct(1e9 + n), connections: 20, durationMs: seconds * 1000 });
	await sleep(TAIL_MS);
	await server.stop();
	console.log(`${path}: ${Math.round(result.perSecond)} misses/s under the profiler (p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, ${result.errors} errors)`);

	const file = join(profileDir, readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile'))!);
	const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	const parent = new Map<number, number>();
	for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
	// the samples of the measured window: from `seconds` before the end of the load to its end
	const windowEnd = profile.endTime - (TAIL_MS + 100) * 1000;
	const windowStart = windowEnd - seconds * 1_000_000;
	const time = new Map<number, number>();
	let at = profile.startTime;
	profile.samples.forEach((id, i) => {
		at += profile.timeDeltas[i]!;
		if (at > windowStart && at <= windowEnd) time.set(id, (time.get(id) ?? 0) + profile.timeDeltas[i]!);
	});
	const fileOf = (n: ProfileNode) => (n.callFrame.url || n.callFrame.functionName).replace(/.*node_modules\/((@[^/]+\/)?[^/]+)\/.*/, '$1').replace(/.*\//, '');
	const functionOf = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'} ${fileOf(n)}:${n.callFrame.lineNumber + 1}`;
	const inclusive = (key: (n: ProfileNode) => string) => {
		const out = new Map<string, number>();
		for (const [id, t] of time) {
			const seen = new Set<string>();
			for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
				const k = key(byId.get(cur)!);
				if (seen.has(k)) continue;
				seen.add(k);
				out.set(k, (out.get(k) ?? 0) + t);
			}
		}
		return out;
	};
	const total = [...time.values()].reduce((a, b) => a + b, 0);
	const top = (m: Map<string, number>, n: number) =>
		[...m]
			.sort((a, b) => b[1] - a[1])
			.slice(0, n)
			.map(([k, v]) => `${((v / total) * 100).toFixed(1).padStart(6)} %  ${k}`)
			.join('\n');
	console.log(`\nby file (inclusive):\n${top(inclusive(fileOf), 30)}`);
	console.log(`\nby function (inclusive):\n${top(inclusive(functionOf), 60)}`);
	// a TypeScript loader shows as tsx's own files or as Node's hooks for loaders (node:internal/modules/esm/hooks),
	// where the main thread waits for the loader's thread
	const loaderFrames = new Set([...time.keys()].flatMap((id) => {
		const frames: string[] = [];
		for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
			const url = byId.get(cur)!.callFrame.url;
			if (/\/node_modules\/tsx\/|node:internal\/modules\/esm\/hooks/.test(url)) frames.push(url);
		}
		return frames;
	}));
	console.log(`\nTypeScript loader frames: ${loaderFrames.size ? [...loaderFrames].join(', ') : 'none'}`);
	console.log(`profile for Chrome's DevTools: ${file}`);
} finally {
	rmSync(dir, { recursive: true, force: true });
}
