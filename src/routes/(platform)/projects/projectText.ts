// Words for project values in the UI (German and English through the message catalog).
import * as m from '$lib/paraglide/messages.js';

export function statusName(status: string): string {
	const names: Record<string, () => string> = {
		idea: m.project_status_idea,
		planning: m.project_status_planning,
		implementation: m.project_status_implementation,
		completed: m.project_status_completed,
		paused: m.project_status_paused,
		cancelled: m.project_status_cancelled
	};
	return Object.hasOwn(names, status) ? names[status]!() : status;
}

export function categoryLabel(categories: readonly { key: string; de: string; en: string }[], key: string, locale: string): string {
	const c = categories.find((x) => x.key === key);
	return c ? (locale === 'en' ? c.en : c.de) : key;
}

export const euros = (value: number, locale: string) => new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'de-DE', { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 }).format(value);
export const number = (value: number, locale: string) => new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'de-DE').format(value);
