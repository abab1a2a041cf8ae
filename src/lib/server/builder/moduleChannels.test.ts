// Which subscriptions to a module's realtime channel count: every step of the check, unhappy paths first.
// A test-only module with one channel (not in the registry) stands in for chat.
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../../tests/helpers/testDb.ts';
import type { AnyModule } from '../../modules/registry.ts';
import { createUser } from '../auth/accounts.ts';
import { newId } from '../ids.ts';
import type { SubscriberInfo } from '../realtime/socket.ts';
import { channelTopic } from '../realtime/topics.ts';
import { grantRole } from '../tenancy/memberships.ts';
import { insertTenant, type Tenant } from '../tenancy/tenants.ts';
import { createSubscriptionResolver } from './moduleChannels.ts';

const rooms = {
	id: 'rooms',
	permissions: [{ id: 'rooms.read', role: 'member', description: { de: 'x', en: 'x' } }],
	settings: z.object({}),
	tables: [],
	server: {
		load: async () => ({}),
		channels: {
			room: {
				params: z.object({ roomId: z.string().regex(/^r\d$/) }),
				permission: 'rooms.read',
				// the module's own rule: room r9 is closed to everyone
				authorize: async (_ctx: unknown, params: Record<string, string>) => params.roomId !== 'r9'
			},
			lobby: { params: z.object({}), permission: 'public' }
		}
	}
} as unknown as AnyModule;

let t: TestDb;
let A: Tenant;
let B: Tenant;
let memberA = '';
let memberB = '';
const who = (userId: string | null): SubscriberInfo => ({ userId, sessionId: null, ip: '127.0.0.1', locale: 'de', host: 'localhost' });

beforeAll(async () => {
	t = await createTestDb();
	const county = await insertTenant(t.db, { kind: 'county', slug: 'kreis', name: 'Kreis', parent: null });
	A = await insertTenant(t.db, { kind: 'village', slug: 'dorf-a', name: 'Dorf A', parent: county });
	B = await insertTenant(t.db, { kind: 'village', slug: 'dorf-b', name: 'Dorf B', parent: county });
	memberA = (await createUser(t.db, { email: 'a@example.org', password: 'ein langes passwort', displayName: 'A', verified: true })).id;
	memberB = (await createUser(t.db, { email: 'b@example.org', password: 'ein langes passwort', displayName: 'B', verified: true })).id;
	await grantRole(t.db, { tenantId: A.id, userId: memberA, role: 'member' });
	await grantRole(t.db, { tenantId: B.id, userId: memberB, role: 'member' });
	// switched on in A only
	await t.db.insertInto('villageModules').values({ id: newId(), tenantId: A.id, moduleId: 'rooms', enabledAt: Date.now(), position: 0, settings: '{}', updatedAt: Date.now() }).execute();
});
afterAll(() => t.cleanup());

describe('subscriptions to module channels', () => {
	const resolve = () => createSubscriptionResolver(t.db, [rooms]);

	it('are not found for unknown villages, switched-off modules, undeclared channels and prototype names', async () => {
		for (const [village, channel] of [
			['no-such-village', 'rooms:room'],
			['kreis', 'rooms:room'], // not a village
			['dorf-b', 'rooms:room'], // module off there
			['dorf-a', 'links:room'],
			['dorf-a', 'rooms:constructor'],
			['dorf-a', 'rooms:__proto__'],
			['dorf-a', 'rooms:room:extra'],
			['dorf-a', 'rooms']
		]) {
			expect(await resolve()(who(memberA), { village: village!, channel: channel!, params: { roomId: 'r1' } }), `${village} ${channel}`).toEqual({ ok: false, code: 'not_found' });
		}
	});

	it('are forbidden for anonymous visitors, members of another village, and where the module says no', async () => {
		expect(await resolve()(who(null), { village: 'dorf-a', channel: 'rooms:room', params: { roomId: 'r1' } })).toEqual({ ok: false, code: 'forbidden' });
		expect(await resolve()(who(memberB), { village: 'dorf-a', channel: 'rooms:room', params: { roomId: 'r1' } })).toEqual({ ok: false, code: 'forbidden' });
		expect(await resolve()(who(memberA), { village: 'dorf-a', channel: 'rooms:room', params: { roomId: 'r9' } })).toEqual({ ok: false, code: 'forbidden' });
	});

	it('are invalid when the params do not fit the channel’s schema', async () => {
		expect(await resolve()(who(memberA), { village: 'dorf-a', channel: 'rooms:room', params: { roomId: 'x&y=1' } })).toMatchObject({ ok: false, code: 'invalid' });
		expect(await resolve()(who(memberA), { village: 'dorf-a', channel: 'rooms:room', params: {} })).toMatchObject({ ok: false, code: 'invalid' });
	});

	it('count for a member of the village, on the topic ctx.publish uses; public channels for anyone', async () => {
		expect(await resolve()(who(memberA), { village: 'dorf-a', channel: 'rooms:room', params: { roomId: 'r1' } })).toEqual({ ok: true, topic: channelTopic({ villageId: A.id, moduleId: 'rooms', channel: 'room', params: { roomId: 'r1' } }) });
		expect(await resolve()(who(null), { village: 'dorf-a', channel: 'rooms:lobby', params: {} })).toMatchObject({ ok: true });
	});
});
