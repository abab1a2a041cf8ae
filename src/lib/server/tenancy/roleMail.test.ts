import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../../tests/helpers/testDb.ts';
import { createUser, getUserByEmail } from '../auth/accounts.ts';
import { roleGrantedMail } from '../mail/templates.ts';
import { loadActor, type Actor } from '../policy/index.ts';
import { seedDemo } from '../seed/demo.ts';
import { acceptInvitation, inviteMember } from './invitations.ts';
import { changeRole, grantRole } from './memberships.ts';
import { getTenantBySlug, type Tenant } from './tenants.ts';

const origin = 'https://allmende.example';
let t: TestDb;
let A: Tenant;
let anroechte: Tenant;
let adminA: Actor;
let county: Actor;

beforeAll(async () => {
	t = await createTestDb();
	await seedDemo(t.db);
	A = (await getTenantBySlug(t.db, 'altengeseke'))!;
	anroechte = (await getTenantBySlug(t.db, 'anroechte'))!;
	adminA = await loadActor(t.db, (await getUserByEmail(t.db, 'dorf1@example.org'))!.id);
	county = await loadActor(t.db, (await getUserByEmail(t.db, 'kreis@example.org'))!.id);
	// the village has the links module switched on (and the demo's others): their editors' permissions are listed
	await t.db.insertInto('villageModules').values({ id: 'vm-links-a', tenantId: A.id, moduleId: 'links', enabledAt: Date.now(), position: 0, settings: '{}', updatedAt: Date.now() }).onConflict((oc) => oc.columns(['tenantId', 'moduleId']).doUpdateSet({ enabledAt: Date.now() })).execute();
});
afterAll(() => t.cleanup());

let n = 0;
async function member(locale = 'de') {
	const user = await createUser(t.db, { email: `rolle-${++n}@example.org`, password: 'egal egal egal', displayName: `Rita Rolle ${n}`, locale, verified: true });
	await grantRole(t.db, { tenantId: A.id, userId: user.id, role: 'member' });
	return user;
}
const mailsTo = async (to: string) =>
	(await t.db.selectFrom('jobs').select('payload').where('kind', '=', 'mail').orderBy('id').execute()).map((j) => JSON.parse(j.payload) as { to: string; subject: string; text: string }).filter((mail) => mail.to === to);
const setRole = (userId: string, role: 'admin' | 'editor' | 'moderator' | 'member', tenant: Tenant = A, actor: Actor = adminA) => changeRole(t.db, { actor, tenant, input: { userId, role }, ip: '127.0.0.1', origin });

