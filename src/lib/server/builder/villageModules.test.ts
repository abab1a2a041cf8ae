import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../../tests/helpers/testDb.ts';
import { getModule } from '../../modules/registry.ts';
import { AppError } from '../http/errors.ts';
import type { Actor } from '../policy/index.ts';
import { insertTenant, type Tenant } from '../tenancy/tenants.ts';
import { villageApp } from './appConfig.ts';
import { matchPage } from './pages.ts';
import { settingsFields } from './settingsForm.ts';
import { enabledModule, enabledModules, listVillageModules, moveModule, readSettings, saveModuleSettings, setModuleEnabled, settingsFromForm } from './villageModules.ts';

let t: TestDb;
let A: Tenant;
let B: Tenant;
beforeAll(async () => {
	t = await createTestDb();
	const county = await insertTenant(t.db, { kind: 'county', slug: 'kreis', name: 'Kreis', parent: null });
	const muni = await insertTenant(t.db, { kind: 'municipality', slug: 'gemeinde', name: 'Gemeinde', parent: county });
	A = await insertTenant(t.db, { kind: 'village', slug: 'dorf-a', name: 'Dorf A', parent: muni, colorPrimary: '#ffff00' });
	B = await insertTenant(t.db, { kind: 'village', slug: 'dorf-b', name: 'Dorf B', parent: muni });
});
afterAll(() => t.cleanup());

const admin = (tenant: Tenant): Actor => ({ userId: `admin-${tenant.slug}`, memberships: [{ tenantId: tenant.id, role: 'admin' }], clubRoles: [] });
const editor: Actor = { userId: 'editor', memberships: [], clubRoles: [] };
const expectStatus = async (p: Promise<unknown>, status: number) => {
	const e = await p.then(() => null, (err: unknown) => err);
	expect(e).toBeInstanceOf(AppError);
	expect((e as AppError).status).toBe(status);
};

describe('switching modules on and off', () => {
	it('is for the village’s admins only, and knows only installed modules', async () => {
		await expectStatus(setModuleEnabled(t.db, { actor: { ...editor, memberships: [{ tenantId: A.id, role: 'editor' }] }, village: A, moduleId: 'links', enabled: true, ip: '' }), 403);
		await expectStatus(setModuleEnabled(t.db, { actor: admin(B), village: A, moduleId: 'links', enabled: true, ip: '' }), 403);
		await expectStatus(setModuleEnabled(t.db, { actor: admin(A), village: A, moduleId: 'no-such-module', enabled: true, ip: '' }), 404);
		expect(await enabledModules(t.db, A.id)).toEqual([]);
	});

	it('turns a module on and off for one village only, audit-logged', async () => {
		await setModuleEnabled(t.db, { actor: admin(A), village: A, moduleId: 'links', enabled: true, ip: '1.2.3.4' });
		expect((await enabledModules(t.db, A.id)).map((vm) => vm.module.id)).toEqual(['links']);
		expect(await enabledModule(t.db, B.id, 'links')).toBeUndefined();
		expect(await enabledModule(t.db, A.id, 'unknown')).toBeUndefined();
		await setModuleEnabled(t.db, { actor: admin(A), village: A, moduleId: 'links', enabled: false, ip: '' });
		expect(await enabledModule(t.db, A.id, 'links')).toBeUndefined();
		const actions = (await t.db.selectFrom('auditLog').select('action').where('tenantId', '=', A.id).orderBy('createdAt').execute()).map((r) => r.action);
		expect(actions).toEqual(['module.enable', 'module.disable']);
	});

	it('moves only switched-on modules, and not past the ends', async () => {
		await setModuleEnabled(t.db, { actor: admin(A), village: A, moduleId: 'links', enabled: true, ip: '' });
		await moveModule(t.db, { actor: admin(A), village: A, moduleId: 'links', direction: 'up', ip: '' });
		await moveModule(t.db, { actor: admin(A), village: A, moduleId: 'links', direction: 'down', ip: '' });
		expect((await listVillageModules(t.db, A.id))[0]).toMatchObject({ enabled: true, position: 0 });
		await expectStatus(moveModule(t.db, { actor: admin(B), village: A, moduleId: 'links', direction: 'up', ip: '' }), 403);
	});
});

