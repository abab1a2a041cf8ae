import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../../tests/helpers/testDb.ts';
import { seedDemo } from '../seed/demo.ts';
import { createUser, getUserByEmail } from './accounts.ts';
import { deleteAccount, exportAccount } from './gdpr.ts';
import { createSession, validateSession } from './sessions.ts';
import { audit } from '../audit/audit.ts';
import { authenticateApiToken, createApiToken } from './apiTokens.ts';
import { notify } from '../notifications/notify.ts';
import { acceptInvitation, inviteMember } from '../tenancy/invitations.ts';
import { loadActor } from '../policy/index.ts';
import { commentIdea } from '../platform/ideas/commentIdea.ts';
import { submitIdea } from '../platform/ideas/submitIdea.ts';
import { supportIdea } from '../platform/ideas/supportIdea.ts';

let t: TestDb;
beforeAll(async () => {
	t = await createTestDb();
	await seedDemo(t.db);
});
afterAll(() => t.cleanup());
const policy = { idleMs: 3_600_000, absoluteMs: 86_400_000 };

describe('GDPR export', () => {
	it('returns null for an unknown account', async () => {
		expect(await exportAccount(t.db, 'no-such-user')).toBeNull();
	});

	it('contains the account, memberships, clubs and API tokens, and no secrets', async () => {
		const user = (await getUserByEmail(t.db, 'buerger@example.org'))!;
		const village = (await t.db.selectFrom('tenants').selectAll().where('slug', '=', 'altengeseke').executeTakeFirst())!;
		const token = await createApiToken(t.db, { userId: user.id, input: { tokenName: 'Kalender-Import', tenantId: village.id, role: 'member', days: 30 }, ip: '' });
		const hash = (await t.db.selectFrom('apiTokens').select('tokenHash').where('id', '=', token.id).executeTakeFirstOrThrow()).tokenHash;
		const data = (await exportAccount(t.db, user.id))!;
		expect(data.apiTokens).toEqual([
			{ name: 'Kalender-Import', tenant: 'Altengeseke', tenantSlug: 'altengeseke', role: 'member', createdAt: expect.any(String), expiresAt: new Date(token.expiresAt).toISOString(), lastUsedAt: null, revokedAt: null }
		]);
		expect(data.format).toBe('allmende-account-export/1');
		expect(data.account.email).toBe('buerger@example.org');
		expect(data.memberships).toEqual([expect.objectContaining({ tenant: 'Altengeseke', role: 'member' })]);
		expect(data.clubMemberships).toEqual([expect.objectContaining({ club: 'Schützenverein Altengeseke' })]);
		const text = JSON.stringify(data);
		expect(text).not.toContain(user.passwordHash);
		expect(text).not.toContain(hash);
		expect(text).not.toContain(token.secret);
		expect(text).not.toContain('passwordHash');
	});

	it("lists the person's notifications, and nobody else's", async () => {
		const user = (await getUserByEmail(t.db, 'buerger@example.org'))!;
		const other = (await getUserByEmail(t.db, 'redaktion@example.org'))!;
		const village = (await t.db.selectFrom('tenants').selectAll().where('slug', '=', 'altengeseke').executeTakeFirst())!;
		await notify(t.db, { userIds: [user.id], tenantId: village.id, moduleId: 'links', kind: 'test', title: 'Neuer Termin', body: 'Dorffest am Samstag', url: '/altengeseke/' });
		await notify(t.db, { userIds: [other.id], tenantId: village.id, moduleId: 'links', kind: 'test', title: 'Nur für Clara' });
		const data = (await exportAccount(t.db, user.id))!;
		expect(data.notifications).toEqual([expect.objectContaining({ village: 'Altengeseke', title: 'Neuer Termin', body: 'Dorffest am Samstag', url: '/altengeseke/', readAt: null })]);
		expect(data.notifications[0]!.createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);
	});

	it("lists the person's ideas, comments and supports in the Projektpool, and nobody else's", async () => {
		await createUser(t.db, { email: 'ideen@example.org', password: 'egal egal egal', displayName: 'Ida Ideen', verified: true });
		const user = await loadActor(t.db, (await getUserByEmail(t.db, 'ideen@example.org'))!.id);
		const other = await loadActor(t.db, (await getUserByEmail(t.db, 'redaktion@example.org'))!.id);
		const mine = await submitIdea(t.db, { actor: user, input: { title: 'Repair-Café im Dorfhaus', description: 'Einmal im Monat', category: 'nachhaltigkeit', village: 'altengeseke' }, ip: '' });
		const theirs = await submitIdea(t.db, { actor: other, input: { title: 'Dorf-WLAN', category: 'digitalisierung', village: 'altengeseke' }, ip: '' });
		await commentIdea(t.db, { actor: user, ideaId: theirs.id, comment: 'Unbedingt!', ip: '' });
		await commentIdea(t.db, { actor: other, ideaId: mine.id, comment: 'Von Clara', ip: '' });
		await supportIdea(t.db, { actor: user, ideaId: theirs.id, ip: '' });
		await supportIdea(t.db, { actor: other, ideaId: mine.id, ip: '' });
		const data = (await exportAccount(t.db, user.userId!))!;
		expect(data.ideas).toEqual([expect.objectContaining({ id: mine.id, village: 'Altengeseke', title: 'Repair-Café im Dorfhaus', description: 'Einmal im Monat', status: 'new' })]);
		expect(data.ideaComments).toEqual([expect.objectContaining({ ideaId: theirs.id, ideaTitle: 'Dorf-WLAN', body: 'Unbedingt!' })]);
		expect(data.ideaSupports).toEqual([expect.objectContaining({ ideaId: theirs.id, ideaTitle: 'Dorf-WLAN' })]);
		expect(JSON.stringify(data)).not.toContain('Von Clara');
	});
});

