// `npm run new-module -- <id>`: scaffolds a village-app module in src/lib/modules/<id>/ (manifest, settings,
// a page, a widget, a migration, texts and a passing test) and adds it to src/lib/modules/registry.ts.
// `--root <dir>` works on another copy of the project (the scaffolder's own test uses a temporary one).
// docs/MODULES.md explains what the generated files do.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const USAGE = 'Usage: npm run new-module -- [--root <dir>] <id>\n  e.g. npm run new-module -- lost-and-found';

// Paths the village app itself serves at /<village>/<segment>: a module with such an id could never be reached.
// Folders found in src/routes/[village]/ are added when the scaffolder runs (see reservedIds).
const RESERVED_PATHS = ['admin', 'api', 'app', 'manifest.webmanifest', 'calendar.ics', 'news.xml', 'service-worker.js', 'sw.js', 'offline'];

// The id becomes a JavaScript name in registry.ts (`import <camelId> from …`), so it must not be a keyword.
const JS_RESERVED = new Set(
	'await break case catch class const continue debugger default delete do else enum export extends false finally for function if implements import in instanceof interface let new null package private protected public return static super switch this throw true try typeof var void while with yield arguments eval undefined'.split(' ')
);

/** "lost-and-found" → "lostAndFound" */
export function camelCase(id) {
	return id.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());
}

/** "lost-and-found" → "LostAndFound" */
export function pascalCase(id) {
	const camel = camelCase(id);
	return camel.charAt(0).toUpperCase() + camel.slice(1);
}

/** "lost-and-found" → "Lost and found" (a first name for the module; the author changes it). */
export function displayName(id) {
	const words = id.replace(/-/g, ' ');
	return words.charAt(0).toUpperCase() + words.slice(1);
}

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

