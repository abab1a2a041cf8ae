// A project's task board (todo / doing / done, ordered within each column) and its milestones. The team and
// the village's editors keep them; a helper takes a free task ("Ich übernehme das") and moves the tasks they
// took. Everyone may read the board: it shows where a village could help. Every write is audit-logged.
import { audit } from '../../audit/audit.ts';
import type { Db } from '../../db/index.ts';
import type { TaskStatus } from '../../db/types.ts';
import { AppError, fieldError, forbidden, notFound } from '../../http/errors.ts';
import { newId } from '../../ids.ts';
import { addToTeam, lockProject } from './projectAccess.ts';
import { loadProjectForWrite, type Who } from './saveProject.ts';
import { TASK_STATUSES, type CreateTaskInput, type UpdateTaskInput } from './workSchemas.ts';

export interface BoardTask {
	id: string;
	title: string;
	description: string;
	status: TaskStatus;
	position: number;
	assigneeId: string | null;
	assigneeName: string | null;
	milestoneId: string | null;
	dueOn: string | null;
}

export interface Milestone {
	id: string;
	title: string;
	dueOn: string | null;
	done: boolean;
	tasks: number;
	tasksDone: number;
}

export interface Board {
	columns: Record<TaskStatus, BoardTask[]>;
	milestones: Milestone[];
}

export async function loadBoard(db: Db, projectId: string): Promise<Board> {
	const tasks = await db
		.selectFrom('projectTasks')
		.leftJoin('users', 'users.id', 'projectTasks.assigneeId')
		.select(['projectTasks.id', 'projectTasks.title', 'projectTasks.description', 'projectTasks.status', 'projectTasks.position', 'projectTasks.assigneeId', 'users.displayName as assigneeName', 'projectTasks.milestoneId', 'projectTasks.dueOn'])
		.where('projectTasks.projectId', '=', projectId)
		.orderBy('projectTasks.position')
		.orderBy('projectTasks.createdAt')
		.execute();
	const milestones = await db.selectFrom('projectMilestones').select(['id', 'title', 'dueOn', 'doneAt']).where('projectId', '=', projectId).orderBy('position').orderBy('createdAt').execute();
	const columns = Object.fromEntries(TASK_STATUSES.map((s) => [s, tasks.filter((t) => t.status === s)])) as Record<TaskStatus, BoardTask[]>;
	return {
		columns,
		milestones: milestones.map((ms) => {
			const own = tasks.filter((t) => t.milestoneId === ms.id);
			return { id: ms.id, title: ms.title, dueOn: ms.dueOn, done: ms.doneAt !== null, tasks: own.length, tasksDone: own.filter((t) => t.status === 'done').length };
		})
	};
}

async function editable(db: Db, args: Who & { projectId: string }) {
	if (!args.actor.userId) throw new AppError(401, 'unauthorized');
	const project = await loadProjectForWrite(db, args.projectId, args.actor);
	if (!project.rights.edit) throw forbidden();
	return project;
}

type Project = Awaited<ReturnType<typeof loadProjectForWrite>>;

async function loadTask(db: Db, project: Project, taskId: string) {
	const task = await db.selectFrom('projectTasks').selectAll().where('id', '=', taskId).where('projectId', '=', project.id).where('tenantId', '=', project.tenantId).executeTakeFirst();
	if (!task) throw notFound();
	return task;
}

/** The assignee must be in the team and the milestone must be the project's own. */
async function checkLinks(db: Db, project: Project, input: { assigneeId: string | null; milestoneId: string | null }): Promise<void> {
	if (input.assigneeId) {
		const inTeam = await db.selectFrom('projectMembers').select('id').where('projectId', '=', project.id).where('userId', '=', input.assigneeId).executeTakeFirst();
		if (!inTeam) throw fieldError('assigneeId', 'err_choice');
	}
	if (input.milestoneId) {
		const own = await db.selectFrom('projectMilestones').select('id').where('id', '=', input.milestoneId).where('projectId', '=', project.id).executeTakeFirst();
		if (!own) throw fieldError('milestoneId', 'err_choice');
	}
}

/** Puts the task at `position` in its column (clamped) and numbers the column 0, 1, 2 … again. */
async function place(db: Db, project: Project, taskId: string, status: TaskStatus, position: number, now: number): Promise<void> {
	const column = await db
		.selectFrom('projectTasks')
		.select('id')
		.where('projectId', '=', project.id)
		.where('status', '=', status)
		.where('id', '!=', taskId)
		.orderBy('position')
		.orderBy('createdAt')
		.execute();
	const order = column.map((t) => t.id);
	order.splice(Math.min(position, order.length), 0, taskId);
	for (const [i, id] of order.entries()) {
		const set = id === taskId ? { status, position: i, updatedAt: now } : { position: i };
		await db.updateTable('projectTasks').set(set).where('id', '=', id).where('tenantId', '=', project.tenantId).execute();
	}
}

