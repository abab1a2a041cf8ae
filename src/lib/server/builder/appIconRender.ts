// Draws a village app's icons with sharp: from its logo, or — without one — a monogram of its initials on its
// primary colour. Pure: bytes and colours in, PNG out; which village, which logo and caching are appIcons.ts.
import type SharpModule from 'sharp';
import type { Sharp } from 'sharp';
import { escapeHtml } from '../../escapeHtml.ts';
import { MAX_IMAGE_PIXELS } from '../files/images.ts';
import { loadSharp } from '../files/loadSharp.ts';

// set by each exported function before it draws (sharp is loaded on first use, see loadSharp.ts)
let sharp: typeof SharpModule;

/**
 * "any": the icon as it is (launchers, desktop, the browser tab); "maskable": full-bleed, everything that
 * matters inside the safe zone, a circle of 40 % of the size around the centre, so that any launcher mask
 * (circle, squircle, teardrop) keeps it; "apple": for iOS, which rounds corners itself and shows
 * transparency as black, so it is opaque.
 */
export type IconShape = 'any' | 'maskable' | 'apple';

/** The safe zone's radius as a share of the icon's size (W3C Web App Manifest, "icon masks"). */
export const SAFE_ZONE_RADIUS = 0.4;

export interface IconColours {
	/** the village's primary colour as the app shell shows it (contrast-checked, see ui/theme.ts) */
	primary: string;
	/** text on the primary colour: white or black, whichever contrasts more */
	onPrimary: string;
	/** the app's background (the manifest's background_color): under a logo */
	background: string;
}

const input = { limitInputPixels: MAX_IMAGE_PIXELS, failOn: 'error' as const };
const png = (image: Sharp) => image.png({ compressionLevel: 9, adaptiveFiltering: true }).toBuffer();
const canvas = (size: number, colour: string) => sharp({ create: { width: size, height: size, channels: 4, background: colour } });

/**
 * How large the artwork (w × h) may be drawn: within `box` of the size, and for a maskable icon inside the safe
 * zone — all of it (`safe` 1) or a share of its radius, for air around letters.
 */
function artworkScale(args: { width: number; height: number; size: number; shape: IconShape; box: number; safe?: number }): number {
	const { width, height, size } = args;
	const inBox = Math.min((args.box * size) / width, (args.box * size) / height);
	// the artwork's corners on the safe circle: half its diagonal is the radius (with a pixel of room for smoothing)
	const inSafeZone = (2 * (SAFE_ZONE_RADIUS * (args.safe ?? 1) * size - 1)) / Math.hypot(width, height);
	return args.shape === 'maskable' ? Math.min(inBox, inSafeZone) : inBox;
}

/** `artwork` (w × h) scaled by `scale` and centred on `base` (a square of `size`), as PNG; opaque without an alpha channel if asked. */
async function centred(args: { base: Sharp; artwork: Buffer; width: number; height: number; scale: number; size: number; opaque: boolean }): Promise<Buffer> {
	const width = Math.max(1, Math.round(args.width * args.scale));
	const height = Math.max(1, Math.round(args.height * args.scale));
	const art = await sharp(args.artwork, input).resize({ width, height, fit: 'fill' }).png().toBuffer();
	const image = args.base.composite([{ input: art, left: Math.round((args.size - width) / 2), top: Math.round((args.size - height) / 2) }]);
	// sharp applies the composite last, so dropping the alpha channel takes a second pass
	return png(args.opaque ? sharp(await image.png().toBuffer()).removeAlpha() : image);
}

/** The logo as an icon: whole and unchanged for "any" (transparent where it is), on the background otherwise. */
export async function renderLogoIcon(args: { logo: Buffer; size: number; shape: IconShape; colours: IconColours }): Promise<Buffer> {
	sharp = await loadSharp();
	const { size, shape } = args;
	if (shape === 'any') {
		return png(sharp(args.logo, input).resize({ width: size, height: size, fit: 'contain', background: { r: 0, g: 0, b: 0, alpha: 0 } }).ensureAlpha());
	}
	const meta = await sharp(args.logo, input).metadata();
	const width = meta.width ?? size;
	const height = meta.height ?? size;
	// iOS draws the icon edge to edge and rounds it: a margin keeps the logo off the corners
	const scale = artworkScale({ width, height, size, shape, box: shape === 'apple' ? 0.8 : 1 });
	return centred({ base: canvas(size, args.colours.background), artwork: args.logo, width, height, scale, size, opaque: true });
}


/**
 * The letters alone, drawn large and cut to their ink, so that they can be centred exactly whatever the font's
 * metrics. Null when the font drew nothing (no font on the machine has these characters).
 */
async function letterArtwork(letters: string, colour: string): Promise<{ artwork: Buffer; width: number; height: number } | null> {
	const fontSize = 400;
	const width = fontSize * (Array.from(letters).length + 1);
	// DejaVu Sans is on every Debian with fontconfig; Liberation Sans and the generic family are the fallbacks
	const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${fontSize * 1.5}"><text x="${width / 2}" y="${fontSize * 1.1}" font-family="DejaVu Sans, Liberation Sans, sans-serif" font-weight="700" font-size="${fontSize}" fill="${colour}" text-anchor="middle">${escapeHtml(letters)}</text></svg>`;
	const { data, info } = await sharp(Buffer.from(svg)).trim().png().toBuffer({ resolveWithObject: true });
	// nothing to trim: the canvas is as empty as it started
	if (info.width === width && info.trimOffsetLeft === 0 && info.trimOffsetTop === 0) return null;
	return { artwork: data, width: info.width, height: info.height };
}

/**
 * A monogram icon: the village's initials, bold, in the text colour on its primary colour. "any" has rounded
 * corners; maskable and Apple icons are full squares (the platform masks them).
 */
export async function renderMonogramIcon(args: { letters: string; size: number; shape: IconShape; colours: IconColours }): Promise<Buffer> {
	sharp = await loadSharp();
	const { size, shape, colours } = args;
	const letters = (await letterArtwork(args.letters, colours.onPrimary)) ?? (await letterArtwork('A', colours.onPrimary));
	const radius = shape === 'any' ? Math.round(size * 0.125) : 0;
	const tile = () => sharp(Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}"><rect width="${size}" height="${size}" rx="${radius}" fill="${colours.primary}"/></svg>`));
	const opaque = shape !== 'any';
	if (!letters) return png(opaque ? tile().removeAlpha() : tile());
	// capitals at about half the height; two letters are held by the width
	const scale = Math.min(artworkScale({ width: letters.width, height: letters.height, size, shape, box: 0.72, safe: 0.85 }), (0.46 * size) / letters.height);
	return centred({ base: tile(), ...letters, scale, size, opaque });
}
