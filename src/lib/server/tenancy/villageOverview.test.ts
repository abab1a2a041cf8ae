import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../../tests/helpers/testDb.ts';
import { seedDemo } from '../seed/demo.ts';
import { getTenantBySlug } from './tenants.ts';
import { villageCare } from './villageOverview.ts';

let t: TestDb;
beforeAll(async () => {
	t = await createTestDb();
	await seedDemo(t.db);
});
afterAll(() => t.cleanup());

describe('villageCare', () => {
	it('answers nothing for no ids, unknown ids and object keys', async () => {
		expect(await villageCare(t.db, [])).toEqual({});
		expect(await villageCare(t.db, ['no-such-id', '__proto__', 'constructor'])).toEqual({});
	});

	it('counts admins (0 where nobody looks after a village) and takes the newest activity', async () => {
		const a = (await getTenantBySlug(t.db, 'altengeseke'))!;
		const berge = (await getTenantBySlug(t.db, 'berge'))!;
		const care = await villageCare(t.db, [a.id, berge.id]);
		expect(care[a.id]!.admins).toBe(1);
		expect(care[berge.id]!.admins).toBe(0);
		expect(care[berge.id]!.lastActivity).toBe(berge.updatedAt);
		const later = Date.now() + 60_000;
		await t.db.insertInto('auditLog').values({ id: 'audit-care-1', tenantId: berge.id, actorId: null, action: 'club.create', targetType: 'club', targetId: 'x', data: '{}', ip: '127.0.0.1', tokenId: null, createdAt: later }).execute();
		expect((await villageCare(t.db, [berge.id]))[berge.id]!.lastActivity).toBe(later);
	});

	it('asks the database a fixed number of times, however many villages', async () => {
		const villages = await t.db.selectFrom('tenants').select('id').where('kind', '=', 'village').execute();
		expect(villages.length).toBeGreaterThan(50);
		let queries = 0;
		const counting = t.db.withPlugin({
			transformQuery: (args) => {
				queries++;
				return args.node;
			},
			transformResult: async (args) => args.result
		});
		const care = await villageCare(counting, villages.map((v) => v.id));
		expect(Object.keys(care).length).toBe(villages.length);
		expect(queries).toBe(2);
	});
});
