// Undo by snapshot: who may restore what, when, how often, and what comes back. Unhappy paths first.
// Körbecke (B) has the links module with the demo's groups; Altengeseke (A) is the other village.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../../tests/helpers/testDb.ts';
import type { AnyModule } from '../../modules/registry.ts';
import { createUser, getUserByEmail } from '../auth/accounts.ts';
import { formAction, runModuleAction } from '../builder/moduleActions.ts';
import { enabledModule } from '../builder/villageModules.ts';
import { newId } from '../ids.ts';
import { housekeeping } from '../jobs/housekeeping.ts';
import { ANONYMOUS, loadActor, type Actor } from '../policy/index.ts';
import { createLocalHub } from '../realtime/hub.ts';
import { seedDemo } from '../seed/demo.ts';
import { createClub, deleteClub } from '../tenancy/clubs.ts';
import { grantRole, removeMember } from '../tenancy/memberships.ts';
import { getTenantBySlug, type Tenant } from '../tenancy/tenants.ts';
import { restoreUndo } from './restore.ts';
import { UNDO_WINDOW_MS, safeReturnPath, undoNoticeFor, withUndo } from './undo.ts';

let t: TestDb;
let A: Tenant;
let B: Tenant;
const who = {} as Record<'adminA' | 'adminB' | 'county' | 'editorB' | 'otherEditorB' | 'memberB', Actor>;
const rt = () => ({ db: t.db, hub: createLocalHub(), kickJobs: () => {} });

async function person(email: string, tenant: Tenant, role: 'admin' | 'editor' | 'member'): Promise<Actor> {
	const user = await createUser(t.db, { email, password: 'egal egal egal', displayName: email.split('@')[0]!, verified: true });
	await grantRole(t.db, { tenantId: tenant.id, userId: user.id, role });
	return loadActor(t.db, user.id);
}
const actorOf = async (email: string) => loadActor(t.db, (await getUserByEmail(t.db, email))!.id);

beforeAll(async () => {
	t = await createTestDb();
	await seedDemo(t.db);
	A = (await getTenantBySlug(t.db, 'altengeseke'))!;
	B = (await getTenantBySlug(t.db, 'koerbecke'))!;
	who.adminA = await actorOf('dorf1@example.org');
	who.adminB = await actorOf('dorf2@example.org');
	who.county = await actorOf('kreis@example.org');
	who.editorB = await person('editor-b@example.org', B, 'editor');
	who.otherEditorB = await person('editor-b2@example.org', B, 'editor');
	who.memberB = await person('member-b@example.org', B, 'member');
}, 60_000);
afterAll(() => t.cleanup());

/** Runs a links action in B as the core does for a form. */
async function links(actor: Actor, name: string, input: Record<string, string>) {
	const vm = (await enabledModule(t.db, B.id, 'links'))!;
	return runModuleAction({ rt: rt(), village: B, vm, action: formAction(vm.module as AnyModule, name)!, actor, locale: 'de', ip: '127.0.0.1', input });
}
async function groupsOfB() {
	const groups = await t.db.selectFrom('linksGroups' as never).select(['id', 'name', 'position'] as never).where('tenantId' as never, '=', B.id as never).orderBy('position' as never).execute();
	const items = await t.db.selectFrom('linksItems' as never).select(['id', 'groupId', 'title', 'position'] as never).where('tenantId' as never, '=', B.id as never).orderBy('position' as never).execute();
	return (groups as { id: string; name: string }[]).map((g) => ({ ...g, links: (items as { id: string; groupId: string; title: string }[]).filter((i) => i.groupId === g.id).map((i) => ({ id: i.id, title: i.title })) }));
}
/** A fresh group in B with two links; answers it as the editors' page lists it. */
async function freshGroup(name: string) {
	const made = await links(who.editorB, 'addGroup', { name });
	if (!made.ok) throw new Error(JSON.stringify(made));
	const groupId = made.data.id as string;
	for (const title of ['Erster', 'Zweiter']) await links(who.editorB, 'addLink', { groupId, title, url: `https://example.org/${title}` });
	return (await groupsOfB()).find((g) => g.id === groupId)!;
}
async function deleteGroup(actor: Actor, groupId: string): Promise<string> {
	const res = await links(actor, 'deleteGroup', { groupId });
	if (!res.ok || !res.undoId) throw new Error(`not deleted: ${JSON.stringify(res)}`);
	return res.undoId;
}
const restore = (actor: Actor, village: Tenant, id: string, now?: number) => restoreUndo({ rt: rt(), village, actor, id, locale: 'de', ip: '127.0.0.1', now });
const rowsOf = async () => JSON.stringify(await groupsOfB());