describe('GDPR export of push subscriptions', () => {
	/** A subscription written directly, as saveSubscription writes it (a browser's endpoint and keys: its secrets). */
	async function subscribed(args: { userId: string | null; slug: string; endpoint: string; device: string; topics: string[] }) {
		const village = await t.db.selectFrom('tenants').select('id').where('slug', '=', args.slug).executeTakeFirstOrThrow();
		const id = `sub-${args.endpoint.slice(-8)}`;
		const now = Date.now();
		await t.db.insertInto('pushSubscriptions').values({ id, tenantId: village.id, endpoint: args.endpoint, p256dh: 'BGEHEIMER-SCHLUESSEL', auth: 'GEHEIMNIS-AUTH', userId: args.userId, device: args.device, createdAt: now, updatedAt: now }).execute();
		await t.db.insertInto('pushSubscriptionTopics').values(args.topics.map((topic) => ({ subscriptionId: id, tenantId: village.id, topic }))).execute();
		return id;
	}

	it("lists the person's devices with village, device, topics and dates — not another person's or an anonymous one, never endpoint or keys", async () => {
		const user = (await getUserByEmail(t.db, 'dorf2@example.org'))!;
		const other = (await getUserByEmail(t.db, 'kreis@example.org'))!;
		expect((await exportAccount(t.db, user.id))!.pushSubscriptions).toEqual([]);
		await subscribed({ userId: other.id, slug: 'koerbecke', endpoint: 'https://fcm.googleapis.com/fcm/send/anderer-0001', device: 'Firefox', topics: ['alerts'] });
		await subscribed({ userId: null, slug: 'koerbecke', endpoint: 'https://fcm.googleapis.com/fcm/send/anonym-00002', device: 'Safari', topics: ['alerts'] });
		const mine = await subscribed({ userId: user.id, slug: 'koerbecke', endpoint: 'https://fcm.googleapis.com/fcm/send/meins-000003', device: 'Mozilla/5.0 (Linux; Android 10; K) Chrome/126.0.0.0 Mobile', topics: ['news.important', 'alerts'] });
		const data = (await exportAccount(t.db, user.id))!;
		expect(data.pushSubscriptions).toEqual([
			{ village: 'Körbecke', villageSlug: 'koerbecke', device: 'Mozilla/5.0 (Linux; Android 10; K) Chrome/126.0.0.0 Mobile', topics: ['alerts', 'news.important'], createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), updatedAt: expect.any(String) }
		]);
		const text = JSON.stringify(data);
		for (const secret of ['fcm.googleapis.com', 'meins-000003', 'BGEHEIMER-SCHLUESSEL', 'GEHEIMNIS-AUTH', mine]) expect(text).not.toContain(secret);
	});

	it('ends the subscriptions made while signed in when the account is deleted, and leaves the others', async () => {
		const user = await createUser(t.db, { email: 'push-weg@example.org', password: 'ein langes passwort', displayName: 'Paula Push', verified: true });
		const gone = await subscribed({ userId: user.id, slug: 'altengeseke', endpoint: 'https://fcm.googleapis.com/fcm/send/loesch-00004', device: 'Chrome', topics: ['alerts'] });
		const before = await t.db.selectFrom('pushSubscriptions').select('id').execute();
		expect(before.map((s) => s.id)).toContain(gone);
		expect((await deleteAccount(t.db, { userId: user.id, currentPassword: 'ein langes passwort' })).ok).toBe(true);
		const after = await t.db.selectFrom('pushSubscriptions').select('id').execute();
		expect(after.map((s) => s.id).sort()).toEqual(before.map((s) => s.id).filter((id) => id !== gone).sort());
		expect(await t.db.selectFrom('pushSubscriptionTopics').select('topic').where('subscriptionId', '=', gone).execute()).toEqual([]);
	});
});

