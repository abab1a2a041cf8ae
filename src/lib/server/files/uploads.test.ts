import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../../tests/helpers/testDb.ts';
import { AppError } from '../http/errors.ts';
import { newId } from '../ids.ts';
import { insertTenant, type Tenant } from '../tenancy/tenants.ts';
import { fileResponse } from './serveFile.ts';
import { deleteStoredFile, getStoredFile, MAX_UPLOAD_BYTES, readFileForServing, storeUpload, type StoreUploadArgs } from './uploads.ts';

let t: TestDb;
let village: Tenant;
let other: Tenant;
beforeAll(async () => {
	t = await createTestDb();
	const county = await insertTenant(t.db, { kind: 'county', slug: 'kreis', name: 'Kreis', parent: null });
	village = await insertTenant(t.db, { kind: 'village', slug: 'dorf', name: 'Dorf', parent: county });
	other = await insertTenant(t.db, { kind: 'village', slug: 'anderes', name: 'Anderes', parent: county });
});
afterAll(() => t.cleanup());

const text = (s: string) => new TextEncoder().encode(s);
const png = (w: number, h: number, channels: 3 | 4 = 3, alpha = 1) => sharp({ create: { width: w, height: h, channels, background: { r: 31, g: 111, b: 67, alpha } } }).png().toBuffer();
const noisyJpeg = (w: number, h: number) =>
	sharp({ create: { width: w, height: h, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 40 } } })
		.jpeg({ quality: 92 })
		.toBuffer();
