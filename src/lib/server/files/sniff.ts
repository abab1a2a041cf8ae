// What an uploaded file really is, from its first bytes: never from its name or the browser's content type.

export type SniffedType = 'png' | 'jpeg' | 'gif' | 'webp' | 'avif' | 'heic' | 'pdf';

const startsWith = (b: Uint8Array, ascii: string, at = 0) => b.length >= at + ascii.length && [...ascii].every((c, i) => b[at + i] === c.charCodeAt(0));

const AVIF_BRANDS = new Set(['avif', 'avis']);
const HEIC_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1']);

/** The ISO-BMFF brands (major and compatible) of an AVIF/HEIF file's "ftyp" box. */
function ftypBrands(b: Uint8Array): string[] {
	if (!startsWith(b, 'ftyp', 4)) return [];
	const size = ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
	if (size < 16 || size > 4096 || size > b.length) return [];
	const ascii = (at: number) => String.fromCharCode(b[at]!, b[at + 1]!, b[at + 2]!, b[at + 3]!);
	const brands = [ascii(8)];
	for (let at = 16; at + 4 <= size; at += 4) brands.push(ascii(at));
	return brands;
}

/** The type of a file by its magic bytes, or null for anything we do not take (HTML, SVG, executables, …). */
export function sniffType(b: Uint8Array): SniffedType | null {
	if (b.length >= 8 && b[0] === 0x89 && startsWith(b, 'PNG\r\n\x1a\n', 1)) return 'png';
	if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
	if (startsWith(b, 'GIF87a') || startsWith(b, 'GIF89a')) return 'gif';
	if (startsWith(b, 'RIFF') && startsWith(b, 'WEBP', 8)) return 'webp';
	const brands = ftypBrands(b);
	if (brands.some((brand) => AVIF_BRANDS.has(brand))) return 'avif';
	if (brands.some((brand) => HEIC_BRANDS.has(brand))) return 'heic';
	if (startsWith(b, '%PDF-')) return 'pdf';
	return null;
}

/** A PDF has its end-of-file marker near the end; one without it is cut off (or only pretends to be a PDF). */
export function hasPdfTrailer(b: Uint8Array): boolean {
	const tail = Buffer.from(b.subarray(Math.max(0, b.length - 1024))).toString('latin1');
	return tail.includes('%%EOF');
}

/**
 * A file name that is safe to store, show and send back: no path, no control or reserved characters, at most
 * 120 characters, with the given extension (the type we found, not the one claimed).
 */
export function safeFileName(name: string, extension: string): string {
	const base = (name.split(/[\\/]/).pop() ?? '')
		.normalize('NFC')
		// eslint-disable-next-line no-control-regex -- control characters are what this removes
		.replace(/[\u0000-\u001f\u007f-\u009f"*:<>?|\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, '')
		.replace(/\.[A-Za-z0-9]{1,5}$/, '')
		.replace(/\s+/g, ' ')
		.replace(/^[.\s]+|[.\s]+$/g, '');
	return `${Array.from(base).slice(0, 120).join('') || 'datei'}.${extension}`;
}

/** content-disposition with an ASCII fallback and the real name in UTF-8 (RFC 6266 / RFC 8187). */
export function contentDisposition(kind: 'inline' | 'attachment', fileName: string): string {
	const ascii = fileName.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^\x20-\x7e]|["\\%;]/g, '_');
	const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
	return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
