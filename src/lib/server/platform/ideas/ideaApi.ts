// The thin JSON endpoints' shared part: query validation and expected failures as the API's error answer.
import { json, type RequestEvent } from '@sveltejs/kit';
import * as m from '../../../paraglide/messages.js';
import { apiError } from '../../builder/apiVillage.ts';
import { AppError } from '../../http/errors.ts';
import { parseInput } from '../../http/validate.ts';
import { getIdea, listIdeas } from './listIdeas.ts';
import { presentIdea, presentIdeaList } from './presentIdea.ts';
import { listIdeasQuerySchema, queryToObject } from './schemas.ts';

function failed(e: unknown): Response {
	if (!(e instanceof AppError)) throw e;
	if (e.status === 404) return apiError(404, m.err_not_found());
	return apiError(e.status, Object.values(e.fields).join(' ') || m.err_invalid(), e.fields);
}

/** GET /api/v1/ideas */
export async function ideaListResponse(event: RequestEvent): Promise<Response> {
	const parsed = parseInput(listIdeasQuerySchema, queryToObject(event.url.searchParams));
	if (!parsed.ok) return apiError(400, parsed.message, parsed.errors);
	try {
		return json(presentIdeaList(await listIdeas(event.locals.rt.db, parsed.data)), { headers: { 'cache-control': 'no-cache' } });
	} catch (e) {
		return failed(e);
	}
}

/** GET /api/v1/ideas/<id> */
export async function ideaResponse(event: RequestEvent, id: string): Promise<Response> {
	if (id.length > 64) return apiError(404, m.err_not_found());
	try {
		return json(presentIdea(await getIdea(event.locals.rt.db, { actor: event.locals.actor, ideaId: id })), { headers: { 'cache-control': 'no-cache' } });
	} catch (e) {
		return failed(e);
	}
}
