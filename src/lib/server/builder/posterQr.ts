// The QR code on a village's poster, drawn on the server as an SVG path (no script in the browser).
import { correction, generate } from 'lean-qr';
import { toSvgPath } from 'lean-qr/extras/svg';

/**
 * Quartile error correction: a printed poster on a notice board gets creased, faded and pinned through; a
 * quarter of the code may be unreadable and it still scans. Addresses are short, so the code stays coarse.
 */
export const POSTER_QR_OPTIONS = { minCorrectionLevel: correction.Q } as const;

/** The light margin every reader needs around the code, in modules (ISO/IEC 18004). */
const QUIET_ZONE = 4;

export interface QrDrawing {
	/** modules per side, without the quiet zone */
	size: number;
	/** the dark modules as one path in module units (0 … size) */
	path: string;
	/** the SVG viewBox: the code with its quiet zone around it */
	viewBox: { x: number; y: number; width: number; height: number };
}

/** The QR code of a text (an address) as an SVG path. */
export function qrDrawing(text: string): QrDrawing {
	const code = generate(text, POSTER_QR_OPTIONS);
	const side = code.size + 2 * QUIET_ZONE;
	return { size: code.size, path: toSvgPath(code), viewBox: { x: -QUIET_ZONE, y: -QUIET_ZONE, width: side, height: side } };
}
