// The county home ("/"): what is happening across the county. New projects, the most adopted ones, the latest
// results (projects completed or with results written down), and the villages' next events (the county's
// calendar overview). Each list is short and bounded; hidden projects never appear.
import type { Locale } from '../../../modules/types.ts';
import type { Db } from '../../db/index.ts';
import { overviewPage, type ShownEntry } from '../overview/overviewPage.ts';
import { baseQuery, toCard, type ProjectCard } from '../projects/projectCards.ts';

/** how many projects each list of the home page shows (one row of cards on a desktop), and how many events */
export const HOME_LIST_SIZE = 3;
export const HOME_EVENTS = 5;

export interface CountyHome {
	newProjects: ProjectCard[];
	mostAdopted: ProjectCard[];
	latestResults: ProjectCard[];
	events: ShownEntry[];
	/** for the events' "heute"/"morgen" */
	today: string;
	tomorrow: string;
}

export async function countyHome(db: Db, args: { locale: Locale; origin: string; now?: number; limit?: number; eventLimit?: number }): Promise<CountyHome> {
	const limit = args.limit ?? HOME_LIST_SIZE;
	const visible = () => baseQuery(db).where('projects.hiddenAt', 'is', null);
	const [newProjects, mostAdopted, latestResults, events] = await Promise.all([
		visible().orderBy('projects.createdAt', 'desc').orderBy('projects.id', 'desc').limit(limit).execute(),
		// adopted at least once (by a visible project), most often first; ties: the one changed last
		visible()
			.where((eb) => eb.exists(eb.selectFrom('projects as adopted').select('adopted.id').whereRef('adopted.adaptedFromId', '=', 'projects.id').where('adopted.hiddenAt', 'is', null)))
			.orderBy('adoptionCount', 'desc')
			.orderBy('projects.updatedAt', 'desc')
			.orderBy('projects.id', 'desc')
			.limit(limit)
			.execute(),
		visible()
			.where((eb) => eb.or([eb('projects.status', '=', 'completed'), eb('projects.results', '!=', '')]))
			.orderBy('projects.updatedAt', 'desc')
			.orderBy('projects.id', 'desc')
			.limit(limit)
			.execute(),
		overviewPage({ db, kind: 'events', locale: args.locale, origin: args.origin, query: new URLSearchParams(), limit: args.eventLimit ?? HOME_EVENTS, now: args.now })
	]);
	return { newProjects: newProjects.map(toCard), mostAdopted: mostAdopted.map(toCard), latestResults: latestResults.map(toCard), events: events.entries, today: events.today, tomorrow: events.tomorrow };
}
