import { z } from 'zod';
import * as m from '../../paraglide/messages.js';
import { audit } from '../audit/audit.ts';
import { hitRateLimit } from '../auth/rateLimit.ts';
import type { Db } from '../db/index.ts';
import { forbidden, formError, notFound } from '../http/errors.ts';
import { newId } from '../ids.ts';
import { queueMail } from '../mail/queueMail.ts';
import { joinDecisionMail } from '../mail/templates.ts';
import { notifyInTheirLanguage } from '../platform/follows.ts';
import { can, type Actor } from '../policy/index.ts';
import { grantRole } from './memberships.ts';
import type { Tenant } from './tenants.ts';

// "Mitglied werden": the other way into a village besides an invitation. A signed-in person asks (from the
// village's join page, reached by a shared link or a printed QR code), the village's admins approve or decline.
// Consent runs both ways: nobody is added without having asked, and asking adds nobody until an admin approves.
// One row per person and village, so asking again is the same request (idempotent). A declined request stays
// on file for DECLINE_COOLDOWN_MS, during which asking again is refused (the admins are not asked over and over);
// then housekeeping deletes it. An approved request is deleted at once: the membership and the audit log say it.

export const DECLINE_COOLDOWN_MS = 30 * 86_400_000;
/** open requests one person may have at a time (across villages), against flooding admins everywhere */
export const MAX_OPEN_REQUESTS_PER_PERSON = 5;
/** requests one person may send per hour */
const REQUESTS_PER_HOUR = 10;
export const MAX_JOIN_MESSAGE = 500;

export const joinRequestSchema = z.object({ joinMessage: z.string().trim().max(MAX_JOIN_MESSAGE).optional() });
export const joinRequestIdSchema = z.object({ requestId: z.string().min(1).max(64) });

/** What asking did: a new request, the one already open, already a member, or declined a short while ago. */
export type JoinOutcome = 'requested' | 'pending' | 'member' | 'declined';

const membersPage = (tenant: Pick<Tenant, 'slug'>) => `/${tenant.slug}/admin/members#requests`;

/** Where this person stands with the village: a member, an open or a recently declined request, or nothing yet. */
export async function joinStatus(db: Db, args: { tenant: Pick<Tenant, 'id'>; userId: string; now?: number }): Promise<JoinOutcome | null> {
	const member = await db.selectFrom('memberships').select('role').where('tenantId', '=', args.tenant.id).where('userId', '=', args.userId).executeTakeFirst();
	if (member) return 'member';
	const row = await db.selectFrom('joinRequests').select(['status', 'decidedAt']).where('tenantId', '=', args.tenant.id).where('userId', '=', args.userId).executeTakeFirst();
	if (!row) return null;
	if (row.status === 'open') return 'pending';
	return (row.decidedAt ?? 0) > (args.now ?? Date.now()) - DECLINE_COOLDOWN_MS ? 'declined' : null;
}

/**
 * A signed-in person asks to become a member of a village, with an optional message to its admins. The admins
 * get a notification in their inbox; audit-logged. 403 without an account, 404 for anything but a village,
 * 429 beyond the cap of open requests or the hourly limit.
 */
export async function requestToJoin(db: Db, args: { actor: Actor; tenant: Tenant; message?: string; ip: string; now?: number }): Promise<JoinOutcome> {
	const userId = args.actor.userId;
	if (!userId) throw forbidden();
	if (args.tenant.kind !== 'village') throw notFound();
	const now = args.now ?? Date.now();
	const before = await joinStatus(db, { tenant: args.tenant, userId, now });
	if (before) return before;
	const open = await db
		.selectFrom('joinRequests')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('userId', '=', userId)
		.where('status', '=', 'open')
		.executeTakeFirstOrThrow();
	if (Number(open.n) >= MAX_OPEN_REQUESTS_PER_PERSON) throw formError('err_join_too_many', 429);
	const limit = await hitRateLimit(db, { key: `join-by:${userId}`, limit: REQUESTS_PER_HOUR, windowMs: 3_600_000, now });
	if (!limit.allowed) throw formError('err_join_rate_limited', 429);
	const message = (args.message ?? '').trim().slice(0, MAX_JOIN_MESSAGE);
	return db.transaction().execute(async (trx) => {
		// a declined request whose waiting time is over is asked afresh
		await trx.deleteFrom('joinRequests').where('tenantId', '=', args.tenant.id).where('userId', '=', userId).where('status', '=', 'declined').execute();
		const id = newId(now);
		const inserted = await trx
			.insertInto('joinRequests')
			.values({ id, tenantId: args.tenant.id, userId, message, status: 'open', createdAt: now, decidedAt: null, decidedBy: null })
			.onConflict((oc) => oc.columns(['tenantId', 'userId']).doNothing())
			.executeTakeFirst();
		// the same person asking twice at the same moment: the other request is the one
		if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return 'pending' as const;
		// the notice names no one: it outlives the asking person's account in the admins' inboxes
		const admins = await trx.selectFrom('memberships').select('userId').where('tenantId', '=', args.tenant.id).where('role', '=', 'admin').execute();
		await notifyInTheirLanguage(trx, {
			userIds: admins.map((a) => a.userId),
			tenantId: args.tenant.id,
			kind: 'join.request',
			title: (locale) => m.join_notice_request({ place: args.tenant.name }, { locale }),
			url: membersPage(args.tenant)
		});
		await audit(trx, { actorId: userId, tenantId: args.tenant.id, action: 'member.join.request', targetType: 'user', targetId: userId, ip: args.ip });
		return 'requested' as const;
	});
}

