// "Projekt übernehmen": another village starts its own project from this one. The copy takes the profile a
// village can reuse — what it is, why, what it needs and costs, how it was done, what went wrong, what was
// learnt, its links and SDGs — and records where it came from (adaptedFromId), so the lineage grows. It takes
// no people (contact, creator, team), no results, figures or funding of the origin (they are the origin's own)
// and no dates (the new project starts now, "In Planung"). Its milestones and tasks come along as a template:
// titles, descriptions, order and which task belongs to which milestone, all open again, with nobody assigned
// and no due dates. The team's private notes, news, questions and comments stay with the origin.
import { audit } from '../../audit/audit.ts';
import type { Db } from '../../db/index.ts';
import { forbidden } from '../../http/errors.ts';
import { newId } from '../../ids.ts';
import { notifyFollowers, notifyInTheirLanguage } from '../follows.ts';
import { addToTeam } from './projectAccess.ts';
import * as m from '../../../paraglide/messages.js';
import { loadProjectForWrite, placeForProjects, type Who } from './saveProject.ts';
import { reindexProject } from '../search/searchIndex.ts';

/** The columns an adoption copies from its origin, exactly (tests hold the code to this list). */
export const ADOPTED_FIELDS = ['title', 'slug', 'summary', 'categoryKey', 'sdgs', 'goals', 'targetGroup', 'preconditions', 'costOneOff', 'costRunning', 'volunteerHours', 'steps', 'pitfalls', 'lessons', 'links'] as const;

/** Adopts a project into a village the actor keeps projects of; returns the new project's id and slug. */
export async function adoptProject(db: Db, args: Who & { projectId: string; village: string }): Promise<{ id: string; slug: string }> {
	if (!args.actor.userId) throw forbidden();
	const origin = await loadProjectForWrite(db, args.projectId, args.actor);
	// Adopting is creating a project in the village: the same people may do it — its editors and admins, and
	// its members where the village allows them to create projects (they then lead the copy).
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
		await addToTeam(trx, { tenantId: place.id, projectId: id, userId: args.actor.userId!, role: 'lead', now });
		await reindexProject(trx, id);
		await copyWorkTemplate(trx, { from: origin.id, to: id, tenantId: place.id, actorId: args.actor.userId, now });
		await audit(trx, { actorId: args.actor.userId, tenantId: place.id, action: 'project.adopt', targetType: 'project', targetId: id, data: { from: origin.id }, ip: args.ip });
		await audit(trx, { actorId: args.actor.userId, tenantId: origin.tenantId, action: 'project.adopted', targetType: 'project', targetId: origin.id, data: { to: id }, ip: args.ip });
		// the origin's team hears of it (a project without a team: the person who created it)
		const team = await trx.selectFrom('projectMembers').select('userId').where('projectId', '=', origin.id).where('role', 'in', ['lead', 'member']).execute();
		const told = team.length ? team.map((t) => t.userId) : origin.createdBy ? [origin.createdBy] : [];
		await notifyInTheirLanguage(trx, {
			userIds: told.filter((u) => u !== args.actor.userId),
			tenantId: origin.tenantId,
			kind: 'project.adopted',
			title: (locale) => m.notify_project_adopted({ place: place.name, title: source.title }, { locale }),
			url: `/projects/${id}-${source.slug}`
		});
		await notifyFollowers(trx, {
			target: { type: 'project', id: origin.id, tenantId: origin.tenantId },
			kind: 'project.adopted',
			title: (locale) => m.notify_project_adopted({ place: place.name, title: source.title }, { locale }),
			url: `/projects/${id}-${source.slug}`,
			except: [args.actor.userId, ...told]
		});
	});
	return { id, slug: source.slug };
}

/** Copies the origin's milestones and tasks as a template for the new project (see the top of this file). */
async function copyWorkTemplate(db: Db, args: { from: string; to: string; tenantId: string; actorId: string | null; now: number }): Promise<void> {
	const milestones = await db.selectFrom('projectMilestones').select(['id', 'title', 'position']).where('projectId', '=', args.from).orderBy('position').orderBy('createdAt').execute();
	const newMilestone = new Map<string, string>();
	for (const ms of milestones) {
		const id = newId(args.now);
		newMilestone.set(ms.id, id);
		await db.insertInto('projectMilestones').values({ id, tenantId: args.tenantId, projectId: args.to, title: ms.title, dueOn: null, doneAt: null, position: ms.position, createdAt: args.now }).execute();
	}
	// all tasks open again, in the origin's order: first its open ones, then what it has done
	const tasks = await db.selectFrom('projectTasks').select(['title', 'description', 'milestoneId', 'status', 'position']).where('projectId', '=', args.from).execute();
	const rank = { todo: 0, doing: 1, done: 2 } as const;
	tasks.sort((a, b) => rank[a.status] - rank[b.status] || a.position - b.position);
	for (const [position, task] of tasks.entries()) {
		await db
			.insertInto('projectTasks')
			.values({ id: newId(args.now), tenantId: args.tenantId, projectId: args.to, milestoneId: task.milestoneId ? (newMilestone.get(task.milestoneId) ?? null) : null, title: task.title, description: task.description, status: 'todo', position, assigneeId: null, dueOn: null, createdBy: args.actorId, createdAt: args.now, updatedAt: args.now })
			.execute();
	}
}
