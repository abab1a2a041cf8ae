// `npm run bench`: the benchmarks and budgets in bench/. Exits non-zero when one is over budget.
import { spawnSync } from 'node:child_process';
import { buildIfNeeded } from './buildIfNeeded.mjs';

buildIfNeeded();
const res = spawnSync(process.execPath, ['--import', 'tsx', 'bench/run.ts'], { stdio: 'inherit' });
process.exit(res.status ?? 1);
