// Following a project or an idea: followers get an in-app notification when it changes status, becomes a
// project or is adopted. Following is for signed-in people (not API tokens); the row carries the tenant of
// the followed thing.
import type { Db } from '../db/index.ts';
import { AppError } from '../http/errors.ts';
import { newId } from '../ids.ts';
import { notify } from '../notifications/notify.ts';
import type { Actor } from '../policy/index.ts';

export type FollowTarget = { type: 'project' | 'idea'; id: string; tenantId: string };

function person(actor: Actor): string {
	if (!actor.userId || actor.token) throw new AppError(401, 'unauthorized');
	return actor.userId;
}

/** Starts following (following twice changes nothing). The caller has checked that the target is visible. */
export async function follow(db: Db, args: { actor: Actor; target: FollowTarget }): Promise<void> {
	const userId = person(args.actor);
	const { type, id, tenantId } = args.target;
	await db
		.insertInto('follows')
		.values({ id: newId(), tenantId, userId, targetType: type, targetId: id, createdAt: Date.now() })
		.onConflict((oc) => oc.columns(['userId', 'targetType', 'targetId']).doNothing())
		.execute();
}

export async function unfollow(db: Db, args: { actor: Actor; target: Omit<FollowTarget, 'tenantId'> }): Promise<void> {
	const userId = person(args.actor);
	await db.deleteFrom('follows').where('userId', '=', userId).where('targetType', '=', args.target.type).where('targetId', '=', args.target.id).execute();
}

export async function isFollowing(db: Db, userId: string | null, target: Omit<FollowTarget, 'tenantId'>): Promise<boolean> {
	if (!userId) return false;
	return !!(await db.selectFrom('follows').select('id').where('userId', '=', userId).where('targetType', '=', target.type).where('targetId', '=', target.id).executeTakeFirst());
}

/**
 * Tells the followers (all but the one who acted and those told already) in their own language; call it in
 * the transaction of the change. `title` gets each follower's locale.
 */
export async function notifyFollowers(db: Db, args: { target: FollowTarget; kind: string; title: (locale: 'de' | 'en') => string; url: string; except: (string | null)[] }): Promise<void> {
	const rows = await db
		.selectFrom('follows')
		.select('userId')
		.where('follows.targetType', '=', args.target.type)
		.where('follows.targetId', '=', args.target.id)
		.execute();
	await notifyInTheirLanguage(db, { userIds: rows.map((r) => r.userId).filter((id) => !args.except.includes(id)), tenantId: args.target.tenantId, kind: args.kind, title: args.title, url: args.url });
}

/** Tells these people something, each in the language of their account. */
export async function notifyInTheirLanguage(db: Db, args: { userIds: string[]; tenantId: string; kind: string; title: (locale: 'de' | 'en') => string; url: string }): Promise<void> {
	if (!args.userIds.length) return;
	const rows = await db.selectFrom('users').select(['id', 'locale']).where('id', 'in', args.userIds).execute();
	for (const locale of ['de', 'en'] as const) {
		const userIds = rows.filter((r) => (r.locale === 'en' ? 'en' : 'de') === locale).map((r) => r.id);
		if (userIds.length) await notify(db, { userIds, tenantId: args.tenantId, moduleId: null, kind: args.kind, title: args.title(locale), url: args.url });
	}
}
