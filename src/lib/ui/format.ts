const formatters = new Map<string, Intl.DateTimeFormat>();

/** A kept Intl.DateTimeFormat: making one costs far more than formatting with it, and a page formats hundreds of dates. */
export function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
	const key = locale + JSON.stringify(options);
	let format = formatters.get(key);
	if (!format) {
		format = new Intl.DateTimeFormat(locale, options);
		formatters.set(key, format);
	}
	return format;
}

/** Date and time as people in the county read them: German or English, always in Europe/Berlin time. */
export function formatDateTime(ms: number, locale: string, style: 'short' | 'medium' = 'medium'): string {
	return dateFormat(locale === 'en' ? 'en-GB' : 'de-DE', { dateStyle: style, timeStyle: 'short', timeZone: 'Europe/Berlin' }).format(ms);
}

/** A calendar date ("2026-05-01") as people read it: "1. Mai 2026" or "1 May 2026". */
export function formatDate(isoDate: string, locale: string): string {
	return dateFormat(locale === 'en' ? 'en-GB' : 'de-DE', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Berlin' }).format(new Date(`${isoDate}T12:00:00Z`));
}

/** A time of day as people read it ("14:35"), in Europe/Berlin time. */
export function formatTime(ms: number, locale: string): string {
	return dateFormat(locale === 'en' ? 'en-GB' : 'de-DE', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Berlin' }).format(ms);
}

/** A file's size as people read it, in their notation: "4,4 KB", "1,2 MB" (at least "1 KB"). */
export function formatBytes(bytes: number, locale: string): string {
	const n = (v: number) => new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'de-DE', { maximumFractionDigits: 1 }).format(v);
	return bytes >= 1024 * 1024 ? `${n(bytes / 1024 / 1024)} MB` : `${n(Math.max(1, bytes / 1024))} KB`;
}

/** The calendar day (Europe/Berlin) of a moment, "2026-05-01". */
function berlinDay(ms: number): string {
	return dateFormat('sv-SE', { timeZone: 'Europe/Berlin' }).format(ms);
}

/**
 * When something happened, as a history shows it: the day in words when it is today or yesterday (Europe/Berlin),
 * else the date, each with the time; `today`/`yesterday` put the time into the reader's words ("heute 14:05").
 */
export function formatWhen(ms: number, locale: string, words: { today: (time: string) => string; yesterday: (time: string) => string }, now = Date.now()): string {
	const time = formatTime(ms, locale);
	const day = berlinDay(ms);
	if (day === berlinDay(now)) return words.today(time);
	// the day before today's noon is yesterday, also across a change of summer time
	const noon = new Date(`${berlinDay(now)}T12:00:00Z`).getTime();
	if (day === berlinDay(noon - 24 * 3600 * 1000)) return words.yesterday(time);
	return formatDateTime(ms, locale, 'medium');
}
