// Ideas as the JSON API shows them (apiSchemas.ts): the author's display name and nothing else about people.
import type { z } from 'zod';
import type { ideaDetailSchema, ideaListSchema } from '../../http/apiSchemas.ts';
import type { getIdea, IdeaListPage } from './listIdeas.ts';

const iso = (ms: number) => new Date(ms).toISOString();

function common(r: IdeaListPage['ideas'][number] | Awaited<ReturnType<typeof getIdea>>['idea']) {
	return {
		id: r.id,
		title: r.title,
		category: r.categoryKey,
		status: r.status,
		statusReason: r.status === 'archived' ? r.statusReason : '',
		projectId: r.projectId,
		village: { id: r.villageId, slug: r.villageSlug, name: r.villageName, municipality: r.municipalityName },
		club: r.clubName,
		authorName: r.authorName,
		supportCount: r.supportCount,
		commentCount: r.commentCount,
		createdAt: iso(r.createdAt),
		updatedAt: iso(r.updatedAt)
	};
}

/** A page of the list for GET /api/v1/ideas. */
export function presentIdeaList(page: IdeaListPage): z.infer<typeof ideaListSchema> {
	return { ideas: page.ideas.map((r) => ({ ...common(r), summary: r.summary })), page: page.page, pageSize: page.pageSize, total: page.total, pageCount: page.pageCount };
}

/** One idea with its comments for GET /api/v1/ideas/<id>. */
export function presentIdea(got: Awaited<ReturnType<typeof getIdea>>): z.infer<typeof ideaDetailSchema> {
	return {
		...common(got.idea),
		descriptionHtml: got.idea.descriptionHtml,
		image: got.idea.image && { url: got.idea.image.url, alt: got.idea.image.alt },
		comments: got.comments.map((c) => ({ id: c.id, authorName: c.authorName, bodyHtml: c.bodyHtml, hidden: c.isHidden, createdAt: iso(c.createdAt) }))
	};
}
