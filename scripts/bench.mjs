// `npm run bench [-- name …]`: the benchmarks and budgets in bench/ (all, or the named ones; see bench/run.ts).
// Exits non-zero when one is over budget.
import { spawnSync } from 'node:child_process';
import { buildIfNeeded } from './buildIfNeeded.mjs';

const names = process.argv.slice(2);
// benches that start no server need no build
const NO_BUILD = new Set(['push']);
if (!names.length || names.some((name) => !NO_BUILD.has(name))) buildIfNeeded();
const res = spawnSync(process.execPath, ['--import', 'tsx', 'bench/run.ts', ...names], { stdio: 'inherit' });
process.exit(res.status ?? 1);
