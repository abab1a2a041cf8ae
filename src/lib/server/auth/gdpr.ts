import type { Kysely } from 'kysely';
import { MODULES } from '../../modules/registry.ts';
import type { Db } from '../db/index.ts';
import type { MailPayload } from '../mail/sendMail.ts';
import { deleteInvitationsTo } from '../tenancy/invitations.ts';
import { getUserById } from './accounts.ts';
import { verifyPassword } from './passwords.ts';

/**
 * Everything Allmende stores about a person (GDPR Art. 15 and 20), as one JSON document.
 * Secrets (password hash, session, link and API token hashes) are left out: they are not information about the person.
 */
export async function exportAccount(db: Db, userId: string) {
	const user = await getUserById(db, userId);
	if (!user) return null;
	const [sessions, memberships, clubs, auditEntries, mails, apiTokens, invitations] = await Promise.all([
		db.selectFrom('sessions').select(['createdAt', 'lastSeenAt', 'expiresAt', 'userAgent', 'ip']).where('userId', '=', userId).execute(),
		db
			.selectFrom('memberships')
			.innerJoin('tenants', 'tenants.id', 'memberships.tenantId')
			.select(['tenants.name as tenant', 'tenants.slug as tenantSlug', 'tenants.kind as tenantKind', 'memberships.role', 'memberships.createdAt'])
			.where('memberships.userId', '=', userId)
			.execute(),
		db
			.selectFrom('clubMembers')
			.innerJoin('clubs', 'clubs.id', 'clubMembers.clubId')
			.innerJoin('tenants', 'tenants.id', 'clubs.tenantId')
			.select(['clubs.name as club', 'tenants.name as tenant', 'clubMembers.role', 'clubMembers.createdAt'])
			.where('clubMembers.userId', '=', userId)
			.execute(),
		db.selectFrom('auditLog').select(['action', 'targetType', 'targetId', 'data', 'ip', 'createdAt']).where('actorId', '=', userId).orderBy('createdAt').execute(),
		db.selectFrom('devMailbox').select(['subject', 'createdAt']).where('toAddress', '=', user.email).execute(),
		db
			.selectFrom('apiTokens')
			.innerJoin('tenants', 'tenants.id', 'apiTokens.tenantId')
			.select(['apiTokens.name', 'tenants.name as tenant', 'tenants.slug as tenantSlug', 'apiTokens.role', 'apiTokens.createdAt', 'apiTokens.expiresAt', 'apiTokens.lastUsedAt', 'apiTokens.revokedAt'])
			.where('apiTokens.userId', '=', userId)
			.orderBy('apiTokens.createdAt')
			.execute(),
		db
			.selectFrom('invitations')
			.innerJoin('tenants', 'tenants.id', 'invitations.tenantId')
			.leftJoin('clubs', 'clubs.id', 'invitations.clubId')
			.leftJoin('users as inviter', 'inviter.id', 'invitations.invitedBy')
			.select(['invitations.email', 'tenants.name as tenant', 'clubs.name as club', 'invitations.role', 'inviter.displayName as invitedBy', 'invitations.createdAt', 'invitations.expiresAt', 'invitations.acceptedAt'])
			.where('invitations.email', '=', user.email)
			.orderBy('invitations.createdAt')
			.execute()
	]);
	const notifications = await db
		.selectFrom('notifications')
		.leftJoin('tenants', 'tenants.id', 'notifications.tenantId')
		.select(['tenants.name as village', 'notifications.kind', 'notifications.title', 'notifications.body', 'notifications.url', 'notifications.readAt', 'notifications.createdAt'])
		.where('notifications.userId', '=', userId)
		.orderBy('notifications.createdAt')
		.execute();
	const [ideas, ideaComments, ideaSupports, follows, projects, projectNews, projectTeams, projectTasks, projectNotes] = await Promise.all([
		db
			.selectFrom('ideas')
			.innerJoin('tenants', 'tenants.id', 'ideas.tenantId')
			.select(['ideas.id', 'tenants.name as village', 'ideas.title', 'ideas.description', 'ideas.categoryKey', 'ideas.status', 'ideas.statusReason', 'ideas.hiddenAt', 'ideas.createdAt', 'ideas.updatedAt'])
			.where('ideas.authorId', '=', userId)
			.orderBy('ideas.createdAt')
			.execute(),
		db
			.selectFrom('ideaComments')
			.innerJoin('ideas', 'ideas.id', 'ideaComments.ideaId')
			.select(['ideaComments.id', 'ideaComments.ideaId', 'ideas.title as ideaTitle', 'ideaComments.body', 'ideaComments.hiddenAt', 'ideaComments.createdAt'])
			.where('ideaComments.authorId', '=', userId)
			.orderBy('ideaComments.createdAt')
			.execute(),
		db
			.selectFrom('ideaSupports')
			.innerJoin('ideas', 'ideas.id', 'ideaSupports.ideaId')
			.select(['ideaSupports.ideaId', 'ideas.title as ideaTitle', 'ideaSupports.createdAt'])
			.where('ideaSupports.userId', '=', userId)
			.orderBy('ideaSupports.createdAt')
			.execute(),
		db.selectFrom('follows').select(['targetType', 'targetId', 'createdAt']).where('userId', '=', userId).orderBy('createdAt').execute(),
		db.selectFrom('projects').innerJoin('tenants', 'tenants.id', 'projects.tenantId').select(['projects.id', 'tenants.name as place', 'projects.title', 'projects.createdAt']).where('projects.createdBy', '=', userId).orderBy('projects.createdAt').execute(),
		db
			.selectFrom('projectUpdates')
			.innerJoin('projects', 'projects.id', 'projectUpdates.projectId')
			.select(['projectUpdates.projectId', 'projects.title as projectTitle', 'projectUpdates.body', 'projectUpdates.createdAt'])
			.where('projectUpdates.authorId', '=', userId)
			.orderBy('projectUpdates.createdAt')
			.execute(),
		db
			.selectFrom('projectMembers')
			.innerJoin('projects', 'projects.id', 'projectMembers.projectId')
			.select(['projectMembers.projectId', 'projects.title as projectTitle', 'projectMembers.role', 'projectMembers.createdAt'])
			.where('projectMembers.userId', '=', userId)
			.orderBy('projectMembers.createdAt')
			.execute(),
		db
			.selectFrom('projectTasks')
			.innerJoin('projects', 'projects.id', 'projectTasks.projectId')
			.select(['projectTasks.projectId', 'projects.title as projectTitle', 'projectTasks.title', 'projectTasks.status', 'projectTasks.dueOn', 'projectTasks.createdAt'])
			.where((eb) => eb.or([eb('projectTasks.assigneeId', '=', userId), eb('projectTasks.createdBy', '=', userId)]))
			.orderBy('projectTasks.createdAt')
			.execute(),
		db
			.selectFrom('projectNotes')
			.innerJoin('projects', 'projects.id', 'projectNotes.projectId')
			.select(['projectNotes.projectId', 'projects.title as projectTitle', 'projectNotes.body', 'projectNotes.createdAt'])
			.where('projectNotes.authorId', '=', userId)
			.orderBy('projectNotes.createdAt')
			.execute()
	]);
	const [projectQuestions, projectAnswers] = await Promise.all([
		db
			.selectFrom('projectQuestions')
			.innerJoin('projects', 'projects.id', 'projectQuestions.projectId')
			.select(['projectQuestions.id', 'projectQuestions.projectId', 'projects.title as projectTitle', 'projectQuestions.body', 'projectQuestions.hiddenAt', 'projectQuestions.hiddenReason', 'projectQuestions.createdAt'])
			.where('projectQuestions.authorId', '=', userId)
			.orderBy('projectQuestions.createdAt')
			.execute(),
		db
			.selectFrom('projectAnswers')
			.innerJoin('projects', 'projects.id', 'projectAnswers.projectId')
			.select(['projectAnswers.id', 'projectAnswers.projectId', 'projects.title as projectTitle', 'projectAnswers.questionId', 'projectAnswers.body', 'projectAnswers.hiddenAt', 'projectAnswers.hiddenReason', 'projectAnswers.createdAt'])
			.where('projectAnswers.authorId', '=', userId)
			.orderBy('projectAnswers.createdAt')
			.execute()
	]);
	// requests to become a member of a village, with the message to its admins
	const joinRequests = await db
		.selectFrom('joinRequests')
		.innerJoin('tenants', 'tenants.id', 'joinRequests.tenantId')
		.select(['tenants.name as village', 'joinRequests.message', 'joinRequests.status', 'joinRequests.createdAt', 'joinRequests.decidedAt'])
		.where('joinRequests.userId', '=', userId)
		.orderBy('joinRequests.createdAt')
		.execute();
	// devices the person subscribed to a village's push messages while signed in: which village, the device (as its
	// browser named itself), the topics and when — never the endpoint and keys, the device's secrets for its push service
	const pushSubs = await db
		.selectFrom('pushSubscriptions')
		.innerJoin('tenants', 'tenants.id', 'pushSubscriptions.tenantId')
		.select(['pushSubscriptions.id', 'tenants.name as village', 'tenants.slug as villageSlug', 'pushSubscriptions.device', 'pushSubscriptions.createdAt', 'pushSubscriptions.updatedAt'])
		.where('pushSubscriptions.userId', '=', userId)
		.orderBy('pushSubscriptions.createdAt')
		.execute();
	const pushTopics = pushSubs.length ? await db.selectFrom('pushSubscriptionTopics').select(['subscriptionId', 'topic']).where('subscriptionId', 'in', pushSubs.map((s) => s.id)).orderBy('topic').execute() : [];
	const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
	const modules = await moduleRowsOf(db, userId);
	return {
		format: 'allmende-account-export/1',
		exportedAt: new Date().toISOString(),
		account: { id: user.id, email: user.email, displayName: user.displayName, locale: user.locale, emailVerifiedAt: iso(user.emailVerifiedAt), createdAt: iso(user.createdAt), updatedAt: iso(user.updatedAt) },
		sessions: sessions.map((s) => ({ ...s, createdAt: iso(s.createdAt), lastSeenAt: iso(s.lastSeenAt), expiresAt: iso(s.expiresAt) })),
		memberships: memberships.map((m) => ({ ...m, createdAt: iso(m.createdAt) })),
		clubMemberships: clubs.map((c) => ({ ...c, createdAt: iso(c.createdAt) })),
		auditLogEntriesAsActor: auditEntries.map((a) => ({ ...a, data: JSON.parse(a.data) as unknown, createdAt: iso(a.createdAt) })),
		invitations: invitations.map((i) => ({ ...i, createdAt: iso(i.createdAt), expiresAt: iso(i.expiresAt), acceptedAt: iso(i.acceptedAt) })),
		mailsInDevMailbox: mails.map((m) => ({ ...m, createdAt: iso(m.createdAt) })),
		apiTokens: apiTokens.map((t) => ({ ...t, createdAt: iso(t.createdAt), expiresAt: iso(t.expiresAt), lastUsedAt: iso(t.lastUsedAt), revokedAt: iso(t.revokedAt) })),
		notifications: notifications.map((n) => ({ ...n, readAt: iso(n.readAt), createdAt: iso(n.createdAt) })),
		ideas: ideas.map((i) => ({ ...i, hiddenAt: iso(i.hiddenAt), createdAt: iso(i.createdAt), updatedAt: iso(i.updatedAt) })),
		ideaComments: ideaComments.map((c) => ({ ...c, hiddenAt: iso(c.hiddenAt), createdAt: iso(c.createdAt) })),
		ideaSupports: ideaSupports.map((s) => ({ ...s, createdAt: iso(s.createdAt) })),
		follows: follows.map((f) => ({ ...f, createdAt: iso(f.createdAt) })),
		joinRequests: joinRequests.map((r) => ({ ...r, createdAt: iso(r.createdAt), decidedAt: iso(r.decidedAt) })),
		projectsCreated: projects.map((p) => ({ ...p, createdAt: iso(p.createdAt) })),
		projectNews: projectNews.map((n) => ({ ...n, createdAt: iso(n.createdAt) })),
		projectTeams: projectTeams.map((t) => ({ ...t, createdAt: iso(t.createdAt) })),
		projectTasks: projectTasks.map((t) => ({ ...t, createdAt: iso(t.createdAt) })),
		projectTeamNotes: projectNotes.map((n) => ({ ...n, createdAt: iso(n.createdAt) })),
		projectQuestions: projectQuestions.map((q) => ({ ...q, hiddenAt: iso(q.hiddenAt), createdAt: iso(q.createdAt) })),
		projectAnswers: projectAnswers.map((a) => ({ ...a, hiddenAt: iso(a.hiddenAt), createdAt: iso(a.createdAt) })),
		pushSubscriptions: pushSubs.map(({ id, ...s }) => ({ ...s, topics: pushTopics.filter((t) => t.subscriptionId === id).map((t) => t.topic), createdAt: iso(s.createdAt), updatedAt: iso(s.updatedAt) })),
		// the village-app modules' rows that name the person (their `personal` columns): module → "table.column" → rows
		modules
	};
}

