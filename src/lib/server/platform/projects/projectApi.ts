// The JSON shape of projects in /api/v1 (documented in OpenAPI from these schemas). No personal data beyond
// the contact the team chose to publish; never an account id or e-mail address.
import { z } from 'zod';
import type { Board } from './projectBoard.ts';
import { moveTaskSchema, TASK_STATUSES, updateTaskSchema } from './workSchemas.ts';
import { PROJECT_STATUSES, profileFields } from './schemas.ts';
import type { LineageNode, PlaceRef, ProjectCard, ProjectDetail } from './projectQueries.ts';
import type { QuestionView } from './projectQuestions.ts';
import type { ProjectUpdate } from './projectUpdates.ts';
import type { ProjectDocument, ProjectImage } from './projectFiles.ts';

const placeSchema = z.object({ slug: z.string(), name: z.string(), kind: z.enum(['county', 'municipality', 'village']), municipality: z.string() }).meta({ id: 'ProjectPlace' });

export const projectCardSchema = z
	.object({ id: z.string(), url: z.string(), title: z.string(), summary: z.string(), status: z.enum(PROJECT_STATUSES), category: z.string(), place: placeSchema, adaptedFromId: z.string().nullable(), adoptionCount: z.number().int(), updatedAt: z.string() })
	.meta({ id: 'ProjectCard' });

/** A card in the list, with the search's snippet (GET /api/v1/projects?q=…). */
export const projectHitSchema = projectCardSchema
	.extend({ snippet: z.string().nullable().describe('with q: a piece of the text around the first match as safe HTML (escaped, matched words in <mark>); null without q or when only the title matches') })
	.meta({ id: 'ProjectHit' });

export const projectListSchema = z.object({ projects: z.array(projectHitSchema), total: z.number().int(), page: z.number().int(), pages: z.number().int() }).meta({ id: 'ProjectList' });

interface LineageShape {
	id: string;
	url: string;
	title: string;
	place: z.infer<typeof placeSchema>;
	adoptions: LineageShape[];
}
const lineageSchema: z.ZodType<LineageShape> = z
	.object({ id: z.string(), url: z.string(), title: z.string(), place: placeSchema, adoptions: z.array(z.lazy(() => lineageSchema)) })
	.meta({ id: 'ProjectLineage' });

const qaAuthorSchema = z
	.object({ name: z.string(), village: z.string().nullable().describe("the person's village, null when they belong to none") })
	.nullable()
	.describe('null once the account is deleted')
	.meta({ id: 'ProjectQaAuthor' });
const answerSchema = z.object({ id: z.string(), text: z.string().describe('markdown'), author: qaAuthorSchema, date: z.string() }).meta({ id: 'ProjectAnswer' });
const questionSchema = z
	.object({ id: z.string(), text: z.string().describe('markdown'), author: qaAuthorSchema, date: z.string(), answers: z.array(answerSchema).describe("the team's answers, oldest first") })
	.meta({ id: 'ProjectQuestion' });

export const projectDetailSchema = projectCardSchema
	.extend({
		sdgs: z.array(z.number().int()),
		goals: z.string(),
		targetGroup: z.string(),
		preconditions: z.string(),
		costOneOff: z.number().int().nullable(),
		costRunning: z.number().int().nullable(),
		volunteerHours: z.number().int().nullable(),
		timeline: z.string(),
		startedOn: z.string().nullable(),
		steps: z.string(),
		pitfalls: z.string(),
		lessons: z.string(),
		results: z.string(),
		contact: z.object({ name: z.string(), role: z.string() }),
		links: z.array(z.object({ title: z.string(), url: z.string() })),
		indicators: z.array(z.object({ name: z.string(), value: z.number(), unit: z.string(), measuredOn: z.string().nullable() })),
		funding: z.array(z.object({ programme: z.string(), amount: z.number().int().nullable(), sharePercent: z.number().int().nullable(), state: z.enum(['used', 'applied']) })),
		adaptedFrom: z.object({ id: z.string(), url: z.string(), title: z.string(), place: placeSchema }).nullable().describe('the project this one was adopted from'),
		lineage: z.array(z.object({ id: z.string(), url: z.string(), title: z.string(), place: placeSchema })).describe('the chain of sources, origin first'),
		adoptions: z.array(lineageSchema).describe('where this project was adopted, and where those were adopted'),
		news: z.array(z.object({ date: z.string(), text: z.string() })).describe('progress updates, newest first (markdown)'),
		milestones: z.array(z.object({ title: z.string(), dueOn: z.string().nullable(), reached: z.boolean() })).describe('in their order'),
		tasks: z
			.array(z.object({ title: z.string(), status: z.enum(['todo', 'doing', 'done']), dueOn: z.string().nullable(), milestone: z.string().nullable(), free: z.boolean().describe('nobody has taken it yet') }))
			.describe('the task board, column by column in its order; without names of people'),
		teamSize: z.number().int().describe('people in the team (lead, members, helpers)'),
		questions: z.array(questionSchema).describe("questions from people of any village and the team's answers, newest question first; hidden ones are left out"),
		images: z.array(z.object({ url: z.string().describe('the image (re-encoded JPEG or PNG, at most 1600 px), relative to the site'), alt: z.string().describe('what the image shows') })).describe('pictures of the project, in the order the team chose'),
		documents: z.array(z.object({ url: z.string().describe('the PDF (a download), relative to the site'), title: z.string(), bytes: z.number().int() })).describe('PDF documents of the project, in the order the team chose')
	})
	.meta({ id: 'Project' });

