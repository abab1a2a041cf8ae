// Village-level documents of modules (/<village>/calendar.ics, /<village>/news.xml): the module renders the
// body; the core finds the module, adds ETag and Last-Modified, and answers revalidations with 304 — feed
// readers and calendar apps poll these often.
import { createHash } from 'node:crypto';
import { matchesIfNoneMatch } from '../http/conditional.ts';
import type { ModuleFeed } from '../../modules/types.ts';
import type { AnyContext } from './moduleContext.ts';
import type { VillageModule } from './villageModules.ts';

/** The switched-on module that serves this document, if any (own feed names only). */
export function findFeed(modules: readonly VillageModule[], name: string): { vm: VillageModule; feed: ModuleFeed<AnyContext> } | undefined {
	for (const vm of modules) {
		const feeds = vm.module.server.feeds;
		if (feeds && Object.hasOwn(feeds, name)) return { vm, feed: feeds[name] as ModuleFeed<AnyContext> };
	}
	return undefined;
}

/** HTTP dates have whole seconds. */
const toSecond = (ms: number) => Math.floor(ms / 1000) * 1000;

/** Renders the feed and answers with the document, or 304 when the client's copy is current. */
export async function serveFeed(args: { feed: ModuleFeed<AnyContext>; ctx: AnyContext; request: Request; query: URLSearchParams }): Promise<Response> {
	const { body, lastModified } = await args.feed.render(args.ctx, args.query);
	const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
	const headers: Record<string, string> = { etag, 'cache-control': 'public, no-cache', vary: 'accept-encoding' };
	if (lastModified !== undefined) headers['last-modified'] = new Date(toSecond(lastModified)).toUTCString();
	const ifModifiedSince = Date.parse(args.request.headers.get('if-modified-since') ?? '');
	// If-None-Match wins when both are sent (RFC 9110, 13.2.2).
	const fresh = matchesIfNoneMatch(args.request, etag) ?? (lastModified !== undefined && !Number.isNaN(ifModifiedSince) && toSecond(lastModified) <= ifModifiedSince);
	if (fresh) return new Response(null, { status: 304, headers });
	return new Response(body, { headers: { ...headers, 'content-type': args.feed.contentType } });
}
