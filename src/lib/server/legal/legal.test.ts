// The legal pages: who may edit what (another village's admin, anonymous, a municipality admin elsewhere), what the
// forms refuse (oversized text, a bad host name, a bad reply address), that scripts never reach a page, the
// defaults made from the tenants' data, the host name request reaching the county, and barrier reports: the
// honeypot, the per-address limit, the county's admins hearing of them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../../tests/helpers/testDb.ts';
import { outcome } from '../../../../tests/helpers/outcome.ts';
import { LEGAL_PAGES } from '../../legalPages.ts';
import { createUser } from '../auth/accounts.ts';
import { parseInput } from '../http/validate.ts';
import type { Actor } from '../policy/index.ts';
import { isUsableSlug } from '../tenancy/slugs.ts';
import { getTenantById, insertTenant, type Tenant } from '../tenancy/tenants.ts';
import { housekeeping } from '../jobs/housekeeping.ts';
import { submitBarrierReport } from './barrierReports.ts';
import { getContact, saveContact } from './contacts.ts';
import { defaultLegalText, mdEscape } from './defaults.ts';
import { requestHost } from './hostRequest.ts';
import { getLegalText, legalPageView, resetLegalText, saveLegalText } from './legalTexts.ts';
import { barrierReportSchema, contactSchema, hostRequestSchema, legalTextSchema, MAX_LEGAL_TEXT } from './schemas.ts';

let t: TestDb;
const v = {} as Record<'county' | 'muniA' | 'muniB' | 'A' | 'B', Tenant>;
const who = {} as Record<'adminA' | 'adminB' | 'editorA' | 'adminMuniB' | 'county' | 'county2', Actor>;
const anonymous: Actor = { userId: null, memberships: [], clubRoles: [] };
const ip = '192.0.2.1';
const origin = 'https://allmende.example.org';

const code = outcome;
const contact = (fields: Record<string, string>) => contactSchema.parse(fields);
const report = (fields: Record<string, string | undefined>) => barrierReportSchema.parse({ pageUrl: '/altengeseke/news', description: 'Der Knopf „Mehr“ ist mit der Tastatur nicht erreichbar.', ...fields });
const count = async (table: 'barrierReports' | 'notifications' | 'auditLog' | 'legalTexts') => Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
const fresh = async (tenant: Tenant) => (await getTenantById(t.db, tenant.id))!;

beforeAll(async () => {
	t = await createTestDb();
	v.county = await insertTenant(t.db, { kind: 'county', slug: 'kreis', name: 'Kreis Soest', parent: null });
	v.muniA = await insertTenant(t.db, { kind: 'municipality', slug: 'anroechte', name: 'Anröchte', parent: v.county });
	v.muniB = await insertTenant(t.db, { kind: 'municipality', slug: 'moehnesee', name: 'Möhnesee', parent: v.county });
	v.A = await insertTenant(t.db, { kind: 'village', slug: 'altengeseke', name: 'Altengeseke', parent: v.muniA });
	v.B = await insertTenant(t.db, { kind: 'village', slug: 'koerbecke', name: 'Körbecke', parent: v.muniB });
	const roles: Record<keyof typeof who, Actor['memberships']> = {
		adminA: [{ tenantId: v.A.id, role: 'admin' }],
		adminB: [{ tenantId: v.B.id, role: 'admin' }],
		editorA: [{ tenantId: v.A.id, role: 'editor' }],
		adminMuniB: [{ tenantId: v.muniB.id, role: 'admin' }],
		county: [{ tenantId: v.county.id, role: 'admin' }],
		county2: [{ tenantId: v.county.id, role: 'admin' }]
	};
	for (const [key, memberships] of Object.entries(roles)) {
		const user = await createUser(t.db, { email: `${key.toLowerCase()}@example.org`, password: 'ein langes passwort', displayName: key, verified: true, locale: key === 'county2' ? 'en' : 'de' });
		for (const m of memberships) await t.db.insertInto('memberships').values({ id: `${user.id}-${m.tenantId}`, tenantId: m.tenantId, userId: user.id, role: m.role, createdAt: Date.now() }).execute();
		who[key as keyof typeof who] = { userId: user.id, memberships, clubRoles: [] };
	}
});
afterAll(() => t.cleanup());

