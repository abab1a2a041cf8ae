import { z } from 'zod';
import { accountExportSchema, errorSchema, healthSchema, ideaDetailSchema, ideaListSchema, pushMessageListSchema, pushMessageQueuedSchema, pushProgressSchema, pushSubscriptionSavedSchema, tenantTreeSchema, vapidPublicKeySchema } from './apiSchemas.ts';
import { moduleListSchema, villageAppSchema } from '../builder/appConfig.ts';
import { MODULES } from '../../modules/registry.ts';
import { adoptedSchema, createdSchema, patchProjectBodySchema, patchTaskBodySchema, projectDetailSchema, projectListSchema, projectStatusSavedSchema, savedProjectSchema, taskSavedSchema } from '../platform/projects/projectApi.ts';
import { adoptProjectSchema, changeStatusSchema, createProjectSchema } from '../platform/projects/schemas.ts';
import { projectUpdateSchema } from '../platform/projects/projectUpdates.ts';
import { createTaskSchema } from '../platform/projects/workSchemas.ts';
import { submitIdeaApiSchema, submittedIdeaSchema } from '../platform/ideas/schemas.ts';
import { fundingListSchema } from '../platform/funding/fundingApi.ts';
import { dashboardSchema, dashboardTableFileSchema } from '../platform/dashboard/dashboardApi.ts';
import { pushMessageInput } from '../push/messages.ts';
import { subscriptionInput, unsubscribeInput } from '../push/subscriptions.ts';
import { API_DESCRIPTION, API_LICENCE, API_TAGS, exportQueryParameters, tagOf } from '../platform/openData/apiDocs.ts';
import { projectExportSchema } from '../platform/openData/projectFormats.ts';

interface Endpoint {
	method: 'get' | 'post' | 'put' | 'patch' | 'delete';
	path: string;
	summary: string;
	auth?: boolean;
	/** the JSON body of a write */
	body?: z.ZodType;
	response: z.ZodType;
	/** the success status (200 unless said) */
	status?: number;
	errors?: number[];
	/** who may call it: 'public', 'signedIn' or a module permission (x-allmende-permission) */
	permission?: string;
	/** query parameters (filters, pages) */
	query?: { name: string; description: string; schema: Record<string, unknown> }[];
	/** the success answer's media type when it is not application/json (a CSV file: its schema is a string) */
	mediaType?: string;
}

const IDEA_FILTERS: Endpoint['query'] = [
	{ name: 'village', description: 'a village by slug or id', schema: { type: 'string', maxLength: 64 } },
	{ name: 'category', description: 'a category key', schema: { type: 'string', maxLength: 64 } },
	{ name: 'status', description: 'new, discussion, project or archived', schema: { type: 'string', enum: ['new', 'discussion', 'project', 'archived'] } },
	{ name: 'page', description: 'the page, 20 ideas each (from 1)', schema: { type: 'integer', minimum: 1, default: 1 } }
];