/** The files of a new module, by path below its folder. */
export function moduleFiles(id) {
	const camel = camelCase(id);
	const pascal = pascalCase(id);
	const under = id.replace(/-/g, '_');
	const name = displayName(id);
	const table = `${under}_items`;
	const tableCamel = `${camel}Items`;
	const migration = `001_${under}`;
	const db = `${camel}Db`;
	const files = {};

	files['module.ts'] = `// The ${id} module. Scaffolded by \`npm run new-module\`; docs/MODULES.md explains every field.
import { defineModule, newId } from '../../server/moduleApi.ts';
import * as m001 from './migrations/${migration}.ts';
import { ${db} } from './queries.ts';
import { settingsSchema } from './schemas.ts';
import { server } from './server.ts';

export default defineModule({
	id: '${id}',
	name: { de: '${name}', en: '${name}' },
	description: { de: '„${name}“ – beschreiben Sie hier in einem Satz, was das Modul dem Dorf bietet.', en: '“${name}” – describe in one sentence what the module offers the village.' },
	icon: 'info',
	settings: settingsSchema,
	publicSettings: ['widgetCount'],
	permissions: [{ id: '${id}.edit', role: 'editor', description: { de: 'Einträge anlegen', en: 'Add entries' } }],
	pages: [{ path: '', component: 'Page', title: { de: '${name}', en: '${name}' } }],
	widget: { component: 'Widget' },
	migrations: { '${migration}': m001 },
	realtimeChannels: [],
	pushTopics: [],
	server,
	async seed({ db, village }) {
		await ${db}(db).insertInto('${tableCamel}').values({ id: newId(), tenantId: village.id, title: 'Willkommen! Dies ist ein erster Beispiel-Eintrag.', createdAt: Date.now() }).execute();
	}
});
`;

	files['schemas.ts'] = `import { z } from 'zod';
import { text } from './messages.ts';

// Settings per village, each with a default; the village admin's settings form is generated from this schema
// (the label comes from .meta({ label })).
export const settingsSchema = z.object({
	widgetCount: z.coerce.number().int().min(1).max(12).default(3).meta({ label: text.settingWidgetCount })
});

export const itemSchema = z.object({ title: z.string().trim().min(1).max(120) });
`;

	files['messages.ts'] = `// The ${id} module's texts, German and English. (Modules keep their texts in their folder.)
import type { Locale, Localized } from '../types.ts';

export const text = {
	empty: { de: 'Noch keine Einträge.', en: 'No entries yet.' },
	add: { de: 'Eintrag hinzufügen', en: 'Add entry' },
	itemTitle: { de: 'Titel', en: 'Title' },
	saved: { de: 'Gespeichert.', en: 'Saved.' },
	all: { de: 'Alle Einträge', en: 'All entries' },
	errForbidden: { de: 'Einträge anlegen dürfen nur die Redaktion und die Admins des Dorfes.', en: 'Only the village’s editors and admins may add entries.' },
	settingWidgetCount: { de: 'Einträge auf dem Startbildschirm', en: 'Entries on the home screen' }
} satisfies Record<string, Localized>;

/** The text in the locale, with {placeholders} filled in. */
export function t(locale: Locale, key: keyof typeof text, values: Record<string, string | number> = {}): string {
	return text[key][locale].replace(/\\{(\\w+)\\}/g, (_, k: string) => String(values[k] ?? \`{\${k}}\`));
}
`;

	files['queries.ts'] = `import type { Db } from '../../server/moduleApi.ts';

/** The table of migrations/${migration}.ts as Kysely sees it (camelCase; the database has snake_case). */
export interface ${pascal}ItemsTable {
	id: string;
	tenantId: string;
	title: string;
	createdAt: number;
}

/** The core's database with this module's table added to its type. */
export function ${db}(db: Db) {
	return db.withTables<{ ${tableCamel}: ${pascal}ItemsTable }>();
}

export interface ${pascal}Item {
	id: string;
	title: string;
	createdAt: number;
}

/** A village's entries, newest first (at most \`limit\`). Every query filters by the village. */
export async function listItems(db: Db, villageId: string, limit = 100): Promise<${pascal}Item[]> {
	return ${db}(db).selectFrom('${tableCamel}').select(['id', 'title', 'createdAt']).where('tenantId', '=', villageId).orderBy('createdAt', 'desc').orderBy('id', 'desc').limit(limit).execute();
}
`;

	files['server.ts'] = `import type { z } from 'zod';
import { denied, invalid, newId, parseInput } from '../../server/moduleApi.ts';
import type { ModuleServer } from '../types.ts';
import { t } from './messages.ts';
import { ${db}, listItems } from './queries.ts';
import { itemSchema, type settingsSchema } from './schemas.ts';

type Settings = z.infer<typeof settingsSchema>;

export const server: ModuleServer<Settings> = {
	async load(ctx) {
		return { items: await listItems(ctx.db, ctx.village.id), canEdit: ctx.can('${id}.edit') };
	},

	async widget(ctx) {
		return { items: await listItems(ctx.db, ctx.village.id, ctx.settings.widgetCount) };
	},

	actions: {
		async add(ctx, form) {
			// Permission first: who may not add learns nothing from validating the input.
			if (!ctx.can('${id}.edit')) return denied(t(ctx.locale, 'errForbidden'));
			const parsed = parseInput(itemSchema, form, { labels: { title: t(ctx.locale, 'itemTitle') } });
			if (!parsed.ok) return invalid(parsed.errors, form);
			const id = newId();
			// The row and its audit entry are written together or not at all.
			await ctx.db.transaction().execute(async (trx) => {
				await ${db}(trx).insertInto('${tableCamel}').values({ id, tenantId: ctx.village.id, title: parsed.data.title, createdAt: Date.now() }).execute();
				await ctx.audit(trx, { action: '${id}.add', targetType: '${id}.item', targetId: id, data: { title: parsed.data.title } });
			});
			return { ok: true, data: { added: id } };
		}
	}
};
`;

	files[`migrations/${migration}.ts`] = `import type { Kysely } from 'kysely';

// The ${id} module's entries, per village. Portable column types only (text, bigint, integer): the same
// migration runs on SQLite and PostgreSQL. It runs as "mod_${id}_${migration}".
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('${table}')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('${table}_tenant_idx').on('${table}').columns(['tenant_id', 'created_at']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('${table}').execute();
}
`;

	files['ui/Page.svelte'] = `<script lang="ts">
	// The ${id} page: everyone sees the entries; editors also get a form to add one.
	// The form is a plain POST (it works without JavaScript); with JavaScript, \`enhance\` keeps the page in place.
	import { enhance } from '$app/forms';
	import type { SubmitFunction } from '@sveltejs/kit';
	import { tick } from 'svelte';
	import Field from '$lib/ui/Field.svelte';
	import FormErrors from '$lib/ui/FormErrors.svelte';
	import { formatDateTime } from '$lib/ui/format';
	import type { Locale } from '../../types';
	import { t } from '../messages';

	interface Item {
		id: string;
		title: string;
		createdAt: number;
	}
	interface Props {
		data: { items: Item[]; canEdit: boolean };
		form?: { action?: string | null; ok?: boolean; errors?: Record<string, string>; values?: Record<string, string | undefined> } | null;
		locale: Locale;
		title: string;
	}
	let { data, form, locale, title }: Props = $props();

	// The answer of the "add" form: its errors go to its fields and to the summary above it.
	const failed = $derived(form?.action === 'add' && form.ok !== true ? form : null);
	const saved = $derived(form?.action === 'add' && form.ok === true);

	// After an enhanced submit the page does not reload, so the focus is put where a keyboard user goes on:
	// on the first field with an error, or on the empty title field for the next entry.
	const focusAfterSubmit: SubmitFunction = () => {
		return async ({ formElement, update }) => {
			await update();
			await tick();
			(formElement.querySelector<HTMLElement>('[aria-invalid="true"]') ?? formElement.querySelector<HTMLElement>('input[name="title"]'))?.focus();
		};
	};
</script>

<h1>{title}</h1>

<div role="status">{#if saved}<p class="alert ok">{t(locale, 'saved')}</p>{/if}</div>
{#if failed && !data.canEdit}<FormErrors errors={failed.errors} />{/if}

{#if data.items.length}
	<ul class="plain items">
		{#each data.items as item (item.id)}
			<li>
				<span class="item-title">{item.title}</span>
				<time class="muted" datetime={new Date(item.createdAt).toISOString()}>{formatDateTime(item.createdAt, locale, 'short')}</time>
			</li>
		{/each}
	</ul>
{:else}
	<p class="muted">{t(locale, 'empty')}</p>
{/if}

{#if data.canEdit}
	<section class="card editor" aria-labelledby="${id}-add-h">
		<h2 id="${id}-add-h">{t(locale, 'add')}</h2>
		<FormErrors errors={failed?.errors} ids={{ title: '${id}-title' }} />
		<form method="POST" class="stack narrow" use:enhance={focusAfterSubmit} novalidate>
			<input type="hidden" name="_action" value="add" />
			<Field id="${id}-title" name="title" label={t(locale, 'itemTitle')} value={failed?.values?.title} error={failed?.errors?.title} required />
			<div><button type="submit">{t(locale, 'add')}</button></div>
		</form>
	</section>
{/if}

<style>
	.items { display: grid; gap: 0.5rem; margin-bottom: 2rem; }
	.items li { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: baseline; }
	.item-title { font-weight: 600; }
	.editor { margin-top: 2rem; }
</style>
`;

	files['ui/Widget.svelte'] = `<script lang="ts">
	// Home-screen widget: the latest entries, and a way to all of them. (The home screen gives it its heading.)
	import type { Locale } from '../../types';
	import { t } from '../messages';
	interface Props {
		data: { items: { id: string; title: string }[] };
		locale: Locale;
		href: string;
	}
	let { data, locale, href }: Props = $props();
</script>

{#if data.items.length}
	<ul class="plain items">
		{#each data.items as item (item.id)}
			<li>{item.title}</li>
		{/each}
	</ul>
{:else}
	<p class="muted">{t(locale, 'empty')}</p>
{/if}
<p><a {href}>{t(locale, 'all')}</a></p>

<style>
	.items li + li { margin-top: 0.5rem; }
</style>
`;

	files[`${id}.test.ts`] = `// The ${id} module against a real database, through a context like the one the core builds for a request
// (src/lib/server/builder/moduleContext.ts). Unhappy paths first: who may not add, what is not valid.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { createTestDb, type TestDb } from '../../../../tests/helpers/testDb.ts';
import { audit } from '../../server/audit/audit.ts';
import { insertTenant, type Tenant } from '../../server/tenancy/tenants.ts';
import type { ModuleContext } from '../types.ts';
import { text } from './messages.ts';
import ${camel} from './module.ts';
import { ${db} } from './queries.ts';
import { settingsSchema } from './schemas.ts';

type Who = 'anonymous' | 'member' | 'editor';

let t: TestDb;
let village: Tenant;
beforeAll(async () => {
	t = await createTestDb();
	village = await insertTenant(t.db, { kind: 'village', slug: 'dorf', name: 'Dorf', parent: null });
});
afterAll(() => t.cleanup());

/** The module's context for one person in the village; only an editor holds the module's permissions. */
function ctx(who: Who, settings: Partial<z.input<typeof settingsSchema>> = {}): ModuleContext<z.infer<typeof settingsSchema>> {
	const userId = who === 'anonymous' ? null : \`user-\${who}\`;
	return {
		db: t.db,
		village,
		actor: { userId, memberships: who === 'anonymous' ? [] : [{ tenantId: village.id, role: who }], clubRoles: [] },
		locale: 'de',
		settings: settingsSchema.parse(settings),
		ip: '127.0.0.1',
		can: (permissionId) => who === 'editor' && ${camel}.permissions.some((p) => p.id === permissionId),
		audit: (db, entry) => audit(db, { actorId: userId, tenantId: village.id, ...entry, ip: '127.0.0.1' })
	};
}

const add = (who: Who, form: Record<string, string | undefined>) => ${camel}.server.actions!.add!(ctx(who), form);
const load = (who: Who) => ${camel}.server.load(ctx(who), ${camel}.pages[0]!, {}) as Promise<{ items: { title: string }[]; canEdit: boolean }>;
const rows = () => ${db}(t.db).selectFrom('${tableCamel}').selectAll().where('tenantId', '=', village.id).execute();

describe('${id}', () => {
	it('refuses anonymous visitors and plain members, and writes nothing', async () => {
		for (const who of ['anonymous', 'member'] as const) {
			expect(await add(who, { _action: 'add', title: 'Nicht erlaubt' }), who).toMatchObject({ ok: false, status: 403 });
		}
		expect(await rows()).toEqual([]);
		expect(await t.db.selectFrom('auditLog').select('id').where('tenantId', '=', village.id).execute()).toEqual([]);
	});

	it('refuses an empty title, naming the field and keeping what was typed', async () => {
		for (const title of [undefined, '   ']) {
			const res = await add('editor', { _action: 'add', title });
			expect(res).toMatchObject({ ok: false, status: 400 });
			if (!res.ok) expect(res.errors.title).toContain(text.itemTitle.de);
		}
		expect(await rows()).toEqual([]);
	});

	it('lets an editor add an entry, shown by the page, audit-logged', async () => {
		expect(await add('editor', { _action: 'add', title: 'Erster Eintrag' })).toMatchObject({ ok: true });
		expect((await rows()).map((r) => r.title)).toEqual(['Erster Eintrag']);
		expect(await load('anonymous')).toMatchObject({ items: [{ title: 'Erster Eintrag' }], canEdit: false });
		expect((await load('editor')).canEdit).toBe(true);
		const entries = await t.db.selectFrom('auditLog').select(['action', 'actorId']).where('tenantId', '=', village.id).execute();
		expect(entries).toEqual([{ action: '${id}.add', actorId: 'user-editor' }]);
	});

	it('shows the latest entries on the home screen, as many as the settings say', async () => {
		expect((await ${camel}.server.widget!(ctx('anonymous'))).items).toMatchObject([{ title: 'Erster Eintrag' }]);
		await new Promise((r) => setTimeout(r, 2)); // a later created_at than the first entry
		await add('editor', { _action: 'add', title: 'Zweiter Eintrag' });
		const widget = await ${camel}.server.widget!(ctx('anonymous', { widgetCount: 1 }));
		expect(widget.items).toMatchObject([{ title: 'Zweiter Eintrag' }]);
	});

	it('seeds one demo entry into a village', async () => {
		const other = await insertTenant(t.db, { kind: 'village', slug: 'anderes-dorf', name: 'Anderes Dorf', parent: null });
		await ${camel}.seed!({ db: t.db, village: other });
		expect(await ${db}(t.db).selectFrom('${tableCamel}').select('title').where('tenantId', '=', other.id).execute()).toHaveLength(1);
	});
});
`;
	return files;
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
	console.log(`Try it:         npm start, then switch "${displayName(args.id)}" on in /<village>/admin`);
	console.log('How to go on:   docs/MODULES.md');
	return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) process.exit(main());
