// A module that exists only in tests: jobs, a schedule and a channel, to drive the module job runner and the
// scheduler without adding anything to the registry. Its table is created by createJobsModuleTable().
import { z } from 'zod';
import type { Db } from '../../src/lib/server/db/index.ts';
import type { AnyModule } from '../../src/lib/modules/registry.ts';
import { defineModule, newId } from '../../src/lib/server/moduleApi.ts';
import { insertTenant, type Tenant } from '../../src/lib/server/tenancy/tenants.ts';

interface Tables {
	testjobsItems: { id: string; tenantId: string; name: string };
}

/** What the module's handlers saw, in order (tests reset it). */
export const calls: string[] = [];

const settings = z.object({ greeting: z.string().default('Moin') });

export const jobsModule = defineModule<typeof settings, Tables>({
	id: 'testjobs',
	name: { de: 'Testaufträge', en: 'Test jobs' },
	description: { de: 'Nur für Tests', en: 'Tests only' },
	icon: 'info',
	settings,
	publicSettings: [],
	permissions: [],
	pages: [{ path: '', component: 'Page', title: { de: 'Test', en: 'Test' } }],
	migrations: {},
	tables: ['testjobsItems'],
	pushTopics: [],
	server: {
		load: async () => ({}),
		channels: { feed: { params: z.object({}), permission: 'public' } },
		jobs: {
			remember: async (ctx, payload) => {
				calls.push(`remember ${JSON.stringify(payload)} ${ctx.settings.greeting} ${ctx.village.slug} actor=${ctx.actor.userId} ip=${JSON.stringify(ctx.ip)}`);
			},
			write: async (ctx) => {
				await ctx.data.insertInto('testjobsItems').values({ id: newId(), name: 'importiert' } as never).execute();
			},
			read: async (ctx) => {
				calls.push(`read ${(await ctx.data.selectFrom('testjobsItems').select('id').execute()).length}`);
			},
			explode: async () => {
				throw new Error('feed unreachable');
			},
			shout: async (ctx) => {
				ctx.publish('feed', {}, { hello: 'world' });
			},
			later: async (ctx, payload) => {
				await ctx.schedule({ job: 'remember', payload, key: 'once' });
				await ctx.schedule({ job: 'remember', payload, key: 'once' });
			}
		},
		schedules: [
			{
				id: 'sweep',
				everyMinutes: 5,
				run: async (ctx) => {
					calls.push(`sweep ${ctx.village.slug}`);
				}
			}
		]
	}
}) as unknown as AnyModule;

/** Creates the module's table (its migrations are not run: it is not in the registry). */
export async function createJobsModuleTable(db: Db): Promise<void> {
	await db.schema
		.createTable('testjobs_items')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('tenant_id', 'text', (c) => c.notNull())
		.addColumn('name', 'text', (c) => c.notNull())
		.execute();
}

/** A county with one municipality and the given villages. */
export async function createVillages(db: Db, slugs: string[]): Promise<Tenant[]> {
	const county = await insertTenant(db, { kind: 'county', slug: `kreis-${newId().slice(-6)}`, name: 'Kreis', parent: null });
	const muni = await insertTenant(db, { kind: 'municipality', slug: `gemeinde-${newId().slice(-6)}`, name: 'Gemeinde', parent: county });
	const villages = [];
	for (const slug of slugs) villages.push(await insertTenant(db, { kind: 'village', slug, name: slug[0]!.toUpperCase() + slug.slice(1), parent: muni }));
	return villages;
}

/** Switches a module on (or off) in a village, as the Baukasten would. */
export async function setModule(db: Db, village: Tenant, moduleId: string, enabled: boolean, settings: Record<string, unknown> = {}): Promise<void> {
	const now = Date.now();
	await db
		.insertInto('villageModules')
		.values({ id: newId(), tenantId: village.id, moduleId, enabledAt: enabled ? now : null, position: 0, settings: JSON.stringify(settings), updatedAt: now })
		.onConflict((oc) => oc.columns(['tenantId', 'moduleId']).doUpdateSet({ enabledAt: enabled ? now : null, settings: JSON.stringify(settings) }))
		.execute();
}