/** Adds a task at the end of its column; returns its id. */
export async function createTask(db: Db, args: Who & { projectId: string; input: CreateTaskInput }): Promise<string> {
	const project = await editable(db, args);
	await checkLinks(db, project, args.input);
	const now = Date.now();
	const id = newId(now);
	await db.transaction().execute(async (trx) => {
		await lockProject(trx, project.id);
		const last = await trx.selectFrom('projectTasks').select((eb) => eb.fn.max('position').as('max')).where('projectId', '=', project.id).where('status', '=', args.input.status).executeTakeFirst();
		const position = last?.max === null || last?.max === undefined ? 0 : Number(last.max) + 1;
		const { title, description, assigneeId, milestoneId, dueOn, status } = args.input;
		await trx
			.insertInto('projectTasks')
			.values({ id, tenantId: project.tenantId, projectId: project.id, title, description, status, position, assigneeId, milestoneId, dueOn, createdBy: args.actor.userId, createdAt: now, updatedAt: now })
			.execute();
		await audit(trx, { actorId: args.actor.userId, tenantId: project.tenantId, action: 'project.task.create', targetType: 'project', targetId: project.id, data: { taskId: id }, ip: args.ip });
	});
	return id;
}

export async function updateTask(db: Db, args: Who & { projectId: string; input: UpdateTaskInput }): Promise<void> {
	const project = await editable(db, args);
	const task = await loadTask(db, project, args.input.taskId);
	await checkLinks(db, project, args.input);
	const { title, description, assigneeId, milestoneId, dueOn } = args.input;
	await db.transaction().execute(async (trx) => {
		await trx.updateTable('projectTasks').set({ title, description, assigneeId, milestoneId, dueOn, updatedAt: Date.now() }).where('id', '=', task.id).where('tenantId', '=', project.tenantId).execute();
		await audit(trx, { actorId: args.actor.userId, tenantId: project.tenantId, action: 'project.task.update', targetType: 'project', targetId: project.id, data: { taskId: task.id }, ip: args.ip });
	});
}

/** Moves a task to a column and a place in it: the team, or the helper who took the task. */
export async function moveTask(db: Db, args: Who & { projectId: string; taskId: string; status: TaskStatus; position: number }): Promise<void> {
	if (!args.actor.userId) throw new AppError(401, 'unauthorized');
	const project = await loadProjectForWrite(db, args.projectId, args.actor);
	const task = await loadTask(db, project, args.taskId);
	if (!project.rights.edit && task.assigneeId !== args.actor.userId) throw forbidden();
	await db.transaction().execute(async (trx) => {
		// one move at a time per board; the column the task is in now, not when the request came in
		await lockProject(trx, project.id);
		const { status: from } = await loadTask(trx, project, task.id);
		const now = Date.now();
		await place(trx, project, task.id, args.status, args.position, now);
		// the column it left closes its gap
		if (from !== args.status) {
			const rest = await trx.selectFrom('projectTasks').select('id').where('projectId', '=', project.id).where('status', '=', from).orderBy('position').orderBy('createdAt').execute();
			for (const [i, t] of rest.entries()) await trx.updateTable('projectTasks').set({ position: i }).where('id', '=', t.id).where('tenantId', '=', project.tenantId).execute();
		}
		await audit(trx, { actorId: args.actor.userId, tenantId: project.tenantId, action: 'project.task.move', targetType: 'project', targetId: project.id, data: { taskId: task.id, from, to: args.status }, ip: args.ip });
	});
}

/** "Ich übernehme das": a signed-in person takes a free task and joins the team as a helper if not in it. */
export async function takeTask(db: Db, args: Who & { projectId: string; taskId: string }): Promise<void> {
	const userId = args.actor.userId;
	if (!userId || args.actor.token) throw new AppError(401, 'unauthorized');
	const project = await loadProjectForWrite(db, args.projectId, args.actor);
	const task = await loadTask(db, project, args.taskId);
	if (task.assigneeId === userId) return;
	if (task.assigneeId || task.status === 'done') throw fieldError('taskId', 'err_task_taken', { status: 409 });
	await db.transaction().execute(async (trx) => {
		const now = Date.now();
		await addToTeam(trx, { tenantId: project.tenantId, projectId: project.id, userId, role: 'helper', now });
		// only if still free: two people taking one task at once, the first one has it
		const taken = await trx.updateTable('projectTasks').set({ assigneeId: userId, updatedAt: now }).where('id', '=', task.id).where('tenantId', '=', project.tenantId).where('assigneeId', 'is', null).executeTakeFirst();
		if (Number(taken.numUpdatedRows) !== 1) throw fieldError('taskId', 'err_task_taken', { status: 409 });
		await audit(trx, { actorId: userId, tenantId: project.tenantId, action: 'project.task.take', targetType: 'project', targetId: project.id, data: { taskId: task.id }, ip: args.ip });
	});
}