const pdf = text('%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

const upload = (over: Partial<StoreUploadArgs> & { bytes: Uint8Array }) =>
	storeUpload(t.db, { tenantId: village.id, fileName: 'bild.png', alt: 'Der Dorfplatz im Mai', accept: 'image', createdBy: null, field: 'image', ...over });

/** The field errors of a refused upload. */
async function refusal(p: Promise<unknown>): Promise<Record<string, string>> {
	const e = await p.then(
		() => null,
		(err: unknown) => err
	);
	expect(e).toBeInstanceOf(AppError);
	expect((e as AppError).status).toBe(400);
	return (e as AppError).fields;
}

/** A valid PNG header that claims a huge image: the shape of a decompression bomb, without its megabytes. */
async function pngClaiming(width: number, height: number): Promise<Buffer> {
	const b = Buffer.from(await png(1, 1));
	b.writeUInt32BE(width, 16);
	b.writeUInt32BE(height, 20);
	b.writeUInt32BE(crc32(b.subarray(12, 29)), 29);
	return b;
}

async function count(groupId: string) {
	const rows = await t.db.selectFrom('files').select('id').where('groupId', '=', groupId).execute();
	return rows.length;
}

describe('storeUpload refuses, naming the field', () => {
	it('an empty file', async () => {
		expect(await refusal(upload({ bytes: new Uint8Array() }))).toEqual({ image: 'Bild: Die Datei ist leer.' });
	});

	it('a file over the limit, with the limit in the message', async () => {
		expect((await refusal(upload({ bytes: new Uint8Array(MAX_UPLOAD_BYTES + 1) }))).image).toBe('Bild: Die Datei ist zu groß (höchstens 10 MB).');
		expect((await refusal(upload({ bytes: await noisyJpeg(300, 300), maxBytes: 1024 }))).image).toBe('Bild: Die Datei ist zu groß (höchstens 1 KB).');
		expect((await refusal(upload({ bytes: new Uint8Array(3 * 1024 * 1024), maxBytes: 2.5 * 1024 * 1024 }))).image).toBe('Bild: Die Datei ist zu groß (höchstens 2,5 MB).');
		// a module cannot raise the limit beyond what the service takes
		expect((await refusal(upload({ bytes: new Uint8Array(MAX_UPLOAD_BYTES + 1), maxBytes: 50 * 1024 * 1024 }))).image).toMatch(/höchstens 10 MB/);
	});

	it('an HTML page named .png', async () => {
		const html = text('<!doctype html><html><body><script>alert(document.cookie)</script></body></html>');
		expect(await refusal(upload({ bytes: html, fileName: 'foto.png' }))).toEqual({ image: 'Bild: Das ist keine Bilddatei. Bitte PNG, JPEG, WebP, GIF oder AVIF hochladen.' });
	});

	it('SVG (even harmless-looking), executables, Office files and text', async () => {
		const files = [
			text('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="9" height="9"/></svg>'),
			text('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
			new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0, 0, 0]), // Windows PE
			new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), // ELF
			new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 6, 0]), // ZIP / .docx
			text('#!/bin/sh\nrm -rf /\n')
		];
		for (const bytes of files) expect((await refusal(upload({ bytes, accept: 'image-or-pdf' }))).image).toMatch(/^Bild: Diese Art von Datei geht hier nicht/);
	});

	it('a PNG where a PDF is asked for, and a PDF where an image is asked for', async () => {
		expect((await refusal(upload({ bytes: await png(10, 10), fileName: 'scan.pdf', accept: 'pdf', field: 'file' }))).file).toBe('Datei: Das ist keine PDF-Datei. Bitte ein PDF hochladen.');
		expect((await refusal(upload({ bytes: pdf, fileName: 'foto.jpg' }))).image).toMatch(/^Bild: Das ist keine Bilddatei/);
	});

	it('a "PDF" that is only a PDF header in front of something else', async () => {
		const fake = text('%PDF-1.7\n<html><script>alert(1)</script></html>');
		expect((await refusal(upload({ bytes: fake, accept: 'pdf', field: 'file' }))).file).toBe('Datei: Die PDF-Datei ist unvollständig oder beschädigt.');
	});

	it('polyglots: image magic bytes in front of markup', async () => {
		for (const bytes of [Buffer.concat([Buffer.from(await png(4, 4)).subarray(0, 16), Buffer.from('<script>alert(1)</script>')]), text('GIF89a/*<script>alert(1)</script>*/'), text('\xff\xd8\xff<html>')]) {
			expect((await refusal(upload({ bytes }))).image).toMatch(/^Bild: (Das Bild konnte nicht gelesen werden|Das ist keine Bilddatei)/);
		}
	});

	it('a decompression bomb (a tiny file claiming huge dimensions)', async () => {
		const bomb = await pngClaiming(100_000, 100_000);
		expect(bomb.length).toBeLessThan(200);
		expect((await refusal(upload({ bytes: bomb }))).image).toBe('Bild: Das Bild hat zu viele Pixel (höchstens 64 Megapixel).');
		expect((await refusal(upload({ bytes: await pngClaiming(9000, 9000) }))).image).toMatch(/zu viele Pixel/);
	});

	it('HEIC photos, with a hint what to do', async () => {
		const heic = Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypheic\0\0\0\0mif1heic'), Buffer.alloc(64)]);
		expect((await refusal(upload({ bytes: heic }))).image).toMatch(/^Bild: HEIC-Fotos \(iPhone\) können noch nicht gelesen werden/);
	});

	it('an image without alt text, on the alt field when it has one', async () => {
		const bytes = await png(10, 10);
		expect(await refusal(upload({ bytes, alt: undefined }))).toEqual({ image: 'Bild: Bitte beschreiben Sie kurz, was auf dem Bild zu sehen ist (für Menschen, die es nicht sehen können).' });
		expect(Object.keys(await refusal(upload({ bytes, alt: '  \n ', altField: 'alt' })))).toEqual(['alt']);
		expect((await refusal(upload({ bytes, alt: 'x'.repeat(301), altField: 'alt' }))).alt).toBe('Bildbeschreibung: Höchstens 300 Zeichen.');
	});

	it('with a module’s own label for its field', async () => {
		expect(await refusal(upload({ bytes: new Uint8Array(), field: 'poster', label: 'Plakat' }))).toEqual({ poster: 'Plakat: Die Datei ist leer.' });
	});

	it('and writes nothing when it refuses', async () => {
		const before = await t.db.selectFrom('files').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
		await refusal(upload({ bytes: text('<html>') }));
		await refusal(upload({ bytes: await png(10, 10), alt: '' }));
		const after = await t.db.selectFrom('files').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
		expect(Number(after.n)).toBe(Number(before.n));
	});
});

