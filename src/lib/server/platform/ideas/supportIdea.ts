import { audit } from '../../audit/audit.ts';
import type { Db } from '../../db/index.ts';
import { AppError } from '../../http/errors.ts';
import { newId } from '../../ids.ts';
import type { Actor } from '../../policy/index.ts';
import { loadIdea } from './ideaAccess.ts';

const signedIn = (actor: Actor) => {
	if (!actor.userId) throw new AppError(401, 'unauthorized');
	return actor.userId;
};

/** Supports an idea: one support per person (supporting again changes nothing). True when a support was added. */
export async function supportIdea(db: Db, args: { actor: Actor; ideaId: string; ip: string }): Promise<boolean> {
	const userId = signedIn(args.actor);
	const { idea } = await loadIdea(db, args);
	return db.transaction().execute(async (trx) => {
		const now = Date.now();
		const res = await trx
			.insertInto('ideaSupports')
			.values({ id: newId(now), tenantId: idea.tenantId, ideaId: idea.id, userId, createdAt: now })
			.onConflict((oc) => oc.columns(['ideaId', 'userId']).doNothing())
			.executeTakeFirst();
		const added = Number(res.numInsertedOrUpdatedRows ?? 0n) > 0;
		if (added) await audit(trx, { actorId: userId, tenantId: idea.tenantId, action: 'idea.support', targetType: 'idea', targetId: idea.id, ip: args.ip });
		return added;
	});
}

/** Withdraws the person's support (nothing happens when there was none). True when one was removed. */
export async function withdrawSupport(db: Db, args: { actor: Actor; ideaId: string; ip: string }): Promise<boolean> {
	const userId = signedIn(args.actor);
	const { idea } = await loadIdea(db, args);
	return db.transaction().execute(async (trx) => {
		const res = await trx.deleteFrom('ideaSupports').where('ideaId', '=', idea.id).where('userId', '=', userId).executeTakeFirst();
		const removed = Number(res.numDeletedRows) > 0;
		if (removed) await audit(trx, { actorId: userId, tenantId: idea.tenantId, action: 'idea.support.withdraw', targetType: 'idea', targetId: idea.id, ip: args.ip });
		return removed;
	});
}
