import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { NO_STORE, poolWrite } from '$lib/server/platform/poolApi';
import { createTask } from '$lib/server/platform/projects/projectBoard';
import { createTaskSchema } from '$lib/server/platform/projects/workSchemas';

// A task at the end of its column, as the team adds it on the board.
export const POST: RequestHandler = (event) =>
	poolWrite(event, {
		project: true,
		schema: createTaskSchema,
		run: async (input, who) => {
			const id = await createTask(event.locals.rt.db, { ...who, input });
			return json({ id }, { status: 201, headers: NO_STORE });
		}
	});
