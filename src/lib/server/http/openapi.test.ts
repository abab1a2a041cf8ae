import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MODULES } from '../../modules/registry.ts';
import type { PushHistoryEntry, PushProgress } from '../push/messages.ts';
import { pushMessageListSchema, pushProgressSchema } from './apiSchemas.ts';
import { ENDPOINTS, openApiDocument } from './openapi.ts';

// Endpoints that are not part of the JSON API, and why. (Route groups like (platform) are not in URLs.)
const NOT_JSON: Record<string, string> = {
	'/locale': 'language switch: a form post answered with a redirect',
	'/files/{id}': 'stored images (village logos), not JSON',
	'/{village}/[feed=feed]': "village documents of modules (iCal, RSS), each module's own format",
	'/files/{id}/{variant}': 'renditions of stored images, not JSON',
	'/{village}/manifest.webmanifest': "the village app's web app manifest, for browsers (W3C format), not the API",
	'/{village}/icons/{icon}': "the village app's icons (PNG)",
	'/{village}/push/badge.png': "the status-bar picture of the village app's notifications (PNG)"
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

	it('documents the push API: who may call what, the bodies the handlers validate, 202 and 204', () => {
		type Op = { requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown>; $ref?: string } }> }; responses: Record<string, { content?: unknown }>; 'x-allmende-permission'?: string; security: unknown[] };
		const doc = openApiDocument('https://allmende.example.org') as unknown as { paths: Record<string, Record<string, Op>> };
		const subs = doc.paths['/api/v1/villages/{village}/push/subscriptions']!;
		const messages = doc.paths['/api/v1/villages/{village}/push/messages']!;
		const one = doc.paths['/api/v1/villages/{village}/push/messages/{id}']!;
		// sending and reading messages: the village's editors, signed in or with a token; subscribing: anyone
		for (const op of [messages.post!, messages.get!, one.get!]) {
			expect(op['x-allmende-permission']).toBe('tenant.sendPush');
			expect(op.security).not.toEqual([]);
		}
		for (const op of [subs.post!, subs.delete!]) expect(op['x-allmende-permission']).toBe('public');
		expect(doc.paths['/api/v1/push/vapid-public-key']!.get!.security).toEqual([]);
		expect(Object.keys(messages.post!.responses)).toEqual(expect.arrayContaining(['202', '400', '401', '403', '429']));
		expect(Object.keys(subs.delete!.responses)).toContain('204');
		expect(subs.delete!.responses['204']!.content).toBeUndefined();
		expect(Object.keys(subs.post!.requestBody!.content['application/json']!.schema.properties ?? {}).sort()).toEqual(['endpoint', 'keys', 'replaces', 'topics']);
		expect(Object.keys(messages.post!.requestBody!.content['application/json']!.schema.properties ?? {}).sort()).toEqual(['body', 'title', 'topic', 'ttl', 'urgency', 'url']);
	});

	it("describes exactly the fields of a message's progress and of the history", () => {
		// typed as the handlers' own types: a field added there and not here (or the other way round) fails
		const progress: PushProgress = { id: 'm1', total: 3, sent: 1, failed: 0, gone: 1, pending: 1, state: 'sending' };
		const entry: PushHistoryEntry = { ...progress, topics: ['alerts'], title: 'T', body: '', url: '', urgency: 'high', moduleId: null, createdBy: 'Clara Redaktion', createdAt: 1 };
		expect(Object.keys(pushProgressSchema.shape).sort()).toEqual(Object.keys(progress).sort());
		expect(Object.keys(pushMessageListSchema.shape.messages.element.shape).sort()).toEqual(Object.keys(entry).sort());
		expect(pushMessageListSchema.parse({ messages: [entry] })).toEqual({ messages: [entry] });
		expect(pushProgressSchema.safeParse({ ...progress, state: 'unknown' }).success).toBe(false);
	});
});
