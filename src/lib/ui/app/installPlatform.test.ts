import { describe, expect, it } from 'vitest';
import { installPlatform, platformsInOrder } from './installPlatform.ts';

describe('which install steps come first', () => {
	it.each([
		['an iPhone', 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1', 'ios'],
		['an old iPad', 'Mozilla/5.0 (iPad; CPU OS 12_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/12.1 Mobile/15E148 Safari/604.1', 'ios'],
		['Chrome on Android', 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36', 'android'],
		['Firefox on Android', 'Mozilla/5.0 (Android 13; Mobile; rv:127.0) Gecko/127.0 Firefox/127.0', 'android'],
		['Chrome on Windows', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36', 'desktop'],
		['Safari on a Mac (or an iPad that says so)', 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15', 'desktop'],
		['no user agent', null, 'desktop'],
		['garbage', '\u0000'.repeat(10_000), 'desktop']
	])('%s', (_, ua, expected) => {
		expect(installPlatform(ua)).toBe(expected);
	});

	it('shows all three platforms, the likely one first', () => {
		expect(platformsInOrder('ios')).toEqual(['ios', 'android', 'desktop']);
		expect(platformsInOrder('desktop')).toEqual(['desktop', 'android', 'ios']);
		expect(platformsInOrder('android')).toEqual(['android', 'ios', 'desktop']);
	});
});
