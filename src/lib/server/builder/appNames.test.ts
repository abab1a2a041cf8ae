import { describe, expect, it } from 'vitest';
import data from '../seed/kreis-soest.json' with { type: 'json' };
import { monogramOf, SHORT_NAME_MAX, shortAppName } from './appNames.ts';

const graphemes = (s: string) => [...new Intl.Segmenter('de', { granularity: 'grapheme' }).segment(s)].length;

describe('shortAppName: names that do not fit or are odd', () => {
	it('keeps names that are object keys in JavaScript as plain text', () => {
		for (const name of ['__proto__', 'constructor', 'toString', 'valueOf']) expect(shortAppName(name, 'dorf')).toBe(name);
	});

	it('cuts a very long single word by graphemes, with an ellipsis, to at most 12', () => {
		const short = shortAppName('Oberunterniederhausenerfeld', 'dorf');
		expect(short).toBe('Oberunterni…');
		expect(graphemes(short)).toBe(SHORT_NAME_MAX);
	});

	it('never splits an emoji (also not one made of several code points)', () => {
		const family = '👨‍👩‍👧‍👦';
		const short = shortAppName(family.repeat(20), 'dorf');
		expect(graphemes(short)).toBe(SHORT_NAME_MAX);
		expect(short).toBe(`${family.repeat(11)}…`);
		// 14 graphemes: the word with letters
		expect(shortAppName('🌻 Blumendorf 🌻', 'dorf')).toBe('Blumendorf');
		expect(shortAppName('🌻 Blumen 🌻', 'dorf')).toBe('🌻 Blumen 🌻');
	});

	it('falls back to the slug for a name with nothing to show, and drops control characters', () => {
		expect(shortAppName('   ', 'ostinghausen')).toBe('ostinghausen');
		expect(shortAppName('Dorf\u0000\u0007mitte', 'x')).toBe('Dorf mitte');
	});

	it('takes the longest significant word that fits, the later one at equal length', () => {
		expect(shortAppName('Bad Sassendorf', 'x')).toBe('Sassendorf');
		expect(shortAppName('Möhnesee-Körbecke', 'x')).toBe('Körbecke');
		expect(shortAppName('Herzfeld an der Lippe', 'x')).toBe('Herzfeld');
		expect(shortAppName('Wickede (Ruhr)', 'x')).toBe('Wickede');
		// no word fits: the most significant one, cut
		expect(shortAppName('Bad Westernkotten', 'x')).toBe('Westernkott…');
	});

	it('keeps a name that fits as it is', () => {
		expect(shortAppName('Körbecke', 'x')).toBe('Körbecke');
		expect(shortAppName('  Alt  Dorf ', 'x')).toBe('Alt Dorf');
		// decomposed umlauts count as one letter each
		expect(shortAppName('Ko\u0308rbecke', 'x')).toBe('Körbecke');
	});

	it('gives every demo village a short name of at most 12 graphemes', () => {
		for (const name of data.municipalities.flatMap((m) => m.villages)) {
			const short = shortAppName(name, 'x');
			expect(graphemes(short), name).toBeLessThanOrEqual(SHORT_NAME_MAX);
			expect(short.length, name).toBeGreaterThan(2);
		}
	});
});

describe('monogramOf', () => {
	it('falls back to the slug when the name has no letter or digit', () => {
		expect(monogramOf('🌻🌻🌻', 'sonnenblumen')).toBe('S');
		expect(monogramOf('', 'x1')).toBe('X');
		expect(monogramOf('—', '')).toBe('A');
	});

	it('reads odd names sanely', () => {
		expect(monogramOf('__proto__', 'p')).toBe('P');
		expect(monogramOf('🌻 Blumendorf', 'x')).toBe('B');
		expect(monogramOf('ßdorf', 'x')).toBe('S');
		expect(monogramOf('x'.repeat(500), 'x')).toBe('X');
		expect(monogramOf('östinghausen', 'x')).toBe('Ö');
	});

	it('takes the initials of the first and last significant word, at most two', () => {
		expect(monogramOf('Körbecke', 'x')).toBe('K');
		expect(monogramOf('Bad Westernkotten', 'x')).toBe('BW');
		expect(monogramOf('Herzfeld an der Lippe', 'x')).toBe('HL');
		expect(monogramOf('Möhnesee-Körbecke', 'x')).toBe('MK');
		expect(monogramOf('Sankt Peter und Paul Ost', 'x')).toBe('SO');
	});
});
