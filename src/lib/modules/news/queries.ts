// The news module's table as its code sees it, and its reads. `tenantId` is filled and filtered by the core.
import type { ModuleData } from '../../server/moduleApi.ts';

export type ArticleState = 'draft' | 'scheduled' | 'published';

export interface NewsArticlesTable {
	id: string;
	title: string;
	teaser: string;
	/** markdown, rendered (and sanitised) by renderMarkdown when shown */
	body: string;
	category: string;
	clubId: string | null;
	imageId: string | null;
	/** the image's description (alt text), editable without a new upload */
	imageAlt: string;
	authorId: string | null;
	state: ArticleState;
	/** when a scheduled article is to appear (epoch ms) */
	publishAt: number | null;
	/** when it appeared (epoch ms); kept when it is unpublished, so a re-publish can tell */
	publishedAt: number | null;
	/** the token of the queued publish job; a job with another token does nothing */
	scheduleToken: string | null;
	/** an important announcement until this time (epoch ms, exclusive) */
	importantUntil: number | null;
	createdAt: number;
	updatedAt: number;
}

export interface NewsTables {
	newsArticles: NewsArticlesTable;
}

export type NewsData = ModuleData<NewsTables>;
export type ArticleRow = NewsArticlesTable;

const numeric = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** Rows read back with bigint columns as numbers (PostgreSQL returns them as strings). */
export function normalise(row: ArticleRow): ArticleRow {
	return { ...row, publishAt: numeric(row.publishAt), publishedAt: numeric(row.publishedAt), importantUntil: numeric(row.importantUntil), createdAt: Number(row.createdAt), updatedAt: Number(row.updatedAt) };
}

/** One article of the village, in any state. */
export async function findArticle(data: NewsData, articleId: string): Promise<ArticleRow | undefined> {
	const row = await data.selectFrom('newsArticles').selectAll().where('id', '=', articleId).executeTakeFirst();
	return row && normalise(row);
}

/**
 * The village's published articles, newest first: `limit` of them, older than the cursor `before`
 * (publishedAt, with `beforeId` to break a tie), in one category and/or of one club. For the module's pages,
 * widget, feeds and API, and for the county's overview.
 */
export async function listArticles(data: NewsData, args: { limit: number; before?: number; beforeId?: string; category?: string; clubId?: string }): Promise<ArticleRow[]> {
	let q = data.selectFrom('newsArticles').selectAll().where('state', '=', 'published');
	if (args.category) q = q.where('category', '=', args.category);
	if (args.clubId) q = q.where('clubId', '=', args.clubId);
	if (args.before !== undefined) {
		const before = args.before;
		const beforeId = args.beforeId;
		q = q.where((eb) => (beforeId ? eb.or([eb('publishedAt', '<', before), eb.and([eb('publishedAt', '=', before), eb('id', '<', beforeId)])]) : eb('publishedAt', '<', before)));
	}
	const rows = await q.orderBy('publishedAt', 'desc').orderBy('id', 'desc').limit(args.limit).execute();
	return rows.map(normalise);
}

/** Drafts and scheduled articles (for those who write), the next to appear first. */
export async function listUnpublished(data: NewsData): Promise<ArticleRow[]> {
	const rows = await data.selectFrom('newsArticles').selectAll().where('state', '!=', 'published').orderBy('publishAt').orderBy('updatedAt', 'desc').limit(100).execute();
	return rows.map(normalise);
}

/** The published important announcement that runs at `now` (the newest, if several). */
export async function currentImportant(data: NewsData, now: number): Promise<ArticleRow | undefined> {
	const row = await data.selectFrom('newsArticles').selectAll().where('state', '=', 'published').where('importantUntil', '>', now).orderBy('publishedAt', 'desc').limit(1).executeTakeFirst();
	return row && normalise(row);
}
