// Bench: how fast Allmende serves the pages a village's people read, against a bare node:http server sending the
// same bytes in the same run (issue "Fast pages", decision 019).
//
// - Allmende: the built app as `npm start` runs it (compiled, no TypeScript loader), pinned to core 0, on a fresh
//   SQLite database with the demo county, NODE_ENV=production.
// - Bare: bench/bareHttp.mjs on core 0, answering each path with the bytes and content type Allmende sent for it.
// - The load generator: this process on core 1 (bench/httpLoad.ts), 20 keep-alive connections.
//
// Per page: the bare server's req/s and cache hits (the same URL again and again), by turns, the better of two; cache misses (a new query string
// each time: every request renders, and is kept, pushing others out); then p50/p99 at half of each sustainable
// rate. Memory: the server's RSS just after the start and when idle (demo county loaded; V8 gives the start's
// garbage back after some seconds without work), after all the load, and its growth over 100,000 requests (hits of
// all pages and misses mixed in): the live memory after a full collection (read through the inspector), after
// rounds of 100,000 once the render cache is full. The floor: /healthz (one query, never
// cached) as far as the request pipeline (SvelteKit and the hooks) alone goes, without rendering a page.
// `BENCH_SHORT=1` (CI sets it) runs each step for a shorter time.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sleep, startChild, waitFor, type Child } from './child.ts';
import { runLoad, type LoadResult } from './httpLoad.ts';
import { liveMemory, type LiveMemory } from './inspect.ts';

const ALLMENDE_PORT = 3391;
const BARE_PORT = 3392;
/** the Allmende server's inspector (loopback): the memory rounds force a collection through it */
const INSPECT_PORT = 3393;
const CONNECTIONS = 20;
const GOAL_HIT_SHARE = 0.5;
const GOAL_MISS_PER_SECOND = 1500;
const GOAL_P99_MS = 20;
const GOAL_RSS_MB = 150;
/** "no growth over 100,000 requests": live memory may differ by this much between two rounds (20 bytes a request) */
const GOAL_GROWTH_MB = 2;
/** how long the server idles before its idle RSS is read: V8's memory reducer returns the start's garbage after ~10–20 s */
const IDLE_MS = 40_000;
/** rounds of 100,000 requests; growth is compared between the last two (the first fills the render cache) */
const MEMORY_ROUNDS = 3;
/** how long the server may take to finish the requests of a step of misses */
const QUIET_MS = 1500;
/** the JIT's warm-up of both servers before a page's steps */
const WARM_UP_MS = 1000;

const PAGES = [
	{ name: 'village home', path: '/koerbecke/' },
	{ name: 'module page (news)', path: '/koerbecke/news' },
	{ name: 'county home', path: '/' },
	{ name: 'news.xml', path: '/koerbecke/news.xml' },
	{ name: 'calendar.ics', path: '/koerbecke/calendar.ics' },
	{ name: 'app JSON', path: '/api/v1/villages/koerbecke/app' }
];

interface PageFigures {
	name: string;
	path: string;
	bytes: number;
	bare: LoadResult;
	hit: LoadResult;
	miss: LoadResult;
	hitHalf: LoadResult;
	missHalf: LoadResult;
}

const ms = (n: number) => `${n.toFixed(1)} ms`;
const rate = (r: LoadResult) => `${Math.round(r.perSecond)} req/s (p50 ${ms(r.p50)}, p99 ${ms(r.p99)}${r.errors ? `, ${r.errors} errors` : ''})`;