/** The open requests of a village, oldest first (the admins answer them in turn). */
export async function listJoinRequests(db: Db, tenantId: string) {
	return db
		.selectFrom('joinRequests')
		.innerJoin('users', 'users.id', 'joinRequests.userId')
		.select(['joinRequests.id', 'joinRequests.message', 'joinRequests.createdAt', 'users.id as userId', 'users.displayName', 'users.email'])
		.where('joinRequests.tenantId', '=', tenantId)
		.where('joinRequests.status', '=', 'open')
		.orderBy('joinRequests.createdAt', 'asc')
		.orderBy('joinRequests.id', 'asc')
		.execute();
}

interface Decision {
	actor: Actor;
	tenant: Tenant;
	requestId: string;
	ip: string;
	/** the platform's address, for the link in the mail */
	origin: string;
}

/** The open request of this village with this id (404 for another village's, a decided or an unknown one). */
async function openRequest(db: Db, args: Decision) {
	if (!can(args.actor, 'tenant.manageMembers', args.tenant)) throw forbidden();
	const row = await db
		.selectFrom('joinRequests')
		.innerJoin('users', 'users.id', 'joinRequests.userId')
		.select(['joinRequests.id', 'joinRequests.userId', 'users.displayName', 'users.email', 'users.locale'])
		.where('joinRequests.tenantId', '=', args.tenant.id)
		.where('joinRequests.id', '=', args.requestId)
		.where('joinRequests.status', '=', 'open')
		.executeTakeFirst();
	if (!row) throw notFound();
	return row;
}

/** Tells the person what the admins decided: in their inbox and by mail, in their language. */
async function tellPerson(trx: Db, args: Decision, person: { userId: string; displayName: string; email: string; locale: string }, approved: boolean) {
	const appUrl = `/${args.tenant.slug}/`;
	await notifyInTheirLanguage(trx, {
		userIds: [person.userId],
		tenantId: args.tenant.id,
		kind: approved ? 'join.approved' : 'join.declined',
		title: (locale) => (approved ? m.join_notice_approved({ place: args.tenant.name }, { locale }) : m.join_notice_declined({ place: args.tenant.name }, { locale })),
		url: appUrl
	});
	await queueMail(trx, joinDecisionMail({ to: person.email, name: person.displayName, place: args.tenant.name, link: `${args.origin}${appUrl}`, approved, locale: person.locale }));
}

/** Approves an open request: the person becomes a member (a role they already hold stays), audit-logged. */
export async function approveJoinRequest(db: Db, args: Decision): Promise<void> {
	const request = await openRequest(db, args);
	await db.transaction().execute(async (trx) => {
		const taken = await trx.deleteFrom('joinRequests').where('id', '=', request.id).where('status', '=', 'open').executeTakeFirst();
		if (Number(taken.numDeletedRows) === 0) throw notFound();
		const current = await trx.selectFrom('memberships').select('role').where('tenantId', '=', args.tenant.id).where('userId', '=', request.userId).executeTakeFirst();
		if (!current) await grantRole(trx, { tenantId: args.tenant.id, userId: request.userId, role: 'member' });
		await tellPerson(trx, args, request, true);
		await audit(trx, { actorId: args.actor.userId, tenantId: args.tenant.id, action: 'member.join.approve', targetType: 'user', targetId: request.userId, ip: args.ip });
	});
}

/** Declines an open request: kept as declined for a while (asking again waits), the person is told; audit-logged. */
export async function declineJoinRequest(db: Db, args: Decision & { now?: number }): Promise<void> {
	const request = await openRequest(db, args);
	const now = args.now ?? Date.now();
	await db.transaction().execute(async (trx) => {
		const taken = await trx.updateTable('joinRequests').set({ status: 'declined', decidedAt: now, decidedBy: args.actor.userId, message: '' }).where('id', '=', request.id).where('status', '=', 'open').executeTakeFirst();
		if (Number(taken.numUpdatedRows) === 0) throw notFound();
		await tellPerson(trx, args, request, false);
		await audit(trx, { actorId: args.actor.userId, tenantId: args.tenant.id, action: 'member.join.decline', targetType: 'user', targetId: request.userId, ip: args.ip });
	});
}