describe('who edits legal pages and contact data', () => {
	it("refuses another village's admin, a municipality admin elsewhere, an editor and anonymous; changes nothing", async () => {
		for (const actor of [who.adminB, who.adminMuniB, who.editorA, anonymous]) {
			expect(await code(saveLegalText(t.db, { actor, tenant: v.A, page: 'impressum', body: 'Fremd', ip }))).toBe('403');
			expect(await code(resetLegalText(t.db, { actor, tenant: v.A, page: 'impressum', ip }))).toBe('403');
			expect(await code(saveContact(t.db, { actor, tenant: v.A, input: contact({ contactBody: 'Fremd' }), ip }))).toBe('403');
		}
		// the platform's pages: the county's admins only, not a village's
		expect(await code(saveLegalText(t.db, { actor: who.adminA, tenant: v.county, page: 'datenschutz', body: 'Fremd', ip }))).toBe('403');
		// a municipality has no legal pages of its own, not even for the county
		expect(await code(saveLegalText(t.db, { actor: who.county, tenant: v.muniA, page: 'impressum', body: 'Nichts', ip }))).toBe('403');
		expect(await count('legalTexts')).toBe(0);
		expect((await getContact(t.db, v.A.id)).body).toBe('');
	});

	it('lets the village admin and the county edit the village, audit-logged; reset brings the default back', async () => {
		const audits = await count('auditLog');
		await saveLegalText(t.db, { actor: who.adminA, tenant: v.A, page: 'impressum', body: 'Unser eigenes Impressum', ip });
		await saveLegalText(t.db, { actor: who.county, tenant: v.A, page: 'impressum', body: 'Vom Kreis ergänzt', ip });
		// saving the same text again is no change
		await saveLegalText(t.db, { actor: who.county, tenant: v.A, page: 'impressum', body: 'Vom Kreis ergänzt', ip });
		expect((await getLegalText(t.db, v.A.id, 'impressum'))?.body).toBe('Vom Kreis ergänzt');
		expect(await count('auditLog')).toBe(audits + 2);
		expect((await legalPageView(t.db, { tenant: v.A, page: 'impressum', locale: 'de', origin })).own).not.toBeNull();
		await resetLegalText(t.db, { actor: who.adminA, tenant: v.A, page: 'impressum', ip });
		const view = await legalPageView(t.db, { tenant: v.A, page: 'impressum', locale: 'de', origin });
		expect(view.own).toBeNull();
		expect(view.html).toContain('Angaben gemäß § 5 DDG');
		expect(await count('auditLog')).toBe(audits + 3);
	});

	it('strips scripts, event handlers and javascript: links from an own text', async () => {
		const body = '# Impressum\n\n<script>alert(1)</script><img src=x onerror="alert(2)">\n\n[klick](javascript:alert(3)) <a href="/x" onclick="alert(4)">x</a>';
		await saveLegalText(t.db, { actor: who.adminA, tenant: v.A, page: 'datenschutz', body, ip });
		const { html } = await legalPageView(t.db, { tenant: v.A, page: 'datenschutz', locale: 'de', origin });
		expect(html).toContain('<h2>Impressum</h2>');
		expect(html).not.toMatch(/<script|onerror|onclick|javascript:|alert\(1\)/);
	});
});

describe('the forms refuse what does not fit, naming the field', () => {
	it('refuses an oversized or empty text', () => {
		const long = parseInput(legalTextSchema, { body: 'x'.repeat(MAX_LEGAL_TEXT + 1) });
		expect(long.ok || long.errors.body).toMatch(/^Text: /);
		const empty = parseInput(legalTextSchema, { body: '   ' });
		expect(empty.ok || empty.errors.body).toMatch(/^Text: /);
	});

	it('refuses bad contact data and barrier reports by field; __proto__ is only a key', () => {
		const bad = parseInput(contactSchema, { contactEmail: 'keine adresse', contactPhone: 'ruf mich an', contactBody: 'x'.repeat(201), __proto__: { polluted: true } });
		expect(bad.ok).toBe(false);
		if (!bad.ok) expect(Object.keys(bad.errors).sort()).toEqual(['contactBody', 'contactEmail', 'contactPhone']);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
		const r = parseInput(barrierReportSchema, { pageUrl: 'x'.repeat(501), description: 'kurz', replyEmail: 'nein' });
		expect(r.ok).toBe(false);
		if (!r.ok) expect(Object.keys(r.errors).sort()).toEqual(['description', 'pageUrl', 'replyEmail']);
		const proto = parseInput(barrierReportSchema, JSON.parse('{"__proto__": {"x": 1}, "constructor": "y", "pageUrl": "/", "description": "Eine lange genug Beschreibung"}'));
		expect(proto.ok && Object.keys(proto.data).sort()).toEqual(['description', 'pageUrl', 'replyEmail']);
	});

	it('checks a requested host name like the county form does', () => {
		for (const host of ['localhost', '127.0.0.1', 'dorf', 'http://dorf.de/', 'a..de']) expect(parseInput(hostRequestSchema, { requestedHost: host }).ok, host).toBe(false);
		const ok = parseInput(hostRequestSchema, { requestedHost: ' Dörfchen.DE. ' });
		expect(ok.ok && ok.data.requestedHost).toBe('xn--drfchen-90a.de');
	});

	it('reserves the page names as slugs (and so as module ids)', () => {
		for (const page of LEGAL_PAGES) expect(isUsableSlug(page), page).toBe(false);
	});
});

