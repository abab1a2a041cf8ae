// Wall-clock time in Europe/Berlin, where every village of the county lives. An event's times are stored as the
// village sees them ("2026-12-08T19:00", or "2026-12-08" all day); recurrence runs on the wall clock (a weekly
// 19:00 rehearsal stays at 19:00 across the daylight-saving switches) and only then becomes an instant in time.
//
// A "wall" number is the wall-clock time written as if it were UTC (Date.UTC of its fields): plain arithmetic
// on it (add a day, compare) is safe, and rrule works on exactly this form ("floating" dates).

export const TIME_ZONE = 'Europe/Berlin';

const DAY = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

const parts = new Intl.DateTimeFormat('en-US', {
	timeZone: TIME_ZONE,
	hourCycle: 'h23',
	year: 'numeric',
	month: 'numeric',
	day: 'numeric',
	hour: 'numeric',
	minute: 'numeric',
	second: 'numeric'
});

/** The wall clock in Berlin at an instant, asked of Intl (some 20 µs a call). */
function wallFromIntl(utc: number): number {
	const p = Object.fromEntries(parts.formatToParts(new Date(utc)).map((x) => [x.type, Number(x.value)]));
	return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) + (utc % 1000 + 1000) % 1000;
}

// Berlin's offset per UTC hour: a page of a year's occurrences asks thousands of times, and the offset only ever
// changes at the top of a UTC hour. An hour whose start and end disagree is never kept (asked of Intl each time).
const HOUR = 3_600_000;
const offsets = new Map<number, number>();

/** The wall clock in Berlin at an instant (as a wall number). */
export function utcToWall(utc: number): number {
	const hour = Math.floor(utc / HOUR);
	let offset = offsets.get(hour);
	if (offset === undefined) {
		const atStart = wallFromIntl(hour * HOUR) - hour * HOUR;
		const atEnd = wallFromIntl(hour * HOUR + HOUR - 1000) - (hour * HOUR + HOUR - 1000);
		if (atStart !== atEnd) return wallFromIntl(utc);
		if (offsets.size > 100_000) offsets.clear();
		offsets.set(hour, (offset = atStart));
	}
	return utc + offset;
}

/**
 * The instant of a wall-clock time in Berlin. In the hour that the spring switch skips (02:00–03:00), the time is
 * read with the offset before the switch (02:30 becomes 03:30 summer time); in the hour that the autumn switch
 * repeats, the first of the two is meant. This is what RFC 5545 (3.3.5) asks of calendar software.
 */
export function wallToUtc(wall: number): number {
	const before = utcToWall(wall - DAY) - (wall - DAY); // the offset a day earlier
	const after = utcToWall(wall + DAY) - (wall + DAY); // and a day later: a switch lies between or not
	const candidates = [wall - before, wall - after].filter((utc) => utcToWall(utc) === wall);
	if (candidates.length === 0) return wall - before; // in the gap
	return Math.min(...candidates);
}

/** A stored local value ("2026-12-08" or "2026-12-08T19:00") as a wall number; null when it is not one. */
export function parseLocal(value: string): number | null {
	const m = DATE_TIME.exec(value) ?? DATE.exec(value);
	if (!m) return null;
	const [y, mo, d, h = '0', mi = '0'] = m.slice(1).map((s) => s ?? '0') as string[];
	const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi));
	// Date.UTC rolls over (Feb 30 → Mar 2, 24:00 → next day): such a value is not a real date.
	return formatLocal(wall, value.length === 10) === value ? wall : null;
}

/** A wall number as a stored local value: "2026-12-08" (dateOnly) or "2026-12-08T19:00". */
export function formatLocal(wall: number, dateOnly = false): string {
	const iso = new Date(wall).toISOString();
	return dateOnly ? iso.slice(0, 10) : iso.slice(0, 16);
}

/** The calendar day of a wall number ("2026-12-08"). */
export const dayOf = (wall: number): string => formatLocal(wall, true);

/** Today in Berlin ("2026-12-08"). */
export const todayInBerlin = (now = Date.now()): string => dayOf(utcToWall(now));

export const addDays = (day: string, n: number): string => dayOf(parseLocal(day)! + n * DAY);

export { DAY };
