import type { Metadata, OutputInfo } from 'sharp';
import { loadSharp } from './loadSharp.ts';
import type { SniffedType } from './sniff.ts';

/** Larger images are refused before they are decoded (a 100 kB PNG can claim 50,000 × 50,000 pixels). */
export const MAX_IMAGE_PIXELS = 64_000_000;

/**
 * How an image is stored. "photo": a page size (≤ 1600 px) and a thumbnail (≤ 400 px), each as WebP and as
 * JPEG (PNG when the image has transparent parts). The JPEG is only for browsers without WebP, so it is
 * encoded quickly (mozjpeg would save a quarter of its bytes at ten times the time). "logo": one size
 * (≤ 512 px) as WebP and lossless PNG, because a logo is a graphic (sharp edges, transparency) and the app
 * shell and PWA icons want one PNG.
 */
export type ImagePreset = 'photo' | 'logo';
const PRESETS: Record<ImagePreset, { name: string; max: number }[]> = {
	photo: [
		{ name: 'page', max: 1600 },
		{ name: 'thumb', max: 400 }
	],
	logo: [{ name: 'logo', max: 512 }]
};

export interface Rendition {
	/** "page", "page.webp", "thumb", … */
	variant: string;
	contentType: string;
	bytes: Buffer;
	width: number;
	height: number;
}

export type ImageProblem = 'unreadable' | 'too_many_pixels' | 'heic' | 'mismatch';
export class ImageRefused extends Error {
	constructor(readonly problem: ImageProblem) {
		super(problem);
	}
}

// What sharp calls each type we sniffed (AVIF and HEIC are both HEIF containers).
const SHARP_FORMAT: Partial<Record<SniffedType, string>> = { png: 'png', jpeg: 'jpeg', gif: 'gif', webp: 'webp', avif: 'heif', heic: 'heif' };

const input = { limitInputPixels: MAX_IMAGE_PIXELS, failOn: 'error' as const };

/**
 * Decodes an image once and re-encodes it into the preset's renditions. Nothing of the upload survives but its
 * pixels: orientation is applied, all metadata (EXIF with GPS position, XMP, ICC, comments) is dropped, only
 * the first frame of an animation is kept.
 */
export async function renderImage(bytes: Uint8Array, type: SniffedType, preset: ImagePreset): Promise<Rendition[]> {
	const sharp = await loadSharp();
	let meta: Metadata;
	try {
		meta = await sharp(bytes, input).metadata();
	} catch (e) {
		if (/pixel limit/i.test(String(e))) throw new ImageRefused('too_many_pixels');
		throw new ImageRefused(type === 'heic' ? 'heic' : 'unreadable');
	}
	if (!meta.width || !meta.height) throw new ImageRefused('unreadable');
	if (meta.width * meta.height > MAX_IMAGE_PIXELS) throw new ImageRefused('too_many_pixels');
	// The container must be what the magic bytes said (a polyglot or a mislabelled HEIF is not taken).
	if (meta.format !== SHARP_FORMAT[type]) throw new ImageRefused('mismatch');
	if (type === 'heic' || (meta.format === 'heif' && meta.compression !== 'av1')) throw new ImageRefused('heic');

	const sizes = PRESETS[preset];
	let decoded: { data: Buffer; info: OutputInfo };
	try {
		decoded = await sharp(bytes, input)
			.autoOrient()
			.resize({ width: sizes[0]!.max, height: sizes[0]!.max, fit: 'inside', withoutEnlargement: true })
			.toColourspace('srgb')
			.raw()
			.toBuffer({ resolveWithObject: true });
	} catch {
		throw new ImageRefused('unreadable');
	}
	const { data, info } = decoded;
	const raw = { raw: { width: info.width, height: info.height, channels: info.channels as 1 | 2 | 3 | 4 } };
	const transparent = (info.channels === 2 || info.channels === 4) && !(await sharp(data, raw).stats()).isOpaque;
	const lossless = preset === 'logo' || transparent;

	const out: Rendition[] = [];
	for (const size of sizes) {
		const sized = () => sharp(data, raw).resize({ width: size.max, height: size.max, fit: 'inside', withoutEnlargement: true });
		const fallback = lossless
			? await sized().png({ compressionLevel: 9, adaptiveFiltering: true }).toBuffer({ resolveWithObject: true })
			: await sized().removeAlpha().jpeg({ quality: 82 }).toBuffer({ resolveWithObject: true });
		const webp = await sized()
			.webp(preset === 'logo' ? { lossless: true, effort: 4 } : { quality: 80, alphaQuality: 90, effort: 4 })
			.toBuffer({ resolveWithObject: true });
		const dims = { width: fallback.info.width, height: fallback.info.height };
		out.push({ variant: size.name, contentType: lossless ? 'image/png' : 'image/jpeg', bytes: fallback.data, ...dims });
		out.push({ variant: `${size.name}.webp`, contentType: 'image/webp', bytes: webp.data, ...dims });
	}
	return out;
}