export async function pagesFigures(): Promise<{ ok: boolean; lines: string[] }> {
	if (availableParallelism() < 2) return { ok: false, lines: ['pages: needs two cores (server on core 0, load generator on core 1)'] };
	if (spawnSync('taskset', ['-V']).status !== 0) return { ok: false, lines: ['pages: needs taskset (util-linux)'] };
	const short = process.env.BENCH_SHORT === '1' || process.env.CI === 'true';
	const stepMs = short ? 1500 : 4000;
	const allCores = spawnSync('taskset', ['-pc', String(process.pid)], { encoding: 'utf8' }).stdout.split(':').pop()!.trim();
	spawnSync('taskset', ['-pc', '1', String(process.pid)]);
	const loadBefore = loadavg()[0]!;
	const dir = mkdtempSync(join(tmpdir(), 'allmende-bench-pages-'));
	const children: Child[] = [];
	const lines: string[] = [];
	try {
		const env = {
			NODE_ENV: 'production',
			PORT: String(ALLMENDE_PORT),
			HOST: '127.0.0.1',
			ORIGIN: `http://localhost:${ALLMENDE_PORT}`,
			DATABASE_URL: `sqlite:${join(dir, 'pages.db')}`,
			DEMO: '1',
			ALLMENDE_SKIP_BUILD: '1',
			LOG_LEVEL: 'warn'
		};
		const healthy = (child: Child) => waitFor(async () => (await fetch(`http://localhost:${ALLMENDE_PORT}/healthz`)).ok, 'Allmende', child);
		// the first start seeds the demo county (drawing icons, hashing passwords); idle is a start on it afterwards
		const seeding = startChild(['scripts/start.mjs'], env);
		await healthy(seeding);
		await seeding.stop();
		const allmende = startChild([`--inspect=127.0.0.1:${INSPECT_PORT}`, 'scripts/start.mjs'], env);
		children.push(allmende);
		await healthy(allmende);
		await sleep(2000);
		const startedRssMb = allmende.rssKiB() / 1024;
		await sleep(IDLE_MS - 2000);
		const idleRssMb = allmende.rssKiB() / 1024;

		// what Allmende sends for each page: the bare server sends the same bytes
		const pages: { name: string; path: string; body: string; type: string }[] = [];
		for (const page of PAGES) {
			const res = await fetch(`http://localhost:${ALLMENDE_PORT}${page.path}`, { headers: { accept: 'text/html,*/*' } });
			const body = Buffer.from(await res.arrayBuffer());
			if (res.status !== 200) {
				lines.push(`pages: ${page.path} answered ${res.status}, left out`);
				continue;
			}
			pages.push({ ...page, body: body.toString('base64'), type: res.headers.get('content-type') ?? 'text/html' });
		}
		const bytesFile = join(dir, 'pages.json');
		writeFileSync(bytesFile, JSON.stringify(pages.map(({ path, body, type }) => ({ path, body, type }))));
		const bare = startChild(['bench/bareHttp.mjs', String(BARE_PORT), bytesFile], {});
		children.push(bare);
		await waitFor(async () => (await fetch(`http://localhost:${BARE_PORT}/`)).status > 0, 'bare node:http', bare);

		const figures: PageFigures[] = [];
		let requests = 0;
		for (const page of pages) {
			const load = (port: number, path: string | ((n: number) => string), extra: { rate?: number } = {}) =>
				runLoad({ port, path, connections: CONNECTIONS, durationMs: stepMs, ...extra }).then((r) => {
					requests += r.requests;
					return r;
				});
			const distinct = (n: number) => `${page.path}${page.path.includes('?') ? '&' : '?'}n=${n}`;
			// a short warm-up of both servers (the JIT), then the steps; after a step of misses the server still
			// renders what was asked before the step ended: a pause, so that the next step starts on a quiet server
			await runLoad({ port: BARE_PORT, path: page.path, connections: CONNECTIONS, durationMs: WARM_UP_MS });
			await runLoad({ port: ALLMENDE_PORT, path: page.path, connections: CONNECTIONS, durationMs: WARM_UP_MS });
			// bare and hits by turns, twice, the better of each: one short step is at the mercy of the machine
			const best = (a: LoadResult, b: LoadResult) => (b.perSecond > a.perSecond ? b : a);
			let bareResult = await load(BARE_PORT, page.path);
			let hit = await load(ALLMENDE_PORT, page.path);
			bareResult = best(bareResult, await load(BARE_PORT, page.path));
			hit = best(hit, await load(ALLMENDE_PORT, page.path));
			const hitHalf = await load(ALLMENDE_PORT, page.path, { rate: hit.perSecond / 2 });
			const miss = await load(ALLMENDE_PORT, distinct);
			await sleep(QUIET_MS);
			const missHalf = await load(ALLMENDE_PORT, (n) => distinct(1e9 + n), { rate: miss.perSecond / 2 });
			await sleep(QUIET_MS);
			figures.push({ name: page.name, path: page.path, bytes: Buffer.from(page.body, 'base64').length, bare: bareResult, hit, miss, hitHalf, missHalf });
		}
		const afterRssMb = allmende.rssKiB() / 1024;
		const stepRequests = requests;

		// no growth over 100,000 requests: rounds of 100,000 (every page by turns, each 50th a new URL: a miss that is
		// kept, pushing older pages out of the full cache), the live memory after a full collection after each
		const mixed = (round: number) => (n: number) => {
			const page = pages[n % pages.length]!;
			return n % 50 === 0 ? `${page.path}${page.path.includes('?') ? '&' : '?'}m=${round}-${n}` : page.path;
		};
		const memoryRound = async (round: number) => {
			let done = 0;
			while (done < 100_000) {
				const r = await runLoad({ port: ALLMENDE_PORT, path: (n) => mixed(round)(done + n), connections: CONNECTIONS, durationMs: 1000 });
				done += r.requests;
				otherErrors += r.errors;
			}
			await sleep(500);
			return { requests: done, ...(await liveMemory(INSPECT_PORT)) };
		};
		let otherErrors = 0;
		const rounds: (LiveMemory & { requests: number })[] = [];
		for (let round = 1; round <= MEMORY_ROUNDS; round++) rounds.push(await memoryRound(round));
		const live = (m: LiveMemory) => m.heapMb + m.externalMb;
		const growthMb = live(rounds.at(-1)!) - live(rounds.at(-2)!);

		// the floor: the request pipeline alone (SvelteKit, the hooks, one query), nothing rendered or kept
		await runLoad({ port: ALLMENDE_PORT, path: '/healthz', connections: CONNECTIONS, durationMs: WARM_UP_MS });
		const floor = await runLoad({ port: ALLMENDE_PORT, path: '/healthz', connections: CONNECTIONS, durationMs: stepMs });
		otherErrors += floor.errors;

		for (const f of figures) {
			lines.push(`pages ${f.name} (${f.path}, ${(f.bytes / 1024).toFixed(1)} KiB):`);
			lines.push(`  bare node:http ${rate(f.bare)}`);
			lines.push(`  cache hits     ${rate(f.hit)} = ${((f.hit.perSecond / f.bare.perSecond) * 100).toFixed(1)} % of bare; at half that load p50 ${ms(f.hitHalf.p50)}, p99 ${ms(f.hitHalf.p99)}`);
			lines.push(`  cache misses   ${rate(f.miss)}; at half that load p50 ${ms(f.missHalf.p50)}, p99 ${ms(f.missHalf.p99)}`);
		}
		const worstHit = figures.reduce((a, b) => (b.hit.perSecond / b.bare.perSecond < a.hit.perSecond / a.bare.perSecond ? b : a));
		const worstMiss = figures.reduce((a, b) => (b.miss.perSecond < a.miss.perSecond ? b : a));
		const worstP99 = Math.max(...figures.flatMap((f) => [f.hitHalf.p99, f.missHalf.p99]));
		const hitPct = (worstHit.hit.perSecond / worstHit.bare.perSecond) * 100;
		const errors = otherErrors + figures.reduce((sum, f) => sum + f.bare.errors + f.hit.errors + f.miss.errors + f.hitHalf.errors + f.missHalf.errors, 0);
		const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
		lines.push(
			`pages set-up: Allmende (compiled, SQLite, demo county, NODE_ENV=production) and bare node:http pinned to core 0, load generator on core 1, ${CONNECTIONS} connections, steps of ${stepMs / 1000} s; load average ${loadBefore.toFixed(1)} before, ${loadavg()[0]!.toFixed(1)} after`,
			`pages memory: RSS ${startedRssMb.toFixed(0)} MB 2 s after a start on the seeded demo county, idle RSS ${idleRssMb.toFixed(0)} MB after ${IDLE_MS / 1000} s without requests (goal < ${GOAL_RSS_MB} MB → ${met(idleRssMb < GOAL_RSS_MB)}); ${afterRssMb.toFixed(0)} MB after the ${stepRequests} requests above`,
			`pages memory over rounds of 100,000 requests (each 50th a new page for the cache), after a full collection: ${rounds.map((r, i) => `round ${i + 1} (${r.requests}): heap ${r.heapMb.toFixed(1)} MB + outside the heap ${r.externalMb.toFixed(1)} MB, RSS ${r.rssMb.toFixed(0)} MB`).join('; ')}; growth over the last round ${growthMb >= 0 ? '+' : ''}${growthMb.toFixed(1)} MB (goal < ${GOAL_GROWTH_MB} MB → ${met(growthMb < GOAL_GROWTH_MB)})`,
			`pages floor: /healthz (the request pipeline alone: SvelteKit, the hooks, one query; nothing rendered, never kept) ${rate(floor)}: a cache miss cannot be answered faster than this`,
			`pages goals: hits ≥ ${GOAL_HIT_SHARE * 100} % of bare (worst: ${worstHit.name}, ${hitPct.toFixed(1)} % → ${met(hitPct >= GOAL_HIT_SHARE * 100)}); misses ≥ ${GOAL_MISS_PER_SECOND} req/s (worst: ${worstMiss.name}, ${Math.round(worstMiss.miss.perSecond)} → ${met(worstMiss.miss.perSecond >= GOAL_MISS_PER_SECOND)}); p99 < ${GOAL_P99_MS} ms at half load (worst ${ms(worstP99)} → ${met(worstP99 < GOAL_P99_MS)}); ${errors} unexpected answers`,
			`pages: hit ${hitPct.toFixed(0)}% of bare, miss ${Math.round(worstMiss.miss.perSecond)} req/s, rss ${idleRssMb.toFixed(0)} MB`
		);
		// the figures are printed; the bench fails only when something answered wrongly
		return { ok: errors === 0 && figures.length === PAGES.length, lines };
	} finally {
		for (const child of children) await child.stop();
		rmSync(dir, { recursive: true, force: true });
		spawnSync('taskset', ['-pc', allCores, String(process.pid)]);
	}
}
