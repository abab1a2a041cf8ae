// The scaffolder (`npm run new-module -- <id>`): which ids it refuses, how it edits registry.ts, and that a
// generated module passes its own test. It writes only into a temporary copy of the project (--root), never
// into this repository.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addToRegistry, checkId, parseArgs } from '../../scripts/new-module.mjs';
import type { AnyModule } from '../../src/lib/modules/registry.ts';

const repo = resolve(fileURLToPath(import.meta.url), '../../..');
const script = join(repo, 'scripts', 'new-module.mjs');

/** Environment for child processes: without the variables of the vitest worker running this file. */
function childEnv(): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' };
	for (const key of Object.keys(env)) if (key.startsWith('VITEST')) delete env[key];
	return env;
}

/** Every file below a folder. */
function moduleSources(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? moduleSources(join(dir, e.name)) : [join(dir, e.name)]));
}

function run(args: string[], cwd = repo) {
	const res = spawnSync(process.execPath, args, { cwd, env: childEnv(), encoding: 'utf8', timeout: 60_000 });
	return { status: res.status, out: `${res.stdout}${res.stderr}` };
}

describe('module ids', () => {
	it('refuses ids of the wrong shape, with a reason', () => {
		for (const id of ['', 'a', 'x'.repeat(41), 'Demo', '1abc', 'a_b', 'a.b', 'a b', 'a--b', 'a-', 'a-2b', 'ümlaut']) {
			expect(checkId(id, repo), JSON.stringify(id)).toEqual(expect.any(String));
		}
	});

	it('refuses paths of the village app, existing modules and names registry.ts cannot import', () => {
		for (const id of ['admin', 'api', 'app', 'manifest.webmanifest', 'icons', 'calendar.ics', 'news.xml']) expect(checkId(id, repo), id).toMatch(/path of the village app/);
		expect(checkId('links', repo)).toMatch(/exists already/);
		expect(checkId('new', repo)).toMatch(/keyword/);
		expect(checkId('get-module', repo)).toMatch(/already uses the name "getModule"/);
	});

	it('accepts lower-case letters, digits and hyphens, starting with a letter', () => {
		for (const id of ['ab', 'lost-and-found', 'news2', 'a1-b2', 'x'.repeat(40)]) expect(checkId(id, repo), id).toBeNull();
	});

	it('reads --root and one id', () => {
		expect(parseArgs(['--root', '/tmp/x', 'demo'])).toEqual({ root: '/tmp/x', id: 'demo' });
		expect(parseArgs(['--root=/tmp/y', 'demo'])).toEqual({ root: '/tmp/y', id: 'demo' });
		expect(parseArgs(['demo', 'other'])).toHaveProperty('error');
		expect(parseArgs(['--root'])).toHaveProperty('error');
		expect(parseArgs(['--force', 'demo'])).toHaveProperty('error');
	});
});

describe('registry.ts', () => {
	const registry = (entries: string) => `import type { ModuleManifest } from './types.ts';\nimport links from './links/module.ts';\n\nexport const MODULES: readonly AnyModule[] = [${entries}];\n\nexport function getModule() {}\n`;

	it('adds the import after the module imports and the entry at the end, in the file’s style', () => {
		expect(addToRegistry(registry('\n\tlinks as unknown as AnyModule\n'), 'lost-and-found')).toBe(
			`import type { ModuleManifest } from './types.ts';\nimport links from './links/module.ts';\nimport lostAndFound from './lost-and-found/module.ts';\n\nexport const MODULES: readonly AnyModule[] = [\n\tlinks as unknown as AnyModule,\n\tlostAndFound as unknown as AnyModule\n];\n\nexport function getModule() {}\n`
		);
		// a list that ends with a comma keeps ending with one
		expect(addToRegistry(registry('\n\tlinks as unknown as AnyModule,\n'), 'demo')).toContain('\tlinks as unknown as AnyModule,\n\tdemo as unknown as AnyModule,\n];');
	});

	it('fills an empty list', () => {
		expect(addToRegistry(registry(''), 'demo')).toContain('= [\n\tdemo as unknown as AnyModule\n];');
	});
});