describe('account deletion', () => {
	it('needs the current password', async () => {
		const user = (await getUserByEmail(t.db, 'redaktion@example.org'))!;
		expect(await deleteAccount(t.db, { userId: user.id, currentPassword: 'wrong' })).toEqual({ ok: false, reason: 'password' });
		expect(await getUserByEmail(t.db, 'redaktion@example.org')).toBeDefined();
	});

	it('refuses to delete the last county admin', async () => {
		const user = (await getUserByEmail(t.db, 'kreis@example.org'))!;
		expect(await deleteAccount(t.db, { userId: user.id, currentPassword: 'allmende-demo' })).toEqual({ ok: false, reason: 'last-county-admin' });
	});

	it('deletes account, sessions, API tokens and memberships at once; audit entries keep only the bare id', async () => {
		const user = (await getUserByEmail(t.db, 'buerger@example.org'))!;
		const { token } = await createSession(t.db, { userId: user.id, policy, ip: '', userAgent: '', host: 'localhost:3000' });
		const village = (await t.db.selectFrom('tenants').selectAll().where('slug', '=', 'altengeseke').executeTakeFirst())!;
		const apiToken = await createApiToken(t.db, { userId: user.id, input: { tokenName: 'Website', tenantId: village.id, role: 'member', days: 30 }, ip: '' });
		expect(await authenticateApiToken(t.db, apiToken.secret)).not.toBeNull();
		await audit(t.db, { actorId: user.id, tenantId: null, action: 'test.action', targetType: 'test' });
		expect(await deleteAccount(t.db, { userId: user.id, currentPassword: 'allmende-demo' })).toEqual({ ok: true });
		expect(await getUserByEmail(t.db, 'buerger@example.org')).toBeUndefined();
		expect(await validateSession(t.db, token, policy, 'localhost:3000')).toBeNull();
		expect(await authenticateApiToken(t.db, apiToken.secret)).toBeNull();
		expect(await t.db.selectFrom('apiTokens').select('id').where('userId', '=', user.id).execute()).toEqual([]);
		expect(await t.db.selectFrom('memberships').select('id').where('userId', '=', user.id).execute()).toEqual([]);
		expect(await t.db.selectFrom('clubMembers').select('id').where('userId', '=', user.id).execute()).toEqual([]);
		// the notification from the export test went with the account (foreign key cascade)
		expect(await t.db.selectFrom('notifications').select('id').where('userId', '=', user.id).execute()).toEqual([]);
		const kept = await t.db.selectFrom('auditLog').select('action').where('actorId', '=', user.id).execute();
		expect(kept.map((r) => r.action).sort()).toEqual(['test.action', 'token.create', 'token.create']);
	});
});

