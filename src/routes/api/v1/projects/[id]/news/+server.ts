import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { NO_STORE, poolWrite } from '$lib/server/platform/poolApi';
import { postProjectUpdate, projectUpdateSchema } from '$lib/server/platform/projects/projectUpdates';

// A progress update ("Neuigkeit", markdown), as the team writes it on the project page; followers are told.
export const POST: RequestHandler = (event) =>
	poolWrite(event, {
		project: true,
		schema: projectUpdateSchema,
		run: async ({ body }, who) => {
			const id = await postProjectUpdate(event.locals.rt.db, { ...who, body });
			event.locals.rt.kickJobs();
			return json({ id }, { status: 201, headers: NO_STORE });
		}
	});