describe('the defaults', () => {
	it('name the county, the village, its contact data — escaped, never markup — or say what is missing', async () => {
		const county = { name: 'Kreis Soest', contact: await getContact(t.db, v.county.id) };
		const bare = defaultLegalText({ page: 'impressum', locale: 'de', origin, county, village: { name: 'Altengeseke', municipality: 'Anröchte', contact: await getContact(t.db, v.B.id) } });
		// without a body and address: what is missing is said once, the village's name not repeated
		expect(bare).toContain('Dorf-App Altengeseke\n*noch nicht angegeben*\n\n');
		expect(bare).toContain(`${origin}/impressum`);
		const filled = { ...county.contact, body: 'Dorfgemeinschaft <b>Altengeseke</b> e. V.', person: 'Anna [Vorsitz](javascript:x)', address: 'Kirchstraße 1\n59609 Anröchte', email: 'dorf@example.org', phone: '02947 1234' };
		const text = defaultLegalText({ page: 'impressum', locale: 'en', origin, county, village: { name: 'Altengeseke', municipality: 'Anröchte', contact: filled } });
		expect(text).toContain('Information pursuant to § 5 DDG');
		expect(text).toContain('[dorf@example\\.org](mailto:dorf@example.org)');
		expect(text).toContain('(tel:029471234)');
		expect(text).not.toContain('<b>');
		expect(text).not.toContain('](javascript');
		expect(mdEscape('*a* [b](c) <i>')).toBe('\\*a\\* \\[b\\]\\(c\\) &lt;i&gt;');
	});

	it('say what Allmende stores, per BITV: status, known issues, feedback, conciliation, date', () => {
		const county = { name: 'Kreis Soest', contact: { body: '', person: '', address: '', email: 'barrierefrei@kreis-soest.de', phone: '', privacyContact: '', requestedHost: null, hostRequestedAt: null, updatedAt: 0 } };
		const ds = defaultLegalText({ page: 'datenschutz', locale: 'de', origin, county });
		for (const fact of ['PARAGLIDE_LOCALE', 'IP-Adresse', '90 Tage', '30 Tage', 'Art. 6 Abs. 1 lit. b DSGVO', '/account']) expect(ds).toContain(fact);
		const bf = defaultLegalText({ page: 'barrierefreiheit', locale: 'de', origin, county });
		for (const part of ['BITV 2.0', '**teilweise**', 'Nicht barrierefreie Inhalte', 'schlichtungsstelle-bgg.de', '29. November 2026', 'mailto:barrierefrei@kreis-soest.de']) expect(bf).toContain(part);
		expect(defaultLegalText({ page: 'barrierefreiheit', locale: 'en', origin, county })).toContain('Compliance status');
	});
});

