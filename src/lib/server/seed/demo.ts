import { recordFirstVersion } from '../builder/appPublish.ts';
import { createUser } from '../auth/accounts.ts';
import type { Db } from '../db/index.ts';
import { newId } from '../ids.ts';
import { grantRole } from '../tenancy/memberships.ts';
import { slugify } from '../tenancy/slugs.ts';
import { insertTenant, type Tenant } from '../tenancy/tenants.ts';
import data from './kreis-soest.json' with { type: 'json' };
import { MODULES, type AnyModule } from '../../modules/registry.ts';
import { moduleData } from '../builder/moduleContext.ts';
import { seedProjektpool } from './projektpool.ts';
import { placeDemoTenants } from './places.ts';

export const DEMO_PASSWORD = 'allmende-demo';

export interface DemoAccount {
	email: string;
	name: string;
	what: string;
}

/** The demo logins, all with DEMO_PASSWORD; printed at start and listed in the README. */
export const DEMO_ACCOUNTS: DemoAccount[] = [
	{ email: 'kreis@example.org', name: 'Kreisverwaltung Soest', what: 'county admin (Kreis Soest)' },
	{ email: 'dorf1@example.org', name: 'Anna Altengeseke', what: 'village admin of Altengeseke (Anröchte)' },
	{ email: 'dorf2@example.org', name: 'Bernd Körbecke', what: 'village admin of Körbecke (Möhnesee)' },
	{ email: 'redaktion@example.org', name: 'Clara Redaktion', what: 'editor in Altengeseke' },
	{ email: 'buerger@example.org', name: 'Dieter Bürger', what: 'citizen, member of Altengeseke and of its Schützenverein' }
];

/** true when the database holds no tenant yet */
export async function isEmpty(db: Db): Promise<boolean> {
	return !(await db.selectFrom('tenants').select('id').limit(1).executeTakeFirst());
}

/**
 * Seeds the demo county "Kreis Soest" with its 14 municipalities and their villages, demo accounts with
 * roles and one club. Village slugs that repeat (Völlinghausen) get their municipality's slug appended.
 */
// The modules a village opens its app for every day (installed ones only; the core names no module in code).
const EVERYDAY_MODULES = ['calendar', 'news', 'projects'];

export async function seedDemo(db: Db): Promise<{ villages: Record<string, Tenant> }> {
	const villages: Record<string, Tenant> = {};
	const places: Record<string, Tenant> = {};
	await db.transaction().execute(async (trx) => {
		const county = await insertTenant(trx, { kind: 'county', slug: data.county.slug, name: data.county.name, parent: null, description: 'Demo-Kreis mit 14 Kommunen und ihren Dörfern.' });
		const used = new Set<string>([county.slug]);
		for (const muni of data.municipalities) {
			let mslug = slugify(muni.name);
			if (used.has(mslug)) mslug = `${mslug}-gemeinde`;
			used.add(mslug);
			const municipality = await insertTenant(trx, { kind: 'municipality', slug: mslug, name: muni.name, parent: county });
			places[mslug] = municipality;
			for (const name of muni.villages) {
				let slug = slugify(name);
				if (used.has(slug) || data.municipalities.some((o) => o !== muni && o.villages.includes(name))) slug = `${slug}-${mslug}`;
				used.add(slug);
				const village = await insertTenant(trx, { kind: 'village', slug, name, parent: municipality, colorPrimary: '#1f6f43', colorAccent: '#b35c00' });
				villages[slug] = village;
				places[slug] = village;
			}
		}
		await placeDemoTenants(trx);
		const users: Record<string, string> = {};
		for (const a of DEMO_ACCOUNTS) users[a.email] = (await createUser(trx, { email: a.email, password: DEMO_PASSWORD, displayName: a.name, verified: true })).id;
		const a = villages['altengeseke']!;
		const b = villages['koerbecke']!;
		await grantRole(trx, { tenantId: county.id, userId: users['kreis@example.org']!, role: 'admin' });
		await grantRole(trx, { tenantId: a.id, userId: users['dorf1@example.org']!, role: 'admin' });
		await grantRole(trx, { tenantId: b.id, userId: users['dorf2@example.org']!, role: 'admin' });
		await grantRole(trx, { tenantId: a.id, userId: users['redaktion@example.org']!, role: 'editor' });
		await grantRole(trx, { tenantId: a.id, userId: users['buerger@example.org']!, role: 'member' });
		const now = Date.now();
		const clubId = newId(now);
		await trx.insertInto('clubs').values({ id: clubId, tenantId: a.id, name: 'Schützenverein Altengeseke', slug: 'schuetzenverein-altengeseke', description: 'Schützenfest, Dorfpflege und Jugendarbeit.', createdAt: now, updatedAt: now }).execute();
		await trx.insertInto('clubMembers').values({ id: newId(), tenantId: a.id, clubId, userId: users['buerger@example.org']!, role: 'member', createdAt: now }).execute();
		// The Projektpool: Altengeseke's and Körbecke's projects are kept by their village admins.
		await seedProjektpool(trx, { county, places, creators: { altengeseke: users['dorf1@example.org']!, koerbecke: users['dorf2@example.org']!, citizen: users['buerger@example.org']! } });
		// Körbecke shows a finished app: every module switched on with its demo content. Altengeseke has only the
		// everyday ones, calendar and news, so its admin (dorf1) can try the rest of the Baukasten.
		const switchOn = async (village: Tenant, modules: readonly AnyModule[]) => {
			for (const [position, module] of modules.entries()) {
				await module.seed?.({ data: moduleData(trx, village, module, false), village });
				await trx
					.insertInto('villageModules')
					.values({ id: newId(), tenantId: village.id, moduleId: module.id, enabledAt: now, position, settings: JSON.stringify(module.settings.parse({})), updatedAt: now })
					.execute();
			}
		};
		await switchOn(b, MODULES);
		await switchOn(a, MODULES.filter((m) => EVERYDAY_MODULES.includes(m.id)));
		// both apps as published first versions, as if their admins had pressed "Veröffentlichen" once
		await recordFirstVersion(trx, { village: a, publishedBy: users['dorf1@example.org']!, note: 'Erste Fassung der Dorf-App' });
		await recordFirstVersion(trx, { village: b, publishedBy: users['dorf2@example.org']!, note: 'Erste Fassung der Dorf-App' });
	});
	return { villages };
}
