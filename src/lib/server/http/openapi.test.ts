import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MODULES } from '../../modules/registry.ts';
import { ENDPOINTS, openApiDocument } from './openapi.ts';

// Endpoints that are not part of the JSON API, and why. (Route groups like (platform) are not in URLs.)
const NOT_JSON: Record<string, string> = {
	'/locale': 'language switch: a form post answered with a redirect',
	'/files/{id}': 'stored images (village logos), not JSON',
	'/{village}/[feed=feed]': "village documents of modules (iCal, RSS), each module's own format",
	'/files/{id}/{variant}': 'renditions of stored images, not JSON'
};

function serverRoutes(dir = 'src/routes'): string[] {
	const out: string[] = [];
	for (const entry of readdirSync(dir)) {
		const p = join(dir, entry);
		if (statSync(p).isDirectory()) out.push(...serverRoutes(p));
		else if (entry === '+server.ts') out.push(`/${relative('src/routes', dir).split(sep).join('/')}`.replace(/\[(\w+)\]/g, '{$1}').replace(/\/\([\w-]+\)/g, ''));
	}
	return out;
}

describe('OpenAPI document', () => {
	it('lists every JSON endpoint there is, and none that is not', () => {
		const routes = serverRoutes().filter((r) => !(r in NOT_JSON)).sort();
		const documented = [...new Set(ENDPOINTS.map((e) => e.path))].sort();
		expect(documented).toEqual(routes);
	});

	it('is OpenAPI 3.1 with resolvable schema references', () => {
		const doc = openApiDocument('https://allmende.example.org');
		expect(doc.openapi).toBe('3.1.0');
		const text = JSON.stringify(doc);
		const refs = [...text.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!);
		expect(refs.length).toBeGreaterThan(0);
		for (const ref of refs) expect(doc.components.schemas).toHaveProperty(ref);
		expect(text).not.toContain('#/$defs/');
	});

	it('documents every module read and write with its body and the permission the core enforces', () => {
		const doc = openApiDocument('https://allmende.example.org') as unknown as { paths: Record<string, Record<string, { requestBody?: unknown; 'x-allmende-permission'?: string }>> };
		let writes = 0;
		for (const module of MODULES) {
			for (const [name, action] of Object.entries(module.server.actions ?? {})) {
				if (!action.api) continue;
				writes++;
				const path = `/api/v1/villages/{village}/${module.id}/${action.api.path}${action.api.id ? '/{id}' : ''}`;
				const op = doc.paths[path]?.[action.api.method.toLowerCase()];
				expect(op, `${module.id}.${name}`).toBeDefined();
				expect(op!['x-allmende-permission']).toBe(action.permission);
				expect(op!.requestBody, `${module.id}.${name}`).toBeDefined();
			}
			for (const [name, read] of Object.entries(module.server.api ?? {})) expect(doc.paths[`/api/v1/villages/{village}/${module.id}/${name}`]?.get?.['x-allmende-permission']).toBe(read.permission);
		}
		expect(writes).toBeGreaterThan(0);
	});
});