describe('refusals: nothing comes back', () => {
	it("answers 404 for another village's undo id, also to the county's admins", async () => {
		const group = await freshGroup('Fremd 1');
		const id = await deleteGroup(who.editorB, group.id);
		for (const actor of [who.adminA, who.county, who.editorB]) expect(await restore(actor, A, id)).toMatchObject({ ok: false, status: 404 });
		expect((await groupsOfB()).some((g) => g.id === group.id)).toBe(false);
	});

	it('answers 401 to anonymous visitors', async () => {
		const id = await deleteGroup(who.editorB, (await freshGroup('Anonym')).id);
		expect(await restore(ANONYMOUS, B, id)).toMatchObject({ ok: false, status: 401 });
	});

	it("refuses someone else's undo (403): another editor, a member, another village's admin", async () => {
		const group = await freshGroup('Fremd 2');
		const id = await deleteGroup(who.editorB, group.id);
		const before = await rowsOf();
		for (const actor of [who.otherEditorB, who.memberB, who.adminA]) {
			const res = await restore(actor, B, id);
			expect(res).toMatchObject({ ok: false, status: 403, message: 'Rückgängig machen kann das nur, wer es gelöscht hat, oder ein Admin dieses Dorfs.' });
		}
		expect(await rowsOf()).toBe(before);
		// an admin of the village may (a volunteer asks the admin to put it back)
		expect(await restore(who.adminB, B, id)).toMatchObject({ ok: true });
	});

	it('refuses after the window (410) and leaves the entry for nobody', async () => {
		const id = await deleteGroup(who.editorB, (await freshGroup('Zu spät')).id);
		const before = await rowsOf();
		expect(await restore(who.editorB, B, id, Date.now() + UNDO_WINDOW_MS + 1000)).toMatchObject({ ok: false, status: 410, message: expect.stringContaining('30 Minuten') });
		expect(await rowsOf()).toBe(before);
	});

	it('restores once: the second time is a 409, also when both come at the same moment', async () => {
		const id = await deleteGroup(who.editorB, (await freshGroup('Zweimal')).id);
		const [one, two] = await Promise.all([restore(who.editorB, B, id), restore(who.adminB, B, id)]);
		expect([one.ok, two.ok].sort()).toEqual([false, true]);
		expect([one, two].find((r) => !r.ok)).toMatchObject({ status: 409, message: 'Das wurde schon rückgängig gemacht.' });
		expect(await restore(who.editorB, B, id)).toMatchObject({ ok: false, status: 409 });
		expect((await groupsOfB()).filter((g) => g.name === 'Zweimal')).toHaveLength(1);
	});

	it('finds nothing for ids that are no undo ids (__proto__, constructor, oversized, malformed)', async () => {
		for (const id of ['__proto__', 'constructor', 'x'.repeat(10_000), "' or 1=1 --", '', newId()]) expect(await restore(who.adminB, B, id), id.slice(0, 20)).toMatchObject({ ok: false, status: 404 });
	});

	it('refuses a restore that would clash (a group of that name again), naming the field; after a rename it works', async () => {
		const group = await freshGroup('Notdienste-Test');
		const id = await deleteGroup(who.editorB, group.id);
		const again = await links(who.editorB, 'addGroup', { name: 'notdienste-TEST' });
		const before = await rowsOf();
		const res = await restore(who.editorB, B, id);
		expect(res).toMatchObject({ ok: false, status: 409, field: 'name', message: 'Name der Gruppe: Eine Gruppe „Notdienste-Test“ gibt es inzwischen wieder. Benennen Sie sie zuerst um.' });
		expect(await rowsOf()).toBe(before);
		await links(who.editorB, 'renameGroup', { groupId: again.ok ? (again.data.id as string) : '', name: 'Notdienste neu' });
		expect(await restore(who.editorB, B, id)).toMatchObject({ ok: true });
	});

	it("refuses a link whose group is gone, and one whose module is switched off", async () => {
		const group = await freshGroup('Mit Link');
		const res = await links(who.editorB, 'deleteLink', { linkId: group.links[0]!.id });
		const linkUndo = res.ok ? res.undoId! : '';
		await deleteGroup(who.editorB, group.id);
		expect(await restore(who.editorB, B, linkUndo)).toMatchObject({ ok: false, status: 409, field: 'groupId', message: 'Gruppe: Die Gruppe „Mit Link“ gibt es nicht mehr. Stellen Sie zuerst die Gruppe wieder her.' });

		const other = await deleteGroup(who.editorB, (await freshGroup('Baustein aus')).id);
		const on = (enabledAt: number | null) => t.db.updateTable('villageModules').set({ enabledAt }).where('tenantId', '=', B.id).where('moduleId', '=', 'links').execute();
		await on(null);
		try {
			expect(await restore(who.editorB, B, other)).toMatchObject({ ok: false, status: 409, message: expect.stringContaining('Baustein') });
		} finally {
			await on(Date.now());
		}
	});

	it('refuses a snapshot that is not what its kind expects, or of an unknown kind (409), and writes nothing', async () => {
		const id = await deleteGroup(who.editorB, (await freshGroup('Verfälscht')).id);
		const before = await rowsOf();
		await t.db.updateTable('undoEntries').set({ payload: JSON.stringify({ group: { id: '__proto__' }, index: -1, links: 'x' }) }).where('id', '=', id).execute();
		expect(await restore(who.editorB, B, id)).toMatchObject({ ok: false, status: 409 });
		await t.db.updateTable('undoEntries').set({ payload: '{not json' }).where('id', '=', id).execute();
		expect(await restore(who.editorB, B, id)).toMatchObject({ ok: false, status: 409 });
		await t.db.updateTable('undoEntries').set({ kind: '__proto__', moduleId: null }).where('id', '=', id).execute();
		expect(await restore(who.adminB, B, id)).toMatchObject({ ok: false, status: 409 });
		expect(await rowsOf()).toBe(before);
	});
});

