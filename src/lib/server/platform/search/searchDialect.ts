// The one place where SQLite and PostgreSQL differ for search (DESIGN.md: dialect code behind one small
// interface per feature). Both search the same stored terms (normalise.ts): SQLite with FTS5 and bm25 (title
// weighted ten times the body), PostgreSQL with a 'simple' tsvector (title A, body D) and ts_rank. Either way a
// match is a row (doc_id, score) with a higher score for a better match.
import { PostgresAdapter, sql, type Kysely, type RawBuilder } from 'kysely';
import type { QueryTerm } from './normalise.ts';

export type SearchKind = 'project' | 'idea' | 'funding';

/** Whether this database (or transaction) is PostgreSQL. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- works for any schema (the migration's too)
export function isPostgres(db: Kysely<any>): boolean {
	return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** The query in the database's syntax; terms are only a–z and 0–9 (normalise.ts), so none can break out. */
function matchText(postgres: boolean, terms: QueryTerm[], mode: 'all' | 'any'): string {
	if (postgres) return terms.map((t) => (t.prefix ? `${t.term}:*` : t.term)).join(mode === 'all' ? ' & ' : ' | ');
	return terms.map((t) => `"${t.term}"${t.prefix ? '*' : ''}`).join(mode === 'all' ? ' ' : ' OR ');
}

/** A match with the entry's filter columns (null for ideas and programmes; see migration 021). */
export interface MatchingDocument {
	docId: string;
	score: number;
	tenantId: string;
	status: string | null;
	categoryKey: string | null;
	sdgs: string | null;
	costOneOff: number | null;
	adoptions: number;
	createdAt: number;
}
const COLUMNS = sql.raw('d.doc_id, d.tenant_id, d.status, d.category_key, d.sdgs, d.cost_one_off, d.adoptions, d.created_at');

/** One term restricted to the title: FTS5's column filter, PostgreSQL's weight A (the title's). */
function titleMatchText(postgres: boolean, t: QueryTerm): string {
	if (postgres) return t.prefix ? `${t.term}:*A` : `${t.term}:A`;
	return `title : "${t.term}"${t.prefix ? '*' : ''}`;
}

/**
 * The documents of one kind that match every term (or, with mode 'any', one of them): (doc_id, score), where the
 * score counts the query's terms found in the title. Not bm25 or ts_rank: those read every match's positions
 * (measured: bm25 over 3,900 matches took 56 ms of a 60 ms query) and order differently on the two databases;
 * "how many of the words are in the title", then the newest change (findProjects), is cheap — each term's title
 * matches are one index look-up — and gives the same order on SQLite and PostgreSQL.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see isPostgres
export function matchingDocuments(db: Kysely<any>, args: { kind: SearchKind; terms: QueryTerm[]; mode?: 'all' | 'any' }): RawBuilder<MatchingDocument> {
	const postgres = isPostgres(db);
	const match = matchText(postgres, args.terms, args.mode ?? 'all');
	// at most MAX_QUERY_TERMS terms reach here (normalise.ts), so the score is a short sum
	if (postgres) {
		const score = sql.join(
			args.terms.map((t) => sql`(d.tsv @@ to_tsquery('simple', ${titleMatchText(true, t)}))::int`),
			sql` + `
		);
		return sql`(select ${COLUMNS}, ${score} as score from search_documents d where d.kind = ${args.kind} and d.tsv @@ to_tsquery('simple', ${match}))`;
	}
	const score = sql.join(
		args.terms.map((t) => sql`(d.seq in (select rowid from search_fts where search_fts match ${titleMatchText(false, t)}))`),
		sql` + `
	);
	return sql`(select ${COLUMNS}, ${score} as score from search_fts join search_documents d on d.seq = search_fts.rowid where search_fts match ${match} and d.kind = ${args.kind})`;
}
