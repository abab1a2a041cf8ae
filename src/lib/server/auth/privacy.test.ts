// Privacy proven: a person leaves traces everywhere the platform can store them, deletes the account, and then
// every column of every table — listed from the database itself, so a new table is searched without
// touching this file — is searched for the address, the name and the account id. Only the remains
// listed in ALLOWED (docs/PRIVACY.md, "Deletion") may be found.
import sharp from 'sharp';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../../tests/helpers/testDb.ts';
import { audit } from '../audit/audit.ts';
import type { Config } from '../config.ts';
import { storeUpload } from '../files/uploads.ts';
import { newId } from '../ids.ts';
import { queuePushMessage } from '../push/messages.ts';
import { completeJob, failJob } from '../jobs/queue.ts';
import { deliverMail, type MailPayload } from '../mail/sendMail.ts';
import { notify } from '../notifications/notify.ts';
import type { Actor } from '../policy/index.ts';
import { commentIdea } from '../platform/ideas/commentIdea.ts';
import { moveIdea } from '../platform/ideas/moveIdea.ts';
import { submitIdea } from '../platform/ideas/submitIdea.ts';
import { supportIdea } from '../platform/ideas/supportIdea.ts';
import { seedDemo } from '../seed/demo.ts';
import { acceptInvitation, inviteClubMember, inviteMember } from '../tenancy/invitations.ts';
import { requestToJoin } from '../tenancy/joinRequests.ts';
import { changeRole, grantRole } from '../tenancy/memberships.ts';
import type { Tenant } from '../tenancy/tenants.ts';
import { getUserByEmail, mayRequestReset, register, requestPasswordReset, resendVerification, verifyEmail, type User } from './accounts.ts';
import { createApiToken } from './apiTokens.ts';
import { deleteAccount } from './gdpr.ts';
import { admitLogin, recordLoginFailure } from './loginLimits.ts';
import { createSession } from './sessions.ts';
import { changeProjectStatus, createProject } from '../platform/projects/saveProject.ts';
import { createProjectSchema } from '../platform/projects/schemas.ts';
import { follow } from '../platform/follows.ts';
import { postProjectUpdate } from '../platform/projects/projectUpdates.ts';
import { createTask, takeTask } from '../platform/projects/projectBoard.ts';
import { addNote } from '../platform/projects/projectNotes.ts';
import { addProjectFile } from '../platform/projects/projectFiles.ts';
import { joinTeam } from '../platform/projects/projectTeam.ts';
import { answerQuestion, askQuestion } from '../platform/projects/projectQuestions.ts';
import { exportAccount } from './gdpr.ts';
import { createTaskSchema } from '../platform/projects/workSchemas.ts';

const EMAIL = 'zora.spurensuche@example.org';
const NAME = 'Zora Spurensuche';
const PASSWORD = 'ein langes gutes passwort';
const NEIGHBOUR = 'nachbar.spur@example.org';
const origin = 'http://localhost:3000';

interface Trace {
	/** table.column */
	place: string;
	/** which of the person's data was found: email, name or id */
	what: 'email' | 'name' | 'id';
	value: string;
}

/**
 * What may stay after the deletion, and why (docs/PRIVACY.md, "Deletion"). Anything else that is found fails
 * the test with its table and column.
 */
const ALLOWED: { place: string; what: Trace['what']; reason: string; applies?: (value: string) => boolean }[] = [
	{ place: 'audit_log.actor_id', what: 'id', reason: 'the tenants account for their admins’ actions; the bare id leads to no one once the account is gone' },
	{ place: 'audit_log.target_id', what: 'id', reason: 'as above, for actions that concerned the person' },
	{
		place: 'jobs.payload',
		what: 'name',
		reason: 'the invitation mail the person sent to someone else names them as the inviter; it is the addressee’s mail (deleted with the job 30 days after delivery)',
		applies: (value) => (JSON.parse(value) as MailPayload).to !== EMAIL
	},
	{ place: 'dev_mailbox.body_text', what: 'name', reason: 'the same invitation mail in the addressee’s dev mailbox (7 days, not in production)' }
];

let t: TestDb;
beforeAll(async () => {
	t = await createTestDb();
	await seedDemo(t.db);
});
afterAll(() => t.cleanup());