/** The secret of the newest invitation mail to this address. */
async function invitationSecret(to: string): Promise<string> {
	const jobs = await t.db.selectFrom('jobs').select(['payload', 'id']).where('kind', '=', 'mail').orderBy('id', 'desc').execute();
	for (const j of jobs) {
		const mail = JSON.parse(j.payload) as { to: string; text: string };
		const match = mail.to === to ? /\/invite\/([\w-]+)/.exec(mail.text) : null;
		if (match) return match[1]!;
	}
	throw new Error(`no invitation to ${to}`);
}

describe('invitations and GDPR (security review finding 4c)', () => {
	it('lists invitations to the address in the export and deletes them with the account', async () => {
		const county = (await getUserByEmail(t.db, 'kreis@example.org'))!;
		const village = (await t.db.selectFrom('tenants').selectAll().where('slug', '=', 'altengeseke').executeTakeFirst())!;
		const actor = { userId: county.id, memberships: [{ tenantId: village.path.split('/')[1]!, role: 'admin' as const }], clubRoles: [] };
		const moderator = await createUser(t.db, { email: 'eingeladen@example.org', password: 'ein gutes passwort', displayName: 'E', verified: true });
		await inviteMember(t.db, { actor, tenant: village, input: { email: 'eingeladen@example.org', role: 'moderator' }, ip: '', origin: 'http://localhost:3000', locale: 'de' });
		const data = (await exportAccount(t.db, moderator.id))!;
		expect(data.invitations).toEqual([expect.objectContaining({ email: 'eingeladen@example.org', tenant: 'Altengeseke', role: 'moderator', invitedBy: 'Kreisverwaltung Soest', acceptedAt: null })]);
		expect(JSON.stringify(data.invitations)).not.toMatch(/token/i);
		expect(await deleteAccount(t.db, { userId: moderator.id, currentPassword: 'ein gutes passwort' })).toEqual({ ok: true });
		expect(await t.db.selectFrom('invitations').select('id').where('email', '=', 'eingeladen@example.org').execute()).toEqual([]);
	});
});

describe('audit log after deletion', () => {
	it('keeps no e-mail address or name of a deleted person', async () => {
		const county = (await getUserByEmail(t.db, 'kreis@example.org'))!;
		const editor = (await getUserByEmail(t.db, 'redaktion@example.org'))!;
		const village = (await t.db.selectFrom('tenants').selectAll().where('slug', '=', 'koerbecke').executeTakeFirst())!;
		const actor = { userId: county.id, memberships: [{ tenantId: village.path.split('/')[1]!, role: 'admin' as const }], clubRoles: [] };
		await inviteMember(t.db, { actor, tenant: village, input: { email: 'redaktion@example.org', role: 'editor' }, ip: '127.0.0.1', origin: 'http://localhost:3000', locale: 'de' });
		await acceptInvitation(t.db, { secret: await invitationSecret('redaktion@example.org'), user: editor, ip: '127.0.0.1', origin: 'http://localhost:3000' });
		expect(await deleteAccount(t.db, { userId: editor.id, currentPassword: 'allmende-demo' })).toEqual({ ok: true });
		const rows = await t.db.selectFrom('auditLog').selectAll().execute();
		expect(rows.some((r) => r.action === 'member.invite.accept' && r.targetId === editor.id)).toBe(true);
		const text = JSON.stringify(rows);
		expect(text).not.toContain('redaktion@example.org');
		expect(text).not.toContain('Clara Redaktion');
	});
});
