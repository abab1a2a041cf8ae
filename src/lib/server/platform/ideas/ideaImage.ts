// The author of an idea may take its picture away again (the stored file is deleted with it).
import { audit } from '../../audit/audit.ts';
import type { Db } from '../../db/index.ts';
import { deleteStoredFile } from '../../files/uploads.ts';
import { AppError, forbidden, notFound } from '../../http/errors.ts';
import type { Actor } from '../../policy/index.ts';
import { loadIdea } from './ideaAccess.ts';

/** Removes the idea's image: its author only; an idea without image → 404. Audit-logged. */
export async function removeIdeaImage(db: Db, args: { actor: Actor; ideaId: string; ip: string }): Promise<void> {
	if (!args.actor.userId) throw new AppError(401, 'unauthorized');
	const { idea } = await loadIdea(db, args);
	if (idea.authorId !== args.actor.userId) throw forbidden();
	if (!idea.imageFileId) throw notFound();
	const fileId = idea.imageFileId;
	await db.transaction().execute(async (trx) => {
		await trx.updateTable('ideas').set({ imageFileId: null, updatedAt: Date.now() }).where('id', '=', idea.id).where('tenantId', '=', idea.tenantId).execute();
		await deleteStoredFile(trx, idea.tenantId, fileId);
		await audit(trx, { actorId: args.actor.userId, tenantId: idea.tenantId, action: 'idea.image.remove', targetType: 'idea', targetId: idea.id, data: { fileId }, ip: args.ip });
	});
}
