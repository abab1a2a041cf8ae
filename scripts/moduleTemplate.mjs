// The files `npm run new-module -- <id>` writes: a module on the module platform v2 contract
// (src/lib/modules/types.ts) in the shape of the links module. docs/MODULES.md explains every part; keep the
// two in step when the contract changes (tests/integration/newModule.test.ts runs the generated test).

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

/** The files of a new module, by path below its folder. */
export function moduleFiles(id) {
	const camel = camelCase(id);
	const pascal = pascalCase(id);
	const under = id.replace(/-/g, '_');
	const name = displayName(id);
	const table = `${under}_items`;
	const tableCamel = `${camel}Items`;
	const migration = `001_${under}`;
	const files = {};

	files['module.ts'] = `// The ${id} module. Scaffolded by \`npm run new-module\`; docs/MODULES.md explains every field.
import { defineModule, newId } from '../../server/moduleApi.ts';
import * as m001 from './migrations/${migration}.ts';
import { text } from './messages.ts';
import type { ${pascal}Tables } from './queries.ts';
import { settingsSchema } from './schemas.ts';
import { server } from './server.ts';

export default defineModule<typeof settingsSchema, ${pascal}Tables>({
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
	tables: ['${tableCamel}'],
	pushTopics: [],
	server,
	fieldLabels: { title: text.itemTitle },
	auditActions: { '${id}.add': { de: 'Eintrag angelegt', en: 'entry added' } },
	async seed({ data }) {
		await data.insertInto('${tableCamel}').values({ id: newId(), title: 'Willkommen! Dies ist ein erster Beispiel-Eintrag.', createdAt: Date.now() }).execute();
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

// The input of the action addItem, from the form and from the JSON API alike. Its field label is in
// module.ts (fieldLabels), so a validation message reads "Titel: Bitte ausfüllen."
export const itemSchema = z.object({ title: z.string().trim().min(1).max(120) });

// What the JSON API answers (documented in /api/v1/openapi.json).
const item = z.object({ id: z.string(), title: z.string(), createdAt: z.number().describe('epoch milliseconds') });
export const itemsOutput = z.object({ items: z.array(item) }).meta({ id: '${pascal}Items' });
export const createdOutput = z.object({ id: z.string().describe('UUIDv7 of the new entry') });
`;

	files['messages.ts'] = `// The ${id} module's texts, German and English. (Modules keep their texts in their folder.)
import type { Locale, Localized } from '../types.ts';

export const text = {
	empty: { de: 'Noch keine Einträge.', en: 'No entries yet.' },
	add: { de: 'Eintrag hinzufügen', en: 'Add entry' },
	itemTitle: { de: 'Titel', en: 'Title' },
	saved: { de: 'Gespeichert.', en: 'Saved.' },
	all: { de: 'Alle Einträge', en: 'All entries' },
	settingWidgetCount: { de: 'Einträge auf dem Startbildschirm', en: 'Entries on the home screen' }
} satisfies Record<string, Localized>;

/** The text in the locale, with {placeholders} filled in. */
export function t(locale: Locale, key: keyof typeof text, values: Record<string, string | number> = {}): string {
	return text[key][locale].replace(/\\{(\\w+)\\}/g, (_, k: string) => String(values[k] ?? \`{\${k}}\`));
}
`;

	files['queries.ts'] = `import type { ModuleData } from '../../server/moduleApi.ts';

// The module's table as its code sees it (camelCase; the database has snake_case). The table also has a
// tenant_id column (see migrations/${migration}.ts): the core fills it in and filters by it, because
// ctx.data is bound to the village. So the module never names it.
export interface ${pascal}ItemsTable {
	id: string;
	title: string;
	createdAt: number;
}

export interface ${pascal}Tables {
	${tableCamel}: ${pascal}ItemsTable;
}

export type ${pascal}Data = ModuleData<${pascal}Tables>;

export interface ${pascal}Item {
	id: string;
	title: string;
	createdAt: number;
}

/** The village's entries, newest first (at most \`limit\`). */
export async function listItems(data: ${pascal}Data, limit = 100): Promise<${pascal}Item[]> {
	return data.selectFrom('${tableCamel}').select(['id', 'title', 'createdAt']).orderBy('createdAt', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

/** One entry of the village; undefined when there is none (an id of another village is not found either). */
export async function findItem(data: ${pascal}Data, id: string): Promise<${pascal}Item | undefined> {
	return data.selectFrom('${tableCamel}').select(['id', 'title', 'createdAt']).where('id', '=', id).executeTakeFirst();
}
`;

	files['server.ts'] = `import type { z } from 'zod';
import { actionFor, newId, type ModuleContext, type ModuleServer } from '../../server/moduleApi.ts';
import { findItem, listItems, type ${pascal}Tables } from './queries.ts';
import { createdOutput, itemSchema, itemsOutput, type settingsSchema } from './schemas.ts';

type Settings = z.infer<typeof settingsSchema>;
type Ctx = ModuleContext<Settings, ${pascal}Tables>;

// The core checks an action's \`permission\` and validates its \`input\` before \`run\`, and runs \`run\` in one
// transaction (an answer with ok: false rolls it back). ctx.data only ever sees this village's rows.
const action = actionFor<Ctx>();

export const server: ModuleServer<Settings, ${pascal}Tables> = {
	// The page's data. The core adds \`can\`: what the visitor may do in this module.
	async load(ctx) {
		return { items: await listItems(ctx.data) };
	},

	async widget(ctx) {
		return { items: await listItems(ctx.data, ctx.settings.widgetCount) };
	},

	// Reads: GET /api/v1/villages/<village>/${id}/items and …/items/<id>
	api: {
		items: {
			permission: 'public',
			byId: true,
			summary: "The village's entries, newest first; with an id, one entry",
			output: itemsOutput,
			async run(ctx, { id }) {
				if (id === null) return { items: await listItems(ctx.data) };
				return findItem(ctx.data, id); // undefined answers 404
			}
		}
	},

	// Writes: the page's form (_action=addItem) and POST /api/v1/villages/<village>/${id}/items
	actions: {
		addItem: action({
			permission: '${id}.edit',
			input: itemSchema,
			api: { method: 'POST', path: 'items' },
			summary: 'Add an entry',
			output: createdOutput,
			async run(ctx, input) {
				const id = newId();
				await ctx.data.insertInto('${tableCamel}').values({ id, title: input.title, createdAt: Date.now() }).execute();
				await ctx.audit({ action: '${id}.add', targetType: '${id}.item', targetId: id, data: { title: input.title } });
				return { ok: true, data: { id } };
			}
		})
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
		/** \`can\` comes from the core: what the visitor may do in this module */
		data: { items: Item[]; can: Record<string, boolean> };
		form?: { action?: string | null; ok?: boolean; errors?: Record<string, string>; values?: Record<string, string | undefined> } | null;
		locale: Locale;
		title: string;
	}
	let { data, form, locale, title }: Props = $props();
	const canEdit = $derived(data.can['${id}.edit'] === true);

	// The answer of the "addItem" form: its errors go to its fields and to the summary above it.
	const failed = $derived(form?.action === 'addItem' && form.ok !== true ? form : null);
	const saved = $derived(form?.action === 'addItem' && form.ok === true);

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
{#if failed && !canEdit}<FormErrors errors={failed.errors} />{/if}

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

{#if canEdit}
	<section class="card editor" aria-labelledby="${id}-add-h">
		<h2 id="${id}-add-h">{t(locale, 'add')}</h2>
		<FormErrors errors={failed?.errors} ids={{ title: '${id}-title' }} />
		<form method="POST" class="stack narrow" use:enhance={focusAfterSubmit} novalidate>
			<input type="hidden" name="_action" value="addItem" />
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

	files[`${id}.test.ts`] = `// The ${id} module against a real database, run the way the core runs it: the action through
// runModuleAction (permission, input schema, one transaction — the same path as the page's form and the JSON
// API), reads through the read-only context of a page. Unhappy paths first: who may not add, what is not
// valid, what belongs to another village. Then the happy path.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../../tests/helpers/testDb.ts';
import { formAction, runModuleAction } from '../../server/builder/moduleActions.ts';
import { abilities, createModuleContext, moduleData } from '../../server/builder/moduleContext.ts';
import type { Actor } from '../../server/policy/index.ts';
import { createLocalHub } from '../../server/realtime/hub.ts';
import { insertTenant, type Tenant } from '../../server/tenancy/tenants.ts';
import type { AnyModule } from '../registry.ts';
import ${camel} from './module.ts';
import { settingsSchema } from './schemas.ts';

let t: TestDb;
let M: Tenant;
let A: Tenant;
let B: Tenant;
const module = ${camel} as unknown as AnyModule;

beforeAll(async () => {
	t = await createTestDb();
	const county = await insertTenant(t.db, { kind: 'county', slug: 'kreis', name: 'Kreis', parent: null });
	M = await insertTenant(t.db, { kind: 'municipality', slug: 'gemeinde', name: 'Gemeinde', parent: county });
	A = await insertTenant(t.db, { kind: 'village', slug: 'dorf-a', name: 'Dorf A', parent: M });
	B = await insertTenant(t.db, { kind: 'village', slug: 'dorf-b', name: 'Dorf B', parent: M });
});
afterAll(() => t.cleanup());

type Role = 'admin' | 'editor' | 'moderator' | 'member';
const anonymous: Actor = { userId: null, memberships: [], clubRoles: [] };
/** Someone with a role in one tenant (a village, or the municipality above it). */
const person = (tenant: Tenant, role: Role): Actor => ({ userId: \`user-\${role}-\${tenant.slug}\`, memberships: [{ tenantId: tenant.id, role }], clubRoles: [] });

/** The read-only context of a page, widget or GET in a village, as the core builds it for a request. */
const ctx = (village: Tenant, actor: Actor, settings = {}) => createModuleContext({ db: t.db, village, module, settings: settingsSchema.parse(settings), actor, locale: 'de', ip: '127.0.0.1', readOnly: true });

/** The action "addItem" as the core runs it for the page's form and for POST /api/v1/villages/<village>/${id}/items. */
const addItem = (village: Tenant, actor: Actor, input: Record<string, unknown>) =>
	runModuleAction({
		rt: { db: t.db, hub: createLocalHub(), kickJobs: () => {} },
		village,
		vm: { module, enabled: true, position: 0, settings: settingsSchema.parse({}) },
		action: formAction(module, 'addItem')!,
		actor,
		locale: 'de',
		ip: '127.0.0.1',
		input
	});

const pageTitles = async (village: Tenant) => ((await module.server.load(ctx(village, anonymous), module.pages[0]!, {}, new URLSearchParams())).items as { title: string }[]).map((i) => i.title);
const widgetTitles = async (village: Tenant, settings = {}) => ((await module.server.widget!(ctx(village, anonymous, settings))).items as { title: string }[]).map((i) => i.title);
/** GET /api/v1/villages/<village>/${id}/items[/<id>] */
const read = (village: Tenant, id: string | null = null) => module.server.api!.items!.run(ctx(village, anonymous), { id, query: new URLSearchParams() });
const auditEntries = () => t.db.selectFrom('auditLog').select(['action', 'actorId', 'tenantId', 'targetId']).where('action', '=', '${id}.add').execute();

describe('${id}: who may add', () => {
	it('refuses anonymous visitors (401), plain members and moderators (403), and writes nothing', async () => {
		expect(await addItem(A, anonymous, { title: 'Nicht erlaubt' })).toMatchObject({ ok: false, status: 401 });
		for (const role of ['member', 'moderator'] as const) {
			expect(await addItem(A, person(A, role), { title: 'Nicht erlaubt' }), role).toMatchObject({ ok: false, status: 403 });
		}
		expect(await pageTitles(A)).toEqual([]);
		expect(await auditEntries()).toEqual([]);
	});

	it('refuses an editor of another village (403)', async () => {
		expect(await addItem(A, person(B, 'editor'), { title: 'Von nebenan' })).toMatchObject({ ok: false, status: 403 });
		expect(await pageTitles(A)).toEqual([]);
	});
});

describe('${id}: what is not valid', () => {
	it('refuses a missing, empty or too long title with 400, naming the field and keeping what was typed', async () => {
		for (const input of [{}, { title: '' }, { title: '   ' }, { title: 'x'.repeat(121) }, { title: 42 }]) {
			const res = await addItem(A, person(A, 'editor'), input);
			expect(res, JSON.stringify(input)).toMatchObject({ ok: false, status: 400 });
			if (res.ok) continue;
			expect(res.errors.title).toMatch(/^Titel: /);
			if (typeof input.title === 'string') expect(res.values?.title).toBe(input.title);
		}
		expect(await pageTitles(A)).toEqual([]);
		expect(await auditEntries()).toEqual([]);
	});
});

describe('${id}: another village', () => {
	it("never shows another village's entries: not on the page, in the widget or through the API", async () => {
		const res = await addItem(B, person(B, 'editor'), { title: 'Nur in Dorf B' });
		expect(res).toMatchObject({ ok: true, data: { id: expect.any(String) } });
		const idOfB = res.ok ? String(res.data.id) : '';
		expect(await pageTitles(A)).toEqual([]);
		expect(await widgetTitles(A)).toEqual([]);
		expect(await read(A)).toEqual({ items: [] });
		expect(await read(A, idOfB)).toBeUndefined(); // the API answers 404
		expect(await read(B, idOfB)).toMatchObject({ id: idOfB, title: 'Nur in Dorf B' });
	});
});

describe('${id}: adding entries', () => {
	it('lets an editor add an entry: shown on the page and by the API, audit-logged', async () => {
		const editor = person(A, 'editor');
		const res = await addItem(A, editor, { title: '  Erster Eintrag ' });
		expect(res).toMatchObject({ ok: true, data: { id: expect.any(String) } });
		const id = res.ok ? String(res.data.id) : '';
		expect(await pageTitles(A)).toEqual(['Erster Eintrag']);
		expect(await read(A)).toMatchObject({ items: [{ id, title: 'Erster Eintrag' }] });
		expect(await read(A, id)).toMatchObject({ id, title: 'Erster Eintrag' });
		expect((await auditEntries()).filter((e) => e.tenantId === A.id)).toEqual([{ action: '${id}.add', actorId: editor.userId, tenantId: A.id, targetId: id }]);
	});

	it('lets admins of the village and of the municipality above it add too', async () => {
		expect(await addItem(A, person(A, 'admin'), { title: 'Vom Dorf-Admin' })).toMatchObject({ ok: true });
		expect(await addItem(A, person(M, 'admin'), { title: 'Von der Gemeinde' })).toMatchObject({ ok: true });
		expect(await pageTitles(A)).toHaveLength(3);
	});

	it('tells the page what the visitor may do (data.can)', () => {
		expect(abilities(module, person(A, 'editor'), A)).toEqual({ '${id}.edit': true });
		expect(abilities(module, person(A, 'member'), A)).toEqual({ '${id}.edit': false });
		expect(abilities(module, anonymous, A)).toEqual({ '${id}.edit': false });
	});

	it('shows the latest entries on the home screen, as many as the settings say', async () => {
		await new Promise((r) => setTimeout(r, 2)); // a later created_at than the entries before
		await addItem(A, person(A, 'editor'), { title: 'Neuester Eintrag' });
		expect(await widgetTitles(A, { widgetCount: 1 })).toEqual(['Neuester Eintrag']);
	});

	it('seeds one demo entry into a village', async () => {
		const other = await insertTenant(t.db, { kind: 'village', slug: 'anderes-dorf', name: 'Anderes Dorf', parent: null });
		await module.seed!({ data: moduleData(t.db, other, module, false), village: other });
		expect(await pageTitles(other)).toHaveLength(1);
	});
});
`;
	return files;
}
