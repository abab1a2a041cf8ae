// The village's news as RSS 2.0 and Atom for feed readers: published articles only, absolute links, the body
// rendered through renderMarkdown (sanitised: no script in any item); the feed library escapes the text.
import { Feed } from 'feed';
import { escapeHtml, plainText, renderMarkdown, type ModuleContext } from '../../server/moduleApi.ts';
import { articlePath, lookups } from './articleView.ts';
import { listArticles, type NewsTables } from './queries.ts';

type Ctx = ModuleContext<{ title: string }, NewsTables>;
const FEED_SIZE = 30;

/**
 * Feed readers read an item's title and description as HTML (Atom says type="html"), and the library only wraps
 * them in CDATA: plain text goes in escaped (which also keeps "]]>" out of the CDATA section).
 */

/** The feed document and when its newest article last changed. */
export async function newsFeed(ctx: Ctx, format: 'rss' | 'atom'): Promise<{ body: string; lastModified?: number }> {
	const rows = await listArticles(ctx.data, { limit: FEED_SIZE });
	const names = await lookups(ctx, rows);
	const base = `${ctx.origin}/${ctx.village.slug}`;
	const lastModified = rows.length ? Math.max(...rows.map((r) => Math.max(r.updatedAt, r.publishedAt ?? 0))) : undefined;
	const feed = new Feed({
		title: `${ctx.settings.title} – ${ctx.village.name}`,
		description: `${ctx.settings.title} – ${ctx.village.name}`,
		id: `${base}/news`,
		link: `${base}/news`,
		language: 'de',
		updated: new Date(lastModified ?? 0),
		generator: 'Allmende',
		copyright: ctx.village.name,
		feedLinks: { rss: `${base}/news.xml`, atom: `${base}/news.atom` }
	});
	for (const row of rows) {
		const link = `${ctx.origin}${articlePath(ctx.village.slug, row.id)}`;
		const author = row.authorId ? names.authors.get(row.authorId) : undefined;
		feed.addItem({
			title: escapeHtml(row.title),
			id: link,
			guid: link,
			link,
			description: escapeHtml(row.teaser || plainText(row.body, 300)),
			content: renderMarkdown(row.body),
			date: new Date(Math.max(row.updatedAt, row.publishedAt ?? 0)),
			published: new Date(row.publishedAt ?? row.createdAt),
			category: [{ name: row.category, term: row.category }],
			author: author ? [{ name: author }] : undefined
		});
	}
	return { body: format === 'rss' ? feed.rss2() : feed.atom1(), lastModified };
}
