// "Als Projekt anlegen": the village's editors turn an idea into a project of the village. The project starts
// "In Planung" with the idea's title, category and text, links back to the idea (ideaId), and the idea links
// to the project (status 'project'); the person who had the idea hears of it.
import { audit } from '../../audit/audit.ts';
import type { Db } from '../../db/index.ts';
import { fieldError, forbidden } from '../../http/errors.ts';
import { newId } from '../../ids.ts';
import { notify } from '../../notifications/notify.ts';
import { notifyFollowers } from '../follows.ts';
import { can } from '../../policy/index.ts';
import { plainText } from '../../richtext/markdown.ts';
import * as m from '../../../paraglide/messages.js';
import { loadIdea } from '../ideas/ideaAccess.ts';
import { markIdeaBecameProject } from '../ideas/moveIdea.ts';
import { addToTeam } from './projectAccess.ts';
import { projectSlug, type Who } from './saveProject.ts';
import { reindexProject } from '../search/searchIndex.ts';

/** Creates the project an idea becomes; returns its id and slug. */
export async function createProjectFromIdea(db: Db, args: Who & { ideaId: string }): Promise<{ id: string; slug: string }> {
	const { idea, village } = await loadIdea(db, { actor: args.actor, ideaId: args.ideaId });
	if (!can(args.actor, 'tenant.triageIdeas', village) || !can(args.actor, 'tenant.editProjects', village)) throw forbidden();
	if (idea.status !== 'new' && idea.status !== 'discussion') throw fieldError('status', 'err_idea_transition');
	const now = Date.now();
	const id = newId(now);
	const slug = projectSlug(idea.title);
	await db.transaction().execute(async (trx) => {
		await trx
			.insertInto('projects')
			.values({ id, tenantId: village.id, clubId: idea.clubId, slug, title: idea.title, summary: plainText(idea.description, 600), status: 'planning', categoryKey: idea.categoryKey, goals: idea.description, ideaId: idea.id, adaptedFromId: null, hiddenAt: null, createdBy: args.actor.userId, createdAt: now, updatedAt: now })
			.execute();
		await trx.insertInto('projectStatusChanges').values({ id: newId(now), tenantId: village.id, projectId: id, fromStatus: null, toStatus: 'planning', actorId: args.actor.userId, createdAt: now }).execute();
		await audit(trx, { actorId: args.actor.userId, tenantId: village.id, action: 'project.create', targetType: 'project', targetId: id, data: { ideaId: idea.id }, ip: args.ip });
		await markIdeaBecameProject(trx, { ideaId: idea.id, projectId: id, actorId: args.actor.userId });
		await reindexProject(trx, id);
		// the editor leads the new project; the person who had the idea is in its team from the start
		await addToTeam(trx, { tenantId: village.id, projectId: id, userId: args.actor.userId!, role: 'lead', now });
		if (idea.authorId && idea.authorId !== args.actor.userId) await addToTeam(trx, { tenantId: village.id, projectId: id, userId: idea.authorId, role: 'member', now });
		if (idea.authorId && idea.authorId !== args.actor.userId) {
			const author = await trx.selectFrom('users').select('locale').where('id', '=', idea.authorId).executeTakeFirst();
			const title = m.idea_notify_project({ title: idea.title }, { locale: author?.locale === 'en' ? 'en' : 'de' });
			await notify(trx, { userIds: [idea.authorId], tenantId: village.id, moduleId: null, kind: 'idea.project', title, url: `/projects/${id}-${slug}` });
		}
		await notifyFollowers(trx, {
			target: { type: 'idea', id: idea.id, tenantId: village.id },
			kind: 'idea.project',
			title: (locale) => m.idea_notify_project({ title: idea.title }, { locale }),
			url: `/projects/${id}-${slug}`,
			except: [args.actor.userId, idea.authorId]
		});
	});
	return { id, slug };
}
