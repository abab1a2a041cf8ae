// The boundaries of the Projektpool's ideas: forms, the JSON API's query parameters. Field names are the
// form's names, so a validation error names the field the person sees.
import { z } from 'zod';

export const IDEA_STATUSES = ['new', 'discussion', 'project', 'archived'] as const;
export const IDEAS_PAGE_SIZE = 20;
/** ids, slugs and category keys are short; anything longer is not one of ours */
const ref = z.string().trim().min(1).max(64);
const optionalRef = ref.optional();

/**
 * Submitting an idea: a village (slug or id), optionally one of its clubs, a category, title and markdown, and
 * the description of an optional image (the image itself is a multipart part, checked by the upload service).
 */
export const submitIdeaSchema = z.object({
	title: z.string().trim().min(3).max(120),
	description: z.string().trim().max(5000).optional(),
	category: ref,
	village: ref,
	club: optionalRef,
	alt: z.string().trim().max(2000).optional()
});

export const ideaIdSchema = z.object({ ideaId: ref });

export const commentIdeaSchema = z.object({ ideaId: ref, comment: z.string().trim().min(1).max(2000) });

/** Moving an idea along; archiving needs a reason the author is shown. */
export const moveIdeaSchema = z
	.object({ ideaId: ref, status: z.enum(['discussion', 'archived']), reason: z.string().trim().max(1000).optional() })
	.refine((v) => v.status !== 'archived' || (v.reason ?? '').length >= 3, { path: ['reason'], message: 'err_idea_reason_required' });

export const hideIdeaSchema = z.object({ ideaId: ref, reason: z.string().trim().min(3).max(1000) });
export const hideCommentSchema = z.object({ ideaId: ref, commentId: ref, reason: z.string().trim().min(3).max(1000) });

/** The filters of the list (GET query parameters of /ideas and /api/v1/ideas). */
export const listIdeasQuerySchema = z.object({
	village: optionalRef,
	category: optionalRef,
	status: z.enum(IDEA_STATUSES).optional(),
	/** German full text over title and description (search/normalise.ts); the last word is a prefix */
	q: z.string().trim().max(200).optional(),
	page: z.coerce.number().int().min(1).max(10_000).default(1)
});
export type ListIdeasQuery = z.infer<typeof listIdeasQuerySchema>;

/** The query parameters as a plain object: empty values count as absent, repeated ones as the first. */
export function queryToObject(params: URLSearchParams): Record<string, string | undefined> {
	const out: Record<string, string | undefined> = {};
	for (const key of ['village', 'category', 'status', 'q', 'page']) {
		const value = params.get(key);
		out[key] = value === null || value === '' ? undefined : value;
	}
	return out;
}

/** POST /api/v1/ideas: the form's fields without the image (and so without its description) */
export const submitIdeaApiSchema = submitIdeaSchema.omit({ alt: true });
export const submittedIdeaSchema = z.object({ id: z.string(), url: z.string().describe("the idea's page, relative to the site") }).meta({ id: 'SubmittedIdea' });
