// Which addresses Allmende ever POSTs a push message to. A subscription's endpoint comes from a browser, i.e.
// from anyone: taken as it is, it would make the server send requests wherever a caller likes (SSRF). So only
// https addresses of the browsers' own push services are accepted, plus the origins an operator lists in
// PUSH_ENDPOINT_ALLOW (a private push service, or the mock push service of the tests). Checked when a
// subscription is made and again before each send.

/** The push services of the browsers people use: Chrome and other Chromium browsers (FCM), Firefox, Safari, Edge on Windows (WNS). */
const KNOWN_HOSTS: readonly RegExp[] = [
	/^fcm\.googleapis\.com$/,
	/^android\.googleapis\.com$/,
	/^updates\.push\.services\.mozilla\.com$/,
	/^[a-z0-9-]+\.push\.services\.mozilla\.com$/,
	/^web\.push\.apple\.com$/,
	/^[a-z0-9-]+\.push\.apple\.com$/,
	/^[a-z0-9-]+\.notify\.windows\.com$/
];

export const MAX_ENDPOINT_LENGTH = 2048;

export type EndpointCheck = { ok: true; origin: string } | { ok: false; reason: 'bad-url' | 'too-long' | 'not-https' | 'unknown-service' };

/** Whether a push may go to `endpoint`: https on a known push service's host (default port), or an allowed origin. */
export function checkEndpoint(endpoint: string, allow: readonly string[]): EndpointCheck {
	if (endpoint.length > MAX_ENDPOINT_LENGTH) return { ok: false, reason: 'too-long' };
	let url: URL;
	try {
		url = new URL(endpoint);
	} catch {
		return { ok: false, reason: 'bad-url' };
	}
	if (url.username || url.password || url.hash) return { ok: false, reason: 'bad-url' };
	if (allow.includes(url.origin)) return { ok: true, origin: url.origin };
	if (url.protocol !== 'https:') return { ok: false, reason: 'not-https' };
	// an explicit port (even :443 is written away by URL) or an address instead of a name is no push service
	if (url.port !== '' || !KNOWN_HOSTS.some((re) => re.test(url.hostname))) return { ok: false, reason: 'unknown-service' };
	return { ok: true, origin: url.origin };
}
