import { describe, expect, it } from 'vitest';
import { deviceName, parseUserAgent } from './deviceName.ts';

const UA = {
	firefoxAndroid: 'Mozilla/5.0 (Android 14; Mobile; rv:128.0) Gecko/128.0 Firefox/128.0',
	chromeWindows: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
	safariIphone: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
	chromeIphone: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/126.0.6478.54 Mobile/15E148 Safari/604.1',
	edgeWindows: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.2592.68',
	samsung: 'Mozilla/5.0 (Linux; Android 13; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36',
	chromeAndroid: 'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36',
	safariMac: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
	firefoxLinux: 'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0',
	operaWindows: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 OPR/111.0.0.0',
	headless: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/126.0.0.0 Safari/537.36'
};

describe('parseUserAgent', () => {
	it('names the common browsers and systems', () => {
		expect(parseUserAgent(UA.firefoxAndroid)).toEqual({ browser: 'Firefox', system: 'Android' });
		expect(parseUserAgent(UA.chromeWindows)).toEqual({ browser: 'Chrome', system: 'Windows' });
		expect(parseUserAgent(UA.safariIphone)).toEqual({ browser: 'Safari', system: 'iPhone' });
		expect(parseUserAgent(UA.chromeIphone)).toEqual({ browser: 'Chrome', system: 'iPhone' });
		expect(parseUserAgent(UA.edgeWindows)).toEqual({ browser: 'Edge', system: 'Windows' });
		expect(parseUserAgent(UA.samsung)).toEqual({ browser: 'Samsung Internet', system: 'Android' });
		expect(parseUserAgent(UA.chromeAndroid)).toEqual({ browser: 'Chrome', system: 'Android' });
		expect(parseUserAgent(UA.safariMac)).toEqual({ browser: 'Safari', system: 'macOS' });
		expect(parseUserAgent(UA.firefoxLinux)).toEqual({ browser: 'Firefox', system: 'Linux' });
		expect(parseUserAgent(UA.operaWindows)).toEqual({ browser: 'Opera', system: 'Windows' });
	});

	it('leaves out what it does not know', () => {
		expect(parseUserAgent('')).toEqual({ browser: null, system: null });
		expect(parseUserAgent('curl/8.5.0')).toEqual({ browser: null, system: null });
		expect(parseUserAgent(UA.headless)).toEqual({ browser: null, system: 'Linux' });
		expect(parseUserAgent('<script>alert(1)</script> Windows')).toEqual({ browser: null, system: 'Windows' });
		expect(parseUserAgent('x'.repeat(100_000))).toEqual({ browser: null, system: null });
	});
});

describe('deviceName', () => {
	it('says "Unbekanntes Gerät" for an agent it cannot read, and what it knows otherwise', () => {
		expect(deviceName('')).toBe('Unbekanntes Gerät');
		expect(deviceName('curl/8.5.0')).toBe('Unbekanntes Gerät');
		expect(deviceName(UA.headless)).toBe('Browser auf Linux');
		expect(deviceName(UA.chromeAndroid)).toBe('Chrome auf Android');
		expect(deviceName(UA.safariIphone)).toBe('Safari auf iPhone');
	});
});