describe('the mail to appointed admins, editors and moderators', () => {
	it('is not sent for a plain membership, for an unchanged role, or when the change is refused', async () => {
		const user = await member();
		await setRole(user.id, 'member');
		const refused = await setRole(user.id, 'admin', A, await loadActor(t.db, user.id)).catch((e: unknown) => e);
		expect(refused).toBeInstanceOf(Error);
		expect(await mailsTo(user.email)).toEqual([]);
		await setRole(user.id, 'editor');
		await setRole(user.id, 'editor');
		expect(await mailsTo(user.email)).toHaveLength(1);
	});

	it('tells a new village admin what they can do there and where, in German', async () => {
		const user = await member();
		await setRole(user.id, 'admin');
		const [mail] = await mailsTo(user.email);
		expect(mail?.subject).toBe('Sie sind jetzt Admin in Altengeseke');
		expect(mail?.text).toContain(`Hallo ${user.displayName},`);
		expect(mail?.text).toContain('– Mitglieder einladen, Rollen vergeben und Anfragen „Mitglied werden“ beantworten');
		expect(mail?.text).toContain('– die Dorf-App im App-Baukasten gestalten und veröffentlichen');
		expect(mail?.text).toContain('– Wichtige Links: Links und Gruppen anlegen, ändern, ordnen und löschen');
		expect(mail?.text).toContain('Altengeseke verwalten: https://allmende.example/altengeseke/admin');
		expect(mail?.text).toContain('App-Baukasten: https://allmende.example/altengeseke/builder');
		expect(mail?.text).toContain('Dorf-App Altengeseke: https://allmende.example/altengeseke/');
	});

	it('tells an editor in English (their language) about content, without the admin tasks', async () => {
		const user = await member('en');
		await setRole(user.id, 'editor');
		const [mail] = await mailsTo(user.email);
		expect(mail?.subject).toBe('You are now Editor in Altengeseke');
		expect(mail?.text).toContain('– Important links: Create, change, order and delete links and groups');
		expect(mail?.text).toContain('– create and keep projects in the project pool and move ideas along');
		expect(mail?.text).not.toContain('invite members');
		// what every member may do anyway is no news
		expect(mail?.text).not.toContain('Suggest events');
		expect(mail?.text).not.toContain('/admin');
		expect(mail?.text).toContain('Village app Altengeseke: https://allmende.example/altengeseke/');
	});

	it('tells a moderator what moderators do, without the editors’ module tasks', async () => {
		const user = await member();
		await setRole(user.id, 'moderator');
		const [mail] = await mailsTo(user.email);
		expect(mail?.subject).toBe('Sie sind jetzt Moderation in Altengeseke');
		expect(mail?.text).toContain('(Beiträge und Gespräche moderieren)');
		expect(mail?.text).not.toContain('Links und Gruppen');
	});

	it('is sent when an invitation with such a role is accepted, not for a plain member’s invitation', async () => {
		const editor = await createUser(t.db, { email: 'eingeladen-redaktion@example.org', password: 'egal egal egal', displayName: 'Ella Eingeladen', verified: true });
		const plain = await createUser(t.db, { email: 'eingeladen-mitglied@example.org', password: 'egal egal egal', displayName: 'Max Mitglied', verified: true });
		for (const [user, role] of [[editor, 'editor'], [plain, 'member']] as const) {
			await inviteMember(t.db, { actor: adminA, tenant: A, input: { email: user.email, role }, ip: '', origin, locale: 'de' });
			const invitation = (await mailsTo(user.email)).at(-1)!;
			const secret = /\/invite\/([\w-]+)/.exec(invitation.text)![1]!;
			await acceptInvitation(t.db, { secret, user, ip: '', origin });
		}
		expect((await mailsTo(editor.email)).map((mail) => mail.subject)).toEqual(['Einladung zu Altengeseke', 'Sie sind jetzt Redaktion in Altengeseke']);
		expect((await mailsTo(plain.email)).map((mail) => mail.subject)).toEqual(['Einladung zu Altengeseke']);
	});

	it('points a municipality admin to the administration, not to a village app', async () => {
		const user = await createUser(t.db, { email: 'gemeinde-neu@example.org', password: 'egal egal egal', displayName: 'Gerd Gemeinde', verified: true });
		await grantRole(t.db, { tenantId: anroechte.id, userId: user.id, role: 'member' });
		await setRole(user.id, 'admin', anroechte, county);
		const [mail] = await mailsTo(user.email);
		expect(mail?.subject).toBe('Sie sind jetzt Admin in Anröchte');
		expect(mail?.text).toContain('– Anröchte in der Verwaltung betreuen: Dörfer, Admins und Mitglieder');
		expect(mail?.text).toContain('Anröchte verwalten: https://allmende.example/admin');
		expect(mail?.text).not.toContain('Dorf-App');
	});

	it('renders without module permissions too (the template alone)', () => {
		const mail = roleGrantedMail({ to: 'x@example.org', name: 'X', place: 'Y', village: true, role: 'editor', modulePermissions: [], links: { admin: 'https://a/y/admin', app: 'https://a/y/', builder: 'https://a/y/builder' }, locale: 'fr' });
		expect(mail.subject).toBe('Sie sind jetzt Redaktion in Y');
		expect(mail.text).toContain('Dorf-App Y: https://a/y/');
	});
});
