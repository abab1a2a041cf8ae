// The history tells every entry as a sentence: each action the code writes has one in both languages, names come
// from the entry or are looked up now (within the tenants being read), and ids only reach the details.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../../tests/helpers/testDb.ts';
import de from '../../../../messages/de.json' with { type: 'json' };
import en from '../../../../messages/en.json' with { type: 'json' };
import { getUserByEmail } from '../auth/accounts.ts';
import { deleteAccount } from '../auth/gdpr.ts';
import { MODULES } from '../../modules/registry.ts';
import { seedDemo } from '../seed/demo.ts';
import type { Tenant } from '../tenancy/tenants.ts';
import { audit, listAudit } from './audit.ts';
import { CORE_VARIANTS, fillTemplate, moduleAuditText, sayKey, tell, type AuditNames, type AuditRow } from './describe.ts';

const SRC = join(import.meta.dirname, '../../..');

function sources(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return name === 'paraglide' ? [] : sources(path);
		return /\.(ts|svelte)$/.test(name) && !/\.(test|e2e)\.ts$/.test(name) ? [path] : [];
	});
}

/** What a template literal in an action code stands for (checked against the schema below). */
const EXPANSIONS: Record<string, string[]> = { 'calendar.occurrence.${input.kind}': ['calendar.occurrence.skip', 'calendar.occurrence.cancel', 'calendar.occurrence.change', 'calendar.occurrence.restore'] };

