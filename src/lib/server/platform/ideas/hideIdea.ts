import type { z } from 'zod';
import { audit } from '../../audit/audit.ts';
import type { Db } from '../../db/index.ts';
import { forbidden, notFound } from '../../http/errors.ts';
import { can, type Actor } from '../../policy/index.ts';
import { loadIdea } from './ideaAccess.ts';
import type { hideCommentSchema, hideIdeaSchema } from './schemas.ts';
import { reindexIdea } from '../search/searchIndex.ts';

/** Moderation: the admins of the municipality or county above hide an idea with a reason, audit-logged. */
export async function hideIdea(db: Db, args: { actor: Actor; input: z.infer<typeof hideIdeaSchema>; ip: string }): Promise<void> {
	const { idea, village } = await loadIdea(db, { actor: args.actor, ideaId: args.input.ideaId });
	if (!can(args.actor, 'tenant.moderatePool', village)) throw forbidden();
	if (idea.hiddenAt !== null) return;
	await db.transaction().execute(async (trx) => {
		await trx.updateTable('ideas').set({ hiddenAt: Date.now(), hiddenReason: args.input.reason }).where('id', '=', idea.id).execute();
		await reindexIdea(trx, idea.id);
		await audit(trx, { actorId: args.actor.userId, tenantId: idea.tenantId, action: 'idea.hide', targetType: 'idea', targetId: idea.id, ip: args.ip, tokenId: args.actor.token?.id ?? null });
	});
}

/** Moderation: hides one comment of an idea; the reason is kept in the audit log (comments have no column for it). */
export async function hideComment(db: Db, args: { actor: Actor; input: z.infer<typeof hideCommentSchema>; ip: string }): Promise<void> {
	const { idea, village } = await loadIdea(db, { actor: args.actor, ideaId: args.input.ideaId });
	if (!can(args.actor, 'tenant.moderatePool', village)) throw forbidden();
	const comment = await db.selectFrom('ideaComments').select(['id', 'hiddenAt']).where('ideaId', '=', idea.id).where('id', '=', args.input.commentId).executeTakeFirst();
	if (!comment) throw notFound();
	if (comment.hiddenAt !== null) return;
	await db.transaction().execute(async (trx) => {
		await trx.updateTable('ideaComments').set({ hiddenAt: Date.now() }).where('id', '=', comment.id).execute();
		await audit(trx, { actorId: args.actor.userId, tenantId: idea.tenantId, action: 'idea.comment.hide', targetType: 'idea', targetId: idea.id, data: { commentId: comment.id, reason: args.input.reason }, ip: args.ip, tokenId: args.actor.token?.id ?? null });
	});
}
