// The links module against a real database, through the same context the core builds for a request.
// Unhappy paths first: who may not edit, bad URLs, ids of another village.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../../tests/helpers/testDb.ts';
import { formAction, runModuleAction } from '../../server/builder/moduleActions.ts';
import { createModuleContext } from '../../server/builder/moduleContext.ts';
import { createLocalHub } from '../../server/realtime/hub.ts';
import type { Actor } from '../../server/policy/index.ts';
import { insertTenant, type Tenant } from '../../server/tenancy/tenants.ts';
import type { AnyModule } from '../registry.ts';
import links from './module.ts';
import { settingsSchema } from './schemas.ts';

let t: TestDb;
let A: Tenant;
let B: Tenant;
const module = links as unknown as AnyModule;

beforeAll(async () => {
	t = await createTestDb();
	const county = await insertTenant(t.db, { kind: 'county', slug: 'kreis', name: 'Kreis', parent: null });
	const muni = await insertTenant(t.db, { kind: 'municipality', slug: 'gemeinde', name: 'Gemeinde', parent: county });
	A = await insertTenant(t.db, { kind: 'village', slug: 'dorf-a', name: 'Dorf A', parent: muni });
	B = await insertTenant(t.db, { kind: 'village', slug: 'dorf-b', name: 'Dorf B', parent: muni });
});
afterAll(() => t.cleanup());

const person = (tenantId: string | null, role: 'admin' | 'editor' | 'moderator' | 'member'): Actor => ({ userId: `u-${role}-${tenantId}`, memberships: tenantId ? [{ tenantId, role }] : [], clubRoles: [] });
const anonymous: Actor = { userId: null, memberships: [], clubRoles: [] };
const ctx = (village: Tenant, actor: Actor, settings = {}) => createModuleContext({ db: t.db, village, module, settings: settingsSchema.parse(settings), actor, locale: 'de', ip: '127.0.0.1', readOnly: true });
// Actions run the way the core runs them for a form or the JSON API: permission, schema, one transaction.
const act = (village: Tenant, actor: Actor, name: string, form: Record<string, string>) =>
	runModuleAction({
		rt: { db: t.db, hub: createLocalHub(), kickJobs: () => {} },
		village,
		vm: { module, enabled: true, position: 0, settings: settingsSchema.parse({}) },
		action: formAction(module, name)!,
		actor,
		locale: 'de',
		ip: '127.0.0.1',
		input: form
	});
// what the village's editors see (the public does not see empty groups)
const groupsOf = async (village: Tenant) => (await module.server.load(ctx(village, person(village.id, 'editor')), module.pages[0]!, {}, new URLSearchParams())).groups as { id: string; name: string; links: { id: string; title: string; url: string }[] }[];

describe('who may edit', () => {
	it('refuses anonymous visitors, plain members and moderators, and writes nothing', async () => {
		for (const actor of [anonymous, person(A.id, 'member'), person(A.id, 'moderator')]) {
			const res = await act(A, actor, 'addGroup', { name: 'Gemeinde' });
			expect(res).toMatchObject({ ok: false, status: actor === anonymous ? 401 : 403 });
		}
		expect(await groupsOf(A)).toEqual([]);
	});

	it("refuses an editor of another village", async () => {
		expect(await act(A, person(B.id, 'editor'), 'addGroup', { name: 'Gemeinde' })).toMatchObject({ ok: false, status: 403 });
		expect(await groupsOf(A)).toEqual([]);
	});

	it('lets editors and admins of the village (and of the tree above it) edit', async () => {
		expect(await act(A, person(A.id, 'editor'), 'addGroup', { name: 'Notdienste' })).toMatchObject({ ok: true });
		expect(await act(A, person(A.id, 'admin'), 'addGroup', { name: 'Vereine' })).toMatchObject({ ok: true });
		expect(await act(A, person(A.path.split('/')[1]!, 'admin'), 'addGroup', { name: 'Gemeinde' })).toMatchObject({ ok: true });
		expect((await groupsOf(A)).map((g) => g.name)).toEqual(['Notdienste', 'Vereine', 'Gemeinde']);
	});
});

