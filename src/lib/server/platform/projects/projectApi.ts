// The JSON shape of projects in /api/v1 (documented in OpenAPI from these schemas). No personal data beyond
// the contact the team chose to publish; never an account id or e-mail address.
import { z } from 'zod';
import { PROJECT_STATUSES } from './schemas.ts';
import type { LineageNode, PlaceRef, ProjectCard, ProjectDetail } from './projectQueries.ts';
import type { ProjectUpdate } from './projectUpdates.ts';
import type { ProjectDocument, ProjectImage } from './projectFiles.ts';

const placeSchema = z.object({ slug: z.string(), name: z.string(), kind: z.enum(['county', 'municipality', 'village']), municipality: z.string() }).meta({ id: 'ProjectPlace' });

export const projectCardSchema = z
	.object({ id: z.string(), url: z.string(), title: z.string(), summary: z.string(), status: z.enum(PROJECT_STATUSES), category: z.string(), place: placeSchema, adaptedFromId: z.string().nullable(), adoptionCount: z.number().int(), updatedAt: z.string() })
	.meta({ id: 'ProjectCard' });

export const projectListSchema = z.object({ projects: z.array(projectCardSchema), total: z.number().int(), page: z.number().int(), pages: z.number().int() }).meta({ id: 'ProjectList' });

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

export function toApiProject(p: ProjectDetail, updates: ProjectUpdate[], files: { images: ProjectImage[]; documents: ProjectDocument[] } = { images: [], documents: [] }): z.infer<typeof projectDetailSchema> {
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
		news: updates.map((u) => ({ date: new Date(u.createdAt).toISOString(), text: u.body })),
		images: files.images.map((i) => ({ url: i.url, alt: i.alt })),
		documents: files.documents.map((d) => ({ url: d.url, title: d.title, bytes: d.bytes }))
	};
}
