import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../../tests/helpers/testDb.ts';
import { AppError } from '../http/errors.ts';
import { newId } from '../ids.ts';
import type { Actor } from '../policy/index.ts';
import { getTenantById, insertTenant, type Tenant } from '../tenancy/tenants.ts';
import { villageApp } from './appConfig.ts';
import { appConfigSchema, canBuildApp, discardDraft, publishedConfig, readDraft, writeDraft, type AppConfig } from './appDraft.ts';
import { describeChanges, listVersions, publishDraft, restoreVersion, versionConfig } from './appPublish.ts';
import { enabledModules } from './villageModules.ts';

let t: TestDb;
let muni: Tenant;
let A: Tenant;
let B: Tenant;
const users: Record<string, string> = {};

async function user(name: string): Promise<string> {
	const id = newId();
	await t.db.insertInto('users').values({ id, email: `${name}@example.org`, emailVerifiedAt: 0, passwordHash: 'x', displayName: name, locale: 'de', createdAt: 0, updatedAt: 0 }).execute();
	return id;
}

beforeAll(async () => {
	t = await createTestDb();
	const county = await insertTenant(t.db, { kind: 'county', slug: 'kreis', name: 'Kreis', parent: null });
	muni = await insertTenant(t.db, { kind: 'municipality', slug: 'gemeinde', name: 'Gemeinde', parent: county });
	A = await insertTenant(t.db, { kind: 'village', slug: 'dorf-a', name: 'Dorf A', parent: muni });
	B = await insertTenant(t.db, { kind: 'village', slug: 'dorf-b', name: 'Dorf B', parent: muni });
	for (const name of ['adminA', 'adminB', 'editorA', 'muniAdmin']) users[name] = await user(name);
});
afterAll(() => t.cleanup());

const actor = (name: string, tenant: Tenant, role: 'admin' | 'editor' | 'member'): Actor => ({ userId: users[name]!, memberships: [{ tenantId: tenant.id, role }], clubRoles: [] });
const adminA = () => actor('adminA', A, 'admin');
const fresh = async (v: Tenant) => (await getTenantById(t.db, v.id))!;
const expectStatus = async (p: Promise<unknown>, status: number) => {
	const e = await p.then(() => null, (err: unknown) => err);
	expect(e).toBeInstanceOf(AppError);
	expect((e as AppError).status).toBe(status);
};
const edit = async (v: Tenant, change: (c: AppConfig) => AppConfig, who: Actor = adminA()) => {
	const draft = await readDraft(t.db, await fresh(v));
	return writeDraft(t.db, { actor: who, village: await fresh(v), config: change(draft.config) });
};
const switchOn = (id: string) => (c: AppConfig) => ({ ...c, modules: c.modules.map((x) => (x.id === id ? { ...x, enabled: true } : x)) });

beforeEach(async () => {
	await t.db.deleteFrom('appDrafts').execute();
});

describe('who may build', () => {
	it('lets the village’s admins, not its editors until the village allows them, nor anyone from elsewhere', async () => {
		const a = await fresh(A);
		expect(canBuildApp(adminA(), a)).toBe(true);
		expect(canBuildApp(actor('editorA', A, 'editor'), a)).toBe(false);
		expect(canBuildApp(actor('editorA', A, 'editor'), { ...a, editorsBuildAppAt: 1 })).toBe(true);
		expect(canBuildApp(actor('editorA', A, 'member'), { ...a, editorsBuildAppAt: 1 })).toBe(false);
		expect(canBuildApp(actor('adminB', B, 'admin'), a)).toBe(false);
		expect(canBuildApp(actor('muniAdmin', muni, 'admin'), a)).toBe(true);
		expect(canBuildApp({ userId: null, memberships: [], clubRoles: [] }, a)).toBe(false);
		// a municipality has no app to build
		expect(canBuildApp(actor('muniAdmin', muni, 'admin'), muni)).toBe(false);
		await expectStatus(edit(A, (c) => ({ ...c, name: 'Fremd' }), actor('adminB', B, 'admin')), 403);
		await expectStatus(publishDraft(t.db, { actor: actor('editorA', A, 'editor'), village: await fresh(A), note: '', ip: '' }), 403);
	});
});

describe('the draft', () => {
	it('refuses a configuration that does not fit the schema, naming nothing it stores', async () => {
		await expect(edit(A, (c) => ({ ...c, name: '' }))).rejects.toThrow();
		await expect(edit(A, (c) => ({ ...c, colorPrimary: 'red' }))).rejects.toThrow();
		await expect(edit(A, (c) => ({ ...c, logoUrl: 'https://evil.example/logo.png' }))).rejects.toThrow();
		expect(await t.db.selectFrom('appDrafts').selectAll().execute()).toEqual([]);
	});

	it('never changes the published app, and drops unknown modules and widgets of switched-off ones', async () => {
		const before = await publishedConfig(t.db, await fresh(A));
		const saved = await edit(A, (c) => ({
			...switchOn('calendar')(c),
			name: 'Dorf A im Entwurf',
			modules: [...switchOn('calendar')(c).modules, { id: '__proto__', enabled: true, settings: {} }],
			widgets: ['news', 'calendar', 'calendar', 'constructor'],
			navLabels: [{ id: 'calendar', de: 'Termine', en: 'Dates' }, { id: 'links', de: 'Aus', en: '' }]
		}));
		expect(saved.modules.map((x) => x.id)).not.toContain('__proto__');
		expect(saved.widgets).toEqual(['calendar']);
		expect(saved.navLabels).toEqual([{ id: 'calendar', de: 'Termine', en: 'Dates' }]);
		const draft = await readDraft(t.db, await fresh(A));
		expect(draft.changed).toBe(true);
		expect(draft.config.name).toBe('Dorf A im Entwurf');
		// the live app: unchanged, by the functions the pages and the API use
		expect(await publishedConfig(t.db, await fresh(A))).toEqual(before);
		expect((await fresh(A)).name).toBe('Dorf A');
		expect(await enabledModules(t.db, A.id)).toEqual([]);
		const api = await villageApp(t.db, await fresh(A), 'https://allmende.example');
		expect(api.village.name).toBe('Dorf A');
		expect(api.modules).toEqual([]);
		expect(api.version).toBe(0);
		// discarding brings the published app back
		await discardDraft(t.db, { actor: adminA(), village: await fresh(A) });
		expect((await readDraft(t.db, await fresh(A))).changed).toBe(false);
	});
});

