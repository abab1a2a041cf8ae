// The JSON API of modules: GET reads and POST/PATCH/DELETE writes at
// /api/v1/villages/<village>/<module>/<name>[/<id>]. Thin on purpose: the same checks as forms (moduleActions.ts).
import { json, type RequestEvent } from '@sveltejs/kit';
import * as m from '../../paraglide/messages.js';
import { parseInput, readFormWithFiles, readJsonObject } from '../http/validate.ts';
import { apiError, findApiVillage } from './apiVillage.ts';
import { apiAction, moduleTexts, runModuleAction } from './moduleActions.ts';
import { allows, moduleContext } from './moduleContext.ts';
import { enabledModule } from './villageModules.ts';

const MAX_ID = 200;

/** One request to a module's JSON API. */
export async function handleModuleApi(event: RequestEvent, path: { village: string; module: string; name: string; id: string | null }): Promise<Response> {
	const { rt, actor, locale } = event.locals;
	const method = event.request.method;
	const village = await findApiVillage(rt.db, path.village);
	const vm = village && (await enabledModule(rt.db, village.id, path.module));
	if (!village || !vm || (path.id !== null && (path.id.length === 0 || path.id.length > MAX_ID))) return apiError(404, m.err_not_found());

	if (method === 'GET' || method === 'HEAD') {
		const reads = vm.module.server.api;
		const read = reads && Object.hasOwn(reads, path.name) ? reads[path.name]! : undefined;
		if (!read || (path.id !== null && !read.byId)) return apiError(404, m.err_not_found());
		if (!allows(vm.module, actor, village, read.permission)) return denied(actor.userId === null);
		let input: unknown = undefined;
		if (read.query) {
			// the read's declared parameters, checked like an action's input (the last value of a repeated one counts)
			const checked = parseInput(read.query, Object.fromEntries(event.url.searchParams), moduleTexts(vm.module, locale));
			if (!checked.ok) return apiError(400, Object.values(checked.errors).join(' '), checked.errors);
			input = checked.data;
		}
		const body = await read.run(moduleContext(event, village, vm.module, vm.settings), { id: path.id, query: event.url.searchParams, input });
		if (body === undefined || body === null) return apiError(404, m.err_not_found());
		return json(body, { headers: { 'cache-control': 'no-cache' } });
	}

	const found = apiAction(vm.module, method, path.name, path.id !== null);
	if (found === 'wrong-method') return apiError(405, m.err_method(), undefined, { allow: allowedMethods(vm.module.server.actions ?? {}, path.name, path.id !== null) });
	if (!found) return apiError(404, m.err_not_found());
	// JSON; or multipart/form-data for an action that takes files (its text fields are the input)
	const multipart = !!found.action.uploads && (event.request.headers.get('content-type') ?? '').toLowerCase().startsWith('multipart/form-data');
	const posted = multipart ? await readFormWithFiles(event.request) : null;
	const body = multipart ? posted?.fields : await readJsonObject(event.request, method === 'DELETE');
	if (!body) return apiError(400, m.err_bad_json());
	const idField = found.action.api!.id;
	const input = idField ? { ...body, [idField]: path.id } : body;
	const outcome = await runModuleAction({ rt, village, vm, action: found.action, actor, locale, ip: event.getClientAddress(), input, files: posted?.files, origin: event.url.origin });
	if (!outcome.ok) {
		if (outcome.status === 401) return denied(true);
		return apiError(outcome.status, outcome.errors._form ?? Object.values(outcome.errors).join(' '), outcome.errors);
	}
	if (method === 'DELETE' && Object.keys(outcome.data).length === 0) return new Response(null, { status: 204 });
	// POST without an id creates (201); with an id it acts on something that exists (200).
	return json(outcome.data, { status: method === 'POST' && path.id === null ? 201 : 200, headers: { 'cache-control': 'no-store' } });
}

function denied(anonymous: boolean): Response {
	return anonymous ? apiError(401, m.err_login_required(), undefined, { 'www-authenticate': 'Bearer' }) : apiError(403, m.err_forbidden());
}

function allowedMethods(actions: Record<string, { api?: { method: string; path: string; id?: string } }>, path: string, hasId: boolean): string {
	return Object.values(actions)
		.filter((a) => a.api && a.api.path === path && !!a.api.id === hasId)
		.map((a) => a.api!.method)
		.join(', ');
}
