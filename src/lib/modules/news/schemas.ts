import { z } from 'zod';
import { MAX_MARKDOWN_LENGTH } from '../../server/moduleApi.ts';
import { text } from './messages.ts';
import { parseMoment, parseUntil } from './time.ts';

const id = z.string().min(1).max(64);
// Form checkboxes send "on"; JSON sends booleans.
const flag = z
	.union([z.boolean(), z.enum(['on', 'true', 'false', '1', '0'])])
	.optional()
	.transform((v) => v === true || v === 'on' || v === 'true' || v === '1');
const moment = z.string().trim().max(40).refine((v) => parseMoment(v) !== null, 'errDateTime');
const day = z.string().trim().max(40).refine((v) => parseUntil(v) !== null, 'errDate');

export const settingsSchema = z.object({
	title: z.string().trim().min(1).max(60).default('Dorf-News').meta({ label: text.settingTitle }),
	categories: z.string().trim().min(1).max(500).default('Aus dem Dorf, Vereine, Gemeinde').meta({ label: text.settingCategories }),
	widgetCount: z.coerce.number().int().min(1).max(10).default(3).meta({ label: text.settingWidgetCount }),
	pageSize: z.coerce.number().int().min(5).max(50).default(10).meta({ label: text.settingPageSize })
});

/**
 * The village's categories from the comma-separated setting, trimmed, without empties and repeats. Angle brackets
 * go: a category has no use for them, and the feed library writes Atom's category label unescaped into an attribute.
 */
export function categoriesOf(setting: string): string[] {
	return [...new Set(setting.split(',').map((c) => c.replace(/[<>]/g, '').trim()).filter(Boolean))];
}

const articleFields = z.object({
	title: z.string().trim().min(1).max(140),
	teaser: z.string().trim().max(400).optional(),
	body: z.string().max(MAX_MARKDOWN_LENGTH).optional(),
	category: z.string().trim().min(1).max(60),
	clubId: id.optional(),
	/** an upload (the core stores the file and puts its id here) */
	imageId: id.optional(),
	imageAlt: z.string().trim().max(300).optional(),
	removeImage: flag,
	/** draft, now, or at `publishAt`; in JSON, a `publishAt` alone means "at" */
	publish: z.enum(['draft', 'now', 'at']).optional(),
	publishAt: moment.optional(),
	important: flag,
	importantUntil: day.optional()
});

type ArticleFields = z.output<typeof articleFields>;
/** What the article asks for: draft, now or at a time (undefined: leave the state as it is). */
export const publishModeOf = (input: Pick<ArticleFields, 'publish' | 'publishAt'>) => input.publish ?? (input.publishAt ? 'at' : undefined);

// Checks across fields. They also run when another field failed (`when`), so a form names every problem at once;
// then the values may still be raw (a checkbox's "on"), so they read them either way.
const isOn = (v: unknown) => v === true || v === 'on' || v === 'true' || v === '1';
const always = { when: () => true };
const needsTime = (input: Record<string, unknown>) => !(input.publish === 'at' || (input.publish === undefined && !!input.publishAt)) || !!input.publishAt;
const needsEnd = (input: Record<string, unknown>) => !isOn(input.important) || !!input.importantUntil;
const crossChecks = <S extends z.ZodType<Record<string, unknown>>>(schema: S) =>
	schema.refine(needsTime, { path: ['publishAt'], message: 'errPublishAtMissing', ...always }).refine(needsEnd, { path: ['importantUntil'], message: 'errUntilMissing', ...always });

export const articleSchema = crossChecks(articleFields);
export const updateArticleSchema = crossChecks(articleFields.extend({ articleId: id }));
export const articleIdSchema = z.object({ articleId: id });
export const publishSchema = z.object({ articleId: id, publishAt: moment.optional() });

// What the JSON API answers (documented in OpenAPI).
const articleOut = z.object({
	id: z.string(),
	title: z.string(),
	teaser: z.string(),
	category: z.string(),
	club: z.object({ id: z.string(), name: z.string() }).nullable(),
	author: z.string().nullable().describe('display name of the author, when they are a member of the village'),
	publishedAt: z.string().describe('ISO 8601'),
	importantUntil: z.string().nullable().describe('ISO 8601; the announcement is important before this moment'),
	url: z.string().describe('the article page, absolute'),
	image: z.object({ url: z.string(), alt: z.string() }).nullable()
});
export const articlesOutput = z.object({ articles: z.array(articleOut), next: z.string().nullable().describe('cursor for ?before= to get older articles') }).meta({ id: 'NewsArticles' });
export const createdOutput = z.object({ id: z.string().describe('UUIDv7 of the new article'), state: z.enum(['draft', 'scheduled', 'published']) });
export const stateOutput = z.object({ id: z.string(), state: z.enum(['draft', 'scheduled', 'published']) });
