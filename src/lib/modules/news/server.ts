import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { actionFor, invalid, missing, newId, type FieldErrors, type ModuleActionResult, type ModuleContext, type ModuleServer } from '../../server/moduleApi.ts';
import { articleOf, articlePath, clubNames, lookups, stateLabel, summaryOf } from './articleView.ts';
import { t, type TextKey } from './messages.ts';
import { newsFeed } from './newsFeed.ts';
import { overview } from './overview.ts';
import { isImportant, pushPublication } from './push.ts';
import { currentImportant, findArticle, listArticles, listUnpublished, type ArticleRow, type ArticleState, type NewsTables } from './queries.ts';
import { articleIdSchema, articleSchema, articlesOutput, categoriesOf, createdOutput, publishModeOf, publishSchema, stateOutput, updateArticleSchema, type settingsSchema } from './schemas.ts';
import { parseMoment, parseUntil, toDateInput, toLocalInput } from './time.ts';

type Settings = z.infer<typeof settingsSchema>;
type Ctx = ModuleContext<Settings, NewsTables>;

// Every action: the core checks `permission` and validates `input` before `run`, in one transaction. Writing is
// for the village's editors (news.edit) and for club admins about their own club's articles, so the actions say
// 'signedIn' and `run` asks `mayWrite` before it touches anything.
const action = actionFor<Ctx>();
const EDIT = 'news.edit';

/** The clubs of this village that the actor administers (an API token has no club roles). */
async function adminClubs(ctx: Ctx): Promise<string[]> {
	return (await ctx.clubsAdministered()).map((c) => c.id);
}

/** May the actor write articles at all (an editor, or an admin of one of the village's clubs)? */
async function isWriter(ctx: Ctx): Promise<boolean> {
	return ctx.can(EDIT) || (await adminClubs(ctx)).length > 0;
}

/** May the actor write an article of this club (null: the village's own)? */
async function mayWrite(ctx: Ctx, clubId: string | null): Promise<boolean> {
	if (ctx.can(EDIT)) return true;
	return clubId !== null && (await adminClubs(ctx)).includes(clubId);
}

const forbidden = (ctx: Ctx): ModuleActionResult => ({ ok: false, status: 403, errors: { _form: t(ctx.locale, 'errNotYours') } });
/**
 * The article an action is about, when the actor may write it: 403 for someone who writes no articles here or
 * not this one (another club's), 404 for an id that is not the village's (another village's ids are not found).
 */
async function writableArticle(ctx: Ctx, articleId: string): Promise<{ ok: true; row: ArticleRow } | { ok: false; refused: ModuleActionResult }> {
	if (!(await isWriter(ctx))) return { ok: false, refused: forbidden(ctx) };
	const row = await findArticle(ctx.data, articleId);
	if (!row) return { ok: false, refused: missing(t(ctx.locale, 'errMissing')) };
	if (!(await mayWrite(ctx, row.clubId))) return { ok: false, refused: forbidden(ctx) };
	return { ok: true, row };
}

const fieldError = (ctx: Ctx, label: TextKey, message: TextKey) => `${t(ctx.locale, label)}: ${t(ctx.locale, message)}`;

type ArticleInput = z.output<typeof articleSchema>;

/** What the article will be, or the fields that are wrong: the checks the schema cannot make (lists, files, now). */
async function resolveArticle(ctx: Ctx, input: ArticleInput, current: ArticleRow | undefined, now: number) {
	const errors: FieldErrors = {};
	const categories = categoriesOf(ctx.settings.categories);
	// an article keeps a category that was since taken off the list
	if (!categories.includes(input.category) && input.category !== current?.category) errors.category = fieldError(ctx, 'category', 'errCategory');
	const clubId = input.clubId ?? null;
	if (clubId !== null && !(await ctx.clubs()).some((c) => c.id === clubId)) errors.clubId = fieldError(ctx, 'club', 'errClub');
	else if (clubId === null && !ctx.can(EDIT)) errors.clubId = fieldError(ctx, 'club', 'errClubRequired');

	let imageId = input.removeImage ? null : (current?.imageId ?? null);
	if (input.imageId && input.imageId !== current?.imageId) {
		const file = await ctx.files.get(input.imageId);
		if (!file || file.kind !== 'image') errors.imageId = fieldError(ctx, 'image', 'errMissing');
		else imageId = file.id;
	}
	const imageAlt = imageId ? (input.imageAlt ?? (input.imageId ? '' : (current?.imageAlt ?? ''))) : '';
	if (imageId && !imageAlt) errors.imageAlt = fieldError(ctx, 'imageAlt', 'errAltMissing');

	const mode = publishModeOf(input);
	const publishAt = mode === 'at' ? parseMoment(input.publishAt!)! : null;
	if (publishAt !== null && publishAt <= now) errors.publishAt = fieldError(ctx, 'publishAt', 'errPast');
	const importantUntil = input.important ? parseUntil(input.importantUntil!)! : null;
	if (importantUntil !== null && importantUntil <= now) errors.importantUntil = fieldError(ctx, 'importantUntil', 'errUntilPast');
	if (Object.keys(errors).length) return { ok: false as const, errors };
	return { ok: true as const, clubId, imageId, imageAlt, mode, publishAt, importantUntil };
}

