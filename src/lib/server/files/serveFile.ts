import type { Db } from '../db/index.ts';
import { matchesIfNoneMatch } from '../http/conditional.ts';
import { contentDisposition } from './sniff.ts';
import { readFileForServing } from './uploads.ts';

const EXTENSION: Record<string, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp', 'image/gif': 'gif', 'application/pdf': 'pdf' };

/**
 * The response for /files/<id>[/<variant>], or null when there is no such file. A stored file never changes
 * under its id, so it is cached for good and revalidated by its ETag. It is never run as a page: nosniff and a
 * sandbox CSP; images are shown inline, PDFs always downloaded.
 */
export async function fileResponse(db: Db, request: Request, id: string, variant?: string): Promise<Response | null> {
	const file = await readFileForServing(db, id, variant);
	if (!file) return null;
	const etag = `"${file.id}"`;
	const headers: Record<string, string> = {
		'cache-control': 'public, max-age=31536000, immutable',
		etag,
		'x-content-type-options': 'nosniff',
		'content-security-policy': "default-src 'none'; sandbox"
	};
	if (matchesIfNoneMatch(request, etag)) return new Response(null, { status: 304, headers });

	const isPdf = file.contentType === 'application/pdf';
	const base = (file.fileName || 'datei').replace(/\.[A-Za-z0-9]{1,5}$/, '');
	const name = `${base}.${EXTENSION[file.contentType] ?? 'bin'}`;
	const body = Buffer.from(file.dataBase64, 'base64');
	return new Response(body, {
		headers: {
			...headers,
			// only types we wrote ourselves are served as such; anything else is a download of bytes
			'content-type': isPdf || file.contentType.startsWith('image/') ? file.contentType : 'application/octet-stream',
			'content-length': String(body.length),
			'content-disposition': contentDisposition(isPdf ? 'attachment' : 'inline', name)
		}
	});
}
