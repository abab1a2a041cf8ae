import type { Actions, PageServerLoad } from './$types';
import { error, redirect } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages.js';
import { handleForm, requireUser } from '$lib/server/http/forms';
import { listCategories } from '$lib/server/platform/categories';
import { getProject } from '$lib/server/platform/projects/projectQueries';
import { loadProjectForWrite, updateProject } from '$lib/server/platform/projects/saveProject';
import { projectIdFromRef, updateProjectSchema } from '$lib/server/platform/projects/schemas';

// Editing the profile: the owner village's editors and admins (and those above them), and the project's team.
export const load: PageServerLoad = async (event) => {
	requireUser(event);
	const id = projectIdFromRef(event.params.ref);
	const project = id && (await getProject(event.locals.rt.db, id));
	if (!project) error(404, m.err_not_found());
	// the same rights as saving: the village's editors and admins, and the project's team (lead, members)
	if (!(await loadProjectForWrite(event.locals.rt.db, project.id, event.locals.actor)).rights.edit) error(403, m.err_forbidden());
	const values: Record<string, string> = {
		...Object.fromEntries((['title', 'summary', 'categoryKey', 'goals', 'targetGroup', 'preconditions', 'timeline', 'steps', 'pitfalls', 'lessons', 'results', 'contactName', 'contactRole'] as const).map((k) => [k, project[k]])),
		costOneOff: project.costOneOff === null ? '' : String(project.costOneOff),
		costRunning: project.costRunning === null ? '' : String(project.costRunning),
		volunteerHours: project.volunteerHours === null ? '' : String(project.volunteerHours),
		startedOn: project.startedOn ?? '',
		sdgs: project.sdgs.join(',')
	};
	return { project: { id: project.id, slug: project.slug, title: project.title }, values, categories: await listCategories(event.locals.rt.db) };
};

export const actions: Actions = {
	default: (event) =>
		handleForm(event, updateProjectSchema, async (input) => {
			requireUser(event);
			const id = projectIdFromRef(event.params.ref);
			if (!id) error(404, m.err_not_found());
			// links are kept as they are: the form does not edit them yet
			const current = await getProject(event.locals.rt.db, id);
			const saved = await updateProject(event.locals.rt.db, { actor: event.locals.actor, ip: event.getClientAddress(), projectId: id, input: { ...input, links: current?.links ?? [] } });
			redirect(303, `/projects/${id}-${saved.slug}`);
		})
};
