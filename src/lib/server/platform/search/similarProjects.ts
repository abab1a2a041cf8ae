// "Ähnliche Projekte" on a project's page: projects of other places that share the most significant words of
// its title (through the same index and terms as the search, so both databases agree), the same category
// first. Never the project itself, never a hidden one (hidden projects have no index row, and the query asks
// for visible rows too).
import { sql } from 'kysely';
import type { Db } from '../../db/index.ts';
import { baseQuery, toCard, type ProjectCard } from '../projects/projectCards.ts';
import { termsOfWord, wordsOf, type QueryTerm } from './normalise.ts';
import { matchingDocuments } from './searchDialect.ts';

/** Terms shorter than this say little about the subject ("30", "am" after stemming). */
const MIN_TERM = 3;
/** More terms add little and cost time. */
const MAX_TERMS = 8;

/** A title's significant terms, whole words (no prefixes): stems, joined compounds and their known heads. */
export function titleTerms(title: string): QueryTerm[] {
	const terms = [...new Set(wordsOf(title).flatMap((w) => termsOfWord(w.word)))].filter((t) => t.length >= MIN_TERM && !/^\d+$/.test(t));
	return terms.slice(0, MAX_TERMS).map((term) => ({ term, prefix: false }));
}

/** Up to `limit` visible projects of other places like this one: same category first, then the best match. */
export async function similarProjects(db: Db, project: { id: string; title: string; categoryKey: string; tenantId: string }, limit = 4): Promise<ProjectCard[]> {
	const terms = titleTerms(project.title);
	if (terms.length === 0) return [];
	const ids = (
		await db
			.selectFrom('projects')
			.innerJoin(matchingDocuments(db, { kind: 'project', terms, mode: 'any' }).as('hits'), (join) => join.onRef(sql.ref('hits.docId'), '=', 'projects.id'))
			.select('projects.id')
			.where('projects.hiddenAt', 'is', null)
			.where('projects.id', '!=', project.id)
			.where('projects.tenantId', '!=', project.tenantId)
			.orderBy(sql`case when ${sql.ref('projects.categoryKey')} = ${project.categoryKey} then 0 else 1 end`)
			.orderBy(sql`hits.score`, 'desc')
			.orderBy('projects.updatedAt', 'desc')
			.orderBy('projects.id', 'desc')
			.limit(limit)
			.execute()
	).map((r) => r.id);
	if (ids.length === 0) return [];
	const byId = new Map((await baseQuery(db).where('projects.id', 'in', ids).execute()).map((r) => [r.id, toCard(r)]));
	return ids.flatMap((id) => byId.get(id) ?? []);
}
