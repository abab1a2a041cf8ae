// Reads of the ideas: the county-wide list with filters, one idea with its comments, and the choices of
// the submit form. Hidden ideas and comments are left out for everyone but the moderators.
import { sql, type ExpressionBuilder } from 'kysely';
import type { Database, IdeaStatus } from '../../db/types.ts';
import type { Db } from '../../db/index.ts';
import { loadStoredFiles } from '../../files/storedFiles.ts';
import type { StoredFile } from '../../files/uploads.ts';
import { fieldError } from '../../http/errors.ts';
import type { Actor } from '../../policy/index.ts';
import { renderMarkdown } from '../../richtext/markdown.ts';
import { listCategories } from '../categories.ts';
import { parseQuery, type QueryTerm } from '../search/normalise.ts';
import { matchingDocuments } from '../search/searchDialect.ts';
import { ideaPermissions, loadIdea } from './ideaAccess.ts';
import { IDEAS_PAGE_SIZE, type ListIdeasQuery } from './schemas.ts';
import { findVillage } from './submitIdea.ts';

type Eb = ExpressionBuilder<Database, 'ideas'>;
const supportCount = (eb: Eb) => eb.selectFrom('ideaSupports').select((s) => s.fn.countAll<number>().as('n')).whereRef('ideaSupports.ideaId', '=', 'ideas.id').as('supportCount');
const commentCount = (eb: Eb) =>
	eb.selectFrom('ideaComments').select((s) => s.fn.countAll<number>().as('n')).whereRef('ideaComments.ideaId', '=', 'ideas.id').where('ideaComments.hiddenAt', 'is', null).as('commentCount');

function base(db: Db) {
	return db
		.selectFrom('ideas')
		.innerJoin('tenants as village', 'village.id', 'ideas.tenantId')
		.leftJoin('tenants as municipality', 'municipality.id', 'village.parentId')
		.leftJoin('users as author', 'author.id', 'ideas.authorId')
		.leftJoin('clubs', 'clubs.id', 'ideas.clubId')
		.select([
			'ideas.id',
			'ideas.title',
			'ideas.description',
			'ideas.categoryKey',
			'ideas.status',
			'ideas.statusReason',
			'ideas.projectId',
			'ideas.imageFileId',
			'ideas.hiddenAt',
			'ideas.createdAt',
			'ideas.updatedAt',
			'village.id as villageId',
			'village.slug as villageSlug',
			'village.name as villageName',
			'municipality.name as municipalityName',
			'clubs.name as clubName',
			'author.displayName as authorName',
			supportCount,
			commentCount
		]);
}

/** An idea's image as pages show it (all stored sizes) or null. */
export type IdeaImage = Pick<StoredFile, 'url' | 'alt' | 'width' | 'height' | 'sources'>;

/** The images of some ideas (one query), by idea id; each file only from the idea's own village. */
async function imagesOf(db: Db, rows: { id: string; villageId: string; imageFileId: string | null }[]): Promise<Map<string, IdeaImage>> {
	const files = await loadStoredFiles(db, rows.flatMap((r) => (r.imageFileId ? [{ tenantId: r.villageId, fileId: r.imageFileId }] : [])));
	const images = new Map<string, IdeaImage>();
	for (const r of rows) {
		const file = r.imageFileId ? files.get(r.imageFileId) : undefined;
		if (file) images.set(r.id, { url: file.url, alt: file.alt, width: file.width, height: file.height, sources: file.sources });
	}
	return images;
}

export interface IdeaListPage {
	ideas: Awaited<ReturnType<typeof listIdeasRows>>;
	page: number;
	pageSize: number;
	total: number;
	pageCount: number;
}

interface IdeaFilters {
	villageId?: string;
	category?: string;
	status?: IdeaStatus;
	/** search terms; the ideas that match all of them, best first (hidden ideas have no index row) */
	terms: QueryTerm[];
}

function filteredIdeas(db: Db, where: IdeaFilters) {
	let q = base(db).where('ideas.hiddenAt', 'is', null);
	if (where.terms.length) q = q.innerJoin(matchingDocuments(db, { kind: 'idea', terms: where.terms }).as('hits'), (join) => join.onRef(sql.ref('hits.docId'), '=', 'ideas.id'));
	if (where.villageId) q = q.where('ideas.tenantId', '=', where.villageId);
	if (where.category) q = q.where('ideas.categoryKey', '=', where.category);
	if (where.status) q = q.where('ideas.status', '=', where.status);
	return q;
}

