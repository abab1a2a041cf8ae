// The village's events on the county's overview pages (/calendar, a municipality's page): what anyone may see,
// each occurrence of a series on its own, soonest first.
import type { ModuleContext, ModuleOverview, OverviewItem } from '../../server/moduleApi.ts';
import { listOccurrences, type CalendarTables } from './queries.ts';
import { listSetting, type Settings } from './schemas.ts';
import { DAY } from './time.ts';

type Ctx = ModuleContext<Settings, CalendarTables>;

/** How far ahead an overview looks when the core does not say (`until`). */
const HORIZON = 400 * DAY;

export const overview: ModuleOverview<Ctx> = {
	kind: 'events',
	categories: (ctx) => listSetting(ctx.settings.categories),
	async list(ctx, { limit, from, until, after, category }) {
		const start = after ? after.at : from;
		// a little more than asked: occurrences at the cursor's moment that were already shown are dropped below
		const occurrences = await listOccurrences(ctx.data, start, until ?? start + HORIZON, { categories: category ? [category] : [] }, limit + 50);
		const items: OverviewItem[] = occurrences.map((o) => ({
			id: `${o.eventId}:${o.key}`,
			title: o.title,
			url: `/${ctx.village.slug}/calendar/event/${encodeURIComponent(o.eventId)}${o.recurring ? `?on=${o.key}` : ''}`,
			at: o.start,
			end: o.end,
			allDay: o.allDay,
			text: o.location,
			category: o.category,
			cancelled: o.cancelled
		}));
		return items
			.filter((i) => !after || i.at > after.at || (i.at === after.at && after.id !== null && i.id > after.id))
			.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
			.slice(0, limit);
	}
};