/** The rows of every module's `personal` columns that hold this user id, with the village's name. */
async function moduleRowsOf(db: Db, userId: string): Promise<Record<string, Record<string, unknown[]>>> {
	// eslint-disable-next-line @typescript-eslint/no-explicit-any -- module tables are declared by the modules
	const any = db as unknown as Kysely<any>;
	const out: Record<string, Record<string, unknown[]>> = {};
	for (const module of MODULES) {
		for (const p of module.personal ?? []) {
			if (p.inExport === false) continue;
			const rows = await any.selectFrom(p.table).innerJoin('tenants', 'tenants.id', `${p.table}.tenantId`).selectAll(p.table).select('tenants.name as village').where(`${p.table}.${p.column}`, '=', userId).execute();
			if (rows.length === 0) continue;
			(out[module.id] ??= {})[`${p.table}.${p.column}`] = rows;
		}
	}
	return out;
}

/**
 * Deletes every mail job to this address, queued, delivered or failed: the payload holds the address and
 * the text (confirmation and reset links, the name). `like` only narrows the rows down; the address is
 * compared exactly after parsing, so another address that merely contains this one is kept.
 */
async function deleteMailJobsTo(db: Db, email: string): Promise<void> {
	const address = email.toLowerCase();
	const candidates = await db
		.selectFrom('jobs')
		.select(['id', 'payload'])
		.where('kind', '=', 'mail')
		.where((eb) => eb(eb.fn('lower', ['payload']), 'like', `%${address}%`))
		.execute();
	const ids = candidates.filter((j) => (JSON.parse(j.payload) as Partial<MailPayload>).to?.toLowerCase() === address).map((j) => j.id);
	if (ids.length > 0) await db.deleteFrom('jobs').where('id', 'in', ids).execute();
}