describe('npm run new-module -- demo', () => {
	let root = '';
	const realRegistry = readFileSync(join(repo, 'src/lib/modules/registry.ts'), 'utf8');

	beforeAll(() => {
		root = mkdtempSync(join(tmpdir(), 'allmende-new-module-'));
		// What the generated test needs: the sources (with the generated translations in src/lib/paraglide),
		// the test helpers and the vitest configuration. Not tsconfig.json: it extends .svelte-kit/tsconfig.json,
		// which only `svelte-kit sync` creates, and the transform fails without it.
		for (const path of ['src', 'tests/helpers', 'vitest.config.ts', 'package.json', 'project.inlang', 'messages']) {
			if (existsSync(join(repo, path))) cpSync(join(repo, path), join(root, path), { recursive: true });
		}
		// node_modules as a folder of links, so that vite's caches (node_modules/.vite*) land in the copy.
		mkdirSync(join(root, 'node_modules'));
		for (const entry of readdirSync(join(repo, 'node_modules'))) {
			if (!entry.startsWith('.')) symlinkSync(join(repo, 'node_modules', entry), join(root, 'node_modules', entry));
		}
	});
	afterAll(() => {
		if (root) rmSync(root, { recursive: true, force: true });
	});

	it('creates a module that passes its own test, and leaves this repository alone', () => {
		const created = run([script, '--root', root, 'demo']);
		expect(created.out).toContain('src/lib/modules/demo/demo.test.ts');
		expect(created.status).toBe(0);
		for (const file of ['module.ts', 'server.ts', 'queries.ts', 'schemas.ts', 'messages.ts', 'migrations/001_demo.ts', 'ui/Page.svelte', 'ui/Widget.svelte', 'demo.test.ts']) {
			expect(existsSync(join(root, 'src/lib/modules/demo', file)), file).toBe(true);
		}
		const registry = readFileSync(join(root, 'src/lib/modules/registry.ts'), 'utf8');
		expect(registry).toContain("import demo from './demo/module.ts';");
		expect(registry).toContain('demo as unknown as AnyModule');

		// With the checks every module must pass, when there are: the generated code imports only what modules
		// may and has no way around its village (boundaries), and declares what the core enforces (registry).
		const checks = ['src/lib/modules/boundaries.test.ts', 'src/lib/modules/registry.test.ts'].filter((f) => existsSync(join(root, f)));
		const vitest = run([join(repo, 'node_modules/vitest/vitest.mjs'), 'run', '--root', root, 'src/lib/modules/demo/demo.test.ts', ...checks], root);
		// eslint-disable-next-line no-control-regex -- strips colour codes, should a reporter print them anyway
		const report = vitest.out.replace(/\u001b\[[0-9;]*m/g, '');
		expect(report).toMatch(/Tests\s+\d+ passed/);
		expect(report).not.toMatch(/failed/);
		expect(vitest.status, report).toBe(0);
		expect(report, 'the generated test ran').toMatch(/demo\.test\.ts/);

		expect(existsSync(join(repo, 'src/lib/modules/demo'))).toBe(false);
		expect(readFileSync(join(repo, 'src/lib/modules/registry.ts'), 'utf8')).toBe(realRegistry);
	}, 90_000);

	it('creates a module on the v2 contract: its table, one write endpoint, a public read, no tenant filter of its own', async () => {
		const demo = (await import(pathToFileURL(join(root, 'src/lib/modules/demo/module.ts')).href)).default as AnyModule;
		expect(demo.tables).toEqual(['demoItems']);
		const writes = Object.entries(demo.server.actions ?? {}).filter(([, a]) => a.api);
		expect(writes.map(([name, a]) => [name, a.api, a.permission])).toEqual([['addItem', { method: 'POST', path: 'items' }, 'demo.edit']]);
		expect(demo.permissions).toEqual([expect.objectContaining({ id: 'demo.edit', role: 'editor' })]);
		expect(demo.server.api?.items?.permission).toBe('public');
		expect(demo.auditActions).toHaveProperty(['demo.add']);

		const migration = readFileSync(join(root, 'src/lib/modules/demo/migrations/001_demo.ts'), 'utf8');
		expect(migration).toContain(".createTable('demo_items')");
		expect(migration).toContain(".addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))");
		expect(migration).toMatch(/createIndex\('demo_items_tenant_idx'\)\.on\('demo_items'\)\.columns\(\['tenant_id'/);

		// ctx.data filters by the village; a module that filters by hand teaches the wrong thing
		for (const file of moduleSources(join(root, 'src/lib/modules/demo'))) {
			expect(readFileSync(file, 'utf8'), file).not.toMatch(/where\(\s*['"](tenantId|tenant_id)['"]/);
		}
	});

	it('refuses a second "demo" and a reserved id with exit code 1, changing nothing', () => {
		const before = readFileSync(join(root, 'src/lib/modules/registry.ts'), 'utf8');
		const again = run([script, '--root', root, 'demo']);
		expect(again.status).toBe(1);
		expect(again.out).toMatch(/exists already/);
		const admin = run([script, '--root', root, 'admin']);
		expect(admin.status).toBe(1);
		expect(admin.out).toMatch(/path of the village app/);
		expect(existsSync(join(root, 'src/lib/modules/admin'))).toBe(false);
		expect(readFileSync(join(root, 'src/lib/modules/registry.ts'), 'utf8')).toBe(before);
	});
});
