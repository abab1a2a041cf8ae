import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../../tests/helpers/testDb.ts';
import { hashSecret } from '../ids.ts';
import { changePassword, createUser } from './accounts.ts';
import { createSession, requestHost, validateSession } from './sessions.ts';

let t: TestDb;
let userId = '';
beforeAll(async () => {
	t = await createTestDb();
	userId = (await createUser(t.db, { email: 'host@example.org', password: 'passwort passwort', displayName: 'H', verified: true })).id;
});
afterAll(() => t.cleanup());

const policy = { idleMs: 3_600_000, absoluteMs: 86_400_000 };
const PLATFORM = 'allmende.kreis-soest.de';
const VILLAGE = 'dorf.example.de';
const start = (host: string) => createSession(t.db, { userId, policy, ip: '', userAgent: '', host });
const exists = async (token: string) => !!(await t.db.selectFrom('sessions').select('id').where('id', '=', hashSecret(token)).executeTakeFirst());

describe('sessions are bound to the host that issued them', () => {
	it('refuses a village-domain session on the platform, and keeps it valid on the village domain', async () => {
		const { token } = await start(VILLAGE);
		expect(await validateSession(t.db, token, policy, PLATFORM)).toBeNull();
		expect(await validateSession(t.db, token, policy, '')).toBeNull();
		expect((await validateSession(t.db, token, policy, VILLAGE))?.user.email).toBe('host@example.org');
	});

	it('refuses a platform session on a village domain', async () => {
		const { token } = await start(PLATFORM);
		expect(await validateSession(t.db, token, policy, VILLAGE)).toBeNull();
		expect(await validateSession(t.db, token, policy, `sub.${PLATFORM}`)).toBeNull();
		expect(await validateSession(t.db, token, policy, PLATFORM)).not.toBeNull();
	});

	it('counts the port: another port on the same name is another service', async () => {
		const { token } = await start('localhost:3000');
		expect(await validateSession(t.db, token, policy, 'localhost:4000')).toBeNull();
		expect(await validateSession(t.db, token, policy, 'localhost')).toBeNull();
		expect(await validateSession(t.db, token, policy, 'localhost:3000')).not.toBeNull();
	});

	it('compares host names without regard to case', async () => {
		expect(requestHost(' Dorf.Example.DE:8443 ')).toBe('dorf.example.de:8443');
		const { token } = await start('Dorf.Example.DE');
		expect(await validateSession(t.db, token, policy, 'dorf.example.de')).not.toBeNull();
		expect(await validateSession(t.db, token, policy, 'DORF.EXAMPLE.DE')).not.toBeNull();
	});

	it('ends a session from before the binding (no host) wherever it shows up, the platform included', async () => {
		const { token } = await start(PLATFORM);
		await t.db.updateTable('sessions').set({ host: '' }).where('id', '=', hashSecret(token)).execute();
		expect(await validateSession(t.db, token, policy, PLATFORM)).toBeNull();
		expect(await exists(token)).toBe(false);
	});

	it('leaves a session alone when its cookie shows up on another host (it still belongs to its own)', async () => {
		const { token } = await start(VILLAGE);
		expect(await validateSession(t.db, token, policy, PLATFORM)).toBeNull();
		expect(await exists(token)).toBe(true);
	});
});

describe('idle timeout and password change (defect 6 of the test review)', () => {
	it('a session in use stays alive past the idle timeout: each use moves lastSeenAt (touch turned off → fails)', async () => {
		const { token } = await start(PLATFORM);
		const t0 = Date.now();
		// used after 50 minutes, and again after 100: with a 60-minute idle timeout only the touch keeps it alive
		expect(await validateSession(t.db, token, policy, PLATFORM, t0 + 50 * 60_000)).not.toBeNull();
		expect(await validateSession(t.db, token, policy, PLATFORM, t0 + 100 * 60_000)).not.toBeNull();
		// and it still ends when left alone for the idle timeout
		expect(await validateSession(t.db, token, policy, PLATFORM, t0 + 161 * 60_000)).toBeNull();
	});

	it('a password change ends every other session of the person and keeps the current one', async () => {
		const user = await createUser(t.db, { email: 'wechsel-sessions@example.org', password: 'altes passwort 1', displayName: 'W', verified: true });
		const here = await createSession(t.db, { userId: user.id, policy, ip: '', userAgent: '', host: PLATFORM });
		const phone = await createSession(t.db, { userId: user.id, policy, ip: '', userAgent: '', host: PLATFORM });
		const other = await start(PLATFORM); // another person's session stays
		const current = (await validateSession(t.db, here.token, policy, PLATFORM))!;
		expect(await changePassword(t.db, { userId: user.id, currentPassword: 'falsches passwort', password: 'ein neues passwort 7', keepSessionId: current.sessionId })).toBe(false);
		expect(await exists(phone.token)).toBe(true);
		expect(await changePassword(t.db, { userId: user.id, currentPassword: 'altes passwort 1', password: 'ein neues passwort 7', keepSessionId: current.sessionId })).toBe(true);
		expect(await exists(phone.token)).toBe(false);
		expect(await validateSession(t.db, here.token, policy, PLATFORM)).not.toBeNull();
		expect(await exists(other.token)).toBe(true);
	});
});
