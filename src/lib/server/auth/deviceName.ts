// A session's device as people name it ("Firefox auf Android") from the browser's User-Agent header. A small
// parser for the few browsers and systems people use, not a full one: what it does not know it leaves out,
// and the page says "Unbekanntes Gerät". (No library: the common ones are large and know thousands of
// devices this list does not need.)
import * as m from '../../paraglide/messages.js';

export interface Device {
	browser: string | null;
	system: string | null;
}

/** First match wins: browsers built on Chrome name themselves before "Chrome", and Chrome before "Safari". */
const BROWSERS: [RegExp, string][] = [
	[/\bEdg(?:e|A|iOS)?\//, 'Edge'],
	[/\bOPR\/|\bOpera\b/, 'Opera'],
	[/\bSamsungBrowser\//, 'Samsung Internet'],
	[/\bFirefox\/|\bFxiOS\//, 'Firefox'],
	[/\bCriOS\/|\bChrom(?:e|ium)\//, 'Chrome'],
	[/\bVersion\/[\d.]+.*\bSafari\//, 'Safari']
];

/** iPhone and iPad before "Mac OS X" (their agents say "like Mac OS X"); Android before Linux. */
const SYSTEMS: [RegExp, string][] = [
	[/\biPhone\b/, 'iPhone'],
	[/\biPad\b/, 'iPad'],
	[/\bAndroid\b/, 'Android'],
	[/\bWindows\b/, 'Windows'],
	[/\bCrOS\b/, 'ChromeOS'],
	[/\bMacintosh\b|\bMac OS X\b/, 'macOS'],
	[/\bLinux\b/, 'Linux']
];

export function parseUserAgent(userAgent: string): Device {
	const ua = userAgent.slice(0, 500);
	const find = (list: [RegExp, string][]) => list.find(([re]) => re.test(ua))?.[1] ?? null;
	return { browser: find(BROWSERS), system: find(SYSTEMS) };
}

/** "Firefox auf Android", "Chrome", "Browser auf iPhone", "Unbekanntes Gerät" (in the request's language) */
export function deviceName(userAgent: string): string {
	const { browser, system } = parseUserAgent(userAgent);
	if (browser && system) return m.session_device_on({ browser, system });
	if (system) return m.session_device_browser_unknown({ system });
	return browser ?? m.session_device_unknown();
}
