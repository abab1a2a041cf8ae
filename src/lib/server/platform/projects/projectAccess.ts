// Who may do what on one project. The owner village's editors and admins (and the admins above them) keep every
// project of the village; a project's team keeps its own project: the lead and members edit the profile, write
// news, keep the board, milestones and notes, and the lead (or the village's editors) manage the team. Helpers
// signed up with "Ich helfe mit": they take tasks and move the tasks they took.
import type { Db } from '../../db/index.ts';
import type { ProjectTeamRole } from '../../db/types.ts';
import { newId } from '../../ids.ts';
import { can, type Actor, type TenantResource } from '../../policy/index.ts';

export interface ProjectRights {
	/** the actor's place in the team, if any */
	teamRole: ProjectTeamRole | null;
	/** profile, status, news, funding, board, milestones */
	edit: boolean;
	/** add people, change their role, remove them */
	manageTeam: boolean;
	/** the team's private notes */
	readNotes: boolean;
	/** take a free task, move one's own tasks */
	help: boolean;
}

export function projectRights(actor: Actor, tenant: TenantResource, teamRole: ProjectTeamRole | null): ProjectRights {
	const village = can(actor, 'tenant.editProjects', tenant);
	const team = teamRole === 'lead' || teamRole === 'member';
	return {
		teamRole,
		edit: village || team,
		manageTeam: village || teamRole === 'lead',
		readNotes: village || team,
		help: !!actor.userId
	};
}

/** The person's role in the project's team, or null. */
export async function teamRoleOf(db: Db, projectId: string, userId: string | null): Promise<ProjectTeamRole | null> {
	if (!userId) return null;
	const row = await db.selectFrom('projectMembers').select('role').where('projectId', '=', projectId).where('userId', '=', userId).executeTakeFirst();
	return row?.role ?? null;
}

/** Puts a person in the team (in the caller's transaction); someone already in it keeps their role. */
export async function addToTeam(db: Db, args: { tenantId: string; projectId: string; userId: string; role: ProjectTeamRole; now: number }): Promise<void> {
	await db
		.insertInto('projectMembers')
		.values({ id: newId(args.now), tenantId: args.tenantId, projectId: args.projectId, userId: args.userId, role: args.role, createdAt: args.now })
		.onConflict((oc) => oc.columns(['projectId', 'userId']).doNothing())
		.execute();
}

/**
 * Locks the project's row until the caller's transaction ends, so that changes of one project's team or board
 * run one after the other: two leads leaving at once, or two moves renumbering one column. PostgreSQL holds the
 * row lock of the no-op update; SQLite runs one write transaction at a time anyway.
 */
export async function lockProject(db: Db, projectId: string): Promise<void> {
	await db.updateTable('projects').set((eb) => ({ updatedAt: eb.ref('updatedAt') })).where('id', '=', projectId).execute();
}
