// A village's colours as theme tokens (CSS custom properties) that always keep WCAG AA contrast: a colour
// that is too light on white (or too dark on the dark background) is darkened (lightened) until it reads.

type Rgb = [number, number, number];

function parseHex(hex: string | null | undefined): Rgb | null {
	const m = /^#([0-9a-f]{6})$/i.exec(hex ?? '');
	if (!m) return null;
	const n = parseInt(m[1]!, 16);
	return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

const toHex = (c: Rgb) => `#${c.map((v) => Math.round(Math.min(255, Math.max(0, v))).toString(16).padStart(2, '0')).join('')}`;

function luminance([r, g, b]: Rgb): number {
	const lin = (v: number) => {
		const s = v / 255;
		return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
	};
	return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** WCAG contrast ratio of two colours (1–21). */
export function contrast(a: Rgb, b: Rgb): number {
	const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
	return (hi + 0.05) / (lo + 0.05);
}

/** Mixes the colour towards `target` step by step until it has `ratio` contrast against `background`. */
function ensureContrast(color: Rgb, background: Rgb, target: Rgb, ratio: number): Rgb {
	let c = color;
	// a little margin, so rounding to hex digits cannot push it below the ratio
	for (let i = 0; i < 30 && contrast(c, background) < ratio + 0.1; i++) c = c.map((v, k) => v + (target[k]! - v) * 0.15) as Rgb;
	return c;
}

const WHITE: Rgb = [255, 255, 255];
const BLACK: Rgb = [0, 0, 0];
const LIGHT_BG: Rgb = [255, 255, 255];
const DARK_BG: Rgb = [18, 22, 20];

export interface ThemeTokens {
	light: Record<string, string>;
	dark: Record<string, string>;
}

/** Tokens for the light and the dark scheme from a village's primary and accent colour (defaults: Allmende green). */
export function themeTokens(primaryHex: string | null | undefined, accentHex: string | null | undefined): ThemeTokens {
	const primary = parseHex(primaryHex) ?? [31, 111, 67];
	const accent = parseHex(accentHex) ?? [179, 92, 0];
	const scheme = (bg: Rgb, toward: Rgb) => {
		const p = ensureContrast(primary, bg, toward, 4.5);
		const a = ensureContrast(accent, bg, toward, 3);
		const onPrimary = contrast(WHITE, p) >= contrast(BLACK, p) ? '#ffffff' : '#000000';
		return { '--color-primary': toHex(p), '--color-primary-text': onPrimary, '--color-link': toHex(p), '--color-accent': toHex(a), '--color-focus': toHex(a) };
	};
	return { light: scheme(LIGHT_BG, BLACK), dark: scheme(DARK_BG, WHITE) };
}

/** The tokens as CSS declarations for a style attribute; with a prefix "--color-x" becomes "--<prefix>-color-x". */
export function cssVars(tokens: Record<string, string>, prefix?: string): string {
	return Object.entries(tokens)
		.map(([k, v]) => `${prefix ? `--${prefix}-${k.slice(2)}` : k}: ${v}`)
		.join('; ');
}

export interface ContrastNote {
	colour: 'primary' | 'accent';
	scheme: 'light' | 'dark';
	/** the colour as chosen */
	chosen: string;
	/** the colour the app uses in that scheme (equal to `chosen` when it reads well already) */
	used: string;
	/** contrast of the chosen colour against the scheme's background, and the least that is needed */
	ratio: number;
	needed: number;
}

/**
 * What the contrast guard does with a village's colours, colour by colour and scheme by scheme: only the
 * cases where it changes a colour, so the builder can say so in words ("too light on white: the app uses …").
 */
export function contrastNotes(primaryHex: string | null | undefined, accentHex: string | null | undefined): ContrastNote[] {
	const tokens = themeTokens(primaryHex, accentHex);
	const notes: ContrastNote[] = [];
	for (const [colour, hex, token, needed] of [
		['primary', primaryHex, '--color-primary', 4.5],
		['accent', accentHex, '--color-accent', 3]
	] as const) {
		const chosen = parseHex(hex);
		if (!chosen) continue;
		for (const [scheme, bg] of [
			['light', LIGHT_BG],
			['dark', DARK_BG]
		] as const) {
			const used = tokens[scheme][token]!;
			if (used.toLowerCase() !== toHex(chosen)) notes.push({ colour, scheme, chosen: toHex(chosen), used, ratio: Math.round(contrast(chosen, bg) * 10) / 10, needed });
		}
	}
	return notes;
}
