// Runs the benchmarks named on the command line (`npm run bench -- push builder`), or all of them, and prints
// their figures. Exits non-zero when one is over budget or a name is unknown.
import { builderFigures } from './builder.ts';
import { chatFigures } from './chat.ts';
import { pagesFigures } from './pages.ts';
import { precacheFigures } from './precache.ts';
import { pushFigures } from './push.ts';
import { searchFigures } from './search.ts';
import { villageHomeJs } from './villageHomeJs.ts';

const benches: Record<string, () => Promise<{ ok: boolean; lines: string[] }>> = {
	'village-home-js': villageHomeJs,
	builder: builderFigures,
	precache: precacheFigures,
	push: pushFigures,
	chat: chatFigures,
	search: searchFigures,
	pages: pagesFigures
};

const names = process.argv.slice(2);
const unknown = names.filter((name) => !(name in benches));
if (unknown.length) {
	console.error(`Unknown bench: ${unknown.join(', ')}. Known: ${Object.keys(benches).join(', ')}`);
	process.exit(2);
}
let failed = 0;
for (const name of names.length ? names : Object.keys(benches)) {
	const { ok, lines } = await benches[name]!();
	console.log(lines.join('\n'));
	if (!ok) failed++;
}
process.exit(failed ? 1 : 0);
