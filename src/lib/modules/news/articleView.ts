// Articles as pages, the widget, the API and the feeds show them: names resolved, markdown rendered and
// sanitised, times in Berlin. Only what anyone may see of a published article (drafts only for writers).
import { renderMarkdown, type ModuleContext } from '../../server/moduleApi.ts';
import type { Locale } from '../types.ts';
import { t } from './messages.ts';
import type { ArticleRow, NewsTables } from './queries.ts';
import { formatDay, formatMoment } from './time.ts';

type Ctx = ModuleContext<Record<string, unknown>, NewsTables>;

export interface ArticleImage {
	url: string;
	alt: string;
	width?: number;
	height?: number;
	sources?: { variant: string; url: string; type: string; width: number; height: number }[];
}

export interface ArticleSummary {
	id: string;
	title: string;
	teaser: string;
	category: string;
	club: { id: string; name: string } | null;
	author: string | null;
	state: ArticleRow['state'];
	publishedAt: number | null;
	publishAt: number | null;
	importantUntil: number | null;
	/** "Veröffentlicht am 24. Dezember 2026, 18:00", "Geplant für …", "Entwurf" */
	stateLabel: string;
	/** "bis 31. Dezember 2026" while the announcement is important, else null */
	importantLabel: string | null;
	image: ArticleImage | null;
}

/** The village's clubs by id, looked up once per request. */
export async function clubNames(ctx: Pick<Ctx, 'clubs'>): Promise<Map<string, string>> {
	return new Map((await ctx.clubs()).map((c) => [c.id, c.name]));
}

/**
 * The names that these articles show: their clubs and their authors (only the authors of the articles at hand,
 * not every member of the village: a village of two thousand would otherwise be read on every page).
 */
export async function lookups(ctx: Pick<Ctx, 'names' | 'clubs'>, rows: readonly (ArticleRow | undefined | null)[], clubs?: Map<string, string>) {
	const authorIds = rows.flatMap((r) => (r?.authorId ? [r.authorId] : []));
	const [authors, clubMap] = await Promise.all([ctx.names(authorIds), clubs ?? clubNames(ctx)]);
	return { authors, clubs: clubMap };
}
export type Lookups = Awaited<ReturnType<typeof lookups>>;

export function stateLabel(row: ArticleRow, locale: Locale): string {
	if (row.state === 'published' && row.publishedAt !== null) return t(locale, 'statePublished', { date: formatMoment(row.publishedAt, locale) });
	if (row.state === 'scheduled' && row.publishAt !== null) return t(locale, 'stateScheduled', { date: formatMoment(row.publishAt, locale) });
	return t(locale, 'stateDraft');
}

/** The article for a list, the widget or the API (no body). */
export async function summaryOf(ctx: Pick<Ctx, 'files' | 'locale'>, row: ArticleRow, names: Lookups, now = Date.now()): Promise<ArticleSummary> {
	const file = row.imageId ? await ctx.files.get(row.imageId) : undefined;
	const important = row.importantUntil !== null && row.importantUntil > now;
	return {
		id: row.id,
		title: row.title,
		teaser: row.teaser,
		category: row.category,
		club: row.clubId && names.clubs.has(row.clubId) ? { id: row.clubId, name: names.clubs.get(row.clubId)! } : null,
		author: (row.authorId && names.authors.get(row.authorId)) || null,
		state: row.state,
		publishedAt: row.publishedAt,
		publishAt: row.publishAt,
		importantUntil: row.importantUntil,
		stateLabel: stateLabel(row, ctx.locale),
		importantLabel: important ? t(ctx.locale, 'until', { date: formatDay(row.importantUntil! - 1, ctx.locale) }) : null,
		image: file && file.kind === 'image' ? { url: file.url, alt: row.imageAlt || file.alt, width: file.width, height: file.height, sources: file.sources?.map(({ variant, url, type, width, height }) => ({ variant, url, type, width, height })) } : null
	};
}

/** The whole article: the summary and the body as sanitised HTML. */
export async function articleOf(ctx: Pick<Ctx, 'files' | 'locale'>, row: ArticleRow, names: Lookups) {
	return { ...(await summaryOf(ctx, row, names)), body: row.body, bodyHtml: renderMarkdown(row.body) };
}

/** The article page's address below the village ("/koerbecke/news/article/<id>"). */
export const articlePath = (slug: string, id: string) => `/${slug}/news/article/${id}`;
