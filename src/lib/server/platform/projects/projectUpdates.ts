// Progress updates ("Neuigkeiten") of a project: its editors write them; the page shows the newest first and
// the project's followers are told.
import { z } from 'zod';
import { audit } from '../../audit/audit.ts';
import type { Db } from '../../db/index.ts';
import { forbidden } from '../../http/errors.ts';
import { newId } from '../../ids.ts';
import { plainText } from '../../richtext/markdown.ts';
import * as m from '../../../paraglide/messages.js';
import { notifyFollowers } from '../follows.ts';
import { queuePushMessage } from '../../push/messages.ts';
import { loadProjectForWrite, type Who } from './saveProject.ts';

export const projectUpdateSchema = z.object({ body: z.string().trim().min(3).max(5000) });

/** Posts an update; returns its id. A village's update queues a push message: wake the job worker afterwards (rt.kickJobs). */
export async function postProjectUpdate(db: Db, args: Who & { projectId: string; body: string }): Promise<string> {
	const project = await loadProjectForWrite(db, args.projectId, args.actor);
	if (!project.rights.edit) throw forbidden();
	const now = Date.now();
	const id = newId(now);
	await db.transaction().execute(async (trx) => {
		await trx.insertInto('projectUpdates').values({ id, tenantId: project.tenantId, projectId: project.id, authorId: args.actor.userId, body: args.body, createdAt: now }).execute();
		await trx.updateTable('projects').set({ updatedAt: now }).where('id', '=', project.id).where('tenantId', '=', project.tenantId).execute();
		await audit(trx, { actorId: args.actor.userId, tenantId: project.tenantId, action: 'project.news', targetType: 'project', targetId: project.id, ip: args.ip });
		await notifyFollowers(trx, {
			target: { type: 'project', id: project.id, tenantId: project.tenantId },
			kind: 'project.news',
			title: (locale) => m.follow_project_news({ title: project.title, text: plainText(args.body, 80) }, { locale }),
			url: `/projects/${project.id}#news`,
			except: [args.actor.userId]
		});
		// the village's app: devices subscribed to "Neues aus unseren Projekten" (a hidden project stays quiet)
		if (project.kind === 'village' && project.hiddenAt === null) {
			await queuePushMessage(trx, { villageId: project.tenantId, topics: ['projects'], title: project.title, body: plainText(args.body, 200), url: `/projects/${project.id}#news`, createdBy: args.actor.userId, tokenId: args.actor.token?.id ?? null }, now);
		}
	});
	return id;
}

export interface ProjectUpdate {
	id: string;
	body: string;
	authorName: string | null;
	createdAt: number;
}

/** The newest updates first (at most `limit`). */
export async function listProjectUpdates(db: Db, projectId: string, limit = 20): Promise<ProjectUpdate[]> {
	const rows = await db
		.selectFrom('projectUpdates')
		.leftJoin('users', 'users.id', 'projectUpdates.authorId')
		.select(['projectUpdates.id', 'projectUpdates.body', 'users.displayName as authorName', 'projectUpdates.createdAt'])
		.where('projectUpdates.projectId', '=', projectId)
		.orderBy('projectUpdates.createdAt', 'desc')
		.orderBy('projectUpdates.id', 'desc')
		.limit(limit)
		.execute();
	return rows.map((r) => ({ ...r, createdAt: Number(r.createdAt) }));
}