/**
 * Deletes the rate-limit counters that name the person. Their keys hold the lower-cased address (account
 * mails and reset links: accounts.ts; invitations to the address: tenancy/invitations.ts; login limits:
 * loginLimits.ts, some followed by "|<client address>") or the account id (invitations the person sent).
 * Counters keyed by IP address or API token id name no one and end by themselves (housekeeping).
 */
async function deleteCountersOf(db: Db, args: { email: string; userId: string }): Promise<void> {
	const email = args.email.toLowerCase();
	const keys = [`mail:${email}`, `reset:${email}`, `invite-to:${email}`, `login-fail:${email}`, `invite-by:${args.userId}`, `join-by:${args.userId}`];
	const prefixes = [`login:${email}|`, `login-fail-ip:${email}|`];
	await db
		.deleteFrom('rateLimits')
		.where((eb) => eb.or([eb('key', 'in', keys), ...prefixes.map((p) => eb(eb.fn('substr', ['key', eb.val(1), eb.val(p.length)]), '=', p))]))
		.execute();
}

/**
 * What the modules declared about their rows that name a person (`personal` in the manifest): deleted, or kept
 * without the person. Module tables are not in the core's types, hence the cast; table and column names come
 * from the manifests, never from a request.
 */
async function forgetInModules(trx: Db, userId: string): Promise<void> {
	// eslint-disable-next-line @typescript-eslint/no-explicit-any -- module tables are declared by the modules
	const db = trx as unknown as Kysely<any>;
	for (const module of MODULES) {
		for (const p of module.personal ?? []) {
			if (p.onAccountDeleted === 'delete') await db.deleteFrom(p.table).where(p.column, '=', userId).execute();
			else await db.updateTable(p.table).set({ [p.column]: null }).where(p.column, '=', userId).execute();
		}
	}
}