describe('storeUpload keeps only the pixels of images', () => {
	it('strips EXIF (camera, GPS position) and applies the orientation', async () => {
		const withGps = await sharp(await noisyJpeg(300, 200))
			.withExif({ IFD0: { Make: 'GeheimKamera', Artist: 'Erika Mustermann' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 34/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '8/1 6/1 0/1' } })
			.withMetadata({ orientation: 6 })
			.jpeg()
			.toBuffer();
		const input = await sharp(withGps).metadata();
		expect(input.exif).toBeDefined();
		expect(input.orientation).toBe(6);
		expect(withGps.toString('latin1')).toContain('GeheimKamera');

		const file = await upload({ bytes: withGps, fileName: 'IMG_0001.JPG' });
		expect(file).toMatchObject({ kind: 'image', type: 'image/jpeg', width: 200, height: 300, alt: 'Der Dorfplatz im Mai', fileName: 'IMG_0001.jpg' });
		for (const source of file.sources!) {
			const stored = await readFileForServing(t.db, file.id, source.variant);
			const bytes = Buffer.from(stored!.dataBase64, 'base64');
			const meta = await sharp(bytes).metadata();
			expect(meta.exif, source.variant).toBeUndefined();
			expect(meta.xmp, source.variant).toBeUndefined();
			expect(meta.orientation ?? 1, source.variant).toBe(1);
			expect(meta.width).toBe(source.width);
			expect(bytes.toString('latin1')).not.toMatch(/GeheimKamera|Mustermann|Exif\0/);
		}
	});

	it('stores a page size and a thumbnail, each as WebP and JPEG', async () => {
		const big = await sharp({ create: { width: 2400, height: 1600, channels: 3, background: '#3a6ea5' } }).jpeg().toBuffer();
		const file = await upload({ bytes: big, fileName: 'Dorffest 2025.jpeg' });
		expect(file.sources!.map((s) => [s.variant, s.type, s.width, s.height])).toEqual([
			['page', 'image/jpeg', 1600, 1067],
			['page.webp', 'image/webp', 1600, 1067],
			['thumb', 'image/jpeg', 400, 267],
			['thumb.webp', 'image/webp', 400, 267]
		]);
		expect(file.url).toBe(`/files/${file.id}`);
		expect(file.sources![3]!.url).toBe(`/files/${file.id}/thumb.webp`);
		expect(await getStoredFile(t.db, village.id, file.id)).toEqual(file);
	});

	it('keeps small images small and transparent images transparent (PNG fallback)', async () => {
		const file = await upload({ bytes: await png(120, 80, 4, 0.5), alt: 'Halb\u0000durchsichtig\n ' });
		expect(file).toMatchObject({ type: 'image/png', width: 120, height: 80, fileName: 'bild.png', alt: 'Halb durchsichtig' });
		const stored = await readFileForServing(t.db, file.id, 'page');
		expect((await sharp(Buffer.from(stored!.dataBase64, 'base64')).metadata()).hasAlpha).toBe(true);
	});

	it('takes GIF, WebP and AVIF, and a PNG renamed .pdf where images or PDFs are welcome', async () => {
		for (const format of ['gif', 'webp', 'avif'] as const) {
			const bytes = await sharp(await png(64, 48)).toFormat(format).toBuffer();
			expect((await upload({ bytes, fileName: `x.${format}` })).width, format).toBe(64);
		}
		const file = await upload({ bytes: await png(30, 30), fileName: 'scan.pdf', accept: 'image-or-pdf' });
		expect(file).toMatchObject({ kind: 'image', fileName: 'scan.jpg' });
	});

	it('turns CMYK and greyscale images into sRGB', async () => {
		const cmyk = await sharp(await noisyJpeg(50, 50)).toColourspace('cmyk').jpeg().toBuffer();
		expect((await sharp(cmyk).metadata()).space).toBe('cmyk');
		const file = await upload({ bytes: cmyk });
		const stored = await readFileForServing(t.db, file.id);
		expect((await sharp(Buffer.from(stored!.dataBase64, 'base64')).metadata()).space).toBe('srgb');
		const grey = await sharp(await png(20, 20)).greyscale().png().toBuffer();
		expect((await upload({ bytes: grey })).width).toBe(20);
	});
});

describe('PDFs', () => {
	it('are stored byte for byte under a safe name and served as a download', async () => {
		const file = await upload({ bytes: pdf, fileName: '../../Protokoll "Mai" <Rat>.PDF', accept: 'pdf', field: 'file', alt: undefined });
		expect(file).toMatchObject({ kind: 'pdf', type: 'application/pdf', fileName: 'Protokoll Mai Rat.pdf', size: pdf.length });
		expect(file.sources).toBeUndefined();

		const res = (await fileResponse(t.db, new Request(`http://x${file.url}`), file.id))!;
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('application/pdf');
		expect(res.headers.get('content-disposition')).toBe(`attachment; filename="Protokoll Mai Rat.pdf"; filename*=UTF-8''Protokoll%20Mai%20Rat.pdf`);
		expect(res.headers.get('x-content-type-options')).toBe('nosniff');
		expect(Buffer.from(await res.arrayBuffer()).equals(Buffer.from(pdf))).toBe(true);
	});

	it('keep umlauts in the download name, with an ASCII fallback', async () => {
		const file = await upload({ bytes: pdf, fileName: 'Übersicht Dorfgemeinschaftshaus.pdf', accept: 'image-or-pdf', alt: undefined });
		const res = (await fileResponse(t.db, new Request('http://x/'), file.id))!;
		expect(res.headers.get('content-disposition')).toBe(`attachment; filename="Ubersicht Dorfgemeinschaftshaus.pdf"; filename*=UTF-8''%C3%9Cbersicht%20Dorfgemeinschaftshaus.pdf`);
	});
});

