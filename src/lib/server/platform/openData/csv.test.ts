// CSV that German spreadsheet programs open as it is: BOM, semicolons, CRLF, quotes, no formulas.
import { describe, expect, it } from 'vitest';
import { csvField, csvHeaders, toCsv } from './csv.ts';

describe('csv', () => {
	it('quotes fields with separators, quotes, line breaks and outer spaces, doubling inner quotes', () => {
		expect(csvField('a;b')).toBe('"a;b"');
		expect(csvField('Der "Dorfladen"')).toBe('"Der ""Dorfladen"""');
		expect(csvField('zwei\nZeilen')).toBe('"zwei\nZeilen"');
		expect(csvField('Windows\r\nZeilen')).toBe('"Windows\r\nZeilen"');
		expect(csvField(' vorn')).toBe('" vorn"');
		expect(csvField('Mitfahrbank, Körbecke')).toBe('Mitfahrbank, Körbecke');
	});

	it('defuses text that a spreadsheet would run as a formula, but keeps negative numbers', () => {
		expect(csvField('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
		expect(csvField('+49 2924')).toBe("'+49 2924");
		expect(csvField('@summe')).toBe("'@summe");
		expect(csvField('-12,5')).toBe('-12,5');
		expect(csvField('-x')).toBe("'-x");
	});

	it('writes numbers with a decimal comma, empty cells for nothing, ja/nein for booleans', () => {
		expect(csvField(1234.5)).toBe('1234,5');
		expect(csvField(0)).toBe('0');
		expect(csvField(Number.NaN)).toBe('');
		expect(csvField(null)).toBe('');
		expect(csvField(undefined)).toBe('');
		expect(csvField(true)).toBe('ja');
	});

	it('starts with a BOM, separates by semicolons and ends every line with CRLF', () => {
		const csv = toCsv(['Titel', 'Kosten (€)'], [['Dorfläden; neu', 1500.5], ['Straße', null]]);
		expect(csv).toBe('\uFEFFTitel;Kosten (€)\r\n"Dorfläden; neu";1500,5\r\nStraße;\r\n');
		expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
	});

	it('names the download with a safe ASCII file name', () => {
		expect(csvHeaders('projekte "kreis".csv')).toEqual({ 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="projekte__kreis_.csv"' });
	});
});
