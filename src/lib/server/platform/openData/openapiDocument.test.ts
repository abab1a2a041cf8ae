// The whole /api/v1/openapi.json checked against the rules of OpenAPI 3.1 that a client generator or a portal's
// API catalogue trips over: the required fields, each operation's responses and parameters, path templates and
// their parameters, tags and security schemes that exist, and every $ref resolving (no validator dependency: the
// rules below are the structural ones of the specification, sections 4.8.1–4.8.27).
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../http/openapi.ts';
import { API_TAGS, SOFTWARE_LICENCE, exportQueryParameters } from './apiDocs.ts';
import { DATA_LICENCE } from './licence.ts';
import pkg from '../../../../../package.json' with { type: 'json' };

type Obj = Record<string, unknown>;
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Every problem of the document, as "where: what" lines (empty when it is valid). */
function problems(doc: Obj): string[] {
	const out: string[] = [];
	const say = (where: string, what: string) => out.push(`${where}: ${what}`);
	if (doc.openapi !== '3.1.0') say('openapi', 'not 3.1.0');
	const info = doc.info as Obj | undefined;
	if (!isObj(info) || typeof info.title !== 'string' || typeof info.version !== 'string') say('info', 'title and version are required');
	const licence = info?.license as Obj | undefined;
	if (licence !== undefined && (typeof licence.name !== 'string' || ('identifier' in licence && 'url' in licence))) say('info.license', 'needs a name, and not both identifier and url');
	for (const [i, server] of ((doc.servers as Obj[] | undefined) ?? []).entries()) if (typeof server.url !== 'string') say(`servers[${i}]`, 'url missing');
	const tagNames = new Set(((doc.tags as Obj[] | undefined) ?? []).map((tag) => tag.name as string));
	if (tagNames.size !== ((doc.tags as unknown[] | undefined) ?? []).length) say('tags', 'names repeat');
	const components = (doc.components ?? {}) as Obj;
	const schemes = (components.securitySchemes ?? {}) as Obj;

	// every $ref anywhere points at something that exists
	const resolve = (ref: string) => ref.slice(2).split('/').reduce<unknown>((node, part) => (isObj(node) ? node[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined), doc);
	const walk = (node: unknown, where: string) => {
		if (Array.isArray(node)) node.forEach((x, i) => walk(x, `${where}[${i}]`));
		else if (isObj(node)) {
			if (typeof node.$ref === 'string' && (!node.$ref.startsWith('#/') || resolve(node.$ref) === undefined)) say(where, `$ref ${node.$ref} does not resolve`);
			for (const [k, v] of Object.entries(node)) walk(v, `${where}.${k}`);
		}
	};
	walk(doc, '#');

	const operationIds = new Set<string>();
	for (const [path, item] of Object.entries((doc.paths ?? {}) as Record<string, Obj>)) {
		if (!path.startsWith('/')) say(path, 'a path starts with /');
		const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((x) => x[1]!);
		if (Object.keys(item).some((k) => !METHODS.includes(k) && !['summary', 'description', 'parameters', 'servers', '$ref'].includes(k))) say(path, 'unknown field in the path item');
		for (const method of METHODS.filter((x) => x in item)) {
			const where = `${method.toUpperCase()} ${path}`;
			const op = item[method] as Obj;
			const responses = op.responses as Record<string, Obj> | undefined;
			if (!isObj(responses) || Object.keys(responses).length === 0) say(where, 'no responses');
			else if (!Object.keys(responses).some((code) => /^2\d\d$|^2XX$/.test(code))) say(where, 'no success response');
			for (const [code, response] of Object.entries(responses ?? {})) {
				if (!/^[1-5]\d\d$|^[1-5]XX$|^default$/.test(code)) say(where, `response key ${code}`);
				if (typeof response.description !== 'string') say(`${where} ${code}`, 'description missing');
				for (const [type, media] of Object.entries((response.content ?? {}) as Record<string, Obj>)) if (!isObj(media.schema)) say(`${where} ${code} ${type}`, 'schema missing');
				if (code !== '204' && /^2/.test(code) && !isObj(response.content)) say(`${where} ${code}`, 'a success with a body needs content');
			}
			const params = (op.parameters ?? []) as Obj[];
			const seen = new Set<string>();
			for (const param of params) {
				const key = `${String(param.in)}:${String(param.name)}`;
				if (seen.has(key)) say(where, `parameter ${key} twice`);
				seen.add(key);
				if (typeof param.name !== 'string' || !['query', 'header', 'path', 'cookie'].includes(param.in as string)) say(where, `parameter ${key} needs a name and a location`);
				if (!isObj(param.schema) && !isObj(param.content)) say(where, `parameter ${key} needs a schema`);
				if (param.in === 'path' && (param.required !== true || !templated.includes(param.name as string))) say(where, `path parameter ${String(param.name)} must be required and in the path`);
			}
			for (const name of templated) if (!params.some((x) => x.in === 'path' && x.name === name)) say(where, `{${name}} is not declared`);
			if (op.requestBody !== undefined && !isObj((op.requestBody as Obj).content)) say(where, 'requestBody needs content');
			for (const tag of (op.tags ?? []) as string[]) if (!tagNames.has(tag)) say(where, `tag ${tag} is not listed`);
			for (const requirement of (op.security ?? []) as Obj[]) for (const scheme of Object.keys(requirement)) if (!(scheme in schemes)) say(where, `security scheme ${scheme} missing`);
			if (typeof op.operationId === 'string') {
				if (operationIds.has(op.operationId)) say(where, `operationId ${op.operationId} repeats`);
				operationIds.add(op.operationId);
			}
		}
	}
	return out;
}

describe('the OpenAPI document', () => {
	const doc = openApiDocument('https://kreis.example.org') as unknown as Obj;

	it('is structurally valid OpenAPI 3.1 throughout', () => {
		expect(problems(doc)).toEqual([]);
	});

	it('finds the problems it looks for (a broken copy is refused)', () => {
		const broken = structuredClone(doc) as { paths: Record<string, Record<string, Obj>>; info: Obj };
		const op = broken.paths['/api/v1/projects/{id}']!.get!;
		op.parameters = [];
		op.tags = ['Nowhere'];
		(op.responses as Obj)['200'] = { description: 'OK', content: { 'application/json': { schema: { $ref: '#/components/schemas/Missing' } } } };
		broken.info.license = { name: 'x', identifier: 'MIT', url: 'https://x' };
		expect(problems(broken as unknown as Obj)).toEqual([
			'info.license: needs a name, and not both identifier and url',
			expect.stringContaining('$ref #/components/schemas/Missing does not resolve'),
			'GET /api/v1/projects/{id}: {id} is not declared',
			'GET /api/v1/projects/{id}: tag Nowhere is not listed'
		]);
	});

	it('carries the licences, the server and tags on every operation', () => {
		expect(doc.info).toMatchObject({ license: { name: DATA_LICENCE.name.en, url: DATA_LICENCE.url } });
		expect((doc.info as Obj).description).toContain(SOFTWARE_LICENCE);
		expect(pkg.license).toBe(SOFTWARE_LICENCE);
		expect(doc.servers).toEqual([{ url: 'https://kreis.example.org', description: 'this installation' }]);
		expect(doc.tags).toEqual(API_TAGS);
		for (const item of Object.values(doc.paths as Record<string, Obj>)) for (const op of Object.values(item) as Obj[]) expect((op.tags as string[]).length).toBe(1);
	});

	it('documents the exports with their filters and media types, and the catalogue', () => {
		const paths = doc.paths as Record<string, { get: Obj & { responses: Record<string, { content: Obj }>; parameters: Obj[] } }>;
		const csv = paths['/api/v1/projects.csv']!.get;
		const json = paths['/api/v1/projects.json']!.get;
		expect(Object.keys(csv.responses['200']!.content)).toEqual(['text/csv']);
		expect(json.responses['200']!.content['application/json']).toEqual({ schema: { $ref: '#/components/schemas/ProjectExport' } });
		expect(Object.keys(paths['/api/v1/catalog.json']!.get.responses['200']!.content)).toEqual(['application/ld+json']);
		for (const op of [csv, json]) {
			expect(op.tags).toEqual(['Open data']);
			expect(op.parameters.map((x) => x.name)).toEqual(exportQueryParameters().map((x) => x.name));
			expect(op.parameters.map((x) => x.name)).toEqual(expect.arrayContaining(['category', 'status', 'village', 'municipality', 'q']));
			expect(op.parameters.map((x) => x.name)).not.toContain('page');
			expect(Object.keys(op.responses)).toEqual(['200', '400']);
		}
	});
});
