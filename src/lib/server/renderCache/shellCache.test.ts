// The shell cache: a village's tenant row and switched-on modules are read once and kept while the county's content
// version stands; an audited write (which bumps its tenant's version in its transaction) is seen by the next read,
// a rolled-back one never; unknown slugs are not kept; what it hands out cannot change what it keeps.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFileTestDb } from '../../../../tests/helpers/testDb.ts';
import { audit } from '../audit/audit.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/index.ts';
import { insertTenant, type Tenant } from '../tenancy/tenants.ts';
import { openContentVersions, type ContentVersions } from './contentVersions.ts';
import { createShellCache, type ShellCache } from './shellCache.ts';

let db: Db;
let database: Config['database'];
let cleanup: () => Promise<void>;
let versions: ContentVersions;
let shell: ShellCache;
let clock = 0;
let A: Tenant;
let B: Tenant;

/** A write to a tenant's row as the app makes it: in a transaction, with its audit entry (which bumps the version). */
async function auditedRename(tenant: Tenant, name: string, rollBack = false): Promise<void> {
	await db
		.transaction()
		.execute(async (trx) => {
			await trx.updateTable('tenants').set({ name }).where('id', '=', tenant.id).execute();
			await audit(trx, { actorId: null, tenantId: tenant.id, action: 'tenant.update', targetType: 'tenant', targetId: tenant.id });
			if (rollBack) throw new Error('rolled back');
		})
		.catch((e: unknown) => {
			if (!rollBack) throw e;
		});
}

beforeAll(async () => {
	({ db, database, cleanup } = await createFileTestDb());
	const county = await insertTenant(db, { kind: 'county', slug: 'kreis', name: 'Kreis', parent: null });
	const municipality = await insertTenant(db, { kind: 'municipality', slug: 'gemeinde', name: 'Gemeinde', parent: county });
	A = await insertTenant(db, { kind: 'village', slug: 'dorf-a', name: 'Dorf A', parent: municipality });
	B = await insertTenant(db, { kind: 'village', slug: 'dorf-b', name: 'Dorf B', parent: municipality });
	versions = openContentVersions(db, database);
	shell = createShellCache(db, versions, () => clock);
});
afterAll(async () => {
	versions.close();
	await cleanup();
});

describe('the shell cache', () => {
	it('an unknown slug is undefined and is looked up again (not kept)', async () => {
		expect(await (await shell.snapshot()).tenantBySlug('gibt-es-nicht')).toBeUndefined();
		await insertTenant(db, { kind: 'village', slug: 'gibt-es-nicht', name: 'Neu', parent: (await (await shell.snapshot()).tenantBySlug('gemeinde'))! });
		// a new tenant is found at once, with or without a bump: nothing was kept for its slug
		expect((await (await shell.snapshot()).tenantBySlug('gibt-es-nicht'))?.name).toBe('Neu');
	});

	it('keeps a row while nothing is audited: a write that bypasses the audit is not seen (proof that it is kept)', async () => {
		expect((await (await shell.snapshot()).tenantBySlug('dorf-a'))?.name).toBe('Dorf A');
		await db.updateTable('tenants').set({ name: 'Unbemerkt' }).where('id', '=', A.id).execute();
		expect((await (await shell.snapshot()).tenantBySlug('dorf-a'))?.name).toBe('Dorf A');
	});

	it("an audited write to one village is seen on the next read, of that village and of every other one's row too", async () => {
		expect((await (await shell.snapshot()).tenantBySlug('dorf-b'))?.name).toBe('Dorf B');
		await auditedRename(B, 'Dorf B (neu)');
		expect((await (await shell.snapshot()).tenantBySlug('dorf-b'))?.name).toBe('Dorf B (neu)');
		// the bump emptied the whole cache: the row written past the audit above is read afresh as well
		expect((await (await shell.snapshot()).tenantBySlug('dorf-a'))?.name).toBe('Unbemerkt');
	});

	it('a write that rolls back is never seen', async () => {
		await auditedRename(A, 'Zurückgerollt', true);
		expect((await (await shell.snapshot()).tenantBySlug('dorf-a'))?.name).toBe('Unbemerkt');
	});

	it('a write past the audit shows after a minute at most', async () => {
		await db.updateTable('tenants').set({ name: 'Von Hand' }).where('id', '=', B.id).execute();
		clock += 59_000;
		expect((await (await shell.snapshot()).tenantBySlug('dorf-b'))?.name).toBe('Dorf B (neu)');
		clock += 2_000;
		expect((await (await shell.snapshot()).tenantBySlug('dorf-b'))?.name).toBe('Von Hand');
	});

	it("the village's modules: kept, and a settings change by an audited write is seen on the next read", async () => {
		const now = Date.now();
		await db
			.insertInto('villageModules')
			.values({ id: 'vm-a-news', tenantId: A.id, moduleId: 'news', enabledAt: now, position: 0, settings: JSON.stringify({ title: 'Neuigkeiten' }), updatedAt: now })
			.execute();
		await auditedRename(A, 'Dorf A');
		expect((await (await shell.snapshot()).villageModules(A.id)).map((vm) => [vm.module.id, vm.settings.title])).toEqual([['news', 'Neuigkeiten']]);
		await db.transaction().execute(async (trx) => {
			await trx.updateTable('villageModules').set({ settings: JSON.stringify({ title: 'Aus dem Dorf' }) }).where('tenantId', '=', A.id).execute();
			await audit(trx, { actorId: null, tenantId: A.id, action: 'module.settings', targetType: 'module', targetId: 'news' });
		});
		expect((await (await shell.snapshot()).villageModules(A.id))[0]!.settings.title).toBe('Aus dem Dorf');
		// switched off: gone from the list on the next read
		await db.transaction().execute(async (trx) => {
			await trx.updateTable('villageModules').set({ enabledAt: null }).where('tenantId', '=', A.id).execute();
			await audit(trx, { actorId: null, tenantId: A.id, action: 'module.disable', targetType: 'module', targetId: 'news' });
		});
		expect(await (await shell.snapshot()).villageModules(A.id)).toEqual([]);
	});

	it('what it hands out is a copy: changing it changes nothing kept', async () => {
		const now = Date.now();
		await db.transaction().execute(async (trx) => {
			await trx.updateTable('villageModules').set({ enabledAt: now }).where('tenantId', '=', A.id).execute();
			await audit(trx, { actorId: null, tenantId: A.id, action: 'module.enable', targetType: 'module', targetId: 'news' });
		});
		const tenant = (await (await shell.snapshot()).tenantBySlug('dorf-a'))!;
		tenant.name = 'Überschrieben';
		const modules = await (await shell.snapshot()).villageModules(A.id);
		modules[0]!.settings.title = 'Überschrieben';
		modules.pop();
		expect((await (await shell.snapshot()).tenantBySlug('dorf-a'))?.name).toBe('Dorf A');
		expect((await (await shell.snapshot()).villageModules(A.id)).map((vm) => vm.settings.title)).toEqual(['Aus dem Dorf']);
	});
});