describe('module settings', () => {
	const links = getModule('links')!;

	it('refuses invalid settings with the field’s label, and keeps the old ones', async () => {
		const res = await saveModuleSettings(t.db, { actor: admin(A), village: A, moduleId: 'links', values: { title: 'x'.repeat(61), widgetCount: '99', showDescriptions: true }, locale: 'de', ip: '' });
		expect(res.ok).toBe(false);
		if (!res.ok) {
			expect(res.errors.title).toBe('Überschrift: Höchstens 60 Zeichen.');
			expect(res.errors.widgetCount).toBe('Links auf dem Startbildschirm: Höchstens 12.');
		}
		expect((await enabledModule(t.db, A.id, 'links'))!.settings).toEqual({ title: 'Wichtige Links', widgetCount: 4, showDescriptions: true });
		await expectStatus(saveModuleSettings(t.db, { actor: admin(B), village: A, moduleId: 'links', values: {}, locale: 'de', ip: '' }), 403);
	});

	it('stores valid settings from a form (checkbox off = missing, numbers as text)', async () => {
		const values = settingsFromForm(links, { title: 'Notfall & Co', widgetCount: '2' });
		expect(values).toEqual({ title: 'Notfall & Co', widgetCount: '2', showDescriptions: false });
		const emptied = await saveModuleSettings(t.db, { actor: admin(A), village: A, moduleId: 'links', values: settingsFromForm(links, { widgetCount: 'viele' }), locale: 'de', ip: '' });
		expect(emptied).toEqual({ ok: false, errors: { title: 'Überschrift: Bitte ausfüllen.', widgetCount: 'Links auf dem Startbildschirm: Bitte eine Zahl eingeben.' } });
		expect(await saveModuleSettings(t.db, { actor: admin(A), village: A, moduleId: 'links', values, locale: 'de', ip: '' })).toEqual({ ok: true });
		expect((await enabledModule(t.db, A.id, 'links'))!.settings).toEqual({ title: 'Notfall & Co', widgetCount: 2, showDescriptions: false });
	});

	it('reads broken or outdated stored settings as the defaults', () => {
		expect(readSettings(links, 'not json')).toEqual({ title: 'Wichtige Links', widgetCount: 4, showDescriptions: true });
		expect(readSettings(links, '{"widgetCount": "many", "title": "Eigene Überschrift"}')).toEqual({ title: 'Eigene Überschrift', widgetCount: 4, showDescriptions: true });
		expect(readSettings(links, '[1, 2]')).toEqual({ title: 'Wichtige Links', widgetCount: 4, showDescriptions: true });
	});

	it('generates a labelled form from the schema', () => {
		const fields = settingsFields(links, { title: 'T', widgetCount: 3, showDescriptions: true }, 'en');
		expect(fields).toEqual([
			expect.objectContaining({ key: 'title', label: 'Heading', kind: 'text', value: 'T', maxLength: 60, required: true }),
			expect.objectContaining({ key: 'widgetCount', label: 'Links on the home screen', kind: 'number', value: 3, min: 1, max: 12 }),
			expect.objectContaining({ key: 'showDescriptions', label: 'Show descriptions', kind: 'checkbox', value: true })
		]);
	});
});

describe('published app configuration', () => {
	it('lists the switched-on modules with public settings and contrast-safe theme tokens', async () => {
		const app = await villageApp(t.db, A, 'https://allmende.example');
		expect(app.village).toEqual({ slug: 'dorf-a', name: 'Dorf A', description: '', url: 'https://allmende.example/dorf-a/', contentVersion: A.contentVersion });
		expect(app.modules).toEqual([{ id: 'links', name: { de: 'Wichtige Links', en: 'Important links' }, icon: 'link', url: 'https://allmende.example/dorf-a/links', settings: { title: 'Notfall & Co', widgetCount: 2, showDescriptions: false } }]);
		// pure yellow on white would be unreadable: the token is darkened
		expect(app.theme.colorPrimary).toBe('#ffff00');
		expect(app.theme.tokens.light['--color-primary']).not.toBe('#ffff00');
		expect((await villageApp(t.db, B, 'https://allmende.example')).modules).toEqual([]);
	});

	it('names the push key and the topics a device can subscribe to: the core’s, then the switched-on modules’', async () => {
		const b = await villageApp(t.db, B, 'https://allmende.example');
		expect(b.push.topics.map((x) => x.id)).toEqual(['alerts', 'projects']);
		expect(b.push.topics[0]!.name).toEqual({ de: 'Eilmeldungen aus dem Dorf', en: 'Urgent messages from the village' });
		// the installation's one key (65 bytes as base64url), the same for every village
		expect(b.push.vapidPublicKey).toMatch(/^B[A-Za-z0-9_-]{86}$/);
		await setModuleEnabled(t.db, { actor: admin(B), village: B, moduleId: 'news', enabled: true, ip: '' });
		await setModuleEnabled(t.db, { actor: admin(B), village: B, moduleId: 'calendar', enabled: true, ip: '' });
		const after = await villageApp(t.db, B, 'https://allmende.example');
		// the modules' topics as their manifests declare them, "<module>.<topic>", in the village's order of the modules
		const declared = (id: string) => getModule(id)!.pushTopics.map((topic) => `${id}.${topic.id}`);
		expect(declared('news')).toContain('news.important');
		expect(after.push.topics.map((x) => x.id)).toEqual(['alerts', 'projects', ...declared('news'), ...declared('calendar')]);
		expect(after.push.vapidPublicKey).toBe(b.push.vapidPublicKey);
		expect((await villageApp(t.db, A, 'https://allmende.example')).push.vapidPublicKey).toBe(b.push.vapidPublicKey);
		await setModuleEnabled(t.db, { actor: admin(B), village: B, moduleId: 'news', enabled: false, ip: '' });
		await setModuleEnabled(t.db, { actor: admin(B), village: B, moduleId: 'calendar', enabled: false, ip: '' });
	});
});

describe('module pages', () => {
	const pages = [
		{ path: '', component: 'Page', title: { de: '', en: '' } },
		{ path: 'room/:id', component: 'Room', title: { de: '', en: '' } }
	];
	it('matches the main page, pages with params, and nothing else', () => {
		expect(matchPage(pages, '')?.page.component).toBe('Page');
		expect(matchPage(pages, 'room/abc%20d')).toEqual({ page: pages[1], params: { id: 'abc d' } });
		expect(matchPage(pages, 'room')).toBeNull();
		expect(matchPage(pages, 'room/a/b')).toBeNull();
		expect(matchPage(pages, 'other')).toBeNull();
		expect(matchPage(pages, 'room/%E0%A4%A')).toBeNull();
	});
});
