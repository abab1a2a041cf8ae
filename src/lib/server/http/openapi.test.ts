import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENDPOINTS, openApiDocument } from './openapi.ts';

// Endpoints that are not part of the JSON API, and why. (Route groups like (platform) are not in URLs.)
const NOT_JSON: Record<string, string> = {
	'/locale': 'language switch: a form post answered with a redirect',
	'/files/{id}': 'stored images (village logos), not JSON',
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
});
