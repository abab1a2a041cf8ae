// "Projekt übernehmen": another village starts its own project from this one. The copy takes the profile a
// village can reuse — what it is, why, what it needs and costs, how it was done, what went wrong, what was
// learnt, its links and SDGs — and records where it came from (adaptedFromId), so the lineage grows. It takes
// no people (contact, creator, team), no results, figures or funding of the origin (they are the origin's own)
// and no dates (the new project starts now, "In Planung").
import { audit } from '../../audit/audit.ts';
import type { Db } from '../../db/index.ts';
import { forbidden } from '../../http/errors.ts';
import { newId } from '../../ids.ts';
import { notify } from '../../notifications/notify.ts';
import { notifyFollowers } from '../follows.ts';
import * as m from '../../../paraglide/messages.js';
import { loadProjectForWrite, placeForProjects, type Who } from './saveProject.ts';

/** The columns an adoption copies from its origin, exactly (tests hold the code to this list). */
export const ADOPTED_FIELDS = ['title', 'slug', 'summary', 'categoryKey', 'sdgs', 'goals', 'targetGroup', 'preconditions', 'costOneOff', 'costRunning', 'volunteerHours', 'steps', 'pitfalls', 'lessons', 'links'] as const;

/** Adopts a project into a village the actor keeps projects of; returns the new project's id and slug. */
export async function adoptProject(db: Db, args: Who & { projectId: string; village: string }): Promise<{ id: string; slug: string }> {
	if (!args.actor.userId) throw forbidden();
	const origin = await loadProjectForWrite(db, args.projectId, args.actor);
	const place = await placeForProjects(db, args.village, args.actor);
	const source = await db.selectFrom('projects').select(ADOPTED_FIELDS).where('id', '=', origin.id).executeTakeFirstOrThrow();
	const now = Date.now();
	const id = newId(now);
	await db.transaction().execute(async (trx) => {
		await trx
			.insertInto('projects')
			.values({ ...source, id, tenantId: place.id, clubId: null, status: 'planning', ideaId: null, adaptedFromId: origin.id, hiddenAt: null, createdBy: args.actor.userId, createdAt: now, updatedAt: now })
			.execute();
		await trx.insertInto('projectStatusChanges').values({ id: newId(now), tenantId: place.id, projectId: id, fromStatus: null, toStatus: 'planning', note: '', actorId: args.actor.userId, createdAt: now }).execute();
		await audit(trx, { actorId: args.actor.userId, tenantId: place.id, action: 'project.adopt', targetType: 'project', targetId: id, data: { from: origin.id }, ip: args.ip });
		await audit(trx, { actorId: args.actor.userId, tenantId: origin.tenantId, action: 'project.adopted', targetType: 'project', targetId: origin.id, data: { to: id }, ip: args.ip });
		// the origin's team hears of it (until projects have teams: the person who created it)
		if (origin.createdBy && origin.createdBy !== args.actor.userId) {
			const recipient = await trx.selectFrom('users').select('locale').where('id', '=', origin.createdBy).executeTakeFirst();
			const locale = recipient?.locale === 'en' ? 'en' : 'de';
			const title = m.notify_project_adopted({ place: place.name, title: source.title }, { locale });
			await notify(trx, { userIds: [origin.createdBy], tenantId: origin.tenantId, moduleId: null, kind: 'project.adopted', title, url: `/projects/${id}-${source.slug}` });
		}
		await notifyFollowers(trx, {
			target: { type: 'project', id: origin.id, tenantId: origin.tenantId },
			kind: 'project.adopted',
			title: (locale) => m.notify_project_adopted({ place: place.name, title: source.title }, { locale }),
			url: `/projects/${id}-${source.slug}`,
			except: [args.actor.userId, origin.createdBy]
		});
	});
	return { id, slug: source.slug };
}
