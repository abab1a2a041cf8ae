// CSV as German spreadsheet programs open it without an import dialog: UTF-8 with a byte order mark (else Excel
// reads Windows-1252 and breaks umlauts), semicolons between fields (the comma is the decimal sign), CRLF line
// ends, and a field quoted when it holds a semicolon, a quote, a line break or leading/trailing space. A field that
// starts with = + - @ or a tab would run as a formula in a spreadsheet: it gets a leading apostrophe.

export type CsvValue = string | number | boolean | null | undefined;

const NEEDS_QUOTES = /[;"\r\n]|^\s|\s$/;
const FORMULA_START = /^[=+\-@\t\r]/;

/** One field: numbers in German notation (decimal comma, no thousands separator), text quoted where needed. */
export function csvField(value: CsvValue): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'boolean') return value ? 'ja' : 'nein';
	if (typeof value === 'number') return Number.isFinite(value) ? String(value).replace('.', ',') : '';
	let text = value;
	// negative numbers written as text stay numbers for the reader; anything else starting like a formula is defused
	if (FORMULA_START.test(text) && !/^-\d+(,\d+)?$/.test(text)) text = `'${text}`;
	return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record with its line end (for files written row by row, such as a streamed export). */
export function csvLine(row: CsvValue[]): string {
	return `${row.map(csvField).join(';')}\r\n`;
}

/** The start of a file: the BOM and the header row. */
export function csvHead(header: string[]): string {
	return `\uFEFF${csvLine(header)}`;
}

/** A whole file: the BOM, the header row, then one row per record. */
export function toCsv(header: string[], rows: CsvValue[][]): string {
	return csvHead(header) + rows.map(csvLine).join('');
}

/** The headers of a CSV download (the file name is ASCII: slugs and dates only). */
export function csvHeaders(fileName: string): Record<string, string> {
	return {
		'content-type': 'text/csv; charset=utf-8',
		'content-disposition': `attachment; filename="${fileName.replace(/[^A-Za-z0-9._-]/g, '_')}"`
	};
}
