// `npm run mutate`: mutation testing with StrykerJS (stryker.config.mjs) over the policy, tenancy, auth and
// module-dispatch code and the tenant scope of queries. Ends with one plain line
//   mutate: <score>% killed, <n> survived
// where <n> counts every mutant no test caught (survived, plus those no test even runs).
// `npm run mutate -- src/lib/server/policy/**/*.ts src/lib/server/db/tenantScope.ts` mutates only those files.
//
// Stryker mutates the working tree in place (inPlace: true) and puts the files back when it exits. This script
// also keeps its own copy of every source file Stryker may touch and, after Stryker ends — normally, with an
// error, or on Ctrl-C / SIGTERM (passed on to Stryker) — writes back any that still carries Stryker's
// instrumentation or is gone, so `git status` is as clean afterwards as before. Only a SIGKILL of this script
// itself can leave mutants behind; then `git checkout -- src/lib/server` (after saving your own edits) repairs it.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const report = 'reports/mutation/mutation.json';
const roots = ['policy', 'tenancy', 'auth', 'builder', 'db'].map((d) => join('src/lib/server', d));

const saved = new Map();
for (const root of roots) {
	for (const f of readdirSync(root, { recursive: true })) {
		const path = join(root, String(f));
		if (path.endsWith('.ts') && !path.endsWith('.test.ts')) saved.set(path, readFileSync(path));
	}
}
// Only files that still carry Stryker's instrumentation are written back, so edits of your own survive.
const INSTRUMENTED = 'stryMutAct_9fa48';
function restore() {
	let n = 0;
	for (const [path, content] of saved) {
		if (!existsSync(path) || readFileSync(path, 'utf8').includes(INSTRUMENTED)) {
			writeFileSync(path, content);
			n++;
		}
	}
	if (n) console.log(`mutate: restored ${n} file(s) Stryker had left mutated`);
	// In place, the vitest runner puts its setup files into the project root; an interrupted run leaves them.
	for (const f of readdirSync('.')) if (/^stryker-setup-\d+\.js$/.test(f)) rmSync(f, { force: true });
}

// Stryker mutates in place, so the generated files it needs (.svelte-kit/tsconfig.json, paraglide) must exist.
for (const [cmd, args] of [['npm', ['run', 'i18n', '--silent']], ['npx', ['svelte-kit', 'sync']]]) {
	const r = spawnSync(cmd, args, { stdio: 'inherit' });
	if (r.status !== 0) process.exit(r.status ?? 1);
}

rmSync(report, { force: true });
const env = { ...process.env };
const only = process.argv.slice(2);
if (only.length) env.MUTATE_FILES = only.join(',');

const started = Date.now();
const child = spawn('npx', ['stryker', 'run', 'stryker.config.mjs'], { stdio: 'inherit', env });
let signalled = false;
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
	process.on(sig, () => {
		signalled = true;
		child.kill(sig);
	});
}
child.on('exit', (code) => {
	restore();
	const minutes = ((Date.now() - started) / 60_000).toFixed(1);
	let r;
	try {
		r = JSON.parse(readFileSync(report, 'utf8'));
	} catch {
		console.log(`mutate: no report written (Stryker ${signalled ? 'was stopped' : 'failed'} after ${minutes} min)`);
		process.exit(code || 1);
	}
	const count = {};
	for (const file of Object.values(r.files)) for (const m of file.mutants) count[m.status] = (count[m.status] ?? 0) + 1;
	const c = (s) => count[s] ?? 0;
	const detected = c('Killed') + c('Timeout');
	const undetected = c('Survived') + c('NoCoverage');
	const score = detected + undetected ? (100 * detected) / (detected + undetected) : 0;
	console.log(
		`Mutants: ${c('Killed')} killed, ${c('Timeout')} timed out, ${c('Survived')} survived, ${c('NoCoverage')} without a covering test, ` +
			`${c('CompileError') + c('RuntimeError')} invalid, ${c('Ignored')} ignored — ${minutes} min`
	);
	console.log(`mutate: ${score.toFixed(1)}% killed, ${undetected} survived`);
	process.exit(code ?? 1);
});
