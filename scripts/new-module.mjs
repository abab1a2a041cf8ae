// `npm run new-module -- <id>`: scaffolds a village-app module in src/lib/modules/<id>/ (manifest with its
// table, a migration, a page, a widget, one write endpoint and one public read, texts and a passing test; the
// files are in moduleTemplate.mjs) and adds it to src/lib/modules/registry.ts.
// `--root <dir>` works on another copy of the project (the scaffolder's own test uses a temporary one).
// docs/MODULES.md explains what the generated files do.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { camelCase, displayName, moduleFiles } from './moduleTemplate.mjs';

export { camelCase, displayName, moduleFiles, pascalCase } from './moduleTemplate.mjs';

const USAGE = 'Usage: npm run new-module -- [--root <dir>] <id>\n  e.g. npm run new-module -- lost-and-found';

// Paths the village app itself serves at /<village>/<segment>: a module with such an id could never be reached.
// Folders found in src/routes/[village]/ are added when the scaffolder runs (see reservedIds).
// the legal pages (/<village>/impressum …) are one route with a param matcher (src/params/legal.ts), so they are named here
const RESERVED_PATHS = ['admin', 'api', 'app', 'manifest.webmanifest', 'icons', 'calendar.ics', 'news.xml', 'service-worker.js', 'sw.js', 'offline', 'impressum', 'datenschutz', 'barrierefreiheit'];

// The id becomes a JavaScript name in registry.ts (`import <camelId> from …`), so it must not be a keyword.
const JS_RESERVED = new Set(
	'await break case catch class const continue debugger default delete do else enum export extends false finally for function if implements import in instanceof interface let new null package private protected public return static super switch this throw true try typeof var void while with yield arguments eval undefined'.split(' ')
);

/** Ids that would collide with a path of the village app: the fixed list plus the static folders in src/routes/[village]/. */
export function reservedIds(root) {
	const reserved = new Set(RESERVED_PATHS);
	const villageRoutes = join(root, 'src', 'routes', '[village]');
	if (existsSync(villageRoutes)) {
		for (const entry of readdirSync(villageRoutes)) if (!entry.startsWith('[') && !entry.startsWith('+') && !entry.startsWith('(')) reserved.add(entry);
	}
	return reserved;
}

/**
 * Why the id cannot be used in this project, or null when it can. The shape rules keep the id usable as a URL
 * segment, a table-name prefix and a JavaScript name; the rest keeps it from colliding with what exists.
 */
export function checkId(id, root) {
	if (!id) return `Name the module.\n${USAGE}`;
	if (reservedIds(root).has(id)) return `"${id}" is taken: /<village>/${id} is a path of the village app itself. Pick another id.`;
	if (id.length < 2 || id.length > 40) return `"${id}" is too ${id.length < 2 ? 'short' : 'long'}: a module id has 2 to 40 characters.`;
	if (!/^[a-z][a-z0-9-]*$/.test(id)) return `"${id}" is not a usable module id: use lower-case letters (a–z), digits and hyphens, starting with a letter, e.g. "lost-and-found".`;
	// Tables are named <id_with_underscores>_items and mapped to camelCase by Kysely: "a-2b" would become
	// a_2b_items in the database but a2b_items on the way back, so a hyphen must be followed by a letter.
	if (/-(?![a-z])/.test(id)) return `"${id}": a hyphen must be followed by a letter (no "--", no "-2", no hyphen at the end).`;
	if (JS_RESERVED.has(camelCase(id))) return `"${id}" is a JavaScript keyword and cannot name the module's import in registry.ts. Pick another id.`;
	const modules = join(root, 'src', 'lib', 'modules');
	if (existsSync(join(modules, id))) return `src/lib/modules/${id}/ exists already. Pick another id (or remove that folder first).`;
	const registry = readFileSync(join(modules, 'registry.ts'), 'utf8');
	if (registry.includes(`'./${id}/module.ts'`)) return `registry.ts lists a module "${id}" already.`;
	if (new RegExp(`\\b${camelCase(id)}\\b`).test(registry)) return `registry.ts already uses the name "${camelCase(id)}"; pick another id.`;
	return null;
}

/**
 * registry.ts with the module added: its import after the other module imports, its entry at the end of MODULES.
 * Keeps the file's style (tabs; a trailing comma after the last entry only when the file had one).
 */