describe('publishing, history, restoring', () => {
	it('publishes the draft as numbered versions, restores one as the draft, and says what changed in words', async () => {
		const start = await fresh(A);
		const first = await publishDraft(t.db, { actor: adminA(), village: start, note: 'Erste Fassung', ip: '' });
		expect(first.version).toBe(1);
		// nothing changed since: nothing to publish
		await expectStatus(publishDraft(t.db, { actor: adminA(), village: await fresh(A), note: '', ip: '' }), 409);

		await edit(A, (c) => ({ ...switchOn('calendar')(switchOn('news')(c)), colorPrimary: '#1f6f43', widgets: ['news', 'calendar'] }));
		// someone saw version 0: refused, nothing written
		await expectStatus(publishDraft(t.db, { actor: adminA(), village: await fresh(A), note: '', ip: '', expectedVersion: 0 }), 409);
		const second = await publishDraft(t.db, { actor: adminA(), village: await fresh(A), note: 'Kalender dazu', ip: '1.2.3.4', expectedVersion: 1 });
		expect(second.version).toBe(2);
		expect(second.changes).toEqual(['Hauptfarbe geändert', 'Veranstaltungen eingeschaltet', 'Dorf-News eingeschaltet', 'Startseite geändert']);
		// live now, in the draft's order
		const a = await fresh(A);
		expect(a.appVersion).toBe(2);
		expect(a.colorPrimary).toBe('#1f6f43');
		expect((await enabledModules(t.db, A.id)).map((x) => x.module.id)).toEqual((await publishedConfig(t.db, a)).modules.filter((x) => x.enabled).map((x) => x.id));
		expect((await villageApp(t.db, a, 'https://x')).version).toBe(2);
		expect((await readDraft(t.db, a)).changed).toBe(false);
		// the other village is untouched
		expect((await fresh(B)).appVersion).toBe(0);

		const history = await listVersions(t.db, a);
		expect(history.map((v) => [v.version, v.note, v.publisherName])).toEqual([
			[2, 'Kalender dazu', 'adminA'],
			[1, 'Erste Fassung', 'adminA']
		]);
		const words = describeChanges((await versionConfig(t.db, a, 1))!, (await versionConfig(t.db, a, 2))!, 'en');
		expect(words).toContain('Main colour changed');

		// restore version 1: it becomes the draft, the live app stays at version 2 until published
		await restoreVersion(t.db, { actor: adminA(), village: a, version: 1, ip: '' });
		expect((await fresh(A)).appVersion).toBe(2);
		const draft = await readDraft(t.db, await fresh(A));
		expect(draft.changed).toBe(true);
		expect(draft.config.colorPrimary).toBeNull();
		const third = await publishDraft(t.db, { actor: adminA(), village: await fresh(A), note: '', ip: '' });
		expect(third.version).toBe(3);
		expect(await enabledModules(t.db, A.id)).toEqual([]);
		// another village's version, a version that does not exist, or garbage: not found
		await expectStatus(restoreVersion(t.db, { actor: actor('adminB', B, 'admin'), village: await fresh(B), version: 1, ip: '' }), 404);
		await expectStatus(restoreVersion(t.db, { actor: adminA(), village: await fresh(A), version: Number.NaN, ip: '' }), 404);
		const audits = (await t.db.selectFrom('auditLog').select('action').where('tenantId', '=', A.id).execute()).map((r) => r.action);
		expect(audits.filter((x) => x === 'app.publish')).toHaveLength(3);
		expect(audits).toContain('app.restore');
	});

	it('describes nothing when nothing changed, and a reorder as a reorder', () => {
		const base = appConfigSchema.parse({
			name: 'Dorf',
			shortName: '',
			description: '',
			colorPrimary: null,
			colorAccent: null,
			logoUrl: null,
			coverUrl: null,
			modules: [
				{ id: 'links', enabled: true, settings: {} },
				{ id: 'news', enabled: true, settings: {} }
			],
			widgets: [],
			navLabels: []
		});
		expect(describeChanges(base, base, 'de')).toEqual([]);
		const swapped = { ...base, modules: [...base.modules].reverse() };
		expect(describeChanges(base, swapped, 'de')).toEqual(['Reihenfolge der Bausteine geändert']);
	});
});