/** Every column of every table, read from the database's own catalogue. */
async function allColumns(): Promise<{ table: string; column: string }[]> {
	if (t.dialect === 'postgres') {
		const { rows } = await sql<{ t: string; c: string }>`select table_name as t, column_name as c from information_schema.columns where table_schema = current_schema() order by table_name, ordinal_position`.execute(t.db);
		return rows.map((r) => ({ table: r.t, column: r.c }));
	}
	const { rows: tables } = await sql<{ t: string }>`select name as t from sqlite_master where type = 'table' order by name`.execute(t.db);
	const columns: { table: string; column: string }[] = [];
	for (const { t: table } of tables) {
		const { rows } = await sql<{ c: string }>`select name as c from pragma_table_info(${table})`.execute(t.db);
		columns.push(...rows.map((r) => ({ table, column: r.c })));
	}
	return columns;
}

/** Every value in the database that contains the address (any case), the name or the id. */
async function findTraces(user: Pick<User, 'id' | 'email' | 'displayName'>): Promise<Trace[]> {
	const needles = [
		{ what: 'email', text: user.email.toLowerCase() },
		{ what: 'name', text: user.displayName.toLowerCase() },
		{ what: 'id', text: user.id.toLowerCase() }
	] as const;
	const traces: Trace[] = [];
	for (const { table, column } of await allColumns()) {
		const { rows } = await sql<{ v: unknown }>`select cast(${sql.ref(column)} as text) as v from ${sql.table(table)}`.execute(t.db);
		for (const { v } of rows) {
			if (v === null || v === undefined) continue;
			const value = String(v);
			for (const n of needles) if (value.toLowerCase().includes(n.text)) traces.push({ place: `${table}.${column}`, what: n.what, value });
		}
	}
	return traces;
}

const isAllowed = (trace: Trace) => ALLOWED.some((a) => a.place === trace.place && a.what === trace.what && (a.applies?.(trace.value) ?? true));

async function tenant(slug: string): Promise<Tenant> {
	return (await t.db.selectFrom('tenants').selectAll().where('slug', '=', slug).executeTakeFirstOrThrow()) as Tenant;
}

/** The newest mail to this address whose text matches, and the first group of the match. */
async function mailed(to: string, pattern: RegExp): Promise<{ id: string; match: string }> {
	const jobs = await t.db.selectFrom('jobs').select(['id', 'payload']).where('kind', '=', 'mail').orderBy('id', 'desc').execute();
	for (const j of jobs) {
		const mail = JSON.parse(j.payload) as MailPayload;
		const match = mail.to === to ? pattern.exec(mail.text) : null;
		if (match) return { id: j.id, match: match[1]! };
	}
	throw new Error(`no mail to ${to} matching ${String(pattern)}`);
}

const devConfig = { smtpUrl: undefined, devMailbox: true } as unknown as Config;

/** Delivers the mail job to the dev mailbox, as the worker does without SMTP. */
async function deliver(jobId: string): Promise<void> {
	const job = await t.db.selectFrom('jobs').selectAll().where('id', '=', jobId).executeTakeFirstOrThrow();
	await deliverMail({ db: t.db, config: devConfig, mail: JSON.parse(job.payload) as MailPayload, messageId: job.id });
	await completeJob(t.db, job.id);
}

