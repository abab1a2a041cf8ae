// Push notifications of the news: an article that is published goes to the devices subscribed to "Neue Artikel",
// and — while it is an important announcement — to "Wichtige Mitteilungen" too, with high urgency (a device with
// both topics gets it once). An article that becomes important after its publication goes to "Wichtige
// Mitteilungen" then, once. Each article is pushed at most once per kind, however often it is unpublished and
// published again (the push key).
import type { ModuleContext } from '../../server/moduleApi.ts';
import { articlePath } from './articleView.ts';

const DAY_SECONDS = 24 * 3600;
const MAX_TTL = 28 * DAY_SECONDS;

export interface PushedArticle {
	id: string;
	title: string;
	teaser: string;
	importantUntil: number | null;
}

/** Queues the push for an article that is published now, given what it was before the change. */
export async function pushPublication<S, T>(ctx: ModuleContext<S, T>, article: PushedArticle, before: { published: boolean; important: boolean }, now = Date.now()): Promise<string | null> {
	const important = article.importantUntil !== null && article.importantUntil > now;
	const message = { title: article.title, body: article.teaser, url: articlePath(ctx.village.slug, article.id) };
	// an important announcement is kept for offline devices until it ends; other news for a day
	const ttl = important ? Math.min(MAX_TTL, Math.ceil((article.importantUntil! - now) / 1000)) : DAY_SECONDS;
	if (!before.published) return ctx.push({ ...message, topics: important ? ['important', 'articles'] : ['articles'], urgency: important ? 'high' : 'normal', ttl, key: `article:${article.id}` });
	if (important && !before.important) return ctx.push({ ...message, topics: ['important'], urgency: 'high', ttl, key: `important:${article.id}` });
	return null;
}

/** Whether an article row is an important announcement at `now`. */
export const isImportant = (row: { importantUntil: number | null }, now: number) => row.importantUntil !== null && row.importantUntil > now;
