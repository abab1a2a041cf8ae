import { describe, expect, it } from 'vitest';
import { formatBytes, formatWhen } from './format.ts';

const words = { today: (t: string) => `heute ${t}`, yesterday: (t: string) => `gestern ${t}` };
// 14:05 in Berlin on 1 July 2026 (summer time, UTC+2)
const at = Date.UTC(2026, 6, 1, 12, 5);

describe('formatWhen', () => {
	it('says today and yesterday with the time in Berlin, else the date', () => {
		expect(formatWhen(at, 'de', words, at + 3600_000)).toBe('heute 14:05');
		expect(formatWhen(at, 'de', words, at + 24 * 3600_000)).toBe('gestern 14:05');
		expect(formatWhen(at, 'de', words, at + 3 * 24 * 3600_000)).toBe('01.07.2026, 14:05');
		expect(formatWhen(at, 'en', words, at + 3 * 24 * 3600_000)).toBe('1 Jul 2026, 14:05');
	});

	it('counts days in Berlin: 00:30 Berlin time is today although it is yesterday in UTC', () => {
		const halfPastMidnight = Date.UTC(2026, 6, 1, 22, 30); // 2 July 00:30 in Berlin
		expect(formatWhen(halfPastMidnight, 'de', words, Date.UTC(2026, 6, 2, 10))).toBe('heute 00:30');
		expect(formatWhen(at, 'de', words, Date.UTC(2026, 6, 2, 22, 30))).toBe('01.07.2026, 14:05');
	});

	it('finds yesterday across the change from summer to winter time', () => {
		// 25 Oct 2026 is the day the clocks go back: 26 Oct 08:00 Berlin → yesterday is 25 Oct
		expect(formatWhen(Date.UTC(2026, 9, 25, 0, 30), 'de', words, Date.UTC(2026, 9, 26, 7))).toBe('gestern 02:30');
	});
});

describe('formatBytes', () => {
	it('says sizes in KB and MB in the reader’s notation', () => {
		expect(formatBytes(4523, 'de')).toBe('4,4 KB');
		expect(formatBytes(4523, 'en')).toBe('4.4 KB');
		expect(formatBytes(12, 'de')).toBe('1 KB');
		expect(formatBytes(1.5 * 1024 * 1024, 'de')).toBe('1,5 MB');
	});
});
