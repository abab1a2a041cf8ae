// The Projektpool's project boundary: one schema for the form and the JSON API.
import { z } from 'zod';
import type { ProjectStatus } from '../../db/types.ts';

export const PROJECT_STATUSES = ['idea', 'planning', 'implementation', 'completed', 'paused', 'cancelled'] as const satisfies readonly ProjectStatus[];
export const statusSchema = z.enum(PROJECT_STATUSES);

const text = (max: number) => z.string().trim().max(max).default('');
const markdown = text(20_000);
/** euros or hours: whole, not negative; empty means "not stated" */
const amount = z.coerce.number().int().min(0).max(100_000_000).nullable().default(null);
const isoDate = z.iso.date().nullable().default(null);

/** SDG numbers from a list (API), a comma-separated string, or the form's checkboxes `sdg-1` … `sdg-17`. */
function collectSdgs(input: unknown): unknown {
	if (typeof input !== 'object' || input === null || Array.isArray(input)) return input;
	const values = input as Record<string, unknown>;
	if (values.sdgs !== undefined) return values;
	const ticked = Object.keys(values)
		.map((k) => /^sdg-(\d{1,2})$/.exec(k)?.[1])
		.filter((n): n is string => n !== undefined)
		.map(Number);
	return { ...values, sdgs: ticked };
}
const sdgs = z
	.union([z.array(z.coerce.number()), z.string().transform((s) => s.split(',').map((p) => p.trim()).filter(Boolean).map(Number))])
	.pipe(z.array(z.number().int().min(1).max(17)).max(17))
	.transform((list) => [...new Set(list)].sort((a, b) => a - b))
	.default([]);

const link = z.object({ title: z.string().trim().min(1).max(120), url: z.url({ protocol: /^https?$/ }).max(2000) });

/** Everything of the profile ("Steckbrief") a team writes. */
export const profileFields = {
	title: z.string().trim().min(3).max(120),
	summary: text(600),
	categoryKey: z.string().trim().min(1).max(40),
	sdgs,
	goals: markdown,
	targetGroup: text(2000),
	preconditions: markdown,
	costOneOff: amount,
	costRunning: amount,
	volunteerHours: amount,
	timeline: text(4000),
	startedOn: isoDate,
	steps: markdown,
	pitfalls: markdown,
	lessons: markdown,
	results: markdown,
	contactName: text(120),
	contactRole: text(120),
	links: z.array(link).max(20).default([])
};

export const createProjectSchema = z.preprocess(
	collectSdgs,
	z.object({
		...profileFields,
		/** the village (or municipality) that owns it, by slug */
		village: z.string().trim().min(1).max(80),
		status: statusSchema.default('planning')
	})
);
export type CreateProjectInput = z.infer<typeof createProjectSchema>;

export const updateProjectSchema = z.preprocess(collectSdgs, z.object(profileFields));
export type UpdateProjectInput = z.infer<typeof updateProjectSchema>;

export const changeStatusSchema = z.object({ status: statusSchema, note: text(500) });
export const hideProjectSchema = z.object({ reason: z.string().trim().min(3).max(500) });
/** "Projekt übernehmen": into which village (slug) */
export const adoptProjectSchema = z.object({ village: z.string().trim().min(1).max(80) });

/** An empty field of a GET form means "no filter". */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());
const euros = z.coerce.number().int().min(0).max(100_000_000);

export const PROJECT_SORTS = ['relevance', 'updated', 'newest', 'adopted'] as const;

/** The list's and the search's filters (GET form and `GET /api/v1/projects`); every filter narrows (AND). */
export const listProjectsSchema = z.object({
	category: z.string().trim().max(40).optional(),
	status: optional(statusSchema),
	village: z.string().trim().max(80).optional(),
	municipality: z.string().trim().max(80).optional(),
	/** German full text; the last word is a prefix (search as you type) */
	q: z.string().trim().max(200).optional(),
	/** one UN SDG number */
	sdg: optional(z.coerce.number().int().min(1).max(17)),
	/** one-off cost in euros, from … to (projects without a stated cost are left out by either) */
	costMin: optional(euros),
	costMax: optional(euros),
	/** only projects another village has adopted at least once */
	adopted: optional(z.enum(['1', 'true']).transform(() => true)),
	/** default: relevance with a query, else the last change */
	sort: optional(z.enum(PROJECT_SORTS)),
	page: z.coerce.number().int().min(1).max(10_000).default(1)
});
export type ListProjectsQuery = z.infer<typeof listProjectsSchema>;

/** A project reference in a URL: "<id>-<slug>" or the id alone (UUIDv7, 36 characters). */
export function projectIdFromRef(ref: string): string | null {
	const id = ref.slice(0, 36);
	return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id) && (ref.length === 36 || ref[36] === '-') ? id : null;
}
