import { describe, expect, it } from 'vitest';
import { contrast, themeTokens } from './theme.ts';

const rgb = (hex: string): [number, number, number] => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];

describe('village theme tokens', () => {
	it('keep 4.5:1 for links and buttons even with a pale colour', () => {
		const t = themeTokens('#ffff66', '#ffffff');
		expect(contrast(rgb(t.light['--color-link']!), [255, 255, 255])).toBeGreaterThanOrEqual(4.5);
		expect(contrast(rgb(t.light['--color-primary']!), rgb(t.light['--color-primary-text']!))).toBeGreaterThanOrEqual(4.5);
		expect(contrast(rgb(t.light['--color-focus']!), [255, 255, 255])).toBeGreaterThanOrEqual(3);
	});

	it('keep contrast in the dark scheme with a dark colour', () => {
		const t = themeTokens('#101050', '#000000');
		expect(contrast(rgb(t.dark['--color-link']!), [18, 22, 20])).toBeGreaterThanOrEqual(4.5);
		expect(contrast(rgb(t.dark['--color-focus']!), [18, 22, 20])).toBeGreaterThanOrEqual(3);
	});

	it('leave good colours alone and fall back to the defaults for bad input', () => {
		expect(themeTokens('#1f6f43', '#b35c00').light['--color-primary']).toBe('#1f6f43');
		expect(themeTokens('green', null).light['--color-primary']).toBe('#1f6f43');
	});
});