describe('what comes back', () => {
	it('puts a group back with its links: same ids, same order, same place among the groups; audited', async () => {
		const first = await freshGroup('Oben');
		const middle = await freshGroup('Mitte');
		await freshGroup('Unten');
		const before = await groupsOfB();
		const id = await deleteGroup(who.editorB, middle.id);
		expect((await groupsOfB()).some((g) => g.id === middle.id)).toBe(false);
		const res = await restore(who.editorB, B, id);
		expect(res).toEqual({ ok: true, id, label: 'Gruppe „Mitte“ mit 2 Links' });
		expect(await groupsOfB()).toEqual(before);
		expect((await groupsOfB()).map((g) => g.id).indexOf(middle.id)).toBe(before.findIndex((g) => g.id === first.id) + 1);
		const audit = await t.db.selectFrom('auditLog').select(['action', 'targetId', 'data']).where('tenantId', '=', B.id).where('action', 'in', ['links.group.delete', 'undo.restore']).orderBy('createdAt', 'desc').limit(2).execute();
		expect(audit.map((r) => r.action).sort()).toEqual(['links.group.delete', 'undo.restore']);
		expect(JSON.parse(audit.find((r) => r.action === 'undo.restore')!.data)).toEqual({ kind: 'group', module: 'links', label: 'Gruppe „Mitte“ mit 2 Links', labelEn: 'Group “Mitte” with 2 links' });
	});

	it('puts a link back at its place in its group', async () => {
		const group = await freshGroup('Drei Links');
		await links(who.editorB, 'addLink', { groupId: group.id, title: 'Dritter', url: 'tel:+49 2921 300' });
		const before = (await groupsOfB()).find((g) => g.id === group.id)!.links;
		const res = await links(who.editorB, 'deleteLink', { linkId: before[1]!.id });
		expect(await restore(who.editorB, B, res.ok ? res.undoId! : '')).toMatchObject({ ok: true, label: 'Link „Zweiter“' });
		expect((await groupsOfB()).find((g) => g.id === group.id)!.links).toEqual(before);
	});

	it('shows the notice only to who may undo, and says when it is back', async () => {
		const id = await deleteGroup(who.editorB, (await freshGroup('Hinweis')).id);
		const url = new URL(`http://x${withUndo('/koerbecke/links', id)}`);
		expect(await undoNoticeFor(t.db, { url, village: B, actor: who.editorB, locale: 'de' })).toMatchObject({ id, label: 'Gruppe „Hinweis“ mit 2 Links', state: 'deleted' });
		expect(await undoNoticeFor(t.db, { url, village: B, actor: who.editorB, locale: 'en' })).toMatchObject({ label: 'Group “Hinweis” with 2 links' });
		for (const [actor, village] of [[who.otherEditorB, B], [ANONYMOUS, B], [who.adminA, A], [who.editorB, A]] as const) expect(await undoNoticeFor(t.db, { url, village, actor, locale: 'de' })).toBeNull();
		expect(await undoNoticeFor(t.db, { url, village: B, actor: who.editorB, locale: 'de', now: Date.now() + UNDO_WINDOW_MS + 1 })).toBeNull();
		await restore(who.editorB, B, id);
		expect(await undoNoticeFor(t.db, { url, village: B, actor: who.editorB, locale: 'de' })).toBeNull();
		expect(await undoNoticeFor(t.db, { url: new URL(`http://x/koerbecke/links?restored=${id}`), village: B, actor: who.editorB, locale: 'de' })).toMatchObject({ state: 'restored' });
	});

	it('goes back only to a page of the same village', () => {
		for (const next of ['https://evil.example/x', '//evil.example', '/\\evil.example', '/altengeseke/links', '/koerbeckefake/x', 'javascript:alert(1)', '', null]) expect(safeReturnPath(B, next)).toBe('/koerbecke/');
		expect(safeReturnPath(B, '/koerbecke/links')).toBe('/koerbecke/links');
		expect(safeReturnPath(B, '/koerbecke/links?undo=x#y')).toBe('/koerbecke/links');
	});

	it('puts a club back with its members and invitations; refuses when a club of that name exists again', async () => {
		const club = await createClub(t.db, { actor: who.adminB, tenant: B, input: { name: 'Schützenverein Körbecke' }, ip: '' });
		const members = [who.editorB, who.memberB].map((m, i) => ({ id: newId(), tenantId: B.id, clubId: club.id, userId: m.userId!, role: i === 0 ? ('admin' as const) : ('member' as const), createdAt: Date.now() }));
		await t.db.insertInto('clubMembers').values(members).execute();
		const invitation = { id: newId(), tenantId: B.id, clubId: club.id, email: 'neu@example.org', role: 'member', tokenHash: `hash-${newId()}`, invitedBy: who.adminB.userId, expiresAt: Date.now() + 86_400_000, acceptedAt: null, createdAt: Date.now() };
		await t.db.insertInto('invitations').values(invitation).execute();
		// unhappy first: someone else, then a clash
		const { undoId } = await deleteClub(t.db, { actor: who.adminB, tenant: B, clubId: club.id, ip: '' });
		expect(await t.db.selectFrom('clubMembers').select('id').where('clubId', '=', club.id).execute()).toEqual([]);
		expect(await restore(who.editorB, B, undoId)).toMatchObject({ ok: false, status: 403 });
		expect(await restore(who.adminA, A, undoId)).toMatchObject({ ok: false, status: 404 });
		const again = await createClub(t.db, { actor: who.adminB, tenant: B, input: { name: 'Schützenverein Körbecke' }, ip: '' });
		expect(await restore(who.adminB, B, undoId)).toMatchObject({ ok: false, status: 409, field: 'name', message: expect.stringContaining('„Schützenverein Körbecke“') });
		await t.db.deleteFrom('clubs').where('id', '=', again.id).execute();
		expect(await restore(who.adminB, B, undoId)).toMatchObject({ ok: true, label: 'Verein „Schützenverein Körbecke“ mit 2 Mitgliedern' });
		expect(await t.db.selectFrom('clubs').selectAll().where('id', '=', club.id).executeTakeFirst()).toEqual(club);
		expect(await t.db.selectFrom('clubMembers').selectAll().where('clubId', '=', club.id).orderBy('createdAt').orderBy('id').execute()).toEqual([...members].sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id)));
		expect(await t.db.selectFrom('invitations').selectAll().where('clubId', '=', club.id).execute()).toEqual([invitation]);
		expect(await restore(who.adminB, B, undoId)).toMatchObject({ ok: false, status: 409 });
	});

	it('puts a removed member back with their role and club memberships; refuses when they are a member again', async () => {
		const person = await createUser(t.db, { email: 'entfernt@example.org', password: 'egal egal egal', displayName: 'Erna Entfernt', verified: true });
		await grantRole(t.db, { tenantId: B.id, userId: person.id, role: 'editor' });
		const club = await createClub(t.db, { actor: who.adminB, tenant: B, input: { name: 'Chor Körbecke' }, ip: '' });
		const clubRow = { id: newId(), tenantId: B.id, clubId: club.id, userId: person.id, role: 'admin' as const, createdAt: Date.now() };
		await t.db.insertInto('clubMembers').values(clubRow).execute();
		const membership = await t.db.selectFrom('memberships').selectAll().where('tenantId', '=', B.id).where('userId', '=', person.id).executeTakeFirstOrThrow();

		const first = await removeMember(t.db, { actor: who.adminB, tenant: B, input: { userId: person.id }, ip: '' });
		expect(await restore(who.memberB, B, first.undoId)).toMatchObject({ ok: false, status: 403 });
		await grantRole(t.db, { tenantId: B.id, userId: person.id, role: 'member' });
		expect(await restore(who.adminB, B, first.undoId)).toMatchObject({ ok: false, status: 409, message: 'Die Person ist inzwischen wieder Mitglied.' });

		const second = await removeMember(t.db, { actor: who.adminB, tenant: B, input: { userId: person.id }, ip: '' });
		expect(await restore(who.county, B, second.undoId)).toMatchObject({ ok: true, label: 'Mitgliedschaft von Erna Entfernt (Mitglied)' });
		// the first snapshot still holds the editor role and the club membership
		await removeMember(t.db, { actor: who.adminB, tenant: B, input: { userId: person.id }, ip: '' });
		expect(await restore(who.adminB, B, first.undoId)).toMatchObject({ ok: true, label: 'Mitgliedschaft von Erna Entfernt (Redaktion)' });
		expect(await t.db.selectFrom('memberships').selectAll().where('tenantId', '=', B.id).where('userId', '=', person.id).executeTakeFirst()).toEqual(membership);
		expect(await t.db.selectFrom('clubMembers').selectAll().where('clubId', '=', club.id).execute()).toEqual([clubRow]);
	});

	it('forgets snapshots after the window (housekeeping)', async () => {
		const id = await deleteGroup(who.editorB, (await freshGroup('Vergessen')).id);
		const later = Date.now() + UNDO_WINDOW_MS + 1000;
		expect((await housekeeping(t.db, later)).undoEntries).toBeGreaterThan(0);
		expect(await t.db.selectFrom('undoEntries').select('id').where('id', '=', id).executeTakeFirst()).toBeUndefined();
	});
});
