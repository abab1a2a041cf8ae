// The address of a village's app as people type it or scan it from a poster: the root of the village's own
// host name when it has one (served by the same server, see tenancy/hostRouting.ts), else /<slug>/ on the
// platform. Never taken from the request: on a village host, event.url still shows the platform's origin.
import { domainToUnicode } from 'node:url';
import type { Tenant } from '../tenancy/tenants.ts';

export interface AppAddress {
	/** the full address, for the QR code and links */
	url: string;
	/** the same for reading and typing: umlauts as umlauts, no "https://", no trailing slash */
	text: string;
}

/**
 * Where a village's app lives. An own host name gets the platform's scheme and port: the same server answers
 * on both names (behind the same proxy), so "https://allmende.kreis-soest.de" makes "https://dorf.example.de/".
 */
export function appAddress(village: Pick<Tenant, 'slug' | 'host'>, origin: string): AppAddress {
	const url = new URL(origin);
	url.search = '';
	url.hash = '';
	url.pathname = `/${village.slug}/`;
	if (village.host) {
		const own = new URL(url);
		// the URL parser ignores a name it cannot take (broken punycode such as "xn--x"): then the platform path
		own.hostname = village.host;
		own.pathname = '/';
		if (own.hostname === village.host.toLowerCase()) url.href = own.href;
	}
	const host = domainToUnicode(url.hostname) || url.hostname;
	const scheme = url.protocol === 'https:' ? '' : `${url.protocol}//`;
	const text = `${scheme}${host}${url.port ? `:${url.port}` : ''}${url.pathname}`.replace(/\/$/, '');
	return { url: url.href, text };
}
