// The village's projects and open ideas in its app, read through ctx.pool (the county's Projektpool, bound to
// this village: another village's project is not found, hidden ones never appear), and "Idee einreichen"
// through the core's own idea submission. The module has no tables of its own.
import { error } from '@sveltejs/kit';
import type { z } from 'zod';
import { actionFor, renderMarkdown, type Locale, type ModuleContext, type ModuleServer, type PoolProjectCard, type PoolProjectStatus } from '../../server/moduleApi.ts';
import { dateFormat } from '../../ui/format.ts';
import { statusText, t } from './messages.ts';
import { ideaSchema, type settingsSchema } from './schemas.ts';

type Settings = z.infer<typeof settingsSchema>;
type Ctx = ModuleContext<Settings>;

const action = actionFor<Ctx>();

/** The order of the list's sections: what is going on first, what has ended last. */
const STATUS_ORDER: PoolProjectStatus[] = ['implementation', 'planning', 'idea', 'completed', 'paused', 'cancelled'];
/** the most projects the main page lists (a village has a handful; the Projektpool has the rest) */
const LIST_LIMIT = 100;
const IDEAS_LIMIT = 20;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const day = (ms: number, locale: Locale) => dateFormat(locale === 'en' ? 'en-GB' : 'de-DE', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Berlin' }).format(ms);
const isoDay = (iso: string, locale: Locale) => day(Date.parse(`${iso}T12:00:00Z`), locale);

const brief = (p: PoolProjectCard, locale: Locale) => ({ ref: p.ref, title: p.title, summary: p.summary, statusLabel: statusText[p.status][locale], category: p.category, adoptionCount: p.adoptionCount, poolUrl: p.poolUrl });

export const server: ModuleServer<Settings> = {
	async load(ctx, page, params, query) {
		const signedIn = ctx.actor.userId !== null;
		if (page.component === 'Project') {
			const p = await ctx.pool.project(params.project ?? '');
			if (!p) error(404, t(ctx.locale, 'errMissing'));
			return {
				project: {
					...brief(p, ctx.locale),
					startedOn: p.startedOn ? isoDay(p.startedOn, ctx.locale) : null,
					html: { goals: renderMarkdown(p.goals), results: renderMarkdown(p.results), lessons: renderMarkdown(p.lessons) },
					indicators: p.indicators.map((i) => ({ ...i, value: i.value.toLocaleString(ctx.locale === 'en' ? 'en-GB' : 'de-DE'), measuredOn: i.measuredOn ? isoDay(i.measuredOn, ctx.locale) : '' })),
					news: p.news.map((n) => ({ id: n.id, html: renderMarkdown(n.body), authorName: n.authorName, date: day(n.createdAt, ctx.locale) }))
				}
			};
		}
		if (page.component === 'Idea') return { categories: signedIn ? await ctx.pool.categories() : [], signedIn };
		const [projects, ideas] = await Promise.all([ctx.pool.projects({ limit: LIST_LIMIT }), ctx.settings.showIdeas ? ctx.pool.ideas({ limit: IDEAS_LIMIT }) : []]);
		const sections = STATUS_ORDER.map((status) => ({ status, label: statusText[status][ctx.locale], projects: projects.filter((p) => p.status === status).map((p) => brief(p, ctx.locale)) })).filter((s) => s.projects.length > 0);
		// after "Idee einreichen" (post/redirect/get): the new idea's id, for the thank-you and its link
		const submitted = query.get('idea');
		return {
			sections,
			showIdeas: ctx.settings.showIdeas,
			ideas: ideas.map((i) => ({ id: i.id, title: i.title, category: i.category, statusLabel: t(ctx.locale, i.status === 'new' ? 'ideaNew' : 'ideaDiscussion'), date: day(i.createdAt, ctx.locale), poolUrl: i.poolUrl })),
			submitted: submitted && UUID.test(submitted) ? `/ideas/${submitted}` : null,
			signedIn
		};
	},

	async widget(ctx) {
		const projects = await ctx.pool.projects({ limit: ctx.settings.widgetCount });
		// the words come with the data, so that the home page loads none of the module's texts
		return { projects: projects.map((p) => ({ ref: p.ref, title: p.title, statusLabel: statusText[p.status][ctx.locale] })), texts: { empty: t(ctx.locale, 'empty'), all: t(ctx.locale, 'all') } };
	},

	actions: {
		submitIdea: action({
			permission: 'signedIn',
			input: ideaSchema,
			summary: 'Submit an idea for this village to the Projektpool',
			async run(ctx, input) {
				const result = await ctx.pool.submitIdea(input);
				if (!result.ok) return { ok: false, status: result.status, errors: result.errors, values: { title: input.title, description: input.description, category: input.category } };
				return { ok: true, data: { id: result.id }, redirect: `?idea=${result.id}` };
			}
		})
	}
};
