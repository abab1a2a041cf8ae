import { z } from 'zod';
import { accountExportSchema, errorSchema, healthSchema, tenantTreeSchema } from './apiSchemas.ts';
import { moduleListSchema, villageAppSchema } from '../builder/appConfig.ts';

interface Endpoint {
	method: 'get' | 'post' | 'put' | 'patch' | 'delete';
	path: string;
	summary: string;
	auth?: boolean;
	response: z.ZodType;
	errors?: number[];
}

/** Every JSON endpoint. A new endpoint adds a line here; a test checks that each route file is listed. */
export const ENDPOINTS: Endpoint[] = [
	{ method: 'get', path: '/healthz', summary: 'Health of the service and which database it uses', response: healthSchema },
	{ method: 'get', path: '/api/v1/tenants', summary: 'The public tenant tree: county → municipalities → villages', response: tenantTreeSchema },
	{ method: 'get', path: '/api/v1/openapi.json', summary: 'This document', response: z.object({ openapi: z.string() }).loose() },
	{ method: 'get', path: '/account/export', summary: 'GDPR export of everything stored about the signed-in person', auth: true, response: accountExportSchema, errors: [401] },
	{ method: 'get', path: '/api/v1/modules', summary: 'The installed village-app modules with their settings as JSON Schema', response: moduleListSchema },
	{ method: 'get', path: '/api/v1/villages/{village}/app', summary: "A village app's published configuration: name, theme, switched-on modules in order with their public settings", response: villageAppSchema, errors: [404] },
	{
		method: 'get',
		path: '/api/v1/villages/{village}/{module}/{name}',
		summary: "A module's read-only data, e.g. /api/v1/villages/altengeseke/links/links (404 when the module is switched off)",
		response: z.record(z.string(), z.unknown()),
		errors: [404]
	}
];

/** The OpenAPI 3.1 document, generated from the zod schemas the handlers use. */
export function openApiDocument(origin: string) {
	const schemas: Record<string, unknown> = {};
	const ref = (schema: z.ZodType) => {
		const json = z.toJSONSchema(schema, { target: 'draft-2020-12', unrepresentable: 'any', io: 'output' }) as Record<string, unknown> & { $defs?: Record<string, unknown> };
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
	for (const e of ENDPOINTS) {
		const responses: Record<string, unknown> = { '200': { description: 'OK', content: { 'application/json': { schema: ref(e.response) } } } };
		for (const status of e.errors ?? []) responses[String(status)] = { description: 'Error', content: { 'application/json': { schema: ref(errorSchema) } } };
		const parameters = [...e.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
		paths[e.path] = { ...(paths[e.path] ?? {}), [e.method]: { summary: e.summary, parameters, security: e.auth ? [{ session: [] }] : [], responses } };
	}
	const doc = {
		openapi: '3.1.0',
		info: { title: 'Allmende API', version: '1', description: 'County platform for village development: Projektpool and Dorf-App-Baukasten.' },
		servers: [{ url: origin }],
		paths,
		components: { schemas, securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'allmende_session' } } }
	};
	// z.toJSONSchema writes local refs as "#/$defs/X"; in OpenAPI they live under components.
	return JSON.parse(JSON.stringify(doc).replaceAll('"#/$defs/', '"#/components/schemas/')) as typeof doc;
}
