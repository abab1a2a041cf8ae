// A generic cross-village test for every installed module: its demo content is seeded in villages A and B,
// then every action is replayed (1) by A's admin in A with each of B's ids in every id field, and (2) in B by
// anonymous visitors, a plain member and A's admin. Whatever the answers, B's rows must be exactly as before.
// It needs no code per module: a new module (npm run new-module) is covered as soon as it is in the registry.
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../tests/helpers/testDb.ts';
import { formAction, runModuleAction } from '../server/builder/moduleActions.ts';
import { moduleData } from '../server/builder/moduleContext.ts';
import { snakeCase } from '../server/db/tenantScope.ts';
import type { Actor } from '../server/policy/index.ts';
import { createLocalHub } from '../server/realtime/hub.ts';
import { insertTenant, type Tenant } from '../server/tenancy/tenants.ts';
import { MODULES, type AnyModule } from './registry.ts';

let t: TestDb;
let A: Tenant;
let B: Tenant;
const hub = createLocalHub();
const adminOf = (v: Tenant): Actor => ({ userId: `admin-${v.slug}`, memberships: [{ tenantId: v.id, role: 'admin' }], clubRoles: [] });
const memberOf = (v: Tenant): Actor => ({ userId: `member-${v.slug}`, memberships: [{ tenantId: v.id, role: 'member' }], clubRoles: [] });
const anonymous: Actor = { userId: null, memberships: [], clubRoles: [] };

beforeAll(async () => {
	t = await createTestDb();
	const county = await insertTenant(t.db, { kind: 'county', slug: 'kreis', name: 'Kreis', parent: null });
	A = await insertTenant(t.db, { kind: 'village', slug: 'dorf-a', name: 'Dorf A', parent: county });
	B = await insertTenant(t.db, { kind: 'village', slug: 'dorf-b', name: 'Dorf B', parent: county });
	for (const module of MODULES) for (const v of [A, B]) await module.seed?.({ data: moduleData(t.db, v, module, false), village: v });
});
afterAll(() => t.cleanup());

/** Every row of the module's tables in one village, as JSON, in a stable order. */
async function snapshot(module: AnyModule, village: Tenant): Promise<string> {
	const rows: Record<string, unknown[]> = {};
	for (const table of module.tables) {
		// the raw handle on purpose: this test looks at what the scope must protect
		const all = await t.db.withTables<Record<string, Record<string, unknown>>>().selectFrom(snakeCase(table)).selectAll().execute();
		rows[table] = all.filter((r) => r.tenantId === village.id).sort((a, b) => String(a.id).localeCompare(String(b.id)));
	}
	return JSON.stringify(rows);
}

/** The ids of a village's rows in the module's tables. */
async function idsIn(module: AnyModule, village: Tenant): Promise<string[]> {
	return Object.values(JSON.parse(await snapshot(module, village)) as Record<string, { id: string }[]>).flatMap((rows) => rows.map((r) => r.id));
}

/**
 * A plausible value for a field of an action's input: an id field gets `id`, anything textual a value that also
 * passes URL checks, enums their first option. Good enough that validation lets most actions reach their lookups.
 */
function sample(schema: z.ZodType, key: string, id: string): unknown {
	const def = schema.def as { type: string; innerType?: z.ZodType; options?: z.ZodType[]; element?: z.ZodType; entries?: Record<string, string>; in?: z.ZodType };
	switch (def.type) {
		case 'default':
		case 'optional':
		case 'nullable':
			return sample(def.innerType!, key, id);
		case 'pipe':
			return sample(def.in!, key, id);
		case 'union':
			return sample(def.options![0]!, key, id);
		case 'array':
			return [sample(def.element!, key, id)];
		case 'enum':
			return Object.values(def.entries!)[0];
		case 'number':
			return 1;
		case 'boolean':
			return true;
		default:
			return /id$/i.test(key) || key === 'order' ? id : 'https://example.org/probe';
	}
}

function inputWith(schema: z.ZodType, id: string): Record<string, unknown> {
	const shape = schema instanceof z.ZodObject ? (schema.shape as Record<string, z.ZodType>) : {};
	return Object.fromEntries(Object.entries(shape).map(([key, field]) => [key, sample(field, key, id)]));
}

const run = (module: AnyModule, village: Tenant, actor: Actor, name: string, input: Record<string, unknown>) =>
	runModuleAction({ rt: { db: t.db, hub, kickJobs: () => {} }, village, vm: { module, enabled: true, position: 0, settings: module.settings.parse({}) }, action: formAction(module, name)!, actor, locale: 'de', ip: '', input });

describe.each(MODULES.map((m) => [m.id, m] as const))('module "%s" keeps village B’s data out of reach', (_id, module) => {
	const actions = Object.keys(module.server.actions ?? {});

	it('has demo content in B to protect (the seed), or no tables at all', async () => {
		if (module.tables.length > 0) expect((await idsIn(module, B)).length, 'seed() should create rows, so that this test has ids to try').toBeGreaterThan(0);
	});

	it.each(actions)("action %s: A's admin in A with each of B's ids changes nothing in B", async (name) => {
		const before = await snapshot(module, B);
		for (const id of await idsIn(module, B)) {
			const result = await run(module, A, adminOf(A), name, inputWith(formAction(module, name)!.input, id));
			// an answer that reports success must not have touched B (the snapshot decides below)
			expect(result.ok === false || typeof result.data === 'object', `${name} with ${id}`).toBe(true);
		}
		expect(await snapshot(module, B)).toBe(before);
	});

	it.each(actions)('action %s: anonymous, a plain member and a foreign admin are refused in B, and B is unchanged', async (name) => {
		const action = formAction(module, name)!;
		if (action.permission === 'public') return; // nothing to refuse: a public action is everyone's
		const before = await snapshot(module, B);
		for (const id of await idsIn(module, B)) {
			expect(await run(module, B, anonymous, name, inputWith(action.input, id)), `anonymous ${name}`).toMatchObject({ ok: false, status: 401 });
			// a 'signedIn' action is open to every signed-in person; a declared permission needs its role in B
			if (action.permission === 'signedIn') continue;
			const minimum = module.permissions.find((p) => p.id === action.permission)?.role;
			for (const actor of [adminOf(A), ...(minimum === 'member' ? [] : [memberOf(B)])]) {
				expect(await run(module, B, actor, name, inputWith(action.input, id)), `${actor.userId} ${name}`).toMatchObject({ ok: false, status: 403 });
			}
		}
		expect(await snapshot(module, B)).toBe(before);
	});
});
