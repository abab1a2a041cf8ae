import { describe, expect, it } from 'vitest';
import { matchPage, modulePath } from './pages.ts';

describe('modulePath (where a form goes after a module action)', () => {
	it('never leaves the module: other hosts, parent paths, schemes and backslashes lead to its main page', () => {
		for (const evil of ['//evil.example/x', '/\\evil.example', '../admin', 'event/../../admin', 'https://evil.example', 'javascript:alert(1)', 'event/%2e%2e', 'a b', 'event\\x', 'event//x']) {
			expect(modulePath('koerbecke', 'calendar', evil), evil).toBe('/koerbecke/calendar');
		}
	});

	it('goes to a sub-page, the main page, or the main page with a query', () => {
		expect(modulePath('koerbecke', 'calendar', 'event/0193-abc')).toBe('/koerbecke/calendar/event/0193-abc');
		expect(modulePath('koerbecke', 'calendar', '')).toBe('/koerbecke/calendar');
		expect(modulePath('koerbecke', 'calendar', '?suggested=1')).toBe('/koerbecke/calendar?suggested=1');
		expect(modulePath('koerbecke', 'calendar', 'event/x?on=2026-12-08')).toBe('/koerbecke/calendar/event/x?on=2026-12-08');
	});
});

describe('matchPage', () => {
	const pages = [
		{ path: '', component: 'Page', title: { de: 'a', en: 'a' } },
		{ path: 'event/:eventId', component: 'Event', title: { de: 'b', en: 'b' } }
	];
	it('matches the main page and parameters, and nothing else', () => {
		expect(matchPage(pages, '')?.page.component).toBe('Page');
		expect(matchPage(pages, 'event/abc')?.params).toEqual({ eventId: 'abc' });
		expect(matchPage(pages, 'event')).toBeFalsy();
		expect(matchPage(pages, 'event/abc/edit')).toBeFalsy();
	});
});