/** Every JSON endpoint. A new endpoint adds a line here; a test checks that each route file is listed. */
export const ENDPOINTS: Endpoint[] = [
	{ method: 'get', path: '/healthz', summary: 'Health of the service and which database it uses', response: healthSchema },
	{ method: 'get', path: '/api/v1/tenants', summary: 'The public tenant tree: county → municipalities → villages', response: tenantTreeSchema },
	{ method: 'get', path: '/api/v1/openapi.json', summary: 'This document', response: z.object({ openapi: z.string() }).loose() },
	{ method: 'get', path: '/api/v1/projects.csv', summary: 'Every visible project matching the filters of /api/v1/projects, as CSV for spreadsheets (UTF-8 with BOM, semicolons, decimal comma, German headers)', response: z.string(), mediaType: 'text/csv', errors: [400], query: exportQueryParameters() },
	{ method: 'get', path: '/api/v1/projects.json', summary: 'Every visible project matching the filters of /api/v1/projects, as one JSON document with its licence and source', response: projectExportSchema, errors: [400], query: exportQueryParameters() },
	{ method: 'get', path: '/api/v1/catalog.json', summary: 'The DCAT-AP.de catalogue entry (JSON-LD) that open-data portals harvest: the datasets, their distributions and licence', response: z.record(z.string(), z.unknown()), mediaType: 'application/ld+json' },
	{ method: 'get', path: '/account/export', summary: 'GDPR export of everything stored about the signed-in person', auth: true, response: accountExportSchema, errors: [401] },
	{ method: 'get', path: '/api/v1/modules', summary: 'The installed village-app modules with their settings as JSON Schema', response: moduleListSchema },
	{ method: 'get', path: '/api/v1/ideas', summary: 'The ideas of the Projektpool, newest first, with support and comment counts (hidden ones left out)', response: ideaListSchema, errors: [400], query: IDEA_FILTERS },
	{ method: 'get', path: '/api/v1/ideas/{id}', summary: 'One idea with its rendered description and comments', response: ideaDetailSchema, errors: [404] },
	{ method: 'get', path: '/api/v1/villages/{village}/app', summary: "A village app's published configuration: name, theme, switched-on modules in order with their public settings, and the key and topics to subscribe to its push messages with", response: villageAppSchema, errors: [404] },
	{ method: 'get', path: '/api/v1/projects', summary: 'Projects of the Projektpool, 20 a page; query: q (German full text, umlauts folded, stemmed, last word a prefix), category, status, village, municipality, sdg (1–17), costMin, costMax (one-off euros), adopted=1, sort (relevance (default with q), updated (default without), newest, adopted), page. With q each project has a snippet: safe HTML (text escaped, matched words in <mark>), null without q', response: projectListSchema, errors: [400, 404] },
	{ method: 'get', path: '/api/v1/projects/{id}', summary: "One project with its profile, where it was adopted from (adaptedFrom, lineage) and where to (adoptions), its news and its questions with the team's answers", response: projectDetailSchema, errors: [404] },
	{ method: 'post', path: '/api/v1/ideas', summary: 'Submit an idea for a village (as the form does; JSON without an image)', auth: true, body: submitIdeaApiSchema, response: submittedIdeaSchema, status: 201, errors: [400, 401], permission: 'signedIn' },
	{ method: 'post', path: '/api/v1/projects', summary: 'Create a project in a village (slug) whose projects the actor keeps; the creator leads its team', auth: true, body: createProjectSchema, response: savedProjectSchema, status: 201, errors: [400, 401, 403], permission: 'tenant.editProjects' },
	{ method: 'patch', path: '/api/v1/projects/{id}', summary: "Save the project's profile; fields left out keep their values (the village's editors and the team)", auth: true, body: patchProjectBodySchema, response: savedProjectSchema, errors: [400, 401, 403, 404], permission: 'tenant.editProjects' },
	{ method: 'post', path: '/api/v1/projects/{id}/status', summary: "Change the project's status, with an optional note for its log (followers are told)", auth: true, body: changeStatusSchema, response: projectStatusSavedSchema, errors: [400, 401, 403, 404], permission: 'tenant.editProjects' },
	{ method: 'post', path: '/api/v1/projects/{id}/news', summary: 'Post a progress update (markdown; followers are told)', auth: true, body: projectUpdateSchema, response: createdSchema, status: 201, errors: [400, 401, 403, 404], permission: 'tenant.editProjects' },
	{ method: 'post', path: '/api/v1/projects/{id}/tasks', summary: "Add a task at the end of its column on the project's board", auth: true, body: createTaskSchema, response: createdSchema, status: 201, errors: [400, 401, 403, 404], permission: 'tenant.editProjects' },
	{ method: 'patch', path: '/api/v1/projects/{id}/tasks/{taskId}', summary: 'Move a task (a body with status and position) or edit it (title, description, assigneeId, milestoneId, dueOn; left out keeps its value)', auth: true, body: patchTaskBodySchema, response: taskSavedSchema, errors: [400, 401, 403, 404], permission: 'tenant.editProjects' },
	{ method: 'post', path: '/api/v1/projects/{id}/adopt', summary: "Adopt a project into a village: a new project with the origin's profile, in planning", auth: true, body: adoptProjectSchema, response: adoptedSchema, status: 201, errors: [400, 401, 403, 404], permission: 'tenant.editProjects' },
	{ method: 'get', path: '/api/v1/funding', summary: "The county's funding catalogue by name, each programme with the visible projects that used or applied for it", response: fundingListSchema, errors: [400], query: [{ name: 'category', description: 'only programmes of this category key', schema: { type: 'string', maxLength: 40 } }] },
	{ method: 'get', path: '/api/v1/dashboard', summary: "The results dashboard of the county or of one place: every table (projects by status, category, SDG and place; volunteering, costs, funding, adoptions, indicators summed per unit, years), visible projects only, with licence and source", response: dashboardSchema, errors: [400, 404], query: [{ name: 'place', description: "a municipality's or a village's slug; absent: the county", schema: { type: 'string', maxLength: 63 } }] },
	{ method: 'get', path: '/api/v1/dashboard/{file}', summary: 'One table of the results dashboard as <table>.csv (UTF-8 with BOM, semicolons, German headers) or <table>.json; tables: status, categories, sdgs, places, volunteers, costs, funding, adoptions, indicators, trends', response: dashboardTableFileSchema, errors: [400, 404], query: [{ name: 'place', description: "a municipality's or a village's slug; absent: the county", schema: { type: 'string', maxLength: 63 } }] },
	// Web Push: anyone subscribes a device to a village's topics (no account); its editors send and follow messages
	{ method: 'get', path: '/api/v1/push/vapid-public-key', summary: 'The VAPID public key browsers subscribe with (applicationServerKey)', response: vapidPublicKeySchema },
	{ method: 'post', path: '/api/v1/villages/{village}/push/subscriptions', summary: "Subscribe a browser's push endpoint to topics of the village, or change its topics (200 when it was subscribed already); `replaces` ends an older endpoint of the same browser (pushsubscriptionchange). Only the browsers' push services are accepted as endpoint.", body: subscriptionInput, response: pushSubscriptionSavedSchema, status: 201, errors: [400, 404], permission: 'public' },
	{ method: 'delete', path: '/api/v1/villages/{village}/push/subscriptions', summary: 'End the subscription of { endpoint } (whoever holds the endpoint may)', body: unsubscribeInput, response: z.null(), status: 204, errors: [400, 404], permission: 'public' },
	{ method: 'post', path: '/api/v1/villages/{village}/push/messages', summary: 'Send a message to the devices subscribed to one topic (at most 20 an hour per village; 429 with Retry-After beyond). Answers at once; follow it at Location', auth: true, body: pushMessageInput, response: pushMessageQueuedSchema, status: 202, errors: [400, 401, 403, 404, 429], permission: 'tenant.sendPush' },
	{ method: 'get', path: '/api/v1/villages/{village}/push/messages', summary: "The village's push messages, newest first (the latest 50), with their figures", auth: true, response: pushMessageListSchema, errors: [401, 403, 404], permission: 'tenant.sendPush' },
	{ method: 'get', path: '/api/v1/villages/{village}/push/messages/{id}', summary: "A message's progress: devices sent to, failed, gone, pending", auth: true, response: pushProgressSchema, errors: [401, 403, 404], permission: 'tenant.sendPush' },
	// The generic shape of every module's API; each module's own endpoints are listed below it (moduleEndpoints).
	...(['get', 'post', 'patch', 'delete'] as const).flatMap((method) =>
		['/api/v1/villages/{village}/{module}/{name}', '/api/v1/villages/{village}/{module}/{name}/{id}'].map((path) => ({
			method,
			path,
			summary: `A module's JSON API (${method.toUpperCase()}); see the module's own paths for bodies and permissions`,
			response: z.record(z.string(), z.unknown()),
			errors: [400, 401, 403, 404, 405]
		}))
	)
];

