import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { NO_STORE, poolWrite } from '$lib/server/platform/poolApi';
import { changeProjectStatus } from '$lib/server/platform/projects/saveProject';
import { changeStatusSchema } from '$lib/server/platform/projects/schemas';

// The project's status (with an optional note for its log), as the form on the project page changes it.
export const POST: RequestHandler = (event) =>
	poolWrite(event, {
		project: true,
		schema: changeStatusSchema,
		run: async ({ status, note }, who) => {
			await changeProjectStatus(event.locals.rt.db, { ...who, status, note });
			return json({ id: who.projectId, status }, { headers: NO_STORE });
		}
	});
