// The charts' SVG as a screen reader and a reader without colours meet it: role="img" named by <title> and
// described by <desc>, every label and value as text, hostile labels escaped, bars in proportion.
import { describe, expect, it } from 'vitest';
import { barChartSvg } from './barChart.ts';
import { columnChartSvg } from './columnChart.ts';
import { shorten } from './svg.ts';

const bars = [
	{ label: 'Abgeschlossen', value: 24, valueText: '24' },
	{ label: 'In Umsetzung', value: 12, valueText: '12' },
	{ label: 'Pausiert', value: 0, valueText: '0' }
];

describe('barChartSvg', () => {
	it('escapes hostile labels and titles: nothing becomes markup', () => {
		const svg = barChartSvg({ id: 'x', title: '<script>alert(1)</script>', desc: '" onload="x', bars: [{ label: '<img src=x onerror=alert(1)>', value: 1, valueText: '&1' }] });
		expect(svg).not.toContain('<script');
		expect(svg).not.toContain('<img');
		expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
		expect(svg).toContain('&quot; onload=&quot;x');
		expect(svg).toContain('&amp;1');
	});

	it('survives no bars, only zeros and numbers that are no numbers', () => {
		expect(barChartSvg({ id: 'e', title: 'Leer', desc: 'nichts', bars: [] })).toMatch(/^<svg[^>]*height="46"/);
		const svg = barChartSvg({ id: 'z', title: 'Null', desc: 'd', bars: [{ label: 'a', value: 0, valueText: '0' }, { label: 'b', value: Number.NaN, valueText: '–' }] });
		expect(svg).not.toContain('<rect');
		expect(svg).not.toContain('NaN');
	});

	it('is an image named by its title and described by its desc', () => {
		const svg = barChartSvg({ id: 'status', title: 'Projekte nach Stand', desc: 'Balkendiagramm, 3 Werte.', bars });
		expect(svg).toMatch(/^<svg [^>]*role="img" aria-labelledby="status-title status-desc"/);
		expect(svg).toContain('<title id="status-title">Projekte nach Stand</title>');
		expect(svg).toContain('<desc id="status-desc">Balkendiagramm, 3 Werte.</desc>');
	});

	it('writes every label and value as text, and draws bars in proportion (none for zero)', () => {
		const svg = barChartSvg({ id: 's', title: 't', desc: 'd', bars });
		for (const b of bars) {
			expect(svg).toContain(`>${b.label}</text>`);
			expect(svg).toContain(`>${b.valueText}</text>`);
		}
		const widths = [...svg.matchAll(/<rect class="bar"[^>]* width="([\d.]+)%"/g)].map((m) => Number(m[1]));
		expect(widths).toEqual([68, 34]);
	});

	it('shortens long labels for the chart (the table keeps them whole)', () => {
		expect(shorten('Partnerschaften zur Erreichung der Ziele und noch viel mehr Text', 20)).toBe('Partnerschaften zur…');
		expect(shorten('kurz', 20)).toBe('kurz');
	});
});

describe('columnChartSvg', () => {
	const spec = { id: 'trends', title: 'Projekte im Zeitverlauf', desc: 'Säulen je Jahr', categories: ['2022', '2023', '2024'], series: [{ name: 'Begonnen', values: [4, 8, 2] }, { name: 'Abgeschlossen', values: [0, 3, 1] }], format: (n: number) => String(n) };

	it('is an image with title and desc, a legend, years and every value as text', () => {
		const svg = columnChartSvg(spec);
		expect(svg).toMatch(/^<svg [^>]*role="img" aria-labelledby="trends-title trends-desc"/);
		expect(svg).toContain('<title id="trends-title">Projekte im Zeitverlauf</title>');
		expect(svg).toContain('>Begonnen</text>');
		expect(svg).toContain('>Abgeschlossen</text>');
		for (const year of spec.categories) expect(svg).toContain(`>${year}</text>`);
		const values = [...svg.matchAll(/<text class="value"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
		expect(values).toEqual(['4', '0', '8', '3', '2', '1']);
	});

	it('tells the second series apart by a hatch pattern, not by colour alone', () => {
		const svg = columnChartSvg(spec);
		expect(svg).toContain('<pattern id="trends-hatch"');
		// legend swatch and 2 columns with a value (the zero has none)
		expect(svg.match(/fill="url\(#trends-hatch\)"/g)).toHaveLength(3);
		const heights = [...svg.matchAll(/<rect class="column"[^>]* height="([\d.]+)"/g)].map((m) => Number(m[1]));
		// the legend swatch (14), then 4, 8, 2 of a maximum of 8 on 170 px
		expect(heights).toEqual([14, 85, 170, 42.5]);
	});

	it('keeps a minimum width per year so that many years stay readable', () => {
		const many = columnChartSvg({ ...spec, categories: Array.from({ length: 20 }, (_, i) => String(2000 + i)), series: [{ name: 'a', values: [] }] });
		expect(many).toContain('style="min-width: 960px"');
		expect(columnChartSvg({ ...spec, categories: [], series: [] })).toContain('min-width: 280px');
	});
});
