// How the core runs a module action: own names only, permission before validation before the module's code,
// one transaction that a refusal rolls back, the content version bumped with every write, realtime events
// only after the commit. A test-only module with one table shows it (it is not in the registry).
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../../tests/helpers/testDb.ts';
import type { AnyModule } from '../../modules/registry.ts';
import { actionFor, type ModuleContext } from '../../modules/types.ts';
import { createUser } from '../auth/accounts.ts';
import { contentVersion } from '../db/contentVersion.ts';
import type { Actor } from '../policy/index.ts';
import { createLocalHub } from '../realtime/hub.ts';
import { insertTenant, type Tenant } from '../tenancy/tenants.ts';
import { apiAction, formAction, moduleTexts, runModuleAction } from './moduleActions.ts';
import { channelTopic } from '../realtime/topics.ts';

type Tables = { probeNotes: { id: string; text: string } };
type Ctx = ModuleContext<Record<string, unknown>, Tables>;
const action = actionFor<Ctx>();

const probe = {
	id: 'probe',
	permissions: [{ id: 'probe.write', role: 'editor', description: { de: 'x', en: 'x' } }],
	tables: ['probeNotes'],
	fieldLabels: { text: { de: 'Notiz', en: 'Note' } },
	server: {
		load: async () => ({}),
		channels: { notes: { params: z.object({}), permission: 'public' } },
		actions: {
			add: action({
				permission: 'probe.write',
				input: z.object({ id: z.string().min(1), text: z.string().trim().min(1).max(20) }),
				async run(ctx, input) {
					await ctx.data.insertInto('probeNotes').values({ id: input.id, text: input.text }).execute();
					// a refusal after a write: the write must not survive
					if (input.text === 'refuse') return { ok: false, status: 409, errors: { _form: 'refused' } };
					if (input.text === 'crash') throw new Error('module bug');
					ctx.publish('notes', {}, { added: input.id });
					await ctx.audit({ action: 'probe.add', targetType: 'probe.note', targetId: input.id });
					return { ok: true, data: { id: input.id } };
				}
			}),
			open: action({ permission: 'public', input: z.object({}), run: async () => ({ ok: true }) }),
			calendar: action({
				permission: 'probe.write',
				input: z.object({ ics: z.string().min(1), title: z.string().min(1) }),
				uploads: { ics: { accept: 'calendar', maxBytes: 1000 } },
				async run(_ctx, input) {
					return { ok: true, data: { text: input.ics } };
				}
			}),
			picture: action({
				permission: 'probe.write',
				input: z.object({ imageId: z.string().min(1), alt: z.string().optional(), caption: z.string().min(1) }),
				uploads: { imageId: { accept: 'image', altField: 'alt' } },
				async run(ctx, input) {
					const file = await ctx.files.get(input.imageId);
					return { ok: true, data: { id: input.imageId, kind: file?.kind ?? null } };
				}
			})
		}
	}
} as unknown as AnyModule;

let t: TestDb;
let A: Tenant;
const hub = createLocalHub();
const events: unknown[] = [];
let editorId = '';
const editorA = (): Actor => ({ userId: editorId, memberships: [{ tenantId: A.id, role: 'editor' }], clubRoles: [] });
const run = (actor: Actor, name: string, input: Record<string, unknown>) =>
	runModuleAction({ rt: { db: t.db, hub, kickJobs: () => {} }, village: A, vm: { module: probe, enabled: true, position: 0, settings: {} }, action: formAction(probe, name)!, actor, locale: 'de', ip: '', input });
const notes = async () => (await t.db.withTables<{ probeNotes: { id: string; tenantId: string; text: string } }>().selectFrom('probeNotes').select(['id', 'text']).orderBy('id').execute()).map((r) => r.text);

beforeAll(async () => {
	t = await createTestDb();
	const county = await insertTenant(t.db, { kind: 'county', slug: 'kreis', name: 'Kreis', parent: null });
	A = await insertTenant(t.db, { kind: 'village', slug: 'dorf-a', name: 'Dorf A', parent: county });
	editorId = (await createUser(t.db, { email: 'editor@example.org', password: 'ein langes passwort', displayName: 'Editor', verified: true })).id;
	await t.db.schema.createTable('probe_notes').addColumn('id', 'text', (c) => c.primaryKey()).addColumn('tenant_id', 'text', (c) => c.notNull()).addColumn('text', 'text', (c) => c.notNull()).execute();
	hub.subscribe(channelTopic({ villageId: A.id, moduleId: 'probe', channel: 'notes', params: {} }), (e) => events.push(e));
});
afterAll(() => t.cleanup());

