// The Projektpool's JSON writes (/api/v1/projects…, /api/v1/ideas): the same steps as "Projekt übernehmen" —
// 401 without an actor (a Bearer token or a session), a JSON object body, the form's zod schema, and the domain
// function, whose AppErrors become JSON errors with the translated message and the fields. Permissions stay in
// the domain functions; nothing here decides who may do what.
import type { RequestEvent } from '@sveltejs/kit';
import type { z } from 'zod';
import * as m from '../../paraglide/messages.js';
import { apiError } from '../builder/apiVillage.ts';
import { AppError } from '../http/errors.ts';
import { parseInput, readJsonObject } from '../http/validate.ts';
import type { Who } from './projects/saveProject.ts';
import { projectIdFromRef } from './projects/schemas.ts';

export const NO_STORE = { 'cache-control': 'no-store' };

/** An AppError of a domain function as a JSON error; anything else is rethrown (a real 500). */
export function appErrorResponse(e: unknown): Response {
	if (!(e instanceof AppError)) throw e;
	const fallback = e.status === 404 ? m.err_not_found() : e.status === 401 ? m.err_login_required() : m.err_forbidden();
	return apiError(e.status, Object.values(e.fields).join(' ') || fallback, e.fields);
}

export interface PoolWrite<S extends z.ZodType> {
	/** the form's schema */
	schema: S | ((body: Record<string, unknown>) => S);
	/** the URL names a project (params.id): 404 for anything that is not a project id, before the body is read */
	project?: boolean;
	/** what the body is read over (PATCH: the current values, so that fields left out keep them) */
	current?: (projectId: string, body: Record<string, unknown>) => Promise<Record<string, unknown>>;
	run: (input: z.infer<S>, who: Who & { projectId: string }) => Promise<Response>;
}

/** 401 → the project's id (if any) → body → schema → domain function. */
export async function poolWrite<S extends z.ZodType>(event: RequestEvent, write: PoolWrite<S>): Promise<Response> {
	const { actor } = event.locals;
	if (!actor.userId) return apiError(401, m.err_login_required(), undefined, { 'www-authenticate': 'Bearer' });
	const projectId = write.project ? projectIdFromRef(event.params.id ?? '') : '';
	if (projectId === null) return apiError(404, m.err_not_found());
	const body = await readJsonObject(event.request, false);
	if (!body) return apiError(400, m.err_bad_json());
	try {
		const schema = typeof write.schema === 'function' ? write.schema(body) : write.schema;
		// own keys only: a "__proto__" key of the JSON is a plain key here, and the schema drops what it does not know
		const input = write.current ? Object.assign(Object.create(null) as Record<string, unknown>, await write.current(projectId, body), body) : body;
		const parsed = parseInput(schema, { ...input });
		if (!parsed.ok) return apiError(400, parsed.message, parsed.errors);
		return await write.run(parsed.data, { actor, ip: event.getClientAddress(), projectId });
	} catch (e) {
		return appErrorResponse(e);
	}
}
