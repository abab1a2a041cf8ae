// The village's published articles on the county's overview pages (/news, a municipality's page), newest first.
import type { z } from 'zod';
import type { ModuleContext, ModuleOverview } from '../../server/moduleApi.ts';
import { articlePath } from './articleView.ts';
import { listArticles, type NewsTables } from './queries.ts';
import { categoriesOf, type settingsSchema } from './schemas.ts';

type Ctx = ModuleContext<z.infer<typeof settingsSchema>, NewsTables>;

export const overview: ModuleOverview<Ctx> = {
	kind: 'articles',
	categories: (ctx) => categoriesOf(ctx.settings.categories),
	async list(ctx, { limit, after, category }) {
		const now = Date.now();
		const rows = await listArticles(ctx.data, { limit, before: after?.at, beforeId: after?.id ?? undefined, category });
		return rows.map((row) => ({
			id: row.id,
			title: row.title,
			url: articlePath(ctx.village.slug, row.id),
			at: row.publishedAt ?? row.createdAt,
			text: row.teaser,
			category: row.category,
			important: row.importantUntil !== null && row.importantUntil > now
		}));
	}
};
