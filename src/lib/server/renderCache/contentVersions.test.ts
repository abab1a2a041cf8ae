// The versions the render cache keys on: they grow with every bump of a tenant in the scope, a county page's with
// any tenant's; on SQLite the reader sees committed bumps only (a transaction that rolls back leaves no trace).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFileTestDb } from '../../../../tests/helpers/testDb.ts';
import type { Config } from '../config.ts';
import { bumpContentVersion } from '../db/contentVersion.ts';
import type { Db } from '../db/index.ts';
import { insertTenant, type Tenant } from '../tenancy/tenants.ts';
import { pathIds } from '../tenancy/roles.ts';
import { openContentVersions, scopeFromHeader, scopeToHeader, type ContentVersions } from './contentVersions.ts';

let db: Db;
let database: Config['database'];
let cleanup: () => Promise<void>;
let versions: ContentVersions;
let A: Tenant;
let B: Tenant;
let county: Tenant;

beforeAll(async () => {
	({ db, database, cleanup } = await createFileTestDb());
	county = await insertTenant(db, { kind: 'county', slug: 'kreis', name: 'Kreis', parent: null });
	A = await insertTenant(db, { kind: 'village', slug: 'dorf-a', name: 'Dorf A', parent: county });
	B = await insertTenant(db, { kind: 'village', slug: 'dorf-b', name: 'Dorf B', parent: county });
	versions = openContentVersions(db, database);
});
afterAll(async () => {
	versions.close();
	await cleanup();
});

describe('content versions of a scope', () => {
	it("a village's scope grows with its own bumps and its county's, not with another village's", async () => {
		const scopeA = pathIds(A.path);
		expect(scopeA).toEqual([county.id, A.id]);
		const before = await versions.read(scopeA);
		await bumpContentVersion(db, B.id);
		expect(await versions.read(scopeA)).toBe(before);
		await bumpContentVersion(db, A.id);
		expect(await versions.read(scopeA)).toBe(before + 1);
		await bumpContentVersion(db, county.id);
		expect(await versions.read(scopeA)).toBe(before + 2);
	});

	it('the county scope grows with a bump anywhere', async () => {
		const before = await versions.read('all');
		await bumpContentVersion(db, B.id);
		expect(await versions.read('all')).toBe(before + 1);
	});

	it('sees a bump only once its transaction committed, and never one that rolled back', async () => {
		const scopeA = pathIds(A.path);
		const before = await versions.read(scopeA);
		let seenInside = -1;
		await db
			.transaction()
			.execute(async (trx) => {
				await bumpContentVersion(trx, A.id);
				seenInside = await versions.read(scopeA);
				throw new Error('roll back');
			})
			.catch(() => {});
		expect(seenInside).toBe(before);
		expect(await versions.read(scopeA)).toBe(before);
		await db.transaction().execute((trx) => bumpContentVersion(trx, A.id));
		expect(await versions.read(scopeA)).toBe(before + 1);
	});

	it('reads unknown ids as nothing, and scopes travel in the header unchanged; a forged one is refused', async () => {
		expect(await versions.read(['no-such-tenant'])).toBe(0);
		expect(scopeFromHeader(scopeToHeader(pathIds(A.path)))).toEqual(pathIds(A.path));
		expect(scopeFromHeader('all')).toBe('all');
		expect(scopeFromHeader('')).toBeNull();
		expect(scopeFromHeader("x' OR 1=1 --")).toBeNull();
		expect(scopeFromHeader(Array(9).fill('a').join(','))).toBeNull();
	});
});
