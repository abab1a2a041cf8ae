import { domainToASCII } from 'node:url';

// A village's own host name decides where browsers go and which site their cookies belong to. These checks
// keep a village from taking a name of the platform itself, a local name or an address.

/** Top-level names that never lead to the village over the public internet. */
const LOCAL_SUFFIXES = ['localhost', 'local', 'localdomain', 'internal', 'intranet', 'lan', 'home', 'invalid', 'arpa', 'onion'];

const HOST_PATTERN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/**
 * A host name as it is stored and matched: trimmed, lower case, without a trailing dot, umlauts in their
 * DNS form ("dörfchen.de" → "xn--drfchen-90a.de"). Input that is not a host name at all comes back unchanged
 * (and then fails the format check).
 */
export function normalizeHost(input: string): string {
	const host = input.trim().toLowerCase().replace(/\.$/, '');
	if (!host || /[/:@?#[\]\\\s]/.test(host)) return host;
	return domainToASCII(host) || host;
}

/** Message key for a host name that cannot be a village's, by its form alone; null when it can. */
export function hostFormatProblem(host: string): 'err_host_local' | 'err_host' | null {
	if (/^[\d.]+$/.test(host) || /^\[?[\da-f]*:[\da-f:.]*\]?$/.test(host)) return 'err_host_local';
	const last = host.split('.').pop() ?? '';
	if (LOCAL_SUFFIXES.includes(last) || host === 'localhost') return 'err_host_local';
	if (!HOST_PATTERN.test(host)) return 'err_host';
	return null;
}

/**
 * true when the name belongs to the platform: ORIGIN's host or a domain above it. For ORIGIN
 * https://allmende.kreis-soest.de that is allmende.kreis-soest.de and kreis-soest.de; a name below the
 * platform's (dorf.allmende.kreis-soest.de) or beside it (dorf.kreis-soest.de) is not.
 */
export function isPlatformHost(host: string, origin: string): boolean {
	const platform = new URL(origin).hostname.toLowerCase();
	return host === platform || platform.endsWith(`.${host}`);
}