/** Moves an article to its next state; queues the publish job for a planned time (a new token per plan). */
async function applyState(ctx: Ctx, row: { id: string; state: ArticleState; publishAt: number | null; scheduleToken: string | null; publishedAt: number | null }, mode: 'draft' | 'now' | 'at' | undefined, publishAt: number | null, now: number) {
	if (mode === undefined) return { state: row.state, publishAt: row.publishAt, scheduleToken: row.scheduleToken, publishedAt: row.publishedAt };
	if (mode === 'draft') return { state: 'draft' as const, publishAt: null, scheduleToken: null, publishedAt: row.publishedAt };
	if (mode === 'now') return { state: 'published' as const, publishAt: null, scheduleToken: null, publishedAt: row.state === 'published' ? row.publishedAt : now };
	if (row.state === 'scheduled' && row.publishAt === publishAt && row.scheduleToken) return { state: row.state, publishAt, scheduleToken: row.scheduleToken, publishedAt: row.publishedAt };
	const scheduleToken = newId();
	await ctx.schedule({ job: 'publish', payload: { articleId: row.id, token: scheduleToken }, runAt: publishAt!, key: scheduleToken });
	return { state: 'scheduled' as const, publishAt, scheduleToken, publishedAt: row.publishedAt };
}

const announce = (ctx: Ctx, state: ArticleState) => t(ctx.locale, state === 'published' ? 'published' : state === 'scheduled' ? 'scheduled' : 'saved');

/** A write's answer: the article's id and state; a form goes on to the article's page, which says what happened. */
const done = (ctx: Ctx, id: string, state: ArticleState): ModuleActionResult => ({ ok: true, data: { id, state, announce: announce(ctx, state) }, redirect: `article/${id}?saved=${state}` });

/** "1767225600000_<id>" → the cursor of listArticles. */
function cursorOf(value: string | null): { before?: number; beforeId?: string } {
	const m = /^(\d{1,15})_([\w-]{1,64})$/.exec(value ?? '');
	return m ? { before: Number(m[1]), beforeId: m[2] } : {};
}
const cursorAfter = (rows: ArticleRow[], limit: number) => (rows.length === limit ? `${rows.at(-1)!.publishedAt}_${rows.at(-1)!.id}` : null);

/** The form's values for a new or an existing article (what the edit page shows). */
function formValues(row: ArticleRow | undefined, categories: string[]) {
	return {
		articleId: row?.id ?? '',
		title: row?.title ?? '',
		teaser: row?.teaser ?? '',
		body: row?.body ?? '',
		category: row?.category ?? categories[0] ?? '',
		clubId: row?.clubId ?? '',
		imageAlt: row?.imageAlt ?? '',
		publish: row?.state === 'scheduled' ? 'at' : row?.state === 'published' ? 'now' : 'draft',
		publishAt: row?.publishAt ? toLocalInput(row.publishAt) : '',
		important: row?.importantUntil ? 'on' : '',
		importantUntil: row?.importantUntil ? toDateInput(row.importantUntil) : ''
	};
}