export const adoptedSchema = z.object({ id: z.string(), url: z.string() }).meta({ id: 'AdoptedProject' });

export const projectUrl = (p: { id: string; slug: string }) => `/projects/${p.id}-${p.slug}`;
const place = (p: PlaceRef) => ({ slug: p.slug, name: p.name, kind: p.kind, municipality: p.municipality });
const node = (n: LineageNode) => ({ id: n.id, url: projectUrl(n), title: n.title, place: place(n.place) });
const tree = (n: LineageNode): LineageShape => ({ ...node(n), adoptions: n.children.map(tree) });

export function toApiCard(p: ProjectCard): z.infer<typeof projectCardSchema> {
	return { id: p.id, url: projectUrl(p), title: p.title, summary: p.summary, status: p.status, category: p.categoryKey, place: place(p.place), adaptedFromId: p.adaptedFromId, adoptionCount: p.adoptionCount, updatedAt: new Date(p.updatedAt).toISOString() };
}

const iso = (ms: number) => new Date(ms).toISOString();

export function toApiProject(
	p: ProjectDetail,
	updates: ProjectUpdate[],
	work: { board: Board; teamSize: number },
	questions: QuestionView[] = [],
	files: { images: ProjectImage[]; documents: ProjectDocument[] } = { images: [], documents: [] }
): z.infer<typeof projectDetailSchema> {
	const milestone = (id: string | null) => work.board.milestones.find((ms) => ms.id === id)?.title ?? null;
	const source = p.ancestors.at(-1);
	return {
		...toApiCard(p),
		sdgs: p.sdgs,
		goals: p.goals,
		targetGroup: p.targetGroup,
		preconditions: p.preconditions,
		costOneOff: p.costOneOff,
		costRunning: p.costRunning,
		volunteerHours: p.volunteerHours,
		timeline: p.timeline,
		startedOn: p.startedOn,
		steps: p.steps,
		pitfalls: p.pitfalls,
		lessons: p.lessons,
		results: p.results,
		contact: { name: p.contactName, role: p.contactRole },
		links: p.links,
		indicators: p.indicators,
		funding: p.fundings.map((f) => ({ programme: f.programmeName, amount: f.amount, sharePercent: f.sharePercent, state: f.state })),
		adaptedFrom: source ? node(source) : null,
		lineage: p.ancestors.map(node),
		adoptions: p.adoptions.map(tree),
		news: updates.map((u) => ({ date: iso(u.createdAt), text: u.body })),
		milestones: work.board.milestones.map((ms) => ({ title: ms.title, dueOn: ms.dueOn, reached: ms.done })),
		tasks: TASK_STATUSES.flatMap((s) => work.board.columns[s]).map((t) => ({ title: t.title, status: t.status, dueOn: t.dueOn, milestone: milestone(t.milestoneId), free: t.assigneeId === null })),
		teamSize: work.teamSize,
		// hidden ones never reach the API, even when the list holds them
		questions: questions
			.filter((q) => !q.hidden)
			.map((q) => ({ id: q.id, text: q.body, author: q.author, date: iso(q.createdAt), answers: q.answers.filter((a) => !a.hidden).map((a) => ({ id: a.id, text: a.body, author: a.author, date: iso(a.createdAt) })) })),
		images: files.images.map((i) => ({ url: i.url, alt: i.alt })),
		documents: files.documents.map((d) => ({ url: d.url, title: d.title, bytes: d.bytes }))
	};
}

// ---- writes (/api/v1/projects…): the bodies are the forms' schemas; these are the answers and the PATCH bodies
export const savedProjectSchema = z.object({ id: z.string(), url: z.string() }).meta({ id: 'SavedProject' });
export const projectStatusSavedSchema = z.object({ id: z.string(), status: z.enum(PROJECT_STATUSES) }).meta({ id: 'ProjectStatusSaved' });
export const createdSchema = z.object({ id: z.string().describe('the new row') }).meta({ id: 'Created' });
export const taskSavedSchema = z.object({ id: z.string(), status: z.enum(TASK_STATUSES).optional().describe('the column, after a move') }).meta({ id: 'TaskSaved' });
/** PATCH of the profile: the fields of the form, each optional; a field left out keeps its value */
export const patchProjectBodySchema = z.object(profileFields).partial().meta({ id: 'ProjectPatch' });
/** PATCH of a task: a move (status and position) or an edit (the form's fields; left out keeps its value) */
export const moveTaskBodySchema = moveTaskSchema.omit({ taskId: true });
export const updateTaskBodySchema = updateTaskSchema.omit({ taskId: true });
export const patchTaskBodySchema = z.union([moveTaskBodySchema.describe('a move on the board'), updateTaskBodySchema.partial().describe('an edit')]).meta({ id: 'TaskPatch' });
