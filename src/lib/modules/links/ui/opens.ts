// What a link opens, for screen readers: another site, a phone call or an e-mail (the page and the widget say it).
import type { Locale } from '../../types';
import { t } from '../messages';

export function opensText(locale: Locale, url: string): string {
	if (/^tel:/i.test(url)) return t(locale, 'opensCall');
	if (/^mailto:/i.test(url)) return t(locale, 'opensMail');
	return t(locale, 'opensExternal');
}
