// Keeping the search index current: every write of a project, idea or funding programme calls one of the
// reindex functions in its own transaction, so the index never disagrees with the rows. A hidden project or
// idea (and a deleted programme) has no index row at all, so no search can find it.
import { sql, type Kysely } from 'kysely';
import { indexTerms } from './normalise.ts';
import type { SearchKind } from './searchDialect.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- runs in migration 021 too, which must not depend on today's types
type AnyDb = Kysely<any>;

/** The project texts a search looks at besides the title (the profile a village reads to repeat it). */
export const PROJECT_BODY_FIELDS = ['summary', 'goals', 'targetGroup', 'preconditions', 'steps', 'pitfalls', 'lessons', 'results', 'timeline'] as const;
/** The funding programme's texts besides its name. */
const PROGRAMME_BODY_FIELDS = ['fundingBody', 'share', 'deadlines', 'eligibility'] as const;

export interface SearchDocument {
	kind: SearchKind;
	docId: string;
	tenantId: string;
	title: string;
	body: string;
	/** projects only: what a text search filters and sorts by, copied from the row (see migration 021) */
	filters?: { status: string; categoryKey: string; sdgs: string; costOneOff: number | null; adoptions: number; createdAt: number };
}

/** "[3,11]" as ",3,11,": one LIKE '%,3,%' finds an SDG the same way on both databases. */
export function sdgList(json: unknown): string {
	return `,${String(json ?? '').replace(/[^0-9,]/g, '')},`;
}

type Row = Record<string, unknown>;
const text = (row: Row, fields: readonly string[]) => fields.map((f) => String(row[f] ?? '')).join('\n');

/** A project row (all columns) as its index entry, with its number of visible adoptions; null when hidden. */
export function projectDocument(row: Row, adoptions = 0): SearchDocument | null {
	if (row.hiddenAt !== null && row.hiddenAt !== undefined) return null;
	const cost = row.costOneOff === null || row.costOneOff === undefined ? null : Number(row.costOneOff);
	return {
		kind: 'project',
		docId: String(row.id),
		tenantId: String(row.tenantId),
		title: indexTerms(String(row.title)),
		body: indexTerms(text(row, PROJECT_BODY_FIELDS)),
		filters: { status: String(row.status), categoryKey: String(row.categoryKey), sdgs: sdgList(row.sdgs), costOneOff: cost, adoptions, createdAt: Number(row.createdAt) }
	};
}

function ideaDocument(row: Row): SearchDocument | null {
	if (row.hiddenAt !== null && row.hiddenAt !== undefined) return null;
	return { kind: 'idea', docId: String(row.id), tenantId: String(row.tenantId), title: indexTerms(String(row.title)), body: indexTerms(String(row.description ?? '')) };
}

function programmeDocument(row: Row): SearchDocument {
	return { kind: 'funding', docId: String(row.id), tenantId: String(row.tenantId), title: indexTerms(String(row.name)), body: indexTerms(text(row, PROGRAMME_BODY_FIELDS)) };
}

/** Rows per insert statement (well below either database's limit of bound values). */
const BATCH = 200;

/** Writes index entries, many rows a statement (the seed and the bench write thousands). */
export async function writeDocuments(db: AnyDb, documents: SearchDocument[]): Promise<void> {
	for (let i = 0; i < documents.length; i += BATCH) {
		const rows = documents.slice(i, i + BATCH).map((d) => {
			const f = d.filters;
			return sql`(${d.kind}, ${d.docId}, ${d.tenantId}, ${d.title}, ${d.body}, ${f?.status ?? null}, ${f?.categoryKey ?? null}, ${f?.sdgs ?? null}, ${f?.costOneOff ?? null}, ${f?.adoptions ?? 0}, ${f?.createdAt ?? 0})`;
		});
		await sql`insert into search_documents (kind, doc_id, tenant_id, title, body, status, category_key, sdgs, cost_one_off, adoptions, created_at) values ${sql.join(rows)}`.execute(db);
	}
}

async function replace(db: AnyDb, kind: SearchKind, id: string, document: SearchDocument | null): Promise<void> {
	await sql`delete from search_documents where kind = ${kind} and doc_id = ${id}`.execute(db);
	if (document) await writeDocuments(db, [document]);
}

const visibleAdoptions = (db: AnyDb, id: string) =>
	sql<{ n: number }>`select count(*) as n from projects where adapted_from_id = ${id} and hidden_at is null`.execute(db).then((r) => Number(r.rows[0]?.n ?? 0));

/**
 * Brings one project's index entry in line with its row (call it in the write's transaction), and the adoption
 * count of the project it was adopted from: adopting, hiding and showing again change the origin's count.
 */
export async function reindexProject(db: AnyDb, id: string): Promise<void> {
	const row = await db.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirst();
	await replace(db, 'project', id, row ? projectDocument(row, await visibleAdoptions(db, id)) : null);
	const origin = row?.adaptedFromId as string | null | undefined;
	if (origin) await sql`update search_documents set adoptions = ${await visibleAdoptions(db, origin)} where kind = 'project' and doc_id = ${origin}`.execute(db);
}

/** Brings one idea's index entry in line with its row (call it in the write's transaction). */
export async function reindexIdea(db: AnyDb, id: string): Promise<void> {
	const row = await db.selectFrom('ideas').selectAll().where('id', '=', id).executeTakeFirst();
	await replace(db, 'idea', id, row ? ideaDocument(row) : null);
}

/** Brings one funding programme's index entry in line with its row (also after it was deleted). */
export async function reindexProgramme(db: AnyDb, id: string): Promise<void> {
	const row = await db.selectFrom('fundingProgrammes').selectAll().where('id', '=', id).executeTakeFirst();
	await replace(db, 'funding', id, row ? programmeDocument(row) : null);
}

/** Rebuilds the whole index from the rows (migration 021, and the demo seed after its bulk inserts). */
export async function reindexEverything(db: AnyDb): Promise<void> {
	await sql`delete from search_documents`.execute(db);
	const [projects, ideas, programmes] = await Promise.all([
		db.selectFrom('projects').selectAll().execute(),
		db.selectFrom('ideas').selectAll().execute(),
		db.selectFrom('fundingProgrammes').selectAll().execute()
	]);
	const adoptions = new Map<string, number>();
	for (const p of projects) if (p.adaptedFromId && p.hiddenAt === null) adoptions.set(p.adaptedFromId, (adoptions.get(p.adaptedFromId) ?? 0) + 1);
	const documents = [...projects.map((p) => projectDocument(p, adoptions.get(p.id) ?? 0)), ...ideas.map(ideaDocument), ...programmes.map(programmeDocument)].filter((d): d is SearchDocument => d !== null);
	await writeDocuments(db, documents);
}