describe('serving', () => {
	it('serves images inline, immutable, with ETag, nosniff and a sandbox CSP; answers 304 to a known ETag', async () => {
		const file = await upload({ bytes: await png(40, 40) });
		const res = (await fileResponse(t.db, new Request('http://x/'), file.id, 'thumb.webp'))!;
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('image/webp');
		expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
		expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
		expect(res.headers.get('x-content-type-options')).toBe('nosniff');
		expect(res.headers.get('content-disposition')).toMatch(/^inline; filename="bild.webp"/);
		const etag = res.headers.get('etag')!;
		expect(etag).toMatch(/^"[\w-]+"$/);
		const again = (await fileResponse(t.db, new Request('http://x/', { headers: { 'if-none-match': `W/"other", ${etag}` } }), file.id, 'thumb.webp'))!;
		expect(again.status).toBe(304);
		expect(await fileResponse(t.db, new Request('http://x/'), file.id, 'nonsense')).toBeNull();
		expect(await fileResponse(t.db, new Request('http://x/'), file.id, '../../etc')).toBeNull();
		expect(await fileResponse(t.db, new Request('http://x/'), 'x'.repeat(65))).toBeNull();
	});

	it('keeps serving logos stored before uploads v2 (rows without the new columns)', async () => {
		const id = newId();
		const bytes = await png(16, 16);
		await t.db.insertInto('files').values({ id, tenantId: village.id, contentType: 'image/png', dataBase64: bytes.toString('base64'), size: bytes.length, createdAt: Date.now() }).execute();
		const res = (await fileResponse(t.db, new Request('http://x/'), id))!;
		expect(res.headers.get('content-type')).toBe('image/png');
		expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
		expect(await getStoredFile(t.db, village.id, id)).toEqual({ id, kind: 'image', url: `/files/${id}`, type: 'image/png', fileName: '', size: bytes.length, alt: '' });
		expect(await deleteStoredFile(t.db, village.id, id)).toBe(true);
		expect(await fileResponse(t.db, new Request('http://x/'), id)).toBeNull();
	});
});

describe('tenant isolation and deletion', () => {
	it('does not find or delete another tenant’s file', async () => {
		const file = await upload({ bytes: await png(10, 10) });
		expect(await getStoredFile(t.db, other.id, file.id)).toBeUndefined();
		expect(await getStoredFile(t.db, null, file.id)).toBeUndefined();
		expect(await deleteStoredFile(t.db, other.id, file.id)).toBe(false);
		expect(await count(file.id)).toBe(4);
		// a rendition's own id is not a file of its own
		const thumbRow = await t.db.selectFrom('files').select('id').where('groupId', '=', file.id).where('variant', '=', 'thumb').executeTakeFirstOrThrow();
		expect(await getStoredFile(t.db, village.id, thumbRow.id)).toBeUndefined();
		expect(await getStoredFile(t.db, village.id, 'not an id!')).toBeUndefined();
	});

	it('deletes a file with all its renditions', async () => {
		const file = await upload({ bytes: await png(10, 10) });
		expect(await deleteStoredFile(t.db, village.id, file.id)).toBe(true);
		expect(await count(file.id)).toBe(0);
		expect(await getStoredFile(t.db, village.id, file.id)).toBeUndefined();
		expect(await deleteStoredFile(t.db, village.id, file.id)).toBe(false);
	});

	it('stores platform files without a tenant', async () => {
		const file = await upload({ bytes: pdf, accept: 'pdf', tenantId: null, alt: undefined });
		expect((await getStoredFile(t.db, null, file.id))?.kind).toBe('pdf');
		expect(await getStoredFile(t.db, village.id, file.id)).toBeUndefined();
	});

	it('writes in the caller’s transaction (rolled back: nothing stored)', async () => {
		let id = '';
		await t.db
			.transaction()
			.execute(async (trx) => {
				id = (await storeUpload(trx, { tenantId: village.id, bytes: await png(10, 10), fileName: 'a.png', alt: 'A', accept: 'image', createdBy: null, field: 'image' })).id;
				throw new Error('rollback');
			})
			.catch(() => undefined);
		expect(id).not.toBe('');
		expect(await count(id)).toBe(0);
	});
});