/** Every installed module's reads and writes, with their schemas and permissions. */
export function moduleEndpoints(): Endpoint[] {
	const out: Endpoint[] = [];
	for (const module of MODULES) {
		const base = `/api/v1/villages/{village}/${module.id}`;
		for (const [name, read] of Object.entries(module.server.api ?? {})) {
			const response = read.output ?? z.record(z.string(), z.unknown());
			out.push({ method: 'get', path: `${base}/${name}`, summary: read.summary ?? name, response, errors: [401, 403, 404], permission: read.permission });
			if (read.byId) out.push({ method: 'get', path: `${base}/${name}/{id}`, summary: `${read.summary ?? name} (one, by id)`, response: z.record(z.string(), z.unknown()), errors: [401, 403, 404], permission: read.permission });
		}
		for (const [name, action] of Object.entries(module.server.actions ?? {})) {
			if (!action.api) continue;
			const { method, path, id } = action.api;
			// from the fields alone: zod refuses omit() on an object with refinements (checks across fields)
			const body = id && action.input instanceof z.ZodObject ? z.object(action.input.shape).omit({ [id]: true } as Record<string, true>) : action.input;
			out.push({
				method: method.toLowerCase() as Endpoint['method'],
				path: `${base}/${path}${id ? '/{id}' : ''}`,
				summary: `${action.summary ?? name} (form action "${name}")`,
				body,
				response: action.output ?? z.object({}).loose(),
				status: method === 'POST' && !id ? 201 : 200,
				errors: [400, 401, 403, 404],
				auth: action.permission !== 'public',
				permission: action.permission
			});
		}
	}
	return out;
}

