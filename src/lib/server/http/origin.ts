/**
 * Same-origin check for writes and WebSocket upgrades: the Origin's host must be the host the request was
 * sent to. Villages may have their own host names, so this compares with the request, not with one ORIGIN.
 */
export function isSameOrigin(origin: string | null | undefined, host: string | null | undefined): boolean {
	if (!origin || !host) return false;
	try {
		return new URL(origin).host.toLowerCase() === host.toLowerCase();
	} catch {
		return false;
	}
}