describe('links', () => {
	const editor = () => person(A.id, 'editor');

	it('refuses addresses other than web addresses, phone numbers and e-mail addresses, naming the field', async () => {
		const groupId = (await groupsOf(A))[0]!.id;
		const refused = ['javascript:alert(1)', 'JAVASCRIPT:alert(1)', ' javascript:alert(1)', 'data:text/html,<b>x</b>', 'ftp://example.org/x', 'www.example.org', 'https://'];
		// phone numbers are digits, "+" and spaces; e-mail one valid address (no second address, no query, no script)
		refused.push('tel:', 'tel:12', 'tel:0800-123', 'tel:javascript:alert(1)', 'tel:+49 2921<script>', 'tel:++49 2921', 'mailto:', 'mailto:niemand', 'mailto:a@b', 'mailto:a@b.de?body=x', 'mailto:a@b.de,c@d.de', 'mailto:javascript:alert(1)');
		for (const url of refused) {
			const res = await act(A, editor(), 'addLink', { groupId, title: 'Böse', url });
			expect(res, url).toMatchObject({ ok: false, status: 400 });
			if (!res.ok) expect(res.errors.url, url).toMatch(/^Adresse \(URL\): Erlaubt sind Internetadressen mit https:\/\/ oder http:\/\/ .*tel:.*mailto:/);
		}
		expect((await groupsOf(A))[0]!.links).toEqual([]);
	});

	it('names every missing field and keeps what was typed', async () => {
		const res = await act(A, editor(), 'addLink', { groupId: 'nope', title: '', url: 'https://example.org' });
		expect(res.ok).toBe(false);
		if (!res.ok) {
			expect(res.errors.title).toBe('Titel: Bitte ausfüllen.');
			expect(res.values?.url).toBe('https://example.org');
		}
	});

	it('does not put a link into another village’s group', async () => {
		await act(B, person(B.id, 'editor'), 'addGroup', { name: 'B-Gruppe' });
		const groupOfB = (await groupsOf(B))[0]!.id;
		const res = await act(A, editor(), 'addLink', { groupId: groupOfB, title: 'X', url: 'https://example.org' });
		expect(res).toMatchObject({ ok: false, status: 400 });
		expect((await groupsOf(B))[0]!.links).toEqual([]);
	});

	it('adds links in order, moves them up and down, and reorders a whole group', async () => {
		const groupId = (await groupsOf(A))[0]!.id;
		for (const [title, url] of [['Apotheke', 'https://www.aponet.de'], ['116117', 'https://www.116117.de'], ['Giftnotruf', 'http://giftnotruf.de']]) {
			expect(await act(A, editor(), 'addLink', { groupId, title: title!, url: url! })).toMatchObject({ ok: true });
		}
		const titles = async () => (await groupsOf(A))[0]!.links.map((l) => l.title);
		expect(await titles()).toEqual(['Apotheke', '116117', 'Giftnotruf']);
		const [apo, , gift] = (await groupsOf(A))[0]!.links;
		const down = await act(A, editor(), 'moveLink', { id: apo!.id, direction: 'down' });
		expect(down).toMatchObject({ ok: true, data: { moved: apo!.id, announce: '„Apotheke“ ist jetzt an Position 2.' } });
		expect(await titles()).toEqual(['116117', 'Apotheke', 'Giftnotruf']);
		await act(A, editor(), 'moveLink', { id: gift!.id, direction: 'up' });
		await act(A, editor(), 'moveLink', { id: gift!.id, direction: 'up' });
		await act(A, editor(), 'moveLink', { id: gift!.id, direction: 'up' }); // already first: stays
		expect(await titles()).toEqual(['Giftnotruf', '116117', 'Apotheke']);
		const ids = (await groupsOf(A))[0]!.links.map((l) => l.id);
		expect(await act(A, editor(), 'reorderLinks', { groupId, order: [...ids].reverse().join(',') })).toMatchObject({ ok: true });
		expect(await titles()).toEqual(['Apotheke', '116117', 'Giftnotruf']);
	});

	it('refuses a reorder that is not exactly the group’s links', async () => {
		const group = (await groupsOf(A))[0]!;
		const ids = group.links.map((l) => l.id);
		for (const order of [ids.slice(1), [...ids, ids[0]!], [...ids.slice(1), 'foreign-id'], []]) {
			expect(await act(A, editor(), 'reorderLinks', { groupId: group.id, order: order.join(',') })).toMatchObject({ ok: false, status: 400 });
		}
		expect((await groupsOf(A))[0]!.links.map((l) => l.id)).toEqual(ids);
	});

	it('answers 404 for ids of another village, and changes nothing there', async () => {
		const groupOfB = (await groupsOf(B))[0]!.id;
		await act(B, person(B.id, 'editor'), 'addLink', { groupId: groupOfB, title: 'Dorf B', url: 'https://b.example.org' });
		const linkOfB = (await groupsOf(B))[0]!.links[0]!.id;
		for (const [name, form] of [
			['deleteLink', { linkId: linkOfB }],
			['moveLink', { id: linkOfB, direction: 'up' }],
			['updateLink', { linkId: linkOfB, groupId: (await groupsOf(A))[0]!.id, title: 'Gekapert', url: 'https://evil.example' }],
			['renameGroup', { groupId: groupOfB, name: 'Gekapert' }],
			['deleteGroup', { groupId: groupOfB }]
		] as const) {
			expect(await act(A, editor(), name, form as Record<string, string>), name).toMatchObject({ ok: false, status: 404 });
		}
		expect(await groupsOf(B)).toEqual([{ id: groupOfB, name: 'B-Gruppe', links: [expect.objectContaining({ title: 'Dorf B', url: 'https://b.example.org' })] }]);
	});

	it('edits, moves to another group and deletes a link; deleting a group deletes its links', async () => {
		const [first, second] = await groupsOf(A);
		const link = first!.links[0]!;
		expect(await act(A, editor(), 'updateLink', { linkId: link.id, groupId: second!.id, title: 'Apotheken-Notdienst', url: 'https://www.aponet.de', icon: 'heart' })).toMatchObject({ ok: true });
		const after = await groupsOf(A);
		expect(after[1]!.links.map((l) => l.title)).toEqual(['Apotheken-Notdienst']);
		expect(await act(A, editor(), 'deleteLink', { linkId: link.id })).toMatchObject({ ok: true });
		expect(await act(A, editor(), 'deleteGroup', { groupId: first!.id })).toMatchObject({ ok: true });
		expect((await groupsOf(A)).map((g) => g.name)).toEqual(['Vereine', 'Gemeinde']);
		const rows = await t.db.selectFrom('auditLog').select(['action', 'tenantId']).where('tenantId', '=', A.id).execute();
		expect(rows.map((r) => r.action)).toEqual(expect.arrayContaining(['links.group.add', 'links.add', 'links.move', 'links.reorder', 'links.update', 'links.delete', 'links.group.delete']));
	});

	it('shows as many links in the widget as the settings say', async () => {
		const groupId = (await groupsOf(A))[0]!.id;
		for (const n of [1, 2, 3]) await act(A, editor(), 'addLink', { groupId, title: `L${n}`, url: `https://example.org/${n}` });
		const widget = await module.server.widget!(ctx(A, anonymous, { widgetCount: 2 }));
		expect((widget.links as { title: string }[]).map((l) => l.title)).toEqual(['L1', 'L2']);
	});
});

