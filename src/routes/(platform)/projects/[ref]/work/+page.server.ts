import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { handleForm, requireUser } from '$lib/server/http/forms';
import { createMilestone, createTask, deleteMilestone, deleteTask, loadBoard, moveTask, releaseTask, setMilestoneDone, takeTask, updateTask } from '$lib/server/platform/projects/projectBoard';
import { addNote, deleteNote, listNotes } from '$lib/server/platform/projects/projectNotes';
import { changeTeamRole, joinTeam, leaveTeam, listTeam, removeFromTeam } from '$lib/server/platform/projects/projectTeam';
import { createTaskSchema, milestoneRefSchema, milestoneSchema, moveTaskSchema, noteRefSchema, noteSchema, taskRefSchema, teamPersonSchema, teamRoleSchema, updateTaskSchema } from '$lib/server/platform/projects/workSchemas';
import { renderMarkdown } from '$lib/server/richtext/markdown';
import { projectId, visibleProject } from '../projectPage';

// The work on a project: its team, milestones, task board and (for the team) private notes.
export const load: PageServerLoad = async ({ params, locals }) => {
	const { db } = locals.rt;
	const { project, rights } = await visibleProject(locals, params.ref, '/work');
	const [team, board, notes] = await Promise.all([listTeam(db, project.id), loadBoard(db, project.id), listNotes(db, project.id, rights.readNotes)]);
	return {
		project: { id: project.id, slug: project.slug, title: project.title, place: project.place, hidden: !!project.hidden },
		rights,
		userId: locals.user?.id ?? null,
		signedIn: !!locals.user,
		team,
		board,
		notes: notes.map((n) => ({ ...n, html: renderMarkdown(n.body) }))
	};
};

async function writable(event: RequestEvent) {
	requireUser(event);
	return { db: event.locals.rt.db, actor: event.locals.actor, ip: event.getClientAddress(), projectId: projectId(event.params.ref!) };
}

const nothing = z.object({});
const milestoneDoneSchema = milestoneRefSchema.extend({ done: z.enum(['true', 'false']).transform((v) => v === 'true') });

export const actions: Actions = {
	join: (event) =>
		handleForm(event, nothing, async () => {
			const { db, ...who } = await writable(event);
			await joinTeam(db, who);
			// "Ich helfe mit" is also on the project page: come back to the team, not to a form address
			redirect(303, `/projects/${event.params.ref}/work#team`);
		}),
	leave: (event) =>
		handleForm(event, nothing, async () => {
			const { db, ...who } = await writable(event);
			await leaveTeam(db, who);
			return { saved: 'left' };
		}),
	setRole: (event) =>
		handleForm(event, teamRoleSchema, async ({ userId, role }) => {
			const { db, ...who } = await writable(event);
			await changeTeamRole(db, { ...who, userId, role });
			return { saved: 'role' };
		}),
	removeMember: (event) =>
		handleForm(event, teamPersonSchema, async ({ userId }) => {
			const { db, ...who } = await writable(event);
			await removeFromTeam(db, { ...who, userId });
			return { saved: 'removed' };
		}),
	addTask: (event) =>
		handleForm(event, createTaskSchema, async (input) => {
			const { db, ...who } = await writable(event);
			const id = await createTask(db, { ...who, input });
			return { saved: 'taskAdded', taskId: id };
		}),
	editTask: (event) =>
		handleForm(event, updateTaskSchema, async (input) => {
			const { db, ...who } = await writable(event);
			await updateTask(db, { ...who, input });
			return { saved: 'taskSaved', taskId: input.taskId };
		}),
	moveTask: (event) =>
		handleForm(event, moveTaskSchema, async ({ taskId, status, position }) => {
			const { db, ...who } = await writable(event);
			await moveTask(db, { ...who, taskId, status, position });
			return { saved: 'taskMoved', taskId };
		}),
	takeTask: (event) =>
		handleForm(event, taskRefSchema, async ({ taskId }) => {
			const { db, ...who } = await writable(event);
			await takeTask(db, { ...who, taskId });
			return { saved: 'taskTaken', taskId };
		}),
	releaseTask: (event) =>
		handleForm(event, taskRefSchema, async ({ taskId }) => {
			const { db, ...who } = await writable(event);
			await releaseTask(db, { ...who, taskId });
			return { saved: 'taskReleased', taskId };
		}),
	deleteTask: (event) =>
		handleForm(event, taskRefSchema, async ({ taskId }) => {
			const { db, ...who } = await writable(event);
			await deleteTask(db, { ...who, taskId });
			return { saved: 'taskDeleted' };
		}),
	addMilestone: (event) =>
		handleForm(event, milestoneSchema, async ({ title, dueOn }) => {
			const { db, ...who } = await writable(event);
			await createMilestone(db, { ...who, title, dueOn });
			return { saved: 'milestoneAdded' };
		}),
	milestoneDone: (event) =>
		handleForm(event, milestoneDoneSchema, async ({ milestoneId, done }) => {
			const { db, ...who } = await writable(event);
			await setMilestoneDone(db, { ...who, milestoneId, done });
			return { saved: 'milestoneSaved' };
		}),
	deleteMilestone: (event) =>
		handleForm(event, milestoneRefSchema, async ({ milestoneId }) => {
			const { db, ...who } = await writable(event);
			await deleteMilestone(db, { ...who, milestoneId });
			return { saved: 'milestoneDeleted' };
		}),
	addNote: (event) =>
		handleForm(event, noteSchema, async ({ body }) => {
			const { db, ...who } = await writable(event);
			await addNote(db, { ...who, body });
			return { saved: 'noteAdded' };
		}),
	deleteNote: (event) =>
		handleForm(event, noteRefSchema, async ({ noteId }) => {
			const { db, ...who } = await writable(event);
			await deleteNote(db, { ...who, noteId });
			return { saved: 'noteDeleted' };
		})
};
