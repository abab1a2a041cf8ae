import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { NO_STORE, poolWrite } from '$lib/server/platform/poolApi';
import { loadBoard, moveTask, updateTask } from '$lib/server/platform/projects/projectBoard';
import { moveTaskBodySchema, updateTaskBodySchema } from '$lib/server/platform/projects/projectApi';
import { TASK_STATUSES } from '$lib/server/platform/projects/workSchemas';

/** a body with "status" or "position" is a move on the board; any other an edit of the task */
const isMove = (body: Record<string, unknown>) => Object.hasOwn(body, 'status') || Object.hasOwn(body, 'position');

// One task: moved (status, position) as on the board, or edited (title, description, assignee, milestone,
// due date; fields left out keep their values) as in the task form.
export const PATCH: RequestHandler = (event) => {
	const { db } = event.locals.rt;
	const { taskId } = event.params;
	return poolWrite(event, {
		project: true,
		schema: (body) => (isMove(body) ? moveTaskBodySchema : updateTaskBodySchema),
		current: async (projectId, body) => {
			if (isMove(body)) return {};
			// the task's values in the form's shape; the rights are updateTask's (nothing of this is answered)
			const board = await loadBoard(db, projectId);
			const task = TASK_STATUSES.flatMap((s) => board.columns[s]).find((t) => t.id === taskId);
			return task ? { title: task.title, description: task.description, assigneeId: task.assigneeId, milestoneId: task.milestoneId, dueOn: task.dueOn } : {};
		},
		run: async (input, who) => {
			if ('position' in input) {
				await moveTask(db, { ...who, taskId, status: input.status, position: input.position });
				return json({ id: taskId, status: input.status }, { headers: NO_STORE });
			}
			await updateTask(db, { ...who, input: { ...input, taskId } });
			return json({ id: taskId }, { headers: NO_STORE });
		}
	});
};
