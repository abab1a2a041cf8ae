// The reminder the evening before: when it is due (Berlin time, both sides of a clock change) and what it says.
import { describe, expect, it } from 'vitest';
import type { Occurrence } from './queries.ts';
import { REMINDER_HOUR, reminderDay, reminderText } from './reminders.ts';

const occ = (title: string, startLocal: string, endLocal: string, allDay = false): Occurrence => ({ eventId: title, key: startLocal, title, allDay, startLocal, endLocal, start: 0, end: 0, location: '', category: '', clubId: null, cancelled: false, changed: false, recurring: false, note: '' });

describe('the reminder the evening before', () => {
	it('is not due during the day or at night', () => {
		expect(reminderDay(Date.UTC(2026, 11, 7, 15, 59))).toBeNull(); // 16:59 in Berlin (winter: UTC+1)
		expect(reminderDay(Date.UTC(2026, 11, 7, 21, 0))).toBeNull(); // 22:00
		expect(reminderDay(Date.UTC(2026, 11, 7, 3, 0))).toBeNull();
	});

	it('is due from 17:00 Berlin time for the next day, in winter and in summer', () => {
		expect(REMINDER_HOUR).toBe(17);
		expect(reminderDay(Date.UTC(2026, 11, 7, 16, 0))).toBe('2026-12-08'); // 17:00 CET
		expect(reminderDay(Date.UTC(2026, 6, 7, 15, 0))).toBe('2026-07-08'); // 17:00 CEST
		expect(reminderDay(Date.UTC(2026, 6, 7, 14, 59))).toBeNull(); // 16:59 CEST
		// the evening before the autumn switch (Sunday 25 October 2026)
		expect(reminderDay(Date.UTC(2026, 9, 24, 18, 0))).toBe('2026-10-25');
	});

	it('names the day and up to four events with their times, and how many more', () => {
		const list = [occ('Müllabfuhr', '2026-12-08', '2026-12-08', true), occ('Chorprobe', '2026-12-08T19:30', '2026-12-08T21:00'), occ('A', '2026-12-08T08:00', '2026-12-08T09:00'), occ('B', '2026-12-08T10:00', '2026-12-08T11:00'), occ('C', '2026-12-08T12:00', '2026-12-08T13:00'), occ('D', '2026-12-08T14:00', '2026-12-08T15:00')];
		const { title, body } = reminderText('2026-12-08', list);
		expect(title).toBe('Morgen, Dienstag, 8. Dezember 2026');
		expect(body).toBe('Müllabfuhr (ganztägig) · Chorprobe (19:30–21:00 Uhr) · A (08:00–09:00 Uhr) · B (10:00–11:00 Uhr) · und 2 weitere');
		expect(reminderText('2026-12-08', list.slice(0, 1)).body).toBe('Müllabfuhr (ganztägig)');
	});
});
