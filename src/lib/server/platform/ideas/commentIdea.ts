import { audit } from '../../audit/audit.ts';
import type { Db } from '../../db/index.ts';
import { AppError } from '../../http/errors.ts';
import { newId } from '../../ids.ts';
import type { Actor } from '../../policy/index.ts';
import { loadIdea } from './ideaAccess.ts';

/** A signed-in person comments on an idea (markdown, sanitised when shown), audit-logged. */
export async function commentIdea(db: Db, args: { actor: Actor; ideaId: string; comment: string; ip: string }): Promise<{ id: string }> {
	if (!args.actor.userId) throw new AppError(401, 'unauthorized');
	const { idea } = await loadIdea(db, args);
	const now = Date.now();
	const id = newId(now);
	await db.transaction().execute(async (trx) => {
		await trx.insertInto('ideaComments').values({ id, tenantId: idea.tenantId, ideaId: idea.id, authorId: args.actor.userId, body: args.comment, hiddenAt: null, createdAt: now }).execute();
		await audit(trx, { actorId: args.actor.userId, tenantId: idea.tenantId, action: 'idea.comment', targetType: 'idea', targetId: idea.id, data: { commentId: id }, ip: args.ip });
	});
	return { id };
}
