// The upload size limit, for the server's checks and for the browser's check before a file is sent (a phone photo
// over the limit is refused at once, instead of after a long upload on a slow connection).
import { getLocale } from './paraglide/runtime.js';
import { formatBytes as formatBytesIn } from './ui/format.ts';

/** The largest upload we take (before re-encoding). BODY_SIZE_LIMIT must stay above it (default 12M). */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

/** "10 MB", "900 KB": the limit as people read it, in the current language. */
export function formatBytes(bytes: number): string {
	return formatBytesIn(bytes, getLocale());
}