describe('account deletion leaves nothing but the documented remains', () => {
	it('finds the person everywhere before, and only the allowed remains after', async () => {
		const county = (await getUserByEmail(t.db, 'kreis@example.org'))!;
		const [altengeseke, koerbecke, ostoennen] = [await tenant('altengeseke'), await tenant('koerbecke'), await tenant('ostoennen')];
		const countyId = altengeseke.path.split('/')[1]!;
		const countyAdmin: Actor = { userId: county.id, memberships: [{ tenantId: countyId, role: 'admin' }], clubRoles: [] };

		// registration (confirmation mail queued, per-address mail counter), a resent link, confirmation
		await register(t.db, { email: EMAIL, password: PASSWORD, displayName: NAME, locale: 'de', origin });
		await resendVerification(t.db, { email: EMAIL, origin });
		const verify = await mailed(EMAIL, /verify\?token=([\w-]+)/);
		const user = (await verifyEmail(t.db, verify.match))!;
		expect(user.email).toBe(EMAIL);
		// the confirmation mail delivered to the dev mailbox; the other one failed for good
		await deliver(verify.id);
		const first = await t.db.selectFrom('jobs').selectAll().where('kind', '=', 'mail').where('id', '!=', verify.id).where('payload', 'like', `%${EMAIL}%`).executeTakeFirstOrThrow();
		await failJob(t.db, first, `550 mailbox ${EMAIL} unavailable`, { final: true });
		// a reset link requested (counter and queued mail)
		expect(await mayRequestReset(t.db, EMAIL)).toBe(true);
		await requestPasswordReset(t.db, { email: EMAIL, origin });
		// login attempts from two addresses, with failures (per account, per account and address)
		const limits = { perAccountAndIp: 5, perIp: 20 };
		for (const ip of ['203.0.113.7', '2001:db8:1:2::7']) {
			expect((await admitLogin(t.db, { email: EMAIL, ip, limits })).allowed).toBe(true);
			await recordLoginFailure(t.db, { email: EMAIL, ip });
		}
		// signed in
		await createSession(t.db, { userId: user.id, policy: { idleMs: 3_600_000, absoluteMs: 86_400_000 }, ip: '203.0.113.7', userAgent: 'Firefox', host: 'localhost:3000' });
		// invited to Körbecke (accepted), to the club of Altengeseke (accepted), to Ostönnen (still open)
		await inviteMember(t.db, { actor: countyAdmin, tenant: koerbecke, input: { email: EMAIL, role: 'editor' }, ip: '127.0.0.1', origin, locale: 'de' });
		await acceptInvitation(t.db, { secret: (await mailed(EMAIL, /\/invite\/([\w-]+)/)).match, user, ip: '127.0.0.1', origin });
		const club = await t.db.selectFrom('clubs').select('id').where('tenantId', '=', altengeseke.id).executeTakeFirstOrThrow();
		await inviteClubMember(t.db, { actor: countyAdmin, tenant: altengeseke, input: { clubId: club.id, email: EMAIL, role: 'member' }, ip: '127.0.0.1', origin, locale: 'de' });
		await acceptInvitation(t.db, { secret: (await mailed(EMAIL, /\/invite\/([\w-]+)/)).match, user, ip: '127.0.0.1', origin });
		await inviteMember(t.db, { actor: countyAdmin, tenant: ostoennen, input: { email: EMAIL, role: 'member' }, ip: '127.0.0.1', origin, locale: 'de' });
		// made admin of Körbecke (audit entry with the person as target); invites a neighbour there
		await changeRole(t.db, { actor: countyAdmin, tenant: koerbecke, input: { userId: user.id, role: 'admin' }, ip: '127.0.0.1', origin });
		await grantRole(t.db, { tenantId: altengeseke.id, userId: user.id, role: 'member' });
		const asAdmin: Actor = { userId: user.id, memberships: [{ tenantId: koerbecke.id, role: 'admin' }], clubRoles: [] };
		await inviteMember(t.db, { actor: asAdmin, tenant: koerbecke, input: { email: NEIGHBOUR, role: 'member' }, ip: '127.0.0.1', origin, locale: 'de' });
		await deliver((await mailed(NEIGHBOUR, /\/invite\/([\w-]+)/)).id);
		// an API token, a notification, an audit entry of their own, an upload
		await createApiToken(t.db, { userId: user.id, input: { tokenName: 'Vereinskalender', tenantId: koerbecke.id, role: 'editor', days: 30 }, ip: '127.0.0.1' });
		await notify(t.db, { userIds: [user.id], tenantId: koerbecke.id, moduleId: 'links', kind: 'test', title: 'Neuer Link', body: 'Dorffest' });
		await audit(t.db, { actorId: user.id, tenantId: koerbecke.id, action: 'test.action', targetType: 'test' });
		const image = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#1f6f43' } }).png().toBuffer();
		await storeUpload(t.db, { tenantId: koerbecke.id, bytes: image, fileName: 'dorfplatz.png', alt: 'Der Dorfplatz', accept: 'image', createdBy: user.id, field: 'image' });
		// a project of their own in the Projektpool (creator, status log); the content stays, the person goes
		const project = await createProject(t.db, { actor: asAdmin, ip: '127.0.0.1', input: createProjectSchema.parse({ village: 'koerbecke', title: 'Dorf-WLAN am Sportplatz', categoryKey: 'digitalisierung' }) });
		await changeProjectStatus(t.db, { actor: asAdmin, ip: '127.0.0.1', projectId: project.id, status: 'implementation', note: 'Router bestellt' });
		await follow(t.db, { actor: asAdmin, target: { type: 'project', id: project.id, tenantId: koerbecke.id } });
		await postProjectUpdate(t.db, { actor: asAdmin, ip: '127.0.0.1', projectId: project.id, body: 'Der Router hängt, das Netz läuft.' });
		// leads its team (as its creator), made a task and took it, wrote a team note; helps on someone else's project
		const task = await createTask(t.db, { actor: asAdmin, ip: '127.0.0.1', projectId: project.id, input: createTaskSchema.parse({ title: 'Router bestellen' }) });
		await takeTask(t.db, { actor: asAdmin, ip: '127.0.0.1', projectId: project.id, taskId: task });
		await addNote(t.db, { actor: asAdmin, ip: '127.0.0.1', projectId: project.id, body: 'Schlüssel liegt beim Hausmeister.' });
		// added a picture to the project
		await addProjectFile(t.db, { actor: asAdmin, ip: '127.0.0.1', projectId: project.id, kind: 'image', file: { bytes: new Uint8Array(image), fileName: 'router.png' }, alt: 'Der Router am Vereinsheim' });
		const foreign = await createProject(t.db, { actor: countyAdmin, ip: '127.0.0.1', input: createProjectSchema.parse({ village: 'altengeseke', title: 'Blühwiese am Friedhof', categoryKey: 'nachhaltigkeit' }) });
		await joinTeam(t.db, { actor: asAdmin, ip: '127.0.0.1', projectId: foreign.id });
		// asks on someone else's project (the county answers, so the person is told), answers a question on their own
		const asked = await askQuestion(t.db, { actor: asAdmin, ip: '127.0.0.1', projectId: foreign.id, question: 'Welches Saatgut haben Sie genommen?' });
		await answerQuestion(t.db, { actor: countyAdmin, ip: '127.0.0.1', projectId: foreign.id, questionId: asked, answer: 'Regionales Saatgut vom Kreis.' });
		const toOwn = await askQuestion(t.db, { actor: countyAdmin, ip: '127.0.0.1', projectId: project.id, question: 'Wie schnell ist das Netz?' });
		await answerQuestion(t.db, { actor: asAdmin, ip: '127.0.0.1', projectId: project.id, questionId: toOwn, answer: '100 Mbit/s am Sportplatz.' });
		const exported = (await exportAccount(t.db, user.id))!;
		expect(exported.projectQuestions.map((q) => [q.projectTitle, q.body])).toEqual([['Blühwiese am Friedhof', 'Welches Saatgut haben Sie genommen?']]);
		expect(exported.projectAnswers.map((a) => [a.projectTitle, a.questionId, a.body])).toEqual([['Dorf-WLAN am Sportplatz', toOwn, '100 Mbit/s am Sportplatz.']]);

		// in the Projektpool: an idea of their own (moved on, so they were notified), a comment on it and on
		// someone else's idea, and supports for both
		const citizen: Actor = { userId: county.id, memberships: [], clubRoles: [] };
		const own = await submitIdea(t.db, { actor: asAdmin, input: { title: 'Bürgerbus am Wochenende', description: 'Samstags zum Markt', category: 'mobilitaet', village: 'koerbecke' }, ip: '127.0.0.1' });
		const other = await submitIdea(t.db, { actor: citizen, input: { title: 'Bänke am Seeufer', category: 'soziales', village: 'koerbecke' }, ip: '127.0.0.1' });
		for (const ideaId of [own.id, other.id]) {
			await commentIdea(t.db, { actor: asAdmin, ideaId, comment: 'Da helfe ich mit.', ip: '127.0.0.1' });
			await supportIdea(t.db, { actor: asAdmin, ideaId, ip: '127.0.0.1' });
		}
		await supportIdea(t.db, { actor: citizen, ideaId: own.id, ip: '127.0.0.1' });
		await moveIdea(t.db, { actor: countyAdmin, input: { ideaId: own.id, status: 'discussion' }, ip: '127.0.0.1' });
		// a request to become a member of another village, with a message to its admins
		expect(await requestToJoin(t.db, { actor: asAdmin, tenant: ostoennen, message: `Ich bin ${user.displayName}.`, ip: '127.0.0.1' })).toBe('requested');

		// a device of theirs that gets Körbecke's push messages, and a push message they sent there as its admin
		const now = Date.now();
		await t.db.insertInto('pushSubscriptions').values({ id: newId(now), tenantId: koerbecke.id, endpoint: 'https://fcm.googleapis.com/fcm/send/privacy', p256dh: 'p', auth: 'a', userId: user.id, device: 'Mozilla/5.0 (Android 14) Firefox/130.0', createdAt: now, updatedAt: now }).execute();
		await queuePushMessage(t.db, { villageId: koerbecke.id, topics: ['alerts'], title: 'Wasserrohrbruch', createdBy: user.id });

		// the search sees every kind of trace before the deletion
		const before = await findTraces(user);
		const placesBefore = new Set(before.map((tr) => `${tr.place} ${tr.what}`));
		for (const expected of [
			'users.email email', 'users.display_name name', 'users.id id', 'jobs.payload email', 'jobs.payload name', 'jobs.last_error email', 'rate_limits.key email', 'rate_limits.key id',
			'dev_mailbox.to_address email', 'dev_mailbox.body_text name', 'invitations.email email', 'invitations.invited_by id', 'sessions.user_id id', 'user_tokens.user_id id',
			'memberships.user_id id', 'club_members.user_id id', 'api_tokens.user_id id', 'notifications.user_id id', 'audit_log.actor_id id', 'audit_log.target_id id', 'files.created_by id',
			'projects.created_by id', 'project_status_changes.actor_id id', 'follows.user_id id', 'project_updates.author_id id', 'project_members.user_id id', 'project_tasks.assignee_id id', 'project_tasks.created_by id', 'project_notes.author_id id', 'project_questions.author_id id', 'project_answers.author_id id', 'project_files.created_by id', 'ideas.author_id id', 'idea_comments.author_id id', 'idea_supports.user_id id', 'join_requests.user_id id', 'join_requests.message name', 'push_subscriptions.user_id id', 'push_messages.created_by id'
		]) {
			expect(placesBefore, expected).toContain(expected);
		}

		expect(await deleteAccount(t.db, { userId: user.id, currentPassword: PASSWORD })).toEqual({ ok: true });

		const after = await findTraces(user);
		expect(after.filter((tr) => !isAllowed(tr)).map((tr) => `${tr.place} (${tr.what}): ${tr.value.slice(0, 200)}`)).toEqual([]);
		// the allowed remains are really there (the list documents what the search finds, nothing stale)
		const placesAfter = new Set(after.map((tr) => `${tr.place} ${tr.what}`));
		for (const a of ALLOWED) expect(placesAfter, `${a.place}: ${a.reason}`).toContain(`${a.place} ${a.what}`);

		// the project's work stays with the village, anonymised; the places in teams are gone, others' stay
		expect(await t.db.selectFrom('projectTasks').select(['assigneeId', 'createdBy', 'title']).where('id', '=', task).execute()).toEqual([{ assigneeId: null, createdBy: null, title: 'Router bestellen' }]);
		expect(await t.db.selectFrom('projectNotes').select(['authorId', 'body']).where('projectId', '=', project.id).execute()).toEqual([{ authorId: null, body: 'Schlüssel liegt beim Hausmeister.' }]);
		expect(await t.db.selectFrom('projectMembers').select('userId').where('projectId', 'in', [project.id, foreign.id]).execute()).toEqual([{ userId: county.id }]);
		// questions and answers stay with the project, anonymised; the others' answer to the question stays too
		expect(await t.db.selectFrom('projectQuestions').select(['authorId', 'body']).where('id', '=', asked).execute()).toEqual([{ authorId: null, body: 'Welches Saatgut haben Sie genommen?' }]);
		expect(await t.db.selectFrom('projectAnswers').select(['authorId', 'body']).where('questionId', 'in', [asked, toOwn]).orderBy('createdAt').execute()).toEqual([
			{ authorId: county.id, body: 'Regionales Saatgut vom Kreis.' },
			{ authorId: null, body: '100 Mbit/s am Sportplatz.' }
		]);
		expect(await t.db.selectFrom('projectFiles').select(['createdBy', 'title']).where('projectId', '=', project.id).execute()).toEqual([{ createdBy: null, title: 'Der Router am Vereinsheim' }]);
		// the ideas and comments stay with the village, anonymised; the person's supports are gone, others' stay
		expect(await t.db.selectFrom('ideas').select(['authorId', 'title']).where('id', '=', own.id).execute()).toEqual([{ authorId: null, title: 'Bürgerbus am Wochenende' }]);
		expect(await t.db.selectFrom('ideaComments').select('authorId').where('ideaId', 'in', [own.id, other.id]).execute()).toEqual([{ authorId: null }, { authorId: null }]);
		expect(await t.db.selectFrom('ideaSupports').select('userId').where('ideaId', 'in', [own.id, other.id]).execute()).toEqual([{ userId: county.id }]);

		// other people's data stays: the neighbour's invitation (without inviter) and counters by IP address only
		expect(await t.db.selectFrom('invitations').select('invitedBy').where('email', '=', NEIGHBOUR).execute()).toEqual([{ invitedBy: null }]);
		expect(await t.db.selectFrom('rateLimits').select('key').where('key', '=', 'login-ip:203.0.113.7').execute()).toHaveLength(1);
		expect(await t.db.selectFrom('rateLimits').select('key').where('key', '=', `invite-to:${NEIGHBOUR}`).execute()).toHaveLength(1);
	});
});
