// "Erinnerung am Vortag": in the evening before a day with events, the devices subscribed to the calendar's
// reminders get one push message naming the next day's events. The schedule runs every hour; from REMINDER_HOUR
// (Berlin time) on it sends, at most once per village and day (the push key), and not in the night.
import type { ModuleContext, ModuleSchedule } from '../../server/moduleApi.ts';
import { t } from './messages.ts';
import { listOccurrences, type CalendarTables, type Occurrence } from './queries.ts';
import type { Settings } from './schemas.ts';
import { addDays, DAY, parseLocal, todayInBerlin, utcToWall, wallToUtc } from './time.ts';
import { longDay, timeRange } from './ui/when.ts';

type Ctx = ModuleContext<Settings, CalendarTables>;

export const REMINDER_HOUR = 17;
const LAST_HOUR = 21;
const LISTED = 4;

/** The reminder's title and text for a day's occurrences (German: the village app's own language). */
export function reminderText(day: string, occurrences: Occurrence[]): { title: string; body: string } {
	const items = occurrences.slice(0, LISTED).map((o) => `${o.title} (${timeRange(o, 'de')})`);
	const more = occurrences.length - LISTED;
	const body = more > 0 ? `${items.join(' · ')} · ${t('de', 'reminderMore', { count: String(more) })}` : items.join(' · ');
	return { title: `${t('de', 'tomorrow')}, ${longDay(day, 'de')}`, body };
}

/** The day whose reminder is due at `now`, or null outside the evening window. */
export function reminderDay(now: number): string | null {
	const hour = new Date(utcToWall(now)).getUTCHours();
	if (hour < REMINDER_HOUR || hour > LAST_HOUR) return null;
	return addDays(todayInBerlin(now), 1);
}

export const reminderSchedule: ModuleSchedule<Ctx> = {
	id: 'reminders',
	everyMinutes: 60,
	async run(ctx) {
		const day = reminderDay(Date.now());
		if (!day) return;
		const from = wallToUtc(parseLocal(day)!);
		const occurrences = (await listOccurrences(ctx.data, from, from + DAY + 2 * 3_600_000, {}, 50)).filter((o) => !o.cancelled && o.startLocal.slice(0, 10) === day);
		if (occurrences.length === 0) return;
		const { title, body } = reminderText(day, occurrences);
		// kept for an offline device until the day is over
		const ttl = Math.max(60, Math.ceil((from + DAY - Date.now()) / 1000));
		await ctx.transaction((tx) => tx.push({ topics: ['reminders'], title, body, url: `/${ctx.village.slug}/calendar`, ttl, key: `reminders:${day}` }));
	}
};