/** Every action code an audit(...) call in the code writes: the quoted codes between `action:` and `targetType`. */
function actionCodesInCode(): { codes: Set<string>; unreadable: string[] } {
	const codes = new Set<string>();
	const unreadable: string[] = [];
	for (const file of sources(join(SRC, 'lib')).concat(sources(join(SRC, 'routes')))) {
		const text = readFileSync(file, 'utf8');
		for (const call of text.matchAll(/\baudit\((?:trx|db|tx|[a-zA-Z.]+)?,?\s*\{([^]*?)\btargetType\b/g)) {
			const part = /\baction:\s*([^]*?),\s*$/.exec(call[1]!.trim() + ',')?.[1];
			if (!part) continue; // the declaration of audit() itself, or a call that spreads its entry
			const found = [...part.matchAll(/'([a-z][a-zA-Z-]*(?:\.[a-zA-Z-]+)+)'/g)].map((x) => x[1]!);
			const template = /`([^`]+)`/.exec(part)?.[1];
			if (template) found.push(...(EXPANSIONS[template] ?? []));
			if (found.length === 0 || (template && !EXPANSIONS[template])) unreadable.push(`${file}: ${part}`);
			for (const c of found) codes.add(c);
		}
	}
	return { codes, unreadable };
}

const messages = { de: de as Record<string, string>, en: en as Record<string, string> };

describe('every action written today has a sentence in both languages', () => {
	const { codes, unreadable } = actionCodesInCode();

	it('finds the action codes in the code (and can read each of them)', () => {
		expect(unreadable).toEqual([]);
		// a few from each kind of writer: the core, the Projektpool, the modules, a ternary and a template
		for (const c of ['member.role', 'project.task.move', 'links.reorder', 'news.schedule', 'module.disable', 'calendar.occurrence.restore', 'app.publish']) expect(codes, c).toContain(c);
		expect(codes.size).toBeGreaterThan(100);
	});

	it('has for each a sentence (German and English) that starts with who did it, or says what happened', () => {
		const missing: string[] = [];
		for (const code of codes) {
			const text = moduleAuditText(code);
			for (const locale of ['de', 'en'] as const) {
				const sentence = text ? text.sentence[locale] : messages[locale][sayKey(code)];
				if (!sentence) missing.push(`${code} (${locale})`);
			}
		}
		expect(missing).toEqual([]);
	});

	it('uses in the core sentences only parameters that the core fills, the same in both languages', () => {
		const known = new Set(['who', 'target', 'module', 'club', 'role', 'direction', 'from', 'to', 'size', 'version', 'onoff', 'fields', 'file', 'invitee', 'member', 'project', 'task', 'milestone', 'programme', 'kind', 'label', 'page', 'topic']);
		for (const key of Object.keys(de).filter((k) => k.startsWith('audit_say_'))) {
			const params = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((x) => x[1]).sort();
			expect(params(messages.en[key]!), key).toEqual(params(messages.de[key]!));
			for (const p of params(messages.de[key]!)) expect(known, `${key}: {${p}}`).toContain(p);
		}
	});

	it('knows the calendar occurrence kinds the template stands for', () => {
		// the calendar declares a sentence per occurrence kind (through the registry: the core names no module folder)
		const declared = Object.keys(MODULES.find((x) => x.id === 'calendar')!.auditActions ?? {}).filter((k) => k.startsWith('calendar.occurrence.'));
		expect(declared.sort()).toEqual([...EXPANSIONS['calendar.occurrence.${input.kind}']!].sort());
	});

	it('names the message key of a core action in snake case, with variants apart', () => {
		expect(sayKey('tenant.memberProjects')).toBe('audit_say_tenant_member_projects');
		expect(sayKey('member.invite', 'club')).toBe('audit_say_member_invite__club');
		for (const v of CORE_VARIANTS) expect(messages.de[sayKey('member.invite', v)]).toBeTruthy();
	});
});

const noNames = (): AuditNames => ({
	users: new Map(),
	clubs: new Map(),
	projects: new Map(),
	ideas: new Map(),
	tenants: new Map(),
	tokens: new Map(),
	categories: new Map(),
	programmes: new Map(),
	tasks: new Map(),
	milestones: new Map(),
	invitations: new Map(),
	files: new Map()
});
const row = (over: Partial<AuditRow>): AuditRow => ({ id: 'e1', action: 'x', targetType: 'x', targetId: null, data: '{}', tenantId: 't1', actorId: 'u1', actorName: 'Anna Beispiel', ...over });
const UUID = '0193a2b4-7c1d-7e00-8000-1234567890ab';

describe('one entry told', () => {
	it('tells a link moved up by its title and direction, in German and English, ids only in the details', () => {
		const r = row({ action: 'links.reorder', targetType: 'links.group', targetId: UUID, data: JSON.stringify({ group: 'Notdienste', title: 'Apotheken-Notdienst', direction: 'up', order: [UUID] }) });
		const told = tell(r, noNames(), 'de');
		expect(told.sentence).toBe('Anna Beispiel hat den Link ‚Apotheken-Notdienst‘ nach oben verschoben');
		expect(tell(r, noNames(), 'en').sentence).toBe('Anna Beispiel moved the link ‘Apotheken-Notdienst’ up');
		expect(told.sentence).not.toContain(UUID);
		expect(told.details).toEqual(expect.arrayContaining([['Aktion', 'links.reorder'], ['order', JSON.stringify([UUID])]]));
		// a new order in which more than one link moved: the group is named
		const many = row({ action: 'links.reorder', data: JSON.stringify({ group: 'Notdienste', order: [UUID] }) });
		expect(tell(many, noNames(), 'de').sentence).toBe('Anna Beispiel hat die Links der Gruppe ‚Notdienste‘ neu geordnet');
	});

	it('says who: the name, a deleted account, someone without an account', () => {
		const r = row({ action: 'app.publish', targetType: 'app', data: JSON.stringify({ version: 3, note: '', changes: [] }) });
		expect(tell(r, noNames(), 'de').sentence).toBe('Anna Beispiel hat die App (Version 3) veröffentlicht');
		expect(tell({ ...r, actorName: null }, noNames(), 'de').sentence).toBe('Ein gelöschtes Konto hat die App (Version 3) veröffentlicht');
		const declined = row({ action: 'member.invite.decline', targetType: 'invitation', actorId: null, actorName: null });
		expect(tell(declined, noNames(), 'de').sentence).toBe('Jemand ohne Anmeldung hat eine Einladung abgelehnt');
		expect(tell(declined, noNames(), 'en').sentence).toBe('Someone without an account declined an invitation');
	});

	it('names roles, statuses and sizes in words, and a person by the name looked up now', () => {
		const names = noNames();
		names.users.set('u2', 'Max Muster');
		expect(tell(row({ action: 'member.role', targetType: 'user', targetId: 'u2', data: '{"role":"editor"}' }), names, 'de').sentence).toBe('Anna Beispiel hat Max Muster die Rolle ‚Redaktion‘ gegeben');
		expect(tell(row({ action: 'tenant.logo', targetType: 'tenant', data: '{"size":4523}' }), names, 'de').sentence).toBe('Anna Beispiel hat ein neues Logo hochgeladen (4,4 KB)');
		expect(tell(row({ action: 'tenant.logo', targetType: 'tenant', data: '{"size":4523}' }), names, 'en').sentence).toBe('Anna Beispiel uploaded a new logo (4.4 KB)');
		names.projects.set('p1', 'Dorfladen');
		const moved = row({ action: 'project.task.move', targetType: 'project', targetId: 'p1', data: JSON.stringify({ taskId: 'k1', task: 'Flyer drucken', from: 'todo', to: 'doing' }) });
		expect(tell(moved, names, 'de').sentence).toBe('Anna Beispiel hat die Aufgabe ‚Flyer drucken‘ im Projekt ‚Dorfladen‘ von ‚Zu erledigen‘ nach ‚In Arbeit‘ verschoben');
		const update = row({ action: 'tenant.update', targetType: 'tenant', data: JSON.stringify({ name: 'Neu-Altengeseke', colorPrimary: '#123456' }) });
		expect(tell(update, names, 'de').sentence).toBe('Anna Beispiel hat die Angaben von ‚Neu-Altengeseke‘ geändert: Name, Hauptfarbe');
	});

	it('tells an invitation by the address while it is open, else "jemanden", and a club one by the club', () => {
		const names = noNames();
		names.invitations.set('i1', 'max@example.org');
		const invite = row({ action: 'member.invite', targetType: 'invitation', targetId: 'i1', data: '{"role":"editor"}' });
		expect(tell(invite, names, 'de').sentence).toBe('Anna Beispiel hat max@example.org für die Rolle ‚Redaktion‘ eingeladen');
		expect(tell({ ...invite, targetId: 'gone' }, names, 'de').sentence).toBe('Anna Beispiel hat jemanden für die Rolle ‚Redaktion‘ eingeladen');
		const club = row({ action: 'member.invite', targetType: 'invitation', targetId: 'gone', data: '{"role":"member","club":"Schützenverein"}' });
		expect(tell(club, names, 'en').sentence).toBe('Anna Beispiel invited someone to the club ‘Schützenverein’');
	});

	it('puts "…" where a name is neither recorded nor there any more, and survives broken or hostile data', () => {
		expect(tell(row({ action: 'project.create', targetType: 'project', targetId: 'gone' }), noNames(), 'de').sentence).toBe('Anna Beispiel hat das Projekt ‚…‘ angelegt');
		for (const data of ['not json', '[1,2]', 'null', '{"__proto__":{"polluted":1},"constructor":"x","title":{"a":1}}']) {
			const told = tell(row({ action: 'links.add', data }), noNames(), 'de');
			expect(told.sentence).toBe('Anna Beispiel hat den Link ‚…‘ hinzugefügt');
		}
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
		// a direction that is no known word is not shown raw
		expect(tell(row({ action: 'links.move', data: '{"title":"A","direction":"<b>sideways</b>"}' }), noNames(), 'de').sentence).toBe('Anna Beispiel hat den Link ‚A‘ … verschoben');
	});

	it("tells a push message with its title and the topic's name, also when the topic is unknown or missing", () => {
		const sent = (data: unknown) => row({ action: 'push.send', targetType: 'pushMessage', targetId: UUID, data: JSON.stringify(data) });
		expect(tell(sent({ topic: 'unbekannt.thema', title: 'Test' }), noNames(), 'de').sentence).toBe('Anna Beispiel hat die Push-Nachricht ‚Test‘ an ‚unbekannt.thema‘ gesendet');
		expect(tell(sent({ title: 'Ohne Thema' }), noNames(), 'de').sentence).toBe('Anna Beispiel hat die Push-Nachricht ‚Ohne Thema‘ an ‚…‘ gesendet');
		expect(tell(sent({ topic: { de: 'x' }, title: 7 }), noNames(), 'de').sentence).toBe('Anna Beispiel hat die Push-Nachricht ‚7‘ an ‚…‘ gesendet');
		expect(tell(sent({ topic: 'alerts', title: 'Wasserrohrbruch in der Dorfstraße' }), noNames(), 'de').sentence).toBe('Anna Beispiel hat die Push-Nachricht ‚Wasserrohrbruch in der Dorfstraße‘ an ‚Eilmeldungen aus dem Dorf‘ gesendet');
		expect(tell(sent({ topic: 'alerts', title: 'Burst water main' }), noNames(), 'en').sentence).toBe('Anna Beispiel sent the push message ‘Burst water main’ to ‘Urgent messages from the village’');
		expect(tell(sent({ topic: 'calendar.reminders', title: 'Morgen: Chorprobe' }), noNames(), 'de').sentence).toBe('Anna Beispiel hat die Push-Nachricht ‚Morgen: Chorprobe‘ an ‚Erinnerung am Vortag‘ gesendet');
	});

	it('says "made a change" for an action without a sentence, never its code', () => {
		const told = tell(row({ action: 'later.feature' }), noNames(), 'de');
		expect(told.sentence).toBe('Anna Beispiel hat etwas geändert');
		expect(told.details).toContainEqual(['Aktion', 'later.feature']);
	});

	it('fills a template: named values, "…" for a missing one', () => {
		expect(fillTemplate('{who} hat ‚{title}‘ {x}', { who: 'A', title: 'T' })).toBe('A hat ‚T‘ …');
	});
});

describe('a module that gives only a label (written before sentences)', () => {
	it('is told as "who: label"', async () => {
		const { MODULES } = await import('../../modules/registry.ts');
		const module = MODULES[0]! as { auditActions?: Record<string, unknown> };
		const before = module.auditActions;
		module.auditActions = { ...before, 'old.thing': { de: 'Ding geändert', en: 'thing changed' } };
		try {
			expect(tell(row({ action: 'old.thing' }), noNames(), 'de').sentence).toBe('Anna Beispiel: Ding geändert');
			expect(tell(row({ action: 'old.thing' }), noNames(), 'en').sentence).toBe('Anna Beispiel: thing changed');
		} finally {
			module.auditActions = before;
		}
	});
});

describe('the history of a village (database)', () => {
	let t: TestDb;
	let A: Tenant;
	let B: Tenant;
	const ids = {} as Record<'dorf1' | 'dorf2' | 'member', string>;

	beforeAll(async () => {
		t = await createTestDb();
		const { villages } = await seedDemo(t.db);
		A = villages['altengeseke']!;
		B = villages['koerbecke']!;
		ids.dorf1 = (await getUserByEmail(t.db, 'dorf1@example.org'))!.id;
		ids.dorf2 = (await getUserByEmail(t.db, 'dorf2@example.org'))!.id;
		ids.member = (await getUserByEmail(t.db, 'buerger@example.org'))!.id;
	});
	afterAll(() => t.cleanup());

	it('names the actor and the person acted on by display name, never by e-mail address', async () => {
		await audit(t.db, { actorId: ids.dorf1, tenantId: A.id, action: 'member.role', targetType: 'user', targetId: ids.member, data: { role: 'editor' } });
		const [entry] = await listAudit(t.db, { tenantIds: [A.id], limit: 1 });
		expect(entry!.sentence).toBe('Anna Altengeseke hat Dieter Bürger die Rolle ‚Redaktion‘ gegeben');
		expect(JSON.stringify(entry)).not.toContain('@example.org');
	});

	it('does not look up the name of another village’s thing (a forged id in an entry reads "…")', async () => {
		const clubB = await t.db.selectFrom('clubs').select(['id', 'name']).where('tenantId', '=', B.id).executeTakeFirst();
		const project = await t.db.selectFrom('projects').select(['id', 'title']).where('tenantId', '=', B.id).executeTakeFirstOrThrow();
		await audit(t.db, { actorId: ids.dorf1, tenantId: A.id, action: 'project.update', targetType: 'project', targetId: project.id });
		const [entry] = await listAudit(t.db, { tenantIds: [A.id], limit: 1 });
		expect(entry!.sentence).toBe('Anna Altengeseke hat den Steckbrief des Projekts ‚…‘ geändert');
		expect(entry!.sentence).not.toContain(project.title);
		if (clubB) expect(entry!.sentence).not.toContain(clubB.name);
		// read by B, the same entry kind names B's own project
		await audit(t.db, { actorId: ids.dorf2, tenantId: B.id, action: 'project.update', targetType: 'project', targetId: project.id });
		expect((await listAudit(t.db, { tenantIds: [B.id], limit: 1 }))[0]!.sentence).toBe(`Bernd Körbecke hat den Steckbrief des Projekts ‚${project.title}‘ geändert`);
	});

	it('says "Ein gelöschtes Konto" once the account is deleted', async () => {
		await audit(t.db, { actorId: ids.member, tenantId: A.id, action: 'idea.support', targetType: 'idea', targetId: 'no-such-idea' });
		expect((await deleteAccount(t.db, { userId: ids.member, currentPassword: 'allmende-demo' })).ok).toBe(true);
		const [entry] = await listAudit(t.db, { tenantIds: [A.id], limit: 1, locale: 'en' });
		expect(entry!.sentence).toBe('A deleted account supports the idea ‘…’');
	});
});
