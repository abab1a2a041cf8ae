import { correction, generate } from 'lean-qr';
import { describe, expect, it } from 'vitest';
import { modulesOf, qrModules } from '../../../../tests/helpers/qrModules.ts';
import { POSTER_QR_OPTIONS, qrDrawing } from './posterQr.ts';

const expected = (text: string, options = POSTER_QR_OPTIONS) => qrModules(generate(text, options));

describe('the poster’s QR code', () => {
	const url = 'https://allmende.kreis-soest.de/koerbecke/';

	it('is not the code of another address, or of the same one with another correction level', () => {
		const { path, size } = qrDrawing(url);
		expect(modulesOf(path, size)).not.toEqual(expected('https://allmende.kreis-soest.de/altengeseke/'));
		expect(modulesOf(path, size)).not.toEqual(expected('https://allmende.kreis-soest.de/koerbecke'));
		expect(modulesOf(path, size)).not.toEqual(expected(url, { minCorrectionLevel: correction.L }));
	});

	it('draws exactly the modules of the address', () => {
		const { path, size } = qrDrawing(url);
		const modules = modulesOf(path, size);
		expect(modules).toEqual(expected(url));
		// the three finder patterns: a dark 7×7 ring in the corners, so the reader really read a QR code
		for (const [x, y] of [[0, 0], [size - 7, 0], [0, size - 7]] as const) {
			expect(modules[y]![x]).toBe(true);
			expect(modules[y + 1]![x + 1]).toBe(false);
			expect(modules[y + 3]![x + 3]).toBe(true);
		}
	});

	it('stays scannable for a long host name (a bigger code, not an error)', () => {
		const long = `https://${'dorf'.repeat(60)}.de/`;
		const { path, size } = qrDrawing(long);
		expect(size).toBeGreaterThan(qrDrawing(url).size);
		expect(modulesOf(path, size)).toEqual(expected(long));
	});
});
