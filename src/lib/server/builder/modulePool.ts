// ctx.pool: the county's Projektpool as a village-app module sees it. Read-only and bound to the context's
// village: its visible projects and open ideas (hidden ones never, another village's project is "not found"),
// and the core's own idea submission (submitIdea.ts, with its checks and audit entry) for this village only.
import type { Locale, ModulePool, PoolProject, PoolProjectCard } from '../../modules/types.ts';
import type { Db } from '../db/index.ts';
import { AppError } from '../http/errors.ts';
import { parseInput } from '../http/validate.ts';
import type { Actor } from '../policy/index.ts';
import { categoryName, listCategories } from '../platform/categories.ts';
import { submitIdeaSchema } from '../platform/ideas/schemas.ts';
import { submitIdea } from '../platform/ideas/submitIdea.ts';
import { getProject, type ProjectCard } from '../platform/projects/projectQueries.ts';
import { projectIdFromRef } from '../platform/projects/schemas.ts';
import { listProjectUpdates } from '../platform/projects/projectUpdates.ts';
import type { Tenant } from '../tenancy/tenants.ts';

/** how many rows one call answers at most: a module page is no export */
const MAX_LIMIT = 100;
const DEFAULT_LIMIT = 20;
/** progress updates on a project's page in the app (the Projektpool's page has them all) */
const NEWS_ON_PAGE = 5;

const clamp = (limit: number | undefined) => Math.min(MAX_LIMIT, Math.max(1, Math.floor(Number.isFinite(limit) ? limit! : DEFAULT_LIMIT)));

export function createModulePool(args: { db: Db; village: Tenant; actor: Actor; locale: Locale; ip: string; readOnly: boolean }): ModulePool {
	const { db, village, actor, locale } = args;
	const names = async () => {
		const categories = await listCategories(db);
		return (key: string) => categoryName(categories, key, locale);
	};
	const card = (p: Pick<ProjectCard, 'id' | 'slug' | 'title' | 'summary' | 'status' | 'categoryKey' | 'adoptionCount' | 'updatedAt'>, name: (key: string) => string): PoolProjectCard => ({
		id: p.id,
		title: p.title,
		summary: p.summary,
		status: p.status,
		category: name(p.categoryKey),
		adoptionCount: Number(p.adoptionCount),
		updatedAt: Number(p.updatedAt),
		ref: `${p.id}-${p.slug}`,
		poolUrl: `/projects/${p.id}-${p.slug}`
	});

	return {
		async projects({ limit } = {}) {
			const rows = await db
				.selectFrom('projects')
				.select((eb) => [
					'projects.id',
					'projects.slug',
					'projects.title',
					'projects.summary',
					'projects.status',
					'projects.categoryKey',
					'projects.updatedAt',
					eb.selectFrom('projects as adoption').select((e) => e.fn.countAll<number>().as('n')).whereRef('adoption.adaptedFromId', '=', 'projects.id').where('adoption.hiddenAt', 'is', null).as('adoptionCount')
				])
				.where('projects.tenantId', '=', village.id)
				.where('projects.hiddenAt', 'is', null)
				.orderBy('projects.updatedAt', 'desc')
				.orderBy('projects.id', 'desc')
				.limit(clamp(limit))
				.execute();
			const name = await names();
			return rows.map((r) => card({ ...r, adoptionCount: Number(r.adoptionCount ?? 0) }, name));
		},

		async project(ref) {
			const id = typeof ref === 'string' ? projectIdFromRef(ref) : null;
			if (!id) return null;
			// getProject leaves hidden projects out; a project of another place is not this village's
			const p = await getProject(db, id);
			if (!p || p.tenantId !== village.id) return null;
			const [name, news] = await Promise.all([names(), listProjectUpdates(db, p.id, NEWS_ON_PAGE)]);
			const project: PoolProject = {
				...card(p, name),
				goals: p.goals,
				results: p.results,
				lessons: p.lessons,
				startedOn: p.startedOn,
				indicators: p.indicators,
				news
			};
			return project;
		},

		async ideas({ limit } = {}) {
			const rows = await db
				.selectFrom('ideas')
				.select(['id', 'title', 'status', 'categoryKey', 'createdAt'])
				.where('tenantId', '=', village.id)
				.where('hiddenAt', 'is', null)
				.where('status', 'in', ['new', 'discussion'])
				.orderBy('createdAt', 'desc')
				.orderBy('id', 'desc')
				.limit(clamp(limit))
				.execute();
			const name = await names();
			return rows.map((r) => ({ id: r.id, title: r.title, status: r.status as 'new' | 'discussion', category: name(r.categoryKey), createdAt: Number(r.createdAt), poolUrl: `/ideas/${r.id}` }));
		},

		async categories() {
			return (await listCategories(db)).map((c) => ({ key: c.key, name: locale === 'en' ? c.en : c.de }));
		},

		async submitIdea(input) {
			if (args.readOnly) throw new Error('ideas are submitted in actions, not while reading');
			// the core's own schema, whatever the module checked: the village is always the context's
			const parsed = parseInput(submitIdeaSchema, { title: input.title, description: input.description, category: input.category, village: village.id });
			if (!parsed.ok) return { ok: false, status: 400, errors: parsed.errors };
			try {
				const { id } = await submitIdea(db, { actor, input: parsed.data, ip: args.ip });
				return { ok: true, id, poolUrl: `/ideas/${id}` };
			} catch (e) {
				if (!(e instanceof AppError)) throw e;
				return { ok: false, status: e.status === 403 || e.status === 401 ? 403 : 400, errors: Object.keys(e.fields).length ? e.fields : { _form: e.message } };
			}
		}
	};
}
