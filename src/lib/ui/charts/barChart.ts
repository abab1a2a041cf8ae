// A horizontal bar chart as SVG: one row per value, the label above its bar and the value as text beside it, so
// nothing is said by colour or length alone. Widths are percentages of the chart's width: it fits a 320 px phone
// and a wide screen without scaling the text.
import { escapeHtml } from '../../escapeHtml.ts';
import { coord, shorten, svgOpen } from './svg.ts';

export interface Bar {
	label: string;
	value: number;
	/** the value as the reader reads it ("1.234 €") */
	valueText: string;
}

export interface BarChartSpec {
	/** unique on the page: the ids of <title> and <desc> derive from it */
	id: string;
	title: string;
	desc: string;
	bars: Bar[];
}

const ROW = 46;
const LABEL_Y = 17;
const BAR_Y = 23;
const BAR_HEIGHT = 16;
/** the longest bar, in % of the width: the rest holds the value beside it */
const MAX_BAR = 68;
const MAX_LABEL = 46;

/** The chart's SVG markup (every text escaped). */
export function barChartSvg(spec: BarChartSpec): string {
	const max = Math.max(0, ...spec.bars.map((b) => (Number.isFinite(b.value) ? b.value : 0)));
	const rows = spec.bars.map((bar, i) => {
		const top = i * ROW;
		const value = Number.isFinite(bar.value) && bar.value > 0 ? bar.value : 0;
		// a bar too short to see still shows that there is something
		const width = max > 0 && value > 0 ? Math.max(0.6, (value / max) * MAX_BAR) : 0;
		const label = shorten(bar.label, MAX_LABEL);
		return (
			`<g class="row">` +
			`<text class="label" x="0" y="${top + LABEL_Y}">${escapeHtml(label)}</text>` +
			(width > 0 ? `<rect class="bar" x="0" y="${top + BAR_Y}" width="${coord(width)}%" height="${BAR_HEIGHT}" rx="2"></rect>` : '') +
			`<text class="value" x="${coord(width)}%" dx="${width > 0 ? 6 : 0}" y="${top + BAR_Y + BAR_HEIGHT - 3}">${escapeHtml(bar.valueText)}</text>` +
			`</g>`
		);
	});
	return `${svgOpen({ id: spec.id, title: spec.title, desc: spec.desc, className: 'bar-chart', height: Math.max(ROW, spec.bars.length * ROW) })}${rows.join('')}</svg>`;
}
