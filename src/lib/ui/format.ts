/** Date and time as people in the county read them: German or English, always in Europe/Berlin time. */
export function formatDateTime(ms: number, locale: string, style: 'short' | 'medium' = 'medium'): string {
	return new Date(ms).toLocaleString(locale === 'en' ? 'en-GB' : 'de-DE', { dateStyle: style, timeStyle: 'short', timeZone: 'Europe/Berlin' });
}

/** A calendar date ("2026-05-01") as people read it: "1. Mai 2026" or "1 May 2026". */
export function formatDate(isoDate: string, locale: string): string {
	return new Date(`${isoDate}T12:00:00Z`).toLocaleDateString(locale === 'en' ? 'en-GB' : 'de-DE', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Berlin' });
}
