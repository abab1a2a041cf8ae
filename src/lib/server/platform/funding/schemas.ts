// The boundaries of the funding catalogue: the county's programme form, a project team's funding form, and
// the list's query. Field names are the form's names, so a validation error names the field the person sees.
import { z } from 'zod';

/** ids and category keys are short; anything longer is not one of ours */
const ref = z.string().trim().min(1).max(64);
const text = (max: number) => z.string().trim().max(max).default('');
/** a whole number or nothing ("" from a form is absent) */
const optionalInt = (max: number) =>
	z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? null : v), z.coerce.number().int().min(0).max(max).nullable()).default(null);

/** Category checkboxes `category-<key>` (the form) or a list `categories` (code and tests). */
function collectCategories(input: unknown): unknown {
	if (typeof input !== 'object' || input === null || Array.isArray(input)) return input;
	const values = input as Record<string, unknown>;
	if (values.categories !== undefined) return values;
	const ticked = Object.keys(values)
		.map((k) => /^category-([a-z0-9-]{1,40})$/.exec(k)?.[1])
		.filter((k): k is string => k !== undefined);
	return { ...values, categories: ticked };
}

/** A programme of the catalogue as the county's admins keep it. */
export const programmeSchema = z.preprocess(
	collectCategories,
	z.object({
		name: z.string().trim().min(2).max(120),
		fundingBody: text(200),
		share: text(200),
		maxAmount: optionalInt(100_000_000),
		deadlines: text(1000),
		eligibility: text(4000),
		// http(s) only: a javascript: or data: address must never become a link
		url: z.union([z.literal(''), z.url({ protocol: /^https?$/ }).max(2000)]).default(''),
		categories: z.array(z.string().trim().min(1).max(40)).max(40).transform((list) => [...new Set(list)]).default([])
	})
);
export type ProgrammeInput = z.infer<typeof programmeSchema>;

export const programmeIdSchema = z.object({ programmeId: ref });

/** "Förderung hinzufügen" on a project: a programme of the catalogue, what came of it. */
export const addFundingSchema = z.object({
	programmeId: ref,
	amount: optionalInt(100_000_000),
	sharePercent: optionalInt(100),
	state: z.enum(['used', 'applied'])
});
export type AddFundingInput = z.infer<typeof addFundingSchema>;

export const removeFundingSchema = z.object({ fundingId: ref });

/** The catalogue's filters (GET /funding and /api/v1/funding): a category, German full text (last word a prefix). */
export const listFundingQuerySchema = z.object({ category: z.string().trim().min(1).max(40).optional(), q: z.string().trim().max(200).optional() });

/** The query parameters as a plain object: empty values count as absent. */
export function fundingQuery(params: URLSearchParams): Record<string, string | undefined> {
	const value = (key: string) => {
		const v = params.get(key);
		return v === null || v === '' ? undefined : v;
	};
	return { category: value('category'), q: value('q') };
}
