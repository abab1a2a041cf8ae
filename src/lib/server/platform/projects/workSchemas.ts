// The boundaries of the work on a project: team, tasks, milestones, notes. One schema each for the form and
// code; field names are the form's names, so an error names the field the person sees.
import { z } from 'zod';
import type { ProjectTeamRole, TaskStatus } from '../../db/types.ts';

export const TEAM_ROLES = ['lead', 'member', 'helper'] as const satisfies readonly ProjectTeamRole[];
export const TASK_STATUSES = ['todo', 'doing', 'done'] as const satisfies readonly TaskStatus[];

/** ids are short; anything longer is not one of ours */
const ref = z.string().trim().min(1).max(64);
/** an id or nothing ("" from a form's select means none) */
const optionalRef = z.preprocess((v) => (v === '' || v === undefined ? null : v), ref.nullable()).default(null);
/** a date or nothing ("" from a form means none) */
const optionalDate = z.preprocess((v) => (v === '' || v === undefined ? null : v), z.iso.date().nullable()).default(null);

export const teamRoleSchema = z.object({ userId: ref, role: z.enum(TEAM_ROLES) });
export const teamPersonSchema = z.object({ userId: ref });

export const taskFields = {
	title: z.string().trim().min(2).max(160),
	description: z.string().trim().max(4000).default(''),
	assigneeId: optionalRef,
	milestoneId: optionalRef,
	dueOn: optionalDate
};
export const createTaskSchema = z.object({ ...taskFields, status: z.enum(TASK_STATUSES).default('todo') });
export const updateTaskSchema = z.object({ taskId: ref, ...taskFields });
export const taskRefSchema = z.object({ taskId: ref });
/** a move on the board: to a column, at a place in it (0 = top; past the end = at the end) */
export const moveTaskSchema = z.object({ taskId: ref, status: z.enum(TASK_STATUSES), position: z.coerce.number().int().min(0).max(10_000) });

export const milestoneSchema = z.object({ title: z.string().trim().min(2).max(160), dueOn: optionalDate });
export const milestoneRefSchema = z.object({ milestoneId: ref });

export const noteSchema = z.object({ body: z.string().trim().min(2).max(10_000) });
export const noteRefSchema = z.object({ noteId: ref });

export type CreateTaskInput = z.infer<typeof createTaskSchema>;
export type UpdateTaskInput = z.infer<typeof updateTaskSchema>;