export const server: ModuleServer<Settings, NewsTables> = {
	async load(ctx, page, params, query) {
		const categories = categoriesOf(ctx.settings.categories);
		const canWrite = await isWriter(ctx);
		if (page.component === 'Article') {
			const row = await findArticle(ctx.data, params.articleId ?? '');
			if (!row || (row.state !== 'published' && !(await mayWrite(ctx, row.clubId)))) error(404, t(ctx.locale, 'errMissing'));
			const names = await lookups(ctx, [row]);
			// after a post/redirect/get: what happened, for the status message (known states only)
			const saved = query.get('saved');
			const savedText = saved === 'published' || saved === 'scheduled' || saved === 'draft' ? announce(ctx, saved) : null;
			return { article: await articleOf(ctx, row, names), mayEdit: await mayWrite(ctx, row.clubId), savedText, settings: { title: ctx.settings.title } };
		}
		if (page.component === 'Edit') {
			if (!canWrite) error(403, t(ctx.locale, 'errNotYours'));
			const row = params.articleId ? await findArticle(ctx.data, params.articleId) : undefined;
			if (params.articleId && !row) error(404, t(ctx.locale, 'errMissing'));
			if (row && !(await mayWrite(ctx, row.clubId))) error(403, t(ctx.locale, 'errNotYours'));
			const names = await lookups(ctx, [row]);
			const own = ctx.can(EDIT) ? null : await adminClubs(ctx);
			const clubs = (await ctx.clubs()).filter((c) => own === null || own.includes(c.id)).map((c) => ({ id: c.id, name: c.name }));
			const image = row ? (await summaryOf(ctx, row, names)).image : null;
			return { values: formValues(row, categories), categories: row && !categories.includes(row.category) ? [...categories, row.category] : categories, clubs, mayChooseVillage: own === null, image, state: row?.state ?? null, stateLabel: row ? (await summaryOf(ctx, row, names)).stateLabel : null };
		}
		const category = categories.includes(query.get('category') ?? '') ? query.get('category')! : '';
		const clubs = await clubNames(ctx);
		const clubId = clubs.has(query.get('club') ?? '') ? query.get('club')! : '';
		const limit = ctx.settings.pageSize;
		const rows = await listArticles(ctx.data, { limit, ...cursorOf(query.get('before')), category: category || undefined, clubId: clubId || undefined });
		const drafts = canWrite ? (await listUnpublished(ctx.data)).filter((r) => ctx.can(EDIT) || (r.clubId !== null && clubs.has(r.clubId))) : [];
		const ownClubs = ctx.can(EDIT) ? null : await adminClubs(ctx);
		const names = await lookups(ctx, [...rows, ...drafts], clubs);
		return {
			articles: await Promise.all(rows.map((r) => summaryOf(ctx, r, names))),
			drafts: await Promise.all(drafts.filter((r) => ownClubs === null || ownClubs.includes(r.clubId ?? '')).map((r) => summaryOf(ctx, r, names))),
			next: cursorAfter(rows, limit),
			paged: query.has('before'),
			deleted: query.has('deleted'),
			filter: { category, club: clubId },
			categories,
			clubs: [...clubs].map(([id, name]) => ({ id, name })),
			canWrite,
			settings: { title: ctx.settings.title }
		};
	},

	async widget(ctx) {
		const banner = await currentImportant(ctx.data, Date.now());
		const rows = (await listArticles(ctx.data, { limit: ctx.settings.widgetCount + 1 })).filter((r) => r.id !== banner?.id).slice(0, ctx.settings.widgetCount);
		// what the widget shows (no author, club or picture), with its words: the home page then ships none of the module's texts
		const brief = (row: ArticleRow) => ({ id: row.id, title: row.title, stateLabel: stateLabel(row, ctx.locale) });
		return {
			important: banner ? brief(banner) : null,
			articles: rows.map(brief),
			texts: { important: t(ctx.locale, 'importantShort'), empty: t(ctx.locale, 'empty'), all: t(ctx.locale, 'all') }
		};
	},

	async banner(ctx) {
		const row = await currentImportant(ctx.data, Date.now());
		if (!row) return null;
		return { title: row.title, text: row.teaser || undefined, url: articlePath(ctx.village.slug, row.id), until: row.importantUntil ?? undefined };
	},

	feeds: {
		'news.xml': { contentType: 'application/rss+xml; charset=utf-8', render: (ctx) => newsFeed(ctx, 'rss') },
		'news.atom': { contentType: 'application/atom+xml; charset=utf-8', render: (ctx) => newsFeed(ctx, 'atom') }
	},

	api: {
		articles: {
			permission: 'public',
			byId: true,
			summary: 'Published articles, newest first (?category=, ?club=, ?limit= up to 50, ?before= the cursor `next`); with an id, one published article with its body',
			output: articlesOutput,
			async run(ctx, { id, query }) {
				const withUrl = <T extends { id: string; publishedAt: number | null; importantUntil: number | null }>(a: T) => ({
					...a,
					url: `${ctx.origin}${articlePath(ctx.village.slug, a.id)}`,
					publishedAt: new Date(a.publishedAt ?? 0).toISOString(),
					importantUntil: a.importantUntil ? new Date(a.importantUntil).toISOString() : null
				});
				const pick = ({ id: i, title, teaser, category, club, author, publishedAt, importantUntil, image }: Awaited<ReturnType<typeof summaryOf>>) => ({ id: i, title, teaser, category, club, author, publishedAt, importantUntil, image: image && { url: image.url, alt: image.alt } });
				if (id !== null) {
					const row = await findArticle(ctx.data, id);
					if (!row || row.state !== 'published') return null;
					const full = await articleOf(ctx, row, await lookups(ctx, [row]));
					return withUrl({ ...pick(full), body: full.body, bodyHtml: full.bodyHtml });
				}
				const limit = Math.min(50, Math.max(1, Number(query.get('limit')) || ctx.settings.pageSize));
				const rows = await listArticles(ctx.data, { limit, ...cursorOf(query.get('before')), category: query.get('category') || undefined, clubId: query.get('club') || undefined });
				const names = await lookups(ctx, rows);
				const articles = await Promise.all(rows.map(async (r) => withUrl(pick(await summaryOf(ctx, r, names)))));
				return { articles, next: cursorAfter(rows, limit) };
			}
		}
	},

	actions: {
		createArticle: action({
			permission: 'signedIn',
			input: articleSchema,
			uploads: { imageId: { accept: 'image', altField: 'imageAlt' } },
			api: { method: 'POST', path: 'articles' },
			summary: 'Write an article: as a draft (default), published now (publish: "now") or at a time (publishAt)',
			output: createdOutput,
			async run(ctx, input) {
				if (!(await isWriter(ctx))) return forbidden(ctx);
				const now = Date.now();
				const r = await resolveArticle(ctx, input, undefined, now);
				if (!r.ok) return invalid(r.errors);
				if (!(await mayWrite(ctx, r.clubId))) return forbidden(ctx);
				const id = newId();
				const next = await applyState(ctx, { id, state: 'draft', publishAt: null, scheduleToken: null, publishedAt: null }, r.mode ?? 'draft', r.publishAt, now);
				await ctx.data
					.insertInto('newsArticles')
					.values({ id, title: input.title, teaser: input.teaser ?? '', body: input.body ?? '', category: input.category, clubId: r.clubId, imageId: r.imageId, imageAlt: r.imageAlt, authorId: ctx.actor.userId, importantUntil: r.importantUntil, ...next, createdAt: now, updatedAt: now })
					.execute();
				await ctx.audit({ action: 'news.add', targetType: 'news.article', targetId: id, data: { title: input.title, state: next.state, important: r.importantUntil !== null } });
				if (next.state === 'published') await pushPublication(ctx, { id, title: input.title, teaser: input.teaser ?? '', importantUntil: r.importantUntil }, { published: false, important: false }, now);
				return done(ctx, id, next.state);
			}
		}),

		updateArticle: action({
			permission: 'signedIn',
			input: updateArticleSchema,
			uploads: { imageId: { accept: 'image', altField: 'imageAlt' } },
			api: { method: 'PATCH', path: 'articles', id: 'articleId' },
			summary: 'Change an article (all fields; publish/publishAt change its state, left out it stays as it is)',
			output: stateOutput,
			async run(ctx, input) {
				const found = await writableArticle(ctx, input.articleId);
				if (!found.ok) return found.refused;
				const { row } = found;
				const now = Date.now();
				const r = await resolveArticle(ctx, input, row, now);
				if (!r.ok) return invalid(r.errors);
				if (!(await mayWrite(ctx, r.clubId))) return forbidden(ctx);
				const next = await applyState(ctx, row, r.mode, r.publishAt, now);
				await ctx.data
					.updateTable('newsArticles')
					.set({ title: input.title, teaser: input.teaser ?? '', body: input.body ?? '', category: input.category, clubId: r.clubId, imageId: r.imageId, imageAlt: r.imageAlt, importantUntil: r.importantUntil, ...next, updatedAt: now })
					.where('id', '=', row.id)
					.execute();
				if (row.imageId && row.imageId !== r.imageId) await ctx.files.delete(row.imageId);
				await ctx.audit({ action: 'news.update', targetType: 'news.article', targetId: row.id, data: { title: input.title, state: next.state, important: r.importantUntil !== null } });
				if (next.state === 'published') await pushPublication(ctx, { id: row.id, title: input.title, teaser: input.teaser ?? '', importantUntil: r.importantUntil }, { published: row.state === 'published', important: isImportant(row, now) }, now);
				return done(ctx, row.id, next.state);
			}
		}),

		publishArticle: action({
			permission: 'signedIn',
			input: publishSchema,
			api: { method: 'POST', path: 'publish', id: 'articleId' },
			summary: 'Publish an article now, or at publishAt',
			output: stateOutput,
			async run(ctx, input) {
				const found = await writableArticle(ctx, input.articleId);
				if (!found.ok) return found.refused;
				const { row } = found;
				const now = Date.now();
				const at = input.publishAt ? parseMoment(input.publishAt)! : null;
				if (at !== null && at <= now) return invalid({ publishAt: fieldError(ctx, 'publishAt', 'errPast') });
				const next = await applyState(ctx, row, at === null ? 'now' : 'at', at, now);
				await ctx.data.updateTable('newsArticles').set({ ...next, updatedAt: now }).where('id', '=', row.id).execute();
				await ctx.audit({ action: next.state === 'published' ? 'news.publish' : 'news.schedule', targetType: 'news.article', targetId: row.id, data: { title: row.title, publishAt: next.publishAt } });
				if (next.state === 'published') await pushPublication(ctx, row, { published: row.state === 'published', important: isImportant(row, now) }, now);
				return done(ctx, row.id, next.state);
			}
		}),

		unpublishArticle: action({
			permission: 'signedIn',
			input: articleIdSchema,
			api: { method: 'POST', path: 'unpublish', id: 'articleId' },
			summary: 'Take an article back to a draft (also cancels a planned publication)',
			output: stateOutput,
			async run(ctx, input) {
				const found = await writableArticle(ctx, input.articleId);
				if (!found.ok) return found.refused;
				const { row } = found;
				await ctx.data.updateTable('newsArticles').set({ state: 'draft', publishAt: null, scheduleToken: null, updatedAt: Date.now() }).where('id', '=', row.id).execute();
				await ctx.audit({ action: 'news.unpublish', targetType: 'news.article', targetId: row.id, data: { title: row.title } });
				return done(ctx, row.id, 'draft');
			}
		}),

		deleteArticle: action({
			permission: 'signedIn',
			input: articleIdSchema,
			api: { method: 'DELETE', path: 'articles', id: 'articleId' },
			summary: 'Delete an article (and its image)',
			async run(ctx, input) {
				const found = await writableArticle(ctx, input.articleId);
				if (!found.ok) return found.refused;
				const { row } = found;
				await ctx.data.deleteFrom('newsArticles').where('id', '=', row.id).execute();
				if (row.imageId) await ctx.files.delete(row.imageId);
				await ctx.audit({ action: 'news.delete', targetType: 'news.article', targetId: row.id, data: { title: row.title } });
				return { ok: true, redirect: '?deleted=1' };
			}
		})
	},

	jobs: {
		/**
		 * Publishes a planned article. Safe to run twice and after changes: only an article that is still
		 * scheduled with this job's token is published (a new plan has a new token; unpublishing clears it).
		 */
		async publish(ctx, payload) {
			const parsed = z.object({ articleId: z.string().min(1).max(64), token: z.string().min(1).max(64) }).safeParse(payload);
			if (!parsed.success) return;
			const row = await findArticle(ctx.data, parsed.data.articleId);
			if (!row || row.state !== 'scheduled' || row.scheduleToken !== parsed.data.token) return;
			// the publication, its audit entry and its push message commit together
			await ctx.transaction(async (tx) => {
				const res = await tx.data
					.updateTable('newsArticles')
					.set({ state: 'published', publishedAt: row.publishAt ?? row.updatedAt, publishAt: null, scheduleToken: null })
					.where('id', '=', row.id)
					.where('state', '=', 'scheduled')
					.where('scheduleToken', '=', parsed.data.token)
					.executeTakeFirst();
				if (Number(res.numUpdatedRows) === 0) return;
				await tx.audit({ action: 'news.publish.scheduled', targetType: 'news.article', targetId: row.id, data: { title: row.title } });
				await pushPublication(tx, row, { published: false, important: false });
			});
		}
	},
	overview
};