export type DeleteResult = { ok: true } | { ok: false; reason: 'password' | 'last-county-admin' };

/**
 * Deletes the account (GDPR Art. 17). Sessions, links, API tokens, memberships, club memberships,
 * notifications, supports of ideas, places in project teams and the push subscriptions made while signed in go
 * with it (foreign keys cascade); push messages the person sent stay in their village's history without the sender; ideas,
 * comments, project news, team notes, tasks, and questions and answers on project pages stay, anonymised (author, creator and assignee become null); requests to join a village go too (cascade); invitations, mail jobs and dev-mailbox mails to its
 * address and the rate-limit counters that name it are deleted in the same transaction. Audit entries stay for the tenants' accountability but keep only the bare id,
 * which no longer leads to a person. The last admin of the county cannot delete themselves: someone must
 * be able to run the installation.
 */
export async function deleteAccount(db: Db, args: { userId: string; currentPassword: string }): Promise<DeleteResult> {
	const user = await getUserById(db, args.userId);
	if (!user || !(await verifyPassword(user.passwordHash, args.currentPassword))) return { ok: false, reason: 'password' };
	return db.transaction().execute(async (trx) => {
		const countyAdmin = await trx
			.selectFrom('memberships')
			.innerJoin('tenants', 'tenants.id', 'memberships.tenantId')
			.select('tenants.id')
			.where('memberships.userId', '=', args.userId)
			.where('memberships.role', '=', 'admin')
			.where('tenants.parentId', 'is', null)
			.executeTakeFirst();
		if (countyAdmin) {
			const others = await trx
				.selectFrom('memberships')
				.select((eb) => eb.fn.countAll<number>().as('n'))
				.where('tenantId', '=', countyAdmin.id)
				.where('role', '=', 'admin')
				.where('userId', '!=', args.userId)
				.executeTakeFirstOrThrow();
			if (Number(others.n) === 0) return { ok: false, reason: 'last-county-admin' } as const;
		}
		await trx.deleteFrom('devMailbox').where((eb) => eb(eb.fn('lower', ['toAddress']), '=', user.email.toLowerCase())).execute();
		await deleteMailJobsTo(trx, user.email);
		await deleteCountersOf(trx, { email: user.email, userId: user.id });
		// Invitations hold the address, and nobody can accept them any more.
		await deleteInvitationsTo(trx, user.email);
		// The push messages the person sent stay with their village (its history), without the sender.
		await trx.updateTable('pushMessages').set({ createdBy: null }).where('createdBy', '=', args.userId).execute();
		await forgetInModules(trx, args.userId);
		await trx.deleteFrom('users').where('id', '=', args.userId).execute();
		return { ok: true } as const;
	});
}