describe('a host name request', () => {
	it("is refused for another village's admin, the platform's own name and a name in use", async () => {
		expect(await code(requestHost(t.db, { actor: who.adminB, village: v.A, host: 'altengeseke.de', ip, origin }))).toBe('403');
		expect(await code(requestHost(t.db, { actor: who.adminA, village: v.A, host: 'example.org', ip, origin }))).toMatch(/^400 requestedHost:Gewünschter Domainname: .*Plattform/);
		await t.db.updateTable('tenants').set({ host: 'koerbecke.de' }).where('id', '=', v.B.id).execute();
		expect(await code(requestHost(t.db, { actor: who.adminA, village: v.A, host: 'koerbecke.de', ip, origin }))).toMatch(/^400 requestedHost:.*anderen Dorf/);
		expect(await code(requestHost(t.db, { actor: who.adminB, village: await fresh(v.B), host: 'koerbecke.de', ip, origin }))).toMatch(/^400 requestedHost:/);
	});

	it("reaches the county's admins (each in their language) once, and stays open until the county sets it", async () => {
		const before = await count('notifications');
		await requestHost(t.db, { actor: who.adminA, village: v.A, host: 'altengeseke.de', ip, origin });
		await requestHost(t.db, { actor: who.adminA, village: v.A, host: 'altengeseke.de', ip, origin });
		const sent = await t.db.selectFrom('notifications').select(['userId', 'title', 'url']).where('kind', '=', 'legal.hostRequest').orderBy('title').execute();
		expect(sent.map((n) => n.title)).toEqual(['Altengeseke asks for the host name altengeseke.de', 'Altengeseke beantragt den Domainnamen altengeseke.de']);
		expect(new Set(sent.map((n) => n.userId))).toEqual(new Set([who.county.userId, who.county2.userId]));
		expect(sent[0]!.url).toBe(`/admin/tenants/${v.A.id}`);
		expect(await count('notifications')).toBe(before + 2);
		expect((await getContact(t.db, v.A.id)).requestedHost).toBe('altengeseke.de');
	});
});

describe('barrier reports', () => {
	it('store nothing for a robot that fills the honeypot', async () => {
		const before = await count('barrierReports');
		expect(await submitBarrierReport(t.db, { tenant: v.A, input: report({ website: 'http://spam.example' }), ip: '198.51.100.9', actorId: null, locale: 'de', perHour: 5 })).toBe(false);
		expect(await count('barrierReports')).toBe(before);
	});

	it('are limited per address (an IPv6 /64 counts as one)', async () => {
		const send = (address: string) => code(submitBarrierReport(t.db, { tenant: v.B, input: report({}), ip: address, actorId: null, locale: 'de', perHour: 2 }));
		expect(await send('2001:db8:1:2::1')).toBe('ok');
		expect(await send('2001:db8:1:2::99')).toBe('ok');
		expect(await send('2001:db8:1:2:ffff::1')).toMatch(/^429 _form:Von Ihrem Anschluss/);
		expect(await send('2001:db8:9:9::1')).toBe('ok');
	});

	it("reach every county admin by notification and mail, audited, and not a village's admins", async () => {
		const audits = await count('auditLog');
		await submitBarrierReport(t.db, { tenant: v.A, input: report({ replyEmail: 'leser@example.org' }), ip: '203.0.113.5', actorId: null, locale: 'de', perHour: 5 });
		const stored = await t.db.selectFrom('barrierReports').selectAll().where('email', '=', 'leser@example.org').executeTakeFirstOrThrow();
		expect(stored.tenantId).toBe(v.A.id);
		const notes = await t.db.selectFrom('notifications').select(['userId', 'body', 'url']).where('kind', '=', 'legal.barrierReport').where('body', 'like', '%leser@example.org%').execute();
		expect(new Set(notes.map((n) => n.userId))).toEqual(new Set([who.county.userId, who.county2.userId]));
		expect(notes[0]!.url).toBe('/altengeseke/barrierefreiheit');
		const mails = await t.db.selectFrom('jobs').select('payload').where('kind', '=', 'mail').where('idempotencyKey', 'like', `barrier-report:${stored.id}:%`).execute();
		expect(mails.map((j) => (JSON.parse(j.payload) as { to: string }).to).sort()).toEqual(['county2@example.org', 'county@example.org']);
		expect(await count('auditLog')).toBe(audits + 1);
	});

	it('are deleted by the housekeeping after a year, not before', async () => {
		const now = Date.now();
		const day = 86_400_000;
		for (const [id, age] of [['old', 366], ['young', 364]] as const) {
			await t.db.insertInto('barrierReports').values({ id: `report-${id}`, tenantId: v.A.id, pageUrl: '/', description: 'Alt genug', email: 'alt@example.org', locale: 'de', createdAt: now - age * day }).execute();
		}
		expect((await housekeeping(t.db, now)).barrierReports).toBe(1);
		const left = await t.db.selectFrom('barrierReports').select('id').where('id', 'like', 'report-%').execute();
		expect(left.map((r) => r.id)).toEqual(['report-young']);
	});
});