/** Gives a task back: the person who has it, or the team. */
export async function releaseTask(db: Db, args: Who & { projectId: string; taskId: string }): Promise<void> {
	if (!args.actor.userId) throw new AppError(401, 'unauthorized');
	const project = await loadProjectForWrite(db, args.projectId, args.actor);
	const task = await loadTask(db, project, args.taskId);
	if (!project.rights.edit && task.assigneeId !== args.actor.userId) throw forbidden();
	if (!task.assigneeId) return;
	await db.transaction().execute(async (trx) => {
		await trx.updateTable('projectTasks').set({ assigneeId: null, updatedAt: Date.now() }).where('id', '=', task.id).where('tenantId', '=', project.tenantId).execute();
		await audit(trx, { actorId: args.actor.userId, tenantId: project.tenantId, action: 'project.task.release', targetType: 'project', targetId: project.id, data: { taskId: task.id }, ip: args.ip });
	});
}

export async function deleteTask(db: Db, args: Who & { projectId: string; taskId: string }): Promise<void> {
	const project = await editable(db, args);
	const task = await loadTask(db, project, args.taskId);
	await db.transaction().execute(async (trx) => {
		await lockProject(trx, project.id);
		const { status } = await loadTask(trx, project, task.id);
		await trx.deleteFrom('projectTasks').where('id', '=', task.id).where('tenantId', '=', project.tenantId).execute();
		const rest = await trx.selectFrom('projectTasks').select('id').where('projectId', '=', project.id).where('status', '=', status).orderBy('position').orderBy('createdAt').execute();
		for (const [i, t] of rest.entries()) await trx.updateTable('projectTasks').set({ position: i }).where('id', '=', t.id).where('tenantId', '=', project.tenantId).execute();
		await audit(trx, { actorId: args.actor.userId, tenantId: project.tenantId, action: 'project.task.delete', targetType: 'project', targetId: project.id, data: { taskId: task.id }, ip: args.ip });
	});
}

export async function createMilestone(db: Db, args: Who & { projectId: string; title: string; dueOn: string | null }): Promise<string> {
	const project = await editable(db, args);
	const now = Date.now();
	const id = newId(now);
	await db.transaction().execute(async (trx) => {
		const last = await trx.selectFrom('projectMilestones').select((eb) => eb.fn.max('position').as('max')).where('projectId', '=', project.id).executeTakeFirst();
		const position = last?.max === null || last?.max === undefined ? 0 : Number(last.max) + 1;
		await trx.insertInto('projectMilestones').values({ id, tenantId: project.tenantId, projectId: project.id, title: args.title, dueOn: args.dueOn, doneAt: null, position, createdAt: now }).execute();
		await audit(trx, { actorId: args.actor.userId, tenantId: project.tenantId, action: 'project.milestone.create', targetType: 'project', targetId: project.id, data: { milestoneId: id }, ip: args.ip });
	});
	return id;
}

/** Marks a milestone reached, or not reached after all. */
export async function setMilestoneDone(db: Db, args: Who & { projectId: string; milestoneId: string; done: boolean }): Promise<void> {
	const project = await editable(db, args);
	const ms = await db.selectFrom('projectMilestones').select('id').where('id', '=', args.milestoneId).where('projectId', '=', project.id).where('tenantId', '=', project.tenantId).executeTakeFirst();
	if (!ms) throw notFound();
	await db.transaction().execute(async (trx) => {
		await trx.updateTable('projectMilestones').set({ doneAt: args.done ? Date.now() : null }).where('id', '=', ms.id).where('tenantId', '=', project.tenantId).execute();
		await audit(trx, { actorId: args.actor.userId, tenantId: project.tenantId, action: args.done ? 'project.milestone.done' : 'project.milestone.reopen', targetType: 'project', targetId: project.id, data: { milestoneId: ms.id }, ip: args.ip });
	});
}

/** Deletes a milestone; its tasks stay on the board without one. */
export async function deleteMilestone(db: Db, args: Who & { projectId: string; milestoneId: string }): Promise<void> {
	const project = await editable(db, args);
	const ms = await db.selectFrom('projectMilestones').select('id').where('id', '=', args.milestoneId).where('projectId', '=', project.id).where('tenantId', '=', project.tenantId).executeTakeFirst();
	if (!ms) throw notFound();
	await db.transaction().execute(async (trx) => {
		await trx.updateTable('projectTasks').set({ milestoneId: null }).where('milestoneId', '=', ms.id).where('tenantId', '=', project.tenantId).execute();
		await trx.deleteFrom('projectMilestones').where('id', '=', ms.id).where('tenantId', '=', project.tenantId).execute();
		await audit(trx, { actorId: args.actor.userId, tenantId: project.tenantId, action: 'project.milestone.delete', targetType: 'project', targetId: project.id, data: { milestoneId: ms.id }, ip: args.ip });
	});
}
