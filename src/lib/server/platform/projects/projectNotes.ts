// The team's private notes: what the public profile does not show (phone numbers of a craftsman, the next
// meeting, a draft of the application). Only the team's lead and members and the village's editors read and
// write them; an adoption never copies them. A note stays when its author's account goes, without the name.
import { audit } from '../../audit/audit.ts';
import type { Db } from '../../db/index.ts';
import { AppError, forbidden, notFound } from '../../http/errors.ts';
import { newId } from '../../ids.ts';
import { loadProjectForWrite, type Who } from './saveProject.ts';

export interface TeamNote {
	id: string;
	body: string;
	authorId: string | null;
	authorName: string | null;
	createdAt: number;
}

/** The notes, newest first, for those who may read them; [] for everyone else. */
export async function listNotes(db: Db, projectId: string, mayRead: boolean): Promise<TeamNote[]> {
	if (!mayRead) return [];
	return db
		.selectFrom('projectNotes')
		.leftJoin('users', 'users.id', 'projectNotes.authorId')
		.select(['projectNotes.id', 'projectNotes.body', 'projectNotes.authorId', 'users.displayName as authorName', 'projectNotes.createdAt'])
		.where('projectNotes.projectId', '=', projectId)
		.orderBy('projectNotes.createdAt', 'desc')
		.orderBy('projectNotes.id', 'desc')
		.execute();
}

export async function addNote(db: Db, args: Who & { projectId: string; body: string }): Promise<string> {
	if (!args.actor.userId) throw new AppError(401, 'unauthorized');
	const project = await loadProjectForWrite(db, args.projectId, args.actor);
	if (!project.rights.readNotes) throw forbidden();
	const now = Date.now();
	const id = newId(now);
	await db.transaction().execute(async (trx) => {
		await trx.insertInto('projectNotes').values({ id, tenantId: project.tenantId, projectId: project.id, authorId: args.actor.userId, body: args.body, createdAt: now }).execute();
		await audit(trx, { actorId: args.actor.userId, tenantId: project.tenantId, action: 'project.note.create', targetType: 'project', targetId: project.id, data: { noteId: id }, ip: args.ip });
	});
	return id;
}

/** Deletes a note: its author, or whoever manages the team. */
export async function deleteNote(db: Db, args: Who & { projectId: string; noteId: string }): Promise<void> {
	if (!args.actor.userId) throw new AppError(401, 'unauthorized');
	const project = await loadProjectForWrite(db, args.projectId, args.actor);
	if (!project.rights.readNotes) throw forbidden();
	const note = await db.selectFrom('projectNotes').select(['id', 'authorId']).where('id', '=', args.noteId).where('projectId', '=', project.id).where('tenantId', '=', project.tenantId).executeTakeFirst();
	if (!note) throw notFound();
	if (note.authorId !== args.actor.userId && !project.rights.manageTeam) throw forbidden();
	await db.transaction().execute(async (trx) => {
		await trx.deleteFrom('projectNotes').where('id', '=', note.id).where('tenantId', '=', project.tenantId).execute();
		await audit(trx, { actorId: args.actor.userId, tenantId: project.tenantId, action: 'project.note.delete', targetType: 'project', targetId: project.id, data: { noteId: note.id }, ip: args.ip });
	});
}