export function addToRegistry(source, id) {
	const camel = camelCase(id);
	const lines = source.split('\n');
	let at = -1;
	lines.forEach((line, i) => {
		if (/^import \w+ from '\.\/[^']+\/module\.ts';/.test(line)) at = i;
	});
	if (at < 0) lines.forEach((line, i) => (at = /^import\b/.test(line) ? i : at));
	lines.splice(at + 1, 0, `import ${camel} from './${id}/module.ts';`);
	const withImport = lines.join('\n');
	const list = /(export const MODULES\b[^=]*=\s*\[)([\s\S]*?)\n?(\];)/.exec(withImport);
	if (!list) throw new Error('registry.ts has no "export const MODULES … = [ … ];" list to add the module to.');
	const [whole, head, body] = list;
	const entry = `${camel} as unknown as AnyModule`;
	const existing = body.replace(/\s+$/, '');
	const trailingComma = existing.endsWith(',');
	const entries = existing.trim() ? `${existing}${trailingComma ? '' : ','}\n\t${entry}${trailingComma ? ',' : ''}` : `\n\t${entry}`;
	return withImport.slice(0, list.index) + `${head}${entries}\n];` + withImport.slice(list.index + whole.length);
}

/** Parses `[--root <dir>] <id>`; returns { root, id } or { error }. */
export function parseArgs(argv) {
	let root = process.cwd();
	const rest = [];
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg === '--root') {
			if (!argv[i + 1]) return { error: `--root needs a directory.\n${USAGE}` };
			root = argv[++i];
		} else if (arg.startsWith('--root=')) root = arg.slice('--root='.length);
		else if (arg === '--help' || arg === '-h') return { help: true };
		else if (arg.startsWith('-')) return { error: `Unknown option ${arg}.\n${USAGE}` };
		else rest.push(arg);
	}
	if (rest.length > 1) return { error: `One module id at a time (got ${rest.join(', ')}).\n${USAGE}` };
	return { root: resolve(root), id: rest[0] ?? '' };
}

/** Creates the module in `root`; returns the written paths (relative to root). Throws when the id is not usable. */
export function scaffold(root, id) {
	const problem = checkId(id, root);
	if (problem) throw new Error(problem);
	const registryPath = join(root, 'src', 'lib', 'modules', 'registry.ts');
	const registry = addToRegistry(readFileSync(registryPath, 'utf8'), id);
	const dir = join(root, 'src', 'lib', 'modules', id);
	const written = [];
	// Non-recursive: fails if someone created the folder meanwhile, so nothing of theirs is overwritten.
	mkdirSync(dir);
	try {
		for (const [file, content] of Object.entries(moduleFiles(id))) {
			const path = join(dir, file);
			mkdirSync(join(path, '..'), { recursive: true });
			writeFileSync(path, content, { flag: 'wx' });
			written.push(relative(root, path));
		}
		writeFileSync(registryPath, registry);
		written.push(`${relative(root, registryPath)} (import and entry added)`);
	} catch (e) {
		// Half a module is worse than none: the registry is written last, so removing the folder undoes it all.
		rmSync(dir, { recursive: true, force: true });
		throw e;
	}
	return written;
}

function main() {
	const args = parseArgs(process.argv.slice(2));
	if (args.help) {
		console.log(USAGE);
		return 0;
	}
	if (args.error) {
		console.error(args.error);
		return 1;
	}
	if (!existsSync(join(args.root, 'src', 'lib', 'modules', 'registry.ts'))) {
		console.error(`${args.root} has no src/lib/modules/registry.ts: run this in the Allmende folder (or pass --root).`);
		return 1;
	}
	let written;
	try {
		written = scaffold(args.root, args.id);
	} catch (e) {
		console.error(`new-module: ${e instanceof Error ? e.message : String(e)}`);
		return 1;
	}
	const inRoot = args.root === process.cwd() ? '' : ` --root ${args.root}`;
	console.log(`Created the module "${args.id}":\n  ${written.join('\n  ')}\n`);
	console.log(`Run its test:   npx vitest run${inRoot} src/lib/modules/${args.id}`);
	console.log('Check types:    npm run check');
	console.log('Add its rows:   tests/integration/routeTable.test.ts (npm test names each page and action without one)');
	console.log(`Try it:         npm start, then switch "${displayName(args.id)}" on in /<village>/admin`);
	console.log(`Its JSON API:   GET and POST /api/v1/villages/<village>/${args.id}/items (see /api/v1/openapi.json)`);
	console.log('How to go on:   docs/MODULES.md');
	return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) process.exit(main());
