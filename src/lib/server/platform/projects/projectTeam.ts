// A project's team. Anyone signed in joins as a helper with "Ich helfe mit" (and leaves again); the lead, or
// the village's editors, make a helper a member or a lead, or take them off the team. Nobody is added by
// e-mail address: people join themselves, so the team never reveals who has an account. A project with a lead
// keeps one: the last lead cannot leave or step down before naming another.
import { audit } from '../../audit/audit.ts';
import type { Db } from '../../db/index.ts';
import type { ProjectTeamRole } from '../../db/types.ts';
import { AppError, fieldError, forbidden, notFound } from '../../http/errors.ts';
import * as m from '../../../paraglide/messages.js';
import { notifyInTheirLanguage } from '../follows.ts';
import { addToTeam, lockProject } from './projectAccess.ts';
import { loadProjectForWrite, type Who } from './saveProject.ts';

export interface TeamMember {
	userId: string;
	name: string;
	role: ProjectTeamRole;
	since: number;
}

const ORDER: Record<ProjectTeamRole, number> = { lead: 0, member: 1, helper: 2 };

/** The team, leads first, then members, then helpers, each by when they joined. */
export async function listTeam(db: Db, projectId: string): Promise<TeamMember[]> {
	const rows = await db
		.selectFrom('projectMembers')
		.innerJoin('users', 'users.id', 'projectMembers.userId')
		.select(['projectMembers.userId', 'users.displayName as name', 'projectMembers.role', 'projectMembers.createdAt as since'])
		.where('projectMembers.projectId', '=', projectId)
		.orderBy('projectMembers.createdAt')
		.orderBy('projectMembers.id')
		.execute();
	return rows.sort((a, b) => ORDER[a.role] - ORDER[b.role]);
}

function person(args: Who): string {
	if (!args.actor.userId || args.actor.token) throw new AppError(401, 'unauthorized');
	return args.actor.userId;
}

/** "Ich helfe mit": the person joins the team as a helper (joining twice changes nothing); the team hears of it. */
export async function joinTeam(db: Db, args: Who & { projectId: string }): Promise<void> {
	const userId = person(args);
	const project = await loadProjectForWrite(db, args.projectId, args.actor);
	if (project.rights.teamRole) return;
	const now = Date.now();
	await db.transaction().execute(async (trx) => {
		await addToTeam(trx, { tenantId: project.tenantId, projectId: project.id, userId, role: 'helper', now });
		await audit(trx, { actorId: userId, tenantId: project.tenantId, action: 'project.team.join', targetType: 'project', targetId: project.id, ip: args.ip });
		const leads = await trx.selectFrom('projectMembers').select('userId').where('projectId', '=', project.id).where('role', 'in', ['lead', 'member']).execute();
		// the notification does not name the helper: it stays with the others when the helper's account goes
		await notifyInTheirLanguage(trx, {
			userIds: leads.map((l) => l.userId),
			tenantId: project.tenantId,
			kind: 'project.team',
			title: (locale) => m.team_notify_joined({ title: project.title }, { locale }),
			url: `/projects/${project.id}/work#team`
		});
	});
}

/** Leaves the team; the person's tasks go back to nobody. The last lead hands over first. */
export async function leaveTeam(db: Db, args: Who & { projectId: string }): Promise<void> {
	const userId = person(args);
	const project = await loadProjectForWrite(db, args.projectId, args.actor);
	if (!project.rights.teamRole) return;
	await db.transaction().execute(async (trx) => {
		if (project.rights.teamRole === 'lead') await keepALead(trx, project.id, userId);
		await dropFromTeam(trx, { tenantId: project.tenantId, projectId: project.id, userId });
		await audit(trx, { actorId: userId, tenantId: project.tenantId, action: 'project.team.leave', targetType: 'project', targetId: project.id, ip: args.ip });
	});
}

/** The lead (or the village's editors) give someone of the team another role. */
export async function changeTeamRole(db: Db, args: Who & { projectId: string; userId: string; role: ProjectTeamRole }): Promise<void> {
	if (!args.actor.userId) throw new AppError(401, 'unauthorized');
	const project = await loadProjectForWrite(db, args.projectId, args.actor);
	if (!project.rights.manageTeam) throw forbidden();
	const current = await teamRow(db, project.id, args.userId);
	if (current.role === args.role) return;
	await db.transaction().execute(async (trx) => {
		if (current.role === 'lead') await keepALead(trx, project.id, args.userId);
		await trx.updateTable('projectMembers').set({ role: args.role }).where('id', '=', current.id).where('tenantId', '=', project.tenantId).execute();
		await audit(trx, { actorId: args.actor.userId, tenantId: project.tenantId, action: 'project.team.role', targetType: 'user', targetId: args.userId, data: { projectId: project.id, from: current.role, to: args.role }, ip: args.ip });
	});
}

/** The lead (or the village's editors) take someone off the team; their tasks go back to nobody. */
export async function removeFromTeam(db: Db, args: Who & { projectId: string; userId: string }): Promise<void> {
	if (!args.actor.userId) throw new AppError(401, 'unauthorized');
	const project = await loadProjectForWrite(db, args.projectId, args.actor);
	if (!project.rights.manageTeam) throw forbidden();
	const current = await teamRow(db, project.id, args.userId);
	await db.transaction().execute(async (trx) => {
		if (current.role === 'lead') await keepALead(trx, project.id, args.userId);
		await dropFromTeam(trx, { tenantId: project.tenantId, projectId: project.id, userId: args.userId });
		await audit(trx, { actorId: args.actor.userId, tenantId: project.tenantId, action: 'project.team.remove', targetType: 'user', targetId: args.userId, data: { projectId: project.id }, ip: args.ip });
	});
}

async function teamRow(db: Db, projectId: string, userId: string) {
	const row = await db.selectFrom('projectMembers').select(['id', 'role']).where('projectId', '=', projectId).where('userId', '=', userId).executeTakeFirst();
	if (!row) throw notFound();
	return row;
}

async function keepALead(db: Db, projectId: string, leavingUserId: string): Promise<void> {
	// two leads leaving at once must not both see the other one stay: the second one waits, then sees the first gone
	await lockProject(db, projectId);
	const others = await db.selectFrom('projectMembers').select('id').where('projectId', '=', projectId).where('role', '=', 'lead').where('userId', '!=', leavingUserId).executeTakeFirst();
	if (!others) throw fieldError('role', 'err_team_last_lead', { status: 409 });
}

async function dropFromTeam(db: Db, args: { tenantId: string; projectId: string; userId: string }): Promise<void> {
	await db.deleteFrom('projectMembers').where('projectId', '=', args.projectId).where('tenantId', '=', args.tenantId).where('userId', '=', args.userId).execute();
	await db
		.updateTable('projectTasks')
		.set({ assigneeId: null, updatedAt: Date.now() })
		.where('projectId', '=', args.projectId)
		.where('tenantId', '=', args.tenantId)
		.where('assigneeId', '=', args.userId)
		.where('status', '!=', 'done')
		.execute();
}
