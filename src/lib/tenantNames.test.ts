import { describe, expect, it } from 'vitest';
import { matchesQuery, nameKey } from './tenantNames.ts';

describe('matchesQuery (the county’s "Dorf finden" box)', () => {
	it('finds nothing for text that is in no name, nor for markup or object keys', () => {
		expect(matchesQuery('xyz', ['Körbecke', 'Möhnesee'])).toBe(false);
		expect(matchesQuery('<script>', ['Körbecke'])).toBe(false);
		expect(matchesQuery('__proto__', ['Körbecke'])).toBe(false);
		expect(matchesQuery('constructor', [])).toBe(false);
		expect(matchesQuery('k'.repeat(10_000), ['Körbecke'])).toBe(false);
	});

	it('matches everything for an empty or blank query', () => {
		expect(matchesQuery('', ['Körbecke'])).toBe(true);
		expect(matchesQuery('   ', ['Körbecke'])).toBe(true);
	});

	it('ignores capitals and spaces, and finds umlauts typed as ae/oe/ue or without marks', () => {
		for (const q of ['körbecke', 'KOERBECKE', 'korbecke', 'Kör becke', 'becke']) expect(matchesQuery(q, ['Körbecke']), q).toBe(true);
		expect(matchesQuery('bad wald', ['Bad Waldliesborn'])).toBe(true);
		expect(matchesQuery('Möhnesee', ['Delecke', 'Möhnesee'])).toBe(true);
		expect(matchesQuery('strasse', ['Große Straße'])).toBe(true);
	});
});

describe('nameKey', () => {
	it('tells apart names that differ in more than capitals and spaces', () => {
		expect(nameKey('Neu-Dorf')).not.toBe(nameKey('Neudorf'));
		expect(nameKey('Körbecke')).not.toBe(nameKey('Korbecke'));
		expect(nameKey(' Bad\tSassendorf ')).toBe(nameKey('badsassendorf'));
	});
});