describe('findings of the village administration review (issue 11, point 6)', () => {
	const editorB = () => person(B.id, 'editor');
	const groupOf = async (name: string) => {
		const res = await act(B, editorB(), 'addGroup', { name });
		if (!res.ok) throw new Error(JSON.stringify(res));
		return res.data.id as string;
	};

	it('refuses a second group of the same name in the village, upper or lower case aside, naming the field', async () => {
		await groupOf('Notdienste');
		for (const name of ['Notdienste', 'NOTDIENSTE', '  notdienste ']) {
			const res = await act(B, editorB(), 'addGroup', { name });
			expect(res, name).toMatchObject({ ok: false, status: 409, errors: { name: 'Name der Gruppe: Eine Gruppe mit diesem Namen gibt es hier schon.' } });
		}
		const other = await groupOf('Vereine im Dorf');
		expect(await act(B, editorB(), 'renameGroup', { groupId: other, name: 'notDienste' })).toMatchObject({ ok: false, status: 409, errors: { name: expect.stringContaining('Name der Gruppe') } });
		// renaming a group to its own name (or its own name in other letters) is fine; another village may have the name
		expect(await act(B, editorB(), 'renameGroup', { groupId: other, name: 'Vereine im DORF' })).toMatchObject({ ok: true });
		expect(await act(A, editor2(), 'addGroup', { name: 'Notdienste B' })).toMatchObject({ ok: true });
		expect(await act(A, editor2(), 'addGroup', { name: 'notdienste b' })).toMatchObject({ ok: false, status: 409 });
		expect((await groupsOf(B)).filter((g) => g.name.toLowerCase() === 'notdienste')).toHaveLength(1);
	});

	it('accepts phone numbers and e-mail addresses as links', async () => {
		const groupId = await groupOf('Kontakt');
		for (const url of ['tel:+49 2921 300', 'tel:02921300', 'TEL:112', 'mailto:info@soest.de', 'mailto:Rathaus.Moehnesee@example.org', 'https://www.soest.de']) {
			expect(await act(B, editorB(), 'addLink', { groupId, title: url, url }), url).toMatchObject({ ok: true });
		}
		expect((await groupsOf(B)).find((g) => g.id === groupId)!.links).toHaveLength(6);
	});

	it('shows empty groups to its editors only: the public page, widget and API leave them out', async () => {
		const empty = await groupOf('Noch leer');
		const read = async (actor: Actor) => (await module.server.load(ctx(B, actor), module.pages[0]!, {}, new URLSearchParams())).groups as { id: string }[];
		const api = async (actor: Actor) => ((await module.server.api!.links!.run(ctx(B, actor), { id: null, query: new URLSearchParams(), input: undefined })) as { groups: { id: string }[] }).groups;
		for (const actor of [anonymous, person(B.id, 'member'), person(A.id, 'editor')]) {
			expect((await read(actor)).some((g) => g.id === empty), 'page').toBe(false);
			expect((await api(actor)).some((g) => g.id === empty), 'api').toBe(false);
		}
		expect((await read(editorB())).some((g) => g.id === empty)).toBe(true);
		expect((await api(person(B.id, 'admin'))).some((g) => g.id === empty)).toBe(true);
	});

	it('says when saving a link that someone else deleted meanwhile, instead of nothing', async () => {
		const groupId = await groupOf('Gleich weg');
		const added = await act(B, editorB(), 'addLink', { groupId, title: 'Weg', url: 'https://example.org/weg' });
		const linkId = added.ok ? (added.data.id as string) : '';
		await act(B, person(B.id, 'admin'), 'deleteLink', { linkId });
		const res = await act(B, editorB(), 'updateLink', { linkId, groupId, title: 'Weg (neu)', url: 'https://example.org/weg' });
		expect(res).toMatchObject({ ok: false, status: 404, errors: { _form: 'Dieser Link wurde inzwischen gelöscht; Ihre Änderung ist nicht gespeichert.' }, values: { title: 'Weg (neu)' } });
	});

	it('offers undo for deleting a group or a link, with a label naming it in both languages', async () => {
		const groupId = await groupOf('Zum Löschen');
		await act(B, editorB(), 'addLink', { groupId, title: 'Eins', url: 'https://example.org/1' });
		const res = await act(B, editorB(), 'deleteGroup', { groupId });
		expect(res).toMatchObject({ ok: true, undoId: expect.any(String) });
		const entry = await t.db.selectFrom('undoEntries').selectAll().where('id', '=', res.ok ? res.undoId! : '').executeTakeFirstOrThrow();
		expect(entry).toMatchObject({ tenantId: B.id, moduleId: 'links', kind: 'group' });
		expect(JSON.parse(entry.label)).toEqual({ de: 'Gruppe „Zum Löschen“ mit 1 Link', en: 'Group “Zum Löschen” with 1 link' });
	});
});

const editor2 = () => person(A.id, 'editor');
