import type { z } from 'zod';
import { audit } from '../../audit/audit.ts';
import type { Db } from '../../db/index.ts';
import type { IdeaStatus } from '../../db/types.ts';
import { fieldError, forbidden, notFound } from '../../http/errors.ts';
import { notify } from '../../notifications/notify.ts';
import { notifyFollowers } from '../follows.ts';
import { can, type Actor } from '../../policy/index.ts';
import * as m from '../../../paraglide/messages.js';
import { loadIdea } from './ideaAccess.ts';
import type { moveIdeaSchema } from './schemas.ts';
import { reindexIdea } from '../search/searchIndex.ts';

// Where an idea may go from where it is. 'project' is reached only through markIdeaBecameProject.
const NEXT: Record<IdeaStatus, readonly IdeaStatus[]> = {
	new: ['discussion', 'archived'],
	discussion: ['archived'],
	project: [],
	archived: ['discussion']
};

/** True when the idea may move from one status to the other by hand. */
export function canMoveIdea(from: IdeaStatus, to: IdeaStatus): boolean {
	return NEXT[from].includes(to);
}

/**
 * The village's editors (and those above) move an idea along: new → discussion → archived (with a reason
 * the author is shown), or back from the archive into discussion. Audit-logged; the author is notified.
 */
export async function moveIdea(db: Db, args: { actor: Actor; input: z.infer<typeof moveIdeaSchema>; ip: string }): Promise<void> {
	const { idea, village } = await loadIdea(db, { actor: args.actor, ideaId: args.input.ideaId });
	if (!can(args.actor, 'tenant.triageIdeas', village)) throw forbidden();
	const to = args.input.status;
	if (!canMoveIdea(idea.status, to)) throw fieldError('status', 'err_idea_transition');
	const reason = to === 'archived' ? (args.input.reason ?? '') : '';
	await db.transaction().execute(async (trx) => {
		const res = await trx
			.updateTable('ideas')
			.set({ status: to, statusReason: reason, updatedAt: Date.now() })
			.where('id', '=', idea.id)
			.where('status', '=', idea.status)
			.executeTakeFirst();
		// someone else moved it meanwhile
		if (Number(res.numUpdatedRows) === 0) throw fieldError('status', 'err_idea_transition');
		await reindexIdea(trx, idea.id);
		await audit(trx, { actorId: args.actor.userId, tenantId: idea.tenantId, action: 'idea.move', targetType: 'idea', targetId: idea.id, data: { from: idea.status, to }, ip: args.ip, tokenId: args.actor.token?.id ?? null });
		if (idea.authorId && idea.authorId !== args.actor.userId) {
			const author = await trx.selectFrom('users').select('locale').where('id', '=', idea.authorId).executeTakeFirst();
			const locale = author?.locale === 'en' ? 'en' : 'de';
			const title = to === 'archived' ? m.idea_notify_archived({ title: idea.title }, { locale }) : m.idea_notify_discussion({ title: idea.title }, { locale });
			await notify(trx, { userIds: [idea.authorId], tenantId: idea.tenantId, moduleId: null, kind: 'idea.status', title, body: reason, url: `/ideas/${idea.id}` });
		}
		await notifyFollowers(trx, {
			target: { type: 'idea', id: idea.id, tenantId: idea.tenantId },
			kind: 'idea.status',
			title: (locale) => (to === 'archived' ? m.idea_notify_archived({ title: idea.title }, { locale }) : m.idea_notify_discussion({ title: idea.title }, { locale })),
			url: `/ideas/${idea.id}`,
			except: [args.actor.userId, idea.authorId]
		});
	});
}

/**
 * Links an idea to the project it became (called by the projects slice in its own transaction): status
 * 'project', audit-logged. The caller has checked that the actor may create the project.
 */
export async function markIdeaBecameProject(db: Db, args: { ideaId: string; projectId: string; actorId?: string | null }): Promise<void> {
	const idea = await db.selectFrom('ideas').select(['id', 'tenantId']).where('id', '=', args.ideaId).executeTakeFirst();
	if (!idea) throw notFound();
	await db.updateTable('ideas').set({ status: 'project', projectId: args.projectId, statusReason: '', updatedAt: Date.now() }).where('id', '=', idea.id).execute();
	await reindexIdea(db, idea.id);
	await audit(db, { actorId: args.actorId ?? null, tenantId: idea.tenantId, action: 'idea.project', targetType: 'idea', targetId: idea.id, data: { projectId: args.projectId } });
}
