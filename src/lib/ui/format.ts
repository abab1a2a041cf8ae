/** Date and time as people in the county read them: German or English, always in Europe/Berlin time. */
export function formatDateTime(ms: number, locale: string, style: 'short' | 'medium' = 'medium'): string {
	return new Date(ms).toLocaleString(locale === 'en' ? 'en-GB' : 'de-DE', { dateStyle: style, timeStyle: 'short', timeZone: 'Europe/Berlin' });
}
