// How the calendar's pages say when something happens, in German or English (Europe/Berlin wall clock).
import type { Locale } from '../../types';
import { t } from '../messages';
import { dateFormat } from '../../../ui/format';

const tag = (locale: Locale) => (locale === 'en' ? 'en-GB' : 'de-DE');
// A local day or date-time, read as the wall clock it is (formatted in UTC, where the fields are the same).
const at = (local: string) => new Date(local.length === 10 ? `${local}T12:00:00Z` : `${local}:00Z`);

/** "Dienstag, 8. Dezember 2026" */
export function longDay(day: string, locale: Locale): string {
	return dateFormat(tag(locale), { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(at(day));
}

/** "Di., 8. Dez." */
export function shortDay(day: string, locale: Locale): string {
	return dateFormat(tag(locale), { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' }).format(at(day));
}

/** "Heute, Dienstag, 8. Dezember 2026" / "Morgen, …" / "Dienstag, …" */
export function dayHeading(day: string, today: string, locale: Locale): string {
	const tomorrow = new Date(Date.parse(`${today}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
	const prefix = day === today ? `${t(locale, 'today')}, ` : day === tomorrow ? `${t(locale, 'tomorrow')}, ` : '';
	return prefix + longDay(day, locale);
}

const time = (local: string, locale: Locale) => dateFormat(tag(locale), { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' }).format(at(local));

/** The time of one occurrence: "19:30–21:00 Uhr", "ganztägig", "bis 10. Dez.", "19:00 bis Mi., 9. Dez., 02:00". */
export function timeRange(o: { allDay: boolean; startLocal: string; endLocal: string }, locale: Locale): string {
	const sameDay = o.startLocal.slice(0, 10) === o.endLocal.slice(0, 10);
	if (o.allDay) return sameDay ? t(locale, 'allDayLabel') : `${t(locale, 'allDayLabel')}, ${shortDay(o.startLocal, locale)} – ${shortDay(o.endLocal, locale)}`;
	const suffix = locale === 'de' ? ' Uhr' : '';
	if (sameDay) return `${time(o.startLocal, locale)}–${time(o.endLocal, locale)}${suffix}`;
	return `${time(o.startLocal, locale)}${suffix} – ${shortDay(o.endLocal, locale)}, ${time(o.endLocal, locale)}${suffix}`;
}

/** "Dienstag, 8. Dezember 2026, 19:30–21:00 Uhr" */
export function fullWhen(o: { allDay: boolean; startLocal: string; endLocal: string }, locale: Locale): string {
	return `${longDay(o.startLocal.slice(0, 10), locale)}, ${timeRange(o, locale)}`;
}

const WEEKDAY_NAMES: Record<Locale, Record<string, string>> = {
	de: { MO: 'Montag', TU: 'Dienstag', WE: 'Mittwoch', TH: 'Donnerstag', FR: 'Freitag', SA: 'Samstag', SU: 'Sonntag' },
	en: { MO: 'Monday', TU: 'Tuesday', WE: 'Wednesday', TH: 'Thursday', FR: 'Friday', SA: 'Saturday', SU: 'Sunday' }
};
const ORDINAL: Record<Locale, Record<string, string>> = {
	de: { '1': 'ersten', '2': 'zweiten', '3': 'dritten', '4': 'vierten', '5': 'fünften', '-1': 'letzten' },
	en: { '1': 'first', '2': 'second', '3': 'third', '4': 'fourth', '5': 'fifth', '-1': 'last' }
};

/** A rule in words: "Jede Woche am Mittwoch", "Jeden Monat am zweiten Dienstag", "Alle 2 Wochen am Dienstag, bis 31. Dezember 2027". */
export function ruleInWords(rrule: string, locale: Locale): string {
	const parts = Object.fromEntries(rrule.split(';').map((p) => p.split('=') as [string, string]));
	const interval = Number(parts.INTERVAL ?? '1');
	const days = (parts.BYDAY ?? '').split(',').filter(Boolean);
	const de = locale === 'de';
	const unit: Record<string, [string, string, string, string]> = {
		// de singular, de plural, en singular, en plural
		DAILY: ['Jeden Tag', 'Tage', 'Every day', 'days'],
		WEEKLY: ['Jede Woche', 'Wochen', 'Every week', 'weeks'],
		MONTHLY: ['Jeden Monat', 'Monate', 'Every month', 'months'],
		YEARLY: ['Jedes Jahr', 'Jahre', 'Every year', 'years']
	};
	const u = unit[parts.FREQ ?? 'DAILY'] ?? unit.DAILY!;
	let text = interval === 1 ? (de ? u[0] : u[2]) : de ? `Alle ${interval} ${u[1]}` : `Every ${interval} ${u[3]}`;
	if (days.length) {
		const named = days.map((d) => {
			const m = /^(-?\d)?([A-Z]{2})$/.exec(d);
			const name = WEEKDAY_NAMES[locale][m?.[2] ?? ''] ?? d;
			return m?.[1] ? `${de ? 'am' : 'on the'} ${ORDINAL[locale][m[1]] ?? m[1]} ${name}` : name;
		});
		const plain = named.filter((n) => !/^(am|on the) /.test(n));
		const positioned = named.filter((n) => /^(am|on the) /.test(n));
		if (plain.length) text += `${de ? ' am ' : ' on '}${plain.join(', ')}`;
		if (positioned.length) text += ` ${positioned.join(', ')}`;
	}
	if (parts.BYMONTHDAY) text += de ? ` am ${parts.BYMONTHDAY.split(',').map((d) => (d === '-1' ? 'letzten Tag' : `${d}.`)).join(', ')}` : ` on day ${parts.BYMONTHDAY}`;
	if (parts.COUNT) text += de ? `, ${parts.COUNT}-mal` : `, ${parts.COUNT} times`;
	if (parts.UNTIL) {
		const until = `${parts.UNTIL.slice(0, 4)}-${parts.UNTIL.slice(4, 6)}-${parts.UNTIL.slice(6, 8)}`;
		text += de ? `, bis ${longDay(until, locale).replace(/^\w+, /, '')}` : `, until ${longDay(until, locale).replace(/^\w+, /, '')}`;
	}
	return text;
}

/** The day a list entry belongs to: its start, or the first day shown when it began earlier. */
export const listDay = (startLocal: string, fromDay: string) => (startLocal.slice(0, 10) < fromDay ? fromDay : startLocal.slice(0, 10));