async function listIdeasRows(db: Db, where: IdeaFilters, page: number) {
	let q = filteredIdeas(db, where);
	if (where.terms.length) q = q.orderBy(sql`hits.score`, 'desc');
	const rows = await q
		.orderBy('ideas.createdAt', 'desc')
		.orderBy('ideas.id', 'desc')
		.limit(IDEAS_PAGE_SIZE)
		.offset((page - 1) * IDEAS_PAGE_SIZE)
		.execute();
	const images = await imagesOf(db, rows);
	return rows.map(({ description, hiddenAt: _hidden, imageFileId: _image, ...r }) => ({
		...r,
		summary: description.slice(0, 300),
		supportCount: Number(r.supportCount),
		commentCount: Number(r.commentCount),
		image: images.get(r.id) ?? null
	}));
}

/**
 * The ideas of the county, newest first (best match first with `q`), 20 a page, with their support and comment
 * counts; hidden ones left out. A query of only punctuation or function words finds nothing.
 */
export async function listIdeas(db: Db, query: ListIdeasQuery): Promise<IdeaListPage> {
	let villageId: string | undefined;
	if (query.village) {
		const village = await findVillage(db, query.village);
		if (!village) throw fieldError('village', 'err_choice');
		villageId = village.id;
	}
	if (query.category && !(await listCategories(db)).some((c) => c.key === query.category)) throw fieldError('category', 'err_choice');
	const terms = query.q ? parseQuery(query.q) : [];
	const page = (ideas: IdeaListPage['ideas'], total: number) => ({ ideas, page: query.page, pageSize: IDEAS_PAGE_SIZE, total, pageCount: Math.max(1, Math.ceil(total / IDEAS_PAGE_SIZE)) });
	if (query.q && terms.length === 0) return page([], 0);
	const where = { villageId, category: query.category, status: query.status, terms };
	const count = await filteredIdeas(db, where)
		.clearSelect()
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.executeTakeFirstOrThrow();
	return page(await listIdeasRows(db, where, query.page), Number(count.n));
}

/** One idea with rendered description, its comments, whether the actor supports it and what the actor may do. */
export async function getIdea(db: Db, args: { actor: Actor; ideaId: string }) {
	const { idea, village } = await loadIdea(db, args);
	const permissions = ideaPermissions(args.actor, village);
	const row = await base(db).where('ideas.id', '=', idea.id).executeTakeFirstOrThrow();
	let comments = db
		.selectFrom('ideaComments')
		.leftJoin('users', 'users.id', 'ideaComments.authorId')
		.select(['ideaComments.id', 'ideaComments.body', 'ideaComments.hiddenAt', 'ideaComments.createdAt', 'users.displayName as authorName'])
		.where('ideaComments.ideaId', '=', idea.id);
	if (!permissions.canModerate) comments = comments.where('ideaComments.hiddenAt', 'is', null);
	const commentRows = await comments.orderBy('ideaComments.createdAt').orderBy('ideaComments.id').execute();
	const supported = args.actor.userId
		? !!(await db.selectFrom('ideaSupports').select('id').where('ideaId', '=', idea.id).where('userId', '=', args.actor.userId).executeTakeFirst())
		: false;
	const { description, imageFileId: _image, ...rest } = row;
	const image = (await imagesOf(db, [row])).get(row.id) ?? null;
	return {
		idea: {
			...rest,
			image,
			descriptionHtml: renderMarkdown(description),
			hiddenReason: permissions.canModerate ? idea.hiddenReason : '',
			supportCount: Number(row.supportCount),
			commentCount: Number(row.commentCount),
			isAuthor: !!args.actor.userId && idea.authorId === args.actor.userId
		},
		comments: commentRows.map((c) => ({ id: c.id, authorName: c.authorName, createdAt: c.createdAt, isHidden: c.hiddenAt !== null, bodyHtml: renderMarkdown(c.body) })),
		supported,
		permissions
	};
}