/** The OpenAPI 3.1 document, generated from the zod schemas the handlers use. */
export function openApiDocument(origin: string) {
	const schemas: Record<string, unknown> = {};
	const ref = (schema: z.ZodType, io: 'input' | 'output' = 'output') => {
		const json = z.toJSONSchema(schema, { target: 'draft-2020-12', unrepresentable: 'any', io }) as Record<string, unknown> & { $defs?: Record<string, unknown> };
		const { $defs, ...rest } = json;
		Object.assign(schemas, $defs ?? {});
		const id = z.globalRegistry.get(schema)?.id;
		if (id) {
			schemas[id] = rest;
			return { $ref: `#/components/schemas/${id}` };
		}
		return rest;
	};
	const paths: Record<string, Record<string, unknown>> = {};
	for (const e of [...ENDPOINTS, ...moduleEndpoints()]) {
		// 204 answers with no body at all
		const responses: Record<string, unknown> = { [String(e.status ?? 200)]: e.status === 204 ? { description: 'No content' } : { description: 'OK', content: { [e.mediaType ?? 'application/json']: { schema: ref(e.response) } } } };
		for (const status of e.errors ?? []) responses[String(status)] = { description: 'Error', content: { 'application/json': { schema: ref(errorSchema) } } };
		const parameters: Record<string, unknown>[] = [...e.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
		for (const q of e.query ?? []) parameters.push({ name: q.name, in: 'query', required: false, description: q.description, schema: q.schema });
		const operation: Record<string, unknown> = { summary: e.summary, tags: [tagOf(e.path)], parameters, security: e.auth ? [{ bearer: [] }, { session: [] }] : [], responses };
		if (e.body) operation.requestBody = { required: e.method !== 'delete', content: { 'application/json': { schema: ref(e.body, 'input') } } };
		if (e.permission) operation['x-allmende-permission'] = e.permission;
		paths[e.path] = { ...(paths[e.path] ?? {}), [e.method]: operation };
	}
	const doc = {
		openapi: '3.1.0',
		info: { title: 'Allmende API', version: '1', description: API_DESCRIPTION, license: API_LICENCE },
		servers: [{ url: origin, description: 'this installation' }],
		tags: API_TAGS,
		paths,
		components: { schemas, securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An API token from /account/tokens' }, session: { type: 'apiKey', in: 'cookie', name: 'allmende_session' } } }
	};
	// z.toJSONSchema writes local refs as "#/$defs/X"; in OpenAPI they live under components.
	return JSON.parse(JSON.stringify(doc).replaceAll('"#/$defs/', '"#/components/schemas/')) as typeof doc;
}
