// A column chart as SVG for values over time (years): up to two series side by side in each period, each column
// with its value as text above it, the second series hatched (not told apart by colour alone), and a legend.
// Horizontal positions are percentages; a minimum width per period keeps many years readable (the page lets the
// chart scroll sideways inside a labelled region on a narrow screen).
import { escapeHtml } from '../../escapeHtml.ts';
import { coord, svgOpen } from './svg.ts';

export interface ColumnSeries {
	name: string;
	values: number[];
}

export interface ColumnChartSpec {
	id: string;
	title: string;
	desc: string;
	/** the periods, e.g. years ("2024") */
	categories: string[];
	/** one or two series, each with a value per period */
	series: ColumnSeries[];
	/** how a value is written ("1.234") */
	format: (n: number) => string;
}

const LEGEND = 28;
const PLOT = 170;
const TOP_GAP = 20;
const AXIS = 26;
const PER_PERIOD = 48;

/** The chart's SVG markup (every text escaped). */
export function columnChartSvg(spec: ColumnChartSpec): string {
	const series = spec.series.slice(0, 2);
	const n = Math.max(1, spec.categories.length);
	const max = Math.max(0, ...series.flatMap((s) => s.values.map((v) => (Number.isFinite(v) ? v : 0))));
	const base = LEGEND + TOP_GAP + PLOT;
	const slot = 100 / n;
	const colWidth = (slot * 0.7) / series.length;
	const pattern = `${spec.id}-hatch`;
	const parts: string[] = [`<defs><pattern id="${escapeHtml(pattern)}" class="hatch" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)"><rect class="hatch-bg" width="6" height="6"></rect><line class="hatch-line" x1="0" y1="0" x2="0" y2="6"></line></pattern></defs>`];
	// the legend: a swatch and the series' name, as text
	series.forEach((s, k) => {
		const x = k * 50;
		parts.push(`<rect class="${k ? `column second` : 'column'}" x="${x}%" y="6" width="14" height="14"${k ? ` fill="url(#${escapeHtml(pattern)})"` : ''}></rect><text class="legend" x="${x}%" dx="20" y="18">${escapeHtml(s.name)}</text>`);
	});
	parts.push(`<line class="axis" x1="0" x2="100%" y1="${base}" y2="${base}"></line>`);
	spec.categories.forEach((category, i) => {
		const start = i * slot + slot * 0.15;
		series.forEach((s, k) => {
			const raw = s.values[i] ?? 0;
			const value = Number.isFinite(raw) && raw > 0 ? raw : 0;
			const height = max > 0 ? (value / max) * PLOT : 0;
			const x = start + k * colWidth;
			if (height > 0) parts.push(`<rect class="${k ? 'column second' : 'column'}" x="${coord(x)}%" y="${coord(base - height)}" width="${coord(colWidth * 0.92)}%" height="${coord(height)}"${k ? ` fill="url(#${escapeHtml(pattern)})"` : ''}></rect>`);
			parts.push(`<text class="value" x="${coord(x + colWidth * 0.46)}%" y="${coord(base - height - 5)}" text-anchor="middle">${escapeHtml(spec.format(value))}</text>`);
		});
		parts.push(`<text class="category" x="${coord(i * slot + slot / 2)}%" y="${base + 18}" text-anchor="middle">${escapeHtml(category)}</text>`);
	});
	return `${svgOpen({ id: spec.id, title: spec.title, desc: spec.desc, className: 'column-chart', height: base + AXIS, minWidth: Math.max(280, n * PER_PERIOD) })}${parts.join('')}</svg>`;
}
