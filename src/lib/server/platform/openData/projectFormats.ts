// The two shapes of the project export: a CSV row with German headers (for spreadsheets, see csv.ts), and a JSON
// object with English keys and numbers as numbers (for programs; documented in OpenAPI from the schema below).
import { z } from 'zod';
import * as m from '../../../paraglide/messages.js';
import type { ProjectStatus } from '../../db/types.ts';
import { PROJECT_STATUSES } from '../projects/schemas.ts';
import type { CsvValue } from './csv.ts';
import { DATA_LICENCE } from './licence.ts';
import type { ExportedProject } from './projectExport.ts';

export const PROJECT_CSV_HEADER = [
	'Titel',
	'Kurzbeschreibung',
	'Status',
	'Kategorie',
	'SDGs',
	'Ort',
	'Gemeinde',
	'Träger/Verein',
	'Kosten einmalig (€)',
	'Kosten laufend (€/Jahr)',
	'Ehrenamtsstunden',
	'Begonnen am',
	'Übernommen von',
	'Übernahmen',
	'Förderprogramme',
	'Wirkung',
	'Adresse',
	'Zuletzt geändert'
];

const STATUS_DE: Record<ProjectStatus, () => string> = {
	idea: () => m.project_status_idea({}, { locale: 'de' }),
	planning: () => m.project_status_planning({}, { locale: 'de' }),
	implementation: () => m.project_status_implementation({}, { locale: 'de' }),
	completed: () => m.project_status_completed({}, { locale: 'de' }),
	paused: () => m.project_status_paused({}, { locale: 'de' }),
	cancelled: () => m.project_status_cancelled({}, { locale: 'de' })
};

/** the project page's address, absolute */
export const projectAddress = (origin: string, p: { id: string; slug: string }) => `${origin}/projects/${p.id}-${p.slug}`;

/** a date as the county reads it: the calendar day in Germany, ISO-8601 (YYYY-MM-DD) */
export const berlinDay = (ms: number) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin' }).format(new Date(ms));

/** numbers inside a text cell in German notation (the cell is text, so csvField does not convert them) */
const germanNumber = (n: number) => String(n).replace('.', ',');

/**
 * One CSV row. Lists inside a cell are separated by "; " (the cell is quoted then): a comma would read as a
 * decimal comma — "3,11" for SDGs 3 and 11 would become the number 3.11 in a German spreadsheet.
 */
export function projectCsvRow(p: ExportedProject, origin: string): CsvValue[] {
	return [
		p.title,
		p.summary,
		STATUS_DE[p.status](),
		p.categoryName,
		p.sdgs.join('; '),
		p.place.name,
		p.municipality,
		p.club ?? '',
		p.costOneOff,
		p.costRunning,
		p.volunteerHours,
		p.startedOn,
		p.adaptedFrom?.title ?? '',
		p.adoptionCount,
		p.fundings.map((f) => (f.state === 'applied' ? `${f.programme} (beantragt)` : f.programme)).join('; '),
		p.indicators.map((i) => `${i.name}: ${germanNumber(i.value)}${i.unit ? ` ${i.unit}` : ''}`).join('; '),
		projectAddress(origin, p),
		berlinDay(p.updatedAt)
	];
}

export const exportedProjectSchema = z
	.object({
		id: z.string(),
		url: z.string().describe("the project's page (absolute)"),
		title: z.string(),
		summary: z.string(),
		status: z.enum(PROJECT_STATUSES),
		category: z.string().describe('the category key'),
		categoryName: z.string().describe("the category's German name"),
		sdgs: z.array(z.number().int()).describe('UN Sustainable Development Goals (1–17)'),
		place: z.object({ slug: z.string(), name: z.string(), kind: z.enum(['county', 'municipality', 'village']) }),
		municipality: z.string().describe("the municipality's name ('' for a project of the county)"),
		organisation: z.string().nullable().describe('the club (Verein) that runs it'),
		costOneOff: z.number().nullable().describe('euros'),
		costRunning: z.number().nullable().describe('euros a year'),
		volunteerHours: z.number().nullable(),
		startedOn: z.string().nullable().describe('ISO date'),
		adaptedFrom: z.object({ id: z.string(), url: z.string(), title: z.string() }).nullable().describe('the project this one was adopted from'),
		adoptionCount: z.number().int().describe('how often other places adopted it'),
		funding: z.array(z.object({ programme: z.string(), amount: z.number().nullable(), sharePercent: z.number().nullable(), state: z.enum(['used', 'applied']) })),
		indicators: z.array(z.object({ name: z.string(), value: z.number(), unit: z.string(), measuredOn: z.string().nullable() })).describe('impact figures'),
		updatedAt: z.string().describe('ISO-8601, UTC')
	})
	.meta({ id: 'ExportedProject' });

export const licenceSchema = z.object({ id: z.string(), name: z.string(), url: z.string() }).meta({ id: 'DataLicence' });
export const LICENCE_JSON = { id: DATA_LICENCE.id, name: DATA_LICENCE.name.de, url: DATA_LICENCE.url };

export const projectExportSchema = z
	.object({
		licence: licenceSchema,
		source: z.string().describe('whom to name as the source (the licence asks for it)'),
		generatedAt: z.string().describe('ISO-8601, UTC'),
		count: z.number().int().describe('the number of projects'),
		projects: z.array(exportedProjectSchema).describe('newest change first')
	})
	.meta({ id: 'ProjectExport' });

export function projectJson(p: ExportedProject, origin: string): z.infer<typeof exportedProjectSchema> {
	return {
		id: p.id,
		url: projectAddress(origin, p),
		title: p.title,
		summary: p.summary,
		status: p.status,
		category: p.categoryKey,
		categoryName: p.categoryName,
		sdgs: p.sdgs,
		place: p.place,
		municipality: p.municipality,
		organisation: p.club,
		costOneOff: p.costOneOff,
		costRunning: p.costRunning,
		volunteerHours: p.volunteerHours,
		startedOn: p.startedOn,
		adaptedFrom: p.adaptedFrom ? { id: p.adaptedFrom.id, url: projectAddress(origin, p.adaptedFrom), title: p.adaptedFrom.title } : null,
		adoptionCount: p.adoptionCount,
		funding: p.fundings,
		indicators: p.indicators,
		updatedAt: new Date(p.updatedAt).toISOString()
	};
}
