import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { ideaListResponse } from '$lib/server/platform/ideas/ideaApi';
import { submitIdeaApiSchema } from '$lib/server/platform/ideas/schemas';
import { submitIdea } from '$lib/server/platform/ideas/submitIdea';
import { NO_STORE, poolWrite } from '$lib/server/platform/poolApi';

/** The ideas of the Projektpool, filtered and paginated (see openapi.ts). */
export const GET: RequestHandler = (event) => ideaListResponse(event);

/** An idea for a village, as the form submits it (JSON: without an image). */
export const POST: RequestHandler = (event) =>
	poolWrite(event, {
		schema: submitIdeaApiSchema,
		run: async (input, who) => {
			const { id } = await submitIdea(event.locals.rt.db, { actor: who.actor, ip: who.ip, input });
			return json({ id, url: `/ideas/${id}` }, { status: 201, headers: NO_STORE });
		}
	});
