// The module system's two rules, checked on the source: modules import only the core's public API (never
// each other, never core internals), and the core never imports a module by name (only registry.ts lists them).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

function files(dir: string): string[] {
	return readdirSync(dir).flatMap((e) => {
		const p = join(dir, e);
		return statSync(p).isDirectory() ? files(p) : /\.(ts|svelte)$/.test(e) ? [p] : [];
	});
}

// `import … from 'x'`, `import 'x'`, `import('x')`; not a word that merely ends a string, such as get('from')
const importsOf = (file: string) => [...readFileSync(file, 'utf8').matchAll(/(?<![\w'"$.])(?:import|from)\s*\(?\s*['"]([^'"]+)['"]/g)].map((m) => m[1]!);

const MODULES_DIR = 'src/lib/modules';
const moduleIds = readdirSync(MODULES_DIR).filter((e) => statSync(join(MODULES_DIR, e)).isDirectory());

// What module code may import besides its own folder: the contract, the core's module API, the design
// system, SvelteKit and the libraries of the stack.
const ALLOWED_FILES = ['src/lib/modules/types', 'src/lib/modules/types.ts', 'src/lib/server/moduleApi.ts'];
const ALLOWED = [/^\$lib\/ui\//, /^\$lib\/modules\/types$/, /^\$app\//, /^svelte(\/|$)/, /^zod$/, /^kysely$/, /^@sveltejs\/kit$/,
	// the browser client of the core's one WebSocket and its protocol schemas (src/lib/realtime/)
	/^\$lib\/realtime\//,
	// the stack's calendar and feed libraries (DESIGN.md)
	/^rrule$/, /^ical-generator$/, /^ical\.js$/, /^timezones-ical-library$/, /^temporal-polyfill$/, /^feed$/];

describe('module boundaries', () => {
	it.each(moduleIds)('module "%s" imports only its own files and the core’s public API', (id) => {
		const bad: string[] = [];
		for (const file of files(join(MODULES_DIR, id))) {
			if (file.endsWith('.test.ts')) continue; // tests may set up the core directly
			for (const spec of importsOf(file)) {
				if (spec.startsWith('.')) {
					const target = normalize(join(dirname(file), spec));
					// the design system by a relative path, as server code needs it (compiled without SvelteKit's $lib alias)
					if (target.startsWith(join(MODULES_DIR, id) + '/') || ALLOWED_FILES.includes(target) || target.startsWith('src/lib/ui/')) continue;
				} else if (ALLOWED.some((re) => re.test(spec))) continue;
				bad.push(`${relative('.', file)} imports ${spec}`);
			}
		}
		expect(bad).toEqual([]);
	});

	it.each(moduleIds)('module "%s" has no way around its village: no raw SQL, no compiled queries, no unscoped handle', (id) => {
		const bad: string[] = [];
		for (const file of files(join(MODULES_DIR, id))) {
			if (file.endsWith('.test.ts') || file.includes('/migrations/')) continue; // migrations define tables; tests set up
			const source = readFileSync(file, 'utf8');
			for (const m of source.matchAll(/import\s+(type\s+)?\{([^}]*)\}\s+from\s+['"]kysely['"]/g)) {
				const names = m[2]!.split(',').map((n) => n.trim()).filter((n) => n && !n.startsWith('type '));
				if (!m[1] && names.length) bad.push(`${relative('.', file)} imports values from kysely: ${names.join(', ')}`);
			}
			for (const word of ['withoutPlugins', 'CompiledQuery', 'executeQuery', 'sql`', 'withTables']) if (source.includes(word)) bad.push(`${relative('.', file)} uses ${word}`);
		}
		expect(bad).toEqual([]);
	});

	it('the core names no module: only registry.ts imports module folders', () => {
		const bad: string[] = [];
		for (const file of [...files('src/lib/server'), ...files('src/routes'), ...files('src/lib/ui')]) {
			for (const spec of importsOf(file)) if (moduleIds.some((id) => spec.includes(`modules/${id}/`))) bad.push(`${relative('.', file)} imports ${spec}`);
		}
		expect(bad).toEqual([]);
	});
});
