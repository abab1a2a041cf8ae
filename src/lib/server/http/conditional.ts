// Revalidation (RFC 9110, 13.1.2): a client that still has a copy sends its ETag in If-None-Match, and gets a
// 304 without a body when that copy is current. Feeds, files, the app manifest and its icons answer so.

/**
 * Whether the request's If-None-Match names `etag` (weak or strong comparison, as a GET allows) or is "*";
 * null when it sends no If-None-Match at all (then If-Modified-Since may decide).
 */
export function matchesIfNoneMatch(request: Request, etag: string): boolean | null {
	const header = request.headers.get('if-none-match');
	if (header === null) return null;
	return header.split(',').some((tag) => {
		const t = tag.trim();
		return t === '*' || t.replace(/^W\//, '') === etag;
	});
}
