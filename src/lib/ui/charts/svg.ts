// Text for SVG markup built as a string (the charts are rendered on the server, and tested, as plain SVG).
import { escapeHtml } from '../../escapeHtml.ts';

/** A label cut to `max` characters (with "…"): the chart stays readable on a phone; the table has the full text. */
export function shorten(text: string, max: number): string {
	const chars = [...text];
	return chars.length > max ? `${chars.slice(0, max - 1).join('').trimEnd()}…` : text;
}

/** A number for attributes: at most two decimals, never "NaN" or exponent notation. */
export function coord(n: number): string {
	return Number.isFinite(n) ? String(Math.round(n * 100) / 100) : '0';
}

/** The opening of an accessible chart: role="img", named by its <title> and described by its <desc>. */
export function svgOpen(args: { id: string; title: string; desc: string; className: string; height: number; minWidth?: number }): string {
	const style = args.minWidth ? ` style="min-width: ${coord(args.minWidth)}px"` : '';
	return (
		`<svg xmlns="http://www.w3.org/2000/svg" class="chart ${escapeHtml(args.className)}" role="img" aria-labelledby="${escapeHtml(args.id)}-title ${escapeHtml(args.id)}-desc" width="100%" height="${coord(args.height)}"${style}>` +
		`<title id="${escapeHtml(args.id)}-title">${escapeHtml(args.title)}</title><desc id="${escapeHtml(args.id)}-desc">${escapeHtml(args.desc)}</desc>`
	);
}
