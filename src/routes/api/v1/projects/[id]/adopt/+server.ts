import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import * as m from '$lib/paraglide/messages.js';
import { apiError } from '$lib/server/builder/apiVillage';
import { AppError } from '$lib/server/http/errors';
import { parseInput, readJsonObject } from '$lib/server/http/validate';
import { adoptProject } from '$lib/server/platform/projects/adoptProject';
import { projectUrl } from '$lib/server/platform/projects/projectApi';
import { adoptProjectSchema, projectIdFromRef } from '$lib/server/platform/projects/schemas';

// "Projekt übernehmen" for scripts: { "village": "<slug>" } with an API token of an editor of that village.
export const POST: RequestHandler = async (event) => {
	const { rt, actor } = event.locals;
	if (!actor.userId) return apiError(401, m.err_login_required(), undefined, { 'www-authenticate': 'Bearer' });
	const id = projectIdFromRef(event.params.id);
	if (!id) return apiError(404, m.err_not_found());
	const body = await readJsonObject(event.request, false);
	if (!body) return apiError(400, m.err_bad_json());
	const parsed = parseInput(adoptProjectSchema, body);
	if (!parsed.ok) return apiError(400, parsed.message, parsed.errors);
	try {
		const adopted = await adoptProject(rt.db, { actor, ip: event.getClientAddress(), projectId: id, village: parsed.data.village });
		return json({ id: adopted.id, url: projectUrl(adopted) }, { status: 201, headers: { 'cache-control': 'no-store' } });
	} catch (e) {
		if (e instanceof AppError) return apiError(e.status, Object.values(e.fields).join(' ') || (e.status === 404 ? m.err_not_found() : m.err_forbidden()), e.fields);
		throw e;
	}
};
