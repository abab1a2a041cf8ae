import { sql, type Kysely } from 'kysely';
import { isPostgres } from '../../platform/search/searchDialect.ts';
import { reindexEverything } from '../../platform/search/searchIndex.ts';

// The search index (docs/decisions/018-search-normalised-in-typescript.md): one row per visible project, idea
// and funding programme, holding its title and body as the normalised German terms that the app computes
// (normalise.ts), so both databases search the same words. SQLite keeps an FTS5 index over these rows
// (external content, kept in step by triggers); PostgreSQL a generated 'simple' tsvector (title A, body D)
// with a GIN index. Hidden projects and ideas have no row. The rows that exist today are indexed here.
// A project's entry also carries what the list filters and sorts a text search by (status, category, SDGs as
// ",3,11,", one-off cost, visible adoptions, creation time), so that a broad word's thousands of matches are
// filtered and counted in this one table instead of one look-up of the project and its place per match.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
	if (isPostgres(db)) {
		await sql`create table search_documents (
			kind text not null,
			doc_id text not null,
			tenant_id text not null references tenants(id) on delete cascade,
			title text not null,
			body text not null,
			status text,
			category_key text,
			sdgs text,
			cost_one_off double precision,
			adoptions integer not null default 0,
			created_at bigint not null default 0,
			tsv tsvector generated always as (setweight(to_tsvector('simple', title), 'A') || setweight(to_tsvector('simple', body), 'D')) stored,
			primary key (kind, doc_id)
		)`.execute(db);
		await sql`create index search_documents_tsv_idx on search_documents using gin (tsv)`.execute(db);
	} else {
		await sql`create table search_documents (
			seq integer primary key,
			kind text not null,
			doc_id text not null,
			tenant_id text not null references tenants(id) on delete cascade,
			title text not null,
			body text not null,
			status text,
			category_key text,
			sdgs text,
			cost_one_off real,
			adoptions integer not null default 0,
			created_at integer not null default 0
		)`.execute(db);
		await sql`create unique index search_documents_doc_uq on search_documents (kind, doc_id)`.execute(db);
		await sql`create virtual table search_fts using fts5(title, body, content='search_documents', content_rowid='seq', tokenize='unicode61', prefix='2 3 4')`.execute(db);
		await sql`create trigger search_documents_ai after insert on search_documents begin insert into search_fts(rowid, title, body) values (new.seq, new.title, new.body); end`.execute(db);
		await sql`create trigger search_documents_ad after delete on search_documents begin insert into search_fts(search_fts, rowid, title, body) values ('delete', old.seq, old.title, old.body); end`.execute(db);
		await sql`create trigger search_documents_au after update on search_documents begin insert into search_fts(search_fts, rowid, title, body) values ('delete', old.seq, old.title, old.body); insert into search_fts(rowid, title, body) values (new.seq, new.title, new.body); end`.execute(db);
	}
	await reindexEverything(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
	if (!isPostgres(db)) await sql`drop table if exists search_fts`.execute(db);
	await sql`drop table if exists search_documents`.execute(db);
}
