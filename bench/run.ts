// Runs every benchmark and prints its figures.
import { villageHomeJs } from './villageHomeJs.ts';

const benches = [villageHomeJs];
let failed = 0;
for (const bench of benches) {
	const { ok, lines } = await bench();
	console.log(lines.join('\n'));
	if (!ok) failed++;
}
process.exit(failed ? 1 : 0);
