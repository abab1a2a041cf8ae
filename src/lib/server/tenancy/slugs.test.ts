import { describe, expect, it } from 'vitest';
import { isUsableSlug, slugify } from './slugs.ts';
import { rewritePath } from './hostRouting.ts';

describe('slugs', () => {
	it('refuses platform paths and malformed slugs', () => {
		for (const s of ['admin', 'api', 'login', 'healthz', '_app', 'projects', 'dashboard', 'map', 'ideas']) expect(isUsableSlug(s)).toBe(false);
		for (const s of ['', '-dorf', 'dorf-', 'Dorf', 'dorf/x', 'dörf', 'a'.repeat(64)]) expect(isUsableSlug(s)).toBe(false);
	});

	it('accepts ordinary village slugs', () => {
		for (const s of ['altengeseke', 'bad-sassendorf', 'voellinghausen-erwitte', 'ort2']) expect(isUsableSlug(s)).toBe(true);
	});

	it('makes slugs from German place names', () => {
		expect(slugify('Völlinghausen')).toBe('voellinghausen');
		expect(slugify('Bad Westernkotten')).toBe('bad-westernkotten');
		expect(slugify('Störmede')).toBe('stoermede');
		expect(slugify('Groß Süßen')).toBe('gross-suessen');
		expect(slugify('  Café  Élise ')).toBe('cafe-elise');
	});
});

describe('own host names', () => {
	it('serves the village at / of its host and leaves shared paths alone', () => {
		expect(rewritePath('dorf', '/')).toBe('/dorf/');
		expect(rewritePath('dorf', '/admin')).toBe('/dorf/admin');
		expect(rewritePath('dorf', '/dorf/admin')).toBe('/dorf/admin');
		expect(rewritePath('dorf', '/api/v1/tenants')).toBe('/api/v1/tenants');
		expect(rewritePath('dorf', '/_app/immutable/x.js')).toBe('/_app/immutable/x.js');
		expect(rewritePath('dorf', '/login?next=/')).toBe('/login?next=/');
	});

	it('serves the app\'s service worker, manifest and offline page: the worker as the shared script, the rest as the village\'s', () => {
		expect(rewritePath('dorf', '/service-worker.js?village=dorf')).toBe('/service-worker.js?village=dorf');
		expect(rewritePath('dorf', '/manifest.webmanifest')).toBe('/dorf/manifest.webmanifest');
		expect(rewritePath('dorf', '/offline')).toBe('/dorf/offline');
		expect(rewritePath('dorf', '/__data.json?x-sveltekit-trailing-slash=1')).toBe('/dorf/__data.json?x-sveltekit-trailing-slash=1');
	});
});

describe('own host names: path boundaries', () => {
	it('does not mistake a village page for a shared path with the same prefix', () => {
		expect(rewritePath('dorf', '/loginhilfe')).toBe('/dorf/loginhilfe');
		expect(rewritePath('dorf', '/apiary')).toBe('/dorf/apiary');
		expect(rewritePath('dorf', '/api')).toBe('/api');
	});
});
