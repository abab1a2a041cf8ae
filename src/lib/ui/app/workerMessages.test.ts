import { describe, expect, it } from 'vitest';
import { newerVersion } from './workerMessages.ts';

describe('the published version', () => {
	it.each([
		['no body', null],
		['no version', {}],
		['a string', { version: '7' }],
		['a fraction', { version: 4.5 }],
		['not a number at all', { version: Infinity }],
		['the same version', { version: 3 }],
		['an older one', { version: 2 }]
	])('is nothing new with %s', (_, body) => {
		expect(newerVersion(body, 3)).toBeNull();
	});

	it('is new when it is higher than the one the page loaded', () => {
		expect(newerVersion({ version: 4, village: {} }, 3)).toBe(4);
	});
});