describe('running a module action', () => {
	it('finds own actions only, never names from the prototype', () => {
		for (const name of ['constructor', '__proto__', 'hasOwnProperty', 'toString', 'valueOf', '']) expect(formAction(probe, name), name).toBeUndefined();
		expect(formAction(probe, 'add')).toBeDefined();
	});

	it('answers 401 to anonymous and 403 to members before validating anything, and writes nothing', async () => {
		const version = await contentVersion(t.db, A.id);
		expect(await run({ userId: null, memberships: [], clubRoles: [] }, 'add', { id: '1', text: 'x' })).toMatchObject({ ok: false, status: 401 });
		expect(await run({ userId: 'm', memberships: [{ tenantId: A.id, role: 'member' }], clubRoles: [] }, 'add', {})).toMatchObject({ ok: false, status: 403 });
		expect(await notes()).toEqual([]);
		expect(await contentVersion(t.db, A.id)).toBe(version);
	});

	it('names invalid fields with the module’s labels, and writes nothing', async () => {
		const res = await run(editorA(), 'add', { id: '1', text: '' });
		expect(res).toMatchObject({ ok: false, status: 400, errors: { text: 'Notiz: Bitte ausfüllen.' } });
		expect(await notes()).toEqual([]);
	});

	it('rolls back what an action wrote before it refused, or before it crashed', async () => {
		const version = await contentVersion(t.db, A.id);
		expect(await run(editorA(), 'add', { id: '1', text: 'refuse' })).toMatchObject({ ok: false, status: 409, errors: { _form: 'refused' } });
		await expect(run(editorA(), 'add', { id: '2', text: 'crash' })).rejects.toThrow('module bug');
		expect(await notes()).toEqual([]);
		expect(await contentVersion(t.db, A.id)).toBe(version);
		expect(events).toEqual([]);
	});

	it('commits a write with its audit entry, bumps the content version and then publishes', async () => {
		const version = await contentVersion(t.db, A.id);
		expect(await run(editorA(), 'add', { id: '3', text: 'Hallo' })).toEqual({ ok: true, data: { id: '3' } });
		expect(await notes()).toEqual(['Hallo']);
		expect(await contentVersion(t.db, A.id)).toBeGreaterThan(version);
		expect(events).toEqual([{ added: '3' }]);
		const audit = await t.db.selectFrom('auditLog').select(['action', 'tenantId', 'actorId']).where('action', '=', 'probe.add').execute();
		expect(audit).toEqual([{ action: 'probe.add', tenantId: A.id, actorId: editorId }]);
	});

	it('answers 409 in words when a write loses a race for a unique key (two saves of the same id), and keeps the first', async () => {
		const version = await contentVersion(t.db, A.id);
		const before = events.length;
		const res = await run(editorA(), 'add', { id: '3', text: 'Zweiter' });
		expect(res).toMatchObject({ ok: false, status: 409, errors: { _form: expect.stringContaining('Jemand anderes hat gerade dasselbe gespeichert') }, values: { id: '3', text: 'Zweiter' } });
		expect(await notes()).toEqual(['Hallo']);
		expect(await contentVersion(t.db, A.id)).toBe(version);
		expect(events.length).toBe(before);
	});

	it('checks and stores an action’s files for the village, and only when the whole input is valid', async () => {
		const sharp = (await import('sharp')).default;
		const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#1f6f43' } }).png().toBuffer();
		const file = (bytes: Uint8Array<ArrayBuffer> | string, name: string) => new File([bytes], name);
		const files = async () => Number((await t.db.selectFrom('files').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
		const picture = (input: Record<string, unknown>, upload: File) =>
			runModuleAction({ rt: { db: t.db, hub, kickJobs: () => {} }, village: A, vm: { module: probe, enabled: true, position: 0, settings: {} }, action: formAction(probe, 'picture')!, actor: editorA(), locale: 'de', ip: '', input, files: { imageId: upload } });
		const before = await files();
		const html = await picture({ alt: 'Dorfplatz', caption: 'x' }, file('<html><script>alert(1)</script>', 'photo.png'));
		expect(html).toMatchObject({ ok: false, status: 400 });
		expect(Object.keys(html.ok ? {} : html.errors)).toEqual(['imageId']);
		expect(await picture({ caption: 'x' }, file(new Uint8Array(png), 'p.png'))).toMatchObject({ ok: false, status: 400, errors: { alt: expect.stringContaining('Bildbeschreibung') } });
		// a valid image with another invalid field: refused, and the image is not kept
		expect(await picture({ alt: 'Dorfplatz', caption: '' }, file(new Uint8Array(png), 'p.png'))).toMatchObject({ ok: false, status: 400, errors: { caption: expect.any(String) } });
		expect(await files()).toBe(before);
		const ok = await picture({ alt: 'Dorfplatz', caption: 'Unser Dorfplatz' }, file(new Uint8Array(png), 'p.png'));
		expect(ok).toMatchObject({ ok: true, data: { kind: 'image' } });
		const id = ok.ok ? String(ok.data.id) : '';
		expect((await t.db.selectFrom('files').select('tenantId').where('id', '=', id).executeTakeFirstOrThrow()).tenantId).toBe(A.id);
	});

	it('reads a calendar file as text for the action, checked by its content and size, and stores nothing', async () => {
		const files = async () => Number((await t.db.selectFrom('files').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
		const calendar = (upload: File, title = 'Abfuhr') =>
			runModuleAction({ rt: { db: t.db, hub, kickJobs: () => {} }, village: A, vm: { module: probe, enabled: true, position: 0, settings: {} }, action: formAction(probe, 'calendar')!, actor: editorA(), locale: 'de', ip: '', input: { title }, files: { ics: upload } });
		const before = await files();
		for (const [bytes, message] of [
			['<html><body>BEGIN:VCALENDAR</body></html>', 'Das ist keine Kalenderdatei'],
			['%PDF-1.4 BEGIN:VCALENDAR', 'Das ist keine Kalenderdatei'],
			[new Uint8Array([66, 69, 71, 73, 78, 58, 0, 1, 2]), 'Das ist keine Kalenderdatei'],
			[`BEGIN:VCALENDAR\r\n${'X'.repeat(1000)}`, 'zu groß'],
			['', 'leer']
		] as const) {
			const res = await calendar(new File([bytes], 'kalender.ics', { type: 'text/calendar' }));
			// an empty file is no file at all in a form; here it arrives and is named
			expect(res, String(message)).toMatchObject({ ok: false, status: 400, errors: { ics: expect.stringContaining(message) } });
		}
		const text = '\uFEFFBEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n';
		expect(await calendar(new File([text], 'k.ics'))).toEqual({ ok: true, data: { text: text.slice(1) } });
		// Windows-1252, as older programs write it
		expect(await calendar(new File([Buffer.from('BEGIN:VCALENDAR\r\nSUMMARY:Schützenfest\r\n', 'latin1')], 'k.ics'))).toMatchObject({ ok: true, data: { text: expect.stringContaining('Schützenfest') } });
		// the other fields are checked as always
		expect(await calendar(new File([text], 'k.ics'), '')).toMatchObject({ ok: false, status: 400, errors: { title: expect.any(String) } });
		expect(await files()).toBe(before);
	});

	it('reads no upload when none is sent, or only other fields are: the input is checked as it came', async () => {
		const picture = (files?: Record<string, File>) =>
			runModuleAction({ rt: { db: t.db, hub, kickJobs: () => {} }, village: A, vm: { module: probe, enabled: true, position: 0, settings: {} }, action: formAction(probe, 'picture')!, actor: editorA(), locale: 'de', ip: '', input: { imageId: 'kein-bild', caption: 'x' }, files });
		expect(await picture()).toEqual({ ok: true, data: { id: 'kein-bild', kind: null } });
		expect(await picture({ other: new File(['x'], 'x.png') })).toEqual({ ok: true, data: { id: 'kein-bild', kind: null } });
	});

	it("runs a 'public' action for anonymous callers", async () => {
		expect(await run({ userId: null, memberships: [], clubRoles: [] }, 'open', {})).toEqual({ ok: true, data: {} });
	});
});

describe('finding an action and its texts', () => {
	const api = {
		id: 'apiprobe',
		fieldLabels: { title: { de: 'Titel', en: 'Title' } },
		messages: { errShort: { de: 'Zu kurz', en: 'Too short' } },
		server: {
			actions: {
				list: { api: { method: 'GET', path: 'items' } },
				create: { api: { method: 'POST', path: 'items' } },
				update: { api: { method: 'PATCH', path: 'items', id: true } },
				formOnly: {}
			}
		}
	} as unknown as AnyModule;

	it('finds no API action for an unknown path, a wrong id, or a module without actions', () => {
		expect(apiAction(api, 'POST', 'other', false)).toBeUndefined();
		expect(apiAction(api, 'DELETE', 'other', true)).toBeUndefined();
		expect(apiAction(api, 'PATCH', 'items', false)).toBe('wrong-method');
		expect(apiAction({ id: 'x', server: {} } as unknown as AnyModule, 'GET', 'items', false)).toBeUndefined();
	});

	it("answers 'wrong-method' for a known path with another method, else the action and its name", () => {
		expect(apiAction(api, 'DELETE', 'items', false)).toBe('wrong-method');
		expect(apiAction(api, 'DELETE', 'items', true)).toBe('wrong-method');
		expect(apiAction(api, 'POST', 'items', false)).toEqual({ name: 'create', action: (api.server.actions as Record<string, unknown>).create });
		expect(apiAction(api, 'GET', 'items', false)).toMatchObject({ name: 'list' });
		expect(apiAction(api, 'PATCH', 'items', true)).toMatchObject({ name: 'update' });
	});

	it("picks the module's labels and messages in the asked language; none when it has none", () => {
		expect(moduleTexts(api, 'en')).toEqual({ labels: { title: 'Title' }, messages: { errShort: 'Too short' } });
		expect(moduleTexts(api, 'de')).toEqual({ labels: { title: 'Titel' }, messages: { errShort: 'Zu kurz' } });
		expect(moduleTexts({ id: 'x', server: {} } as unknown as AnyModule, 'de')).toEqual({ labels: {}, messages: {} });
	});
});

describe('what a refusal sends back, and what a commit sets off', () => {
	it('says why in words: 401 asks to sign in, 403 names the missing rights', async () => {
		expect(await run({ userId: null, memberships: [], clubRoles: [] }, 'add', {})).toEqual({ ok: false, status: 401, errors: { _form: 'Bitte melden Sie sich an.' } });
		expect(await run({ userId: 'm', memberships: [{ tenantId: A.id, role: 'member' }], clubRoles: [] }, 'add', {})).toEqual({ ok: false, status: 403, errors: { _form: 'Dafür fehlen Ihnen die Rechte.' } });
	});

	it('echoes only the text values of the input, after invalid input and after a refusal', async () => {
		const invalid = await run(editorA(), 'add', { id: 'v1', text: '', extra: 5, flag: true });
		expect(invalid).toEqual({ ok: false, status: 400, errors: { text: 'Notiz: Bitte ausfüllen.' }, values: { id: 'v1', text: '' } });
		const refused = await run(editorA(), 'add', { id: 'v2', text: 'refuse', n: 1 });
		expect(refused).toEqual({ ok: false, status: 409, errors: { _form: 'refused' }, values: { id: 'v2', text: 'refuse' } });
	});

	it('wakes the job worker once after an action that scheduled a job, and not after one that did not', async () => {
		const scheduler = {
			id: 'scheduler',
			permissions: [],
			tables: [],
			server: {
				load: async () => ({}),
				jobs: { remind: async () => {} },
				actions: {
					plan: action({ permission: 'signedIn', input: z.object({ later: z.string().optional() }), async run(ctx, input) {
						if (input.later) await ctx.schedule({ job: 'remind', payload: { later: input.later } });
						return { ok: true };
					} })
				}
			}
		} as unknown as AnyModule;
		let kicked = 0;
		const plan = (input: Record<string, unknown>) =>
			runModuleAction({ rt: { db: t.db, hub, kickJobs: () => kicked++ }, village: A, vm: { module: scheduler, enabled: true, position: 0, settings: {} }, action: formAction(scheduler, 'plan')!, actor: editorA(), locale: 'de', ip: '', input });
		expect(await plan({})).toEqual({ ok: true, data: {} });
		expect(kicked).toBe(0);
		expect(await plan({ later: 'ja' })).toEqual({ ok: true, data: {} });
		expect(kicked).toBe(1);
		expect((await t.db.selectFrom('jobs').select(['moduleId', 'tenantId']).where('moduleId', '=', 'scheduler').execute()).map((r) => ({ ...r }))).toEqual([{ moduleId: 'scheduler', tenantId: A.id }]);
	});
});
