import { describe, expect, it } from 'vitest';
import { safeNext } from './forms.ts';

const origin = 'https://allmende.kreis-soest.de';
const next = (value: string | null | undefined) => safeNext(value, { origin, fallback: '/account' });

/** What a browser does with the Location header: the page it ends up on. */
const landing = (location: string) => new URL(location, origin);

// Values as they arrive after the query string is decoded (`next=/%09/evil.example` → "/\t/evil.example").
const evil: [string, string][] = [
	['tab after the slash', '/\t/evil.example'],
	['tab inside the double slash', '/\t\t/evil.example'],
	['backslash', '\\\\evil.example'],
	['slash backslash', '/\\evil.example'],
	['backslash slash', '\\/evil.example'],
	['protocol-relative', '//evil.example'],
	['three slashes', '///evil.example/account'],
	['dot segment before a double slash', '/.//evil.example'],
	['dot-dot segment before a double slash', '/a/..//evil.example'],
	['leading space', ' //evil.example'],
	['newline inside the double slash', '/\n/evil.example'],
	['javascript: URL', 'javascript:alert(document.cookie)'],
	['data: URL', 'data:text/html,<script>alert(1)</script>'],
	['absolute URL to another host', 'https://evil.example/login'],
	['other scheme, scheme-relative', 'http:evil.example'],
	['userinfo trick', 'https://allmende.kreis-soest.de@evil.example/'],
	['host suffix trick', 'https://allmende.kreis-soest.de.evil.example/'],
	['other port', 'https://allmende.kreis-soest.de:8443/account'],
	['plain http on the same host', 'http://allmende.kreis-soest.de/account'],
	['very long value', `/${'a'.repeat(5000)}`],
	['very long value after encoding', `/${'\u2028'.repeat(900)}`]
];

// Values that stay on the site but carry characters that must not reach the Location header raw.
const awkward: [string, string, string][] = [
	['encoded slashes stay encoded', '/%2f%2fevil.example', '/%2f%2fevil.example'],
	['encoded tab stays encoded', '/%09/evil.example', '/%09/evil.example'],
	['CR/LF (header injection)', '/account\r\nSet-Cookie: x=1', '/accountSet-Cookie:%20x=1'],
	['encoded CR/LF stays encoded', '/account%0d%0aSet-Cookie:x', '/account%0d%0aSet-Cookie:x'],
	['U+2028 in the path', '/account\u2028x', '/account%E2%80%A8x'],
	['U+2028 in query and fragment', '/account?a=\u2028#\u2029', '/account?a=%E2%80%A8#%E2%80%A9'],
	['NUL byte', '/acc\u0000ount', '/acc%00ount'],
	['same scheme without slashes is a path here', 'https:evil.example', '/evil.example'],
	['umlauts', '/altengeseke/über', '/altengeseke/%C3%BCber']
];

describe('safeNext: open redirect after login (security review finding 1)', () => {
	it.each(evil)('falls back for %s', (_, value) => {
		expect(next(value)).toBe('/account');
	});

	it.each(awkward)('keeps %s as a same-origin path', (_, value, expected) => {
		const result = next(value);
		expect(result).toBe(expected);
		expect(landing(result).origin).toBe(origin);
		expect(result).toMatch(/^\/(?![/\\])[\x21-\x7e]*$/);
	});

	it('keeps same-origin paths with query and fragment, and absolute URLs of the site as paths', () => {
		expect(next('/altengeseke/admin?tab=1#members')).toBe('/altengeseke/admin?tab=1#members');
		expect(next('/invite/abc-DEF_123')).toBe('/invite/abc-DEF_123');
		expect(next('https://allmende.kreis-soest.de/account?x=1')).toBe('/account?x=1');
		expect(next('/a/../admin')).toBe('/admin');
	});

	it('uses the fallback for missing values', () => {
		expect(next(null)).toBe('/account');
		expect(next(undefined)).toBe('/account');
		expect(next('')).toBe('/account');
		expect(safeNext('//evil.example', { origin })).toBe('/');
	});

	it('never returns anything that leads off the site, for any of the values above', () => {
		for (const [, value] of [...evil, ...awkward]) {
			const result = next(value);
			expect(landing(result).origin, JSON.stringify(value)).toBe(origin);
			expect(result.startsWith('//') || result.startsWith('/\\'), JSON.stringify(value)).toBe(false);
		}
	});
});
