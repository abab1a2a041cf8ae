// What the OpenAPI document says about open data: the exports' query parameters (read from the same schema the
// handlers parse, so a filter added to /api/v1/projects is documented for the exports too), the licences, and
// the tags that group the paths.
import { z } from 'zod';
import { listProjectsSchema } from '../projects/schemas.ts';
import { DATA_LICENCE } from './licence.ts';

const DESCRIPTIONS: Record<string, string> = {
	category: 'a category key',
	status: 'a project status',
	village: 'a village by slug',
	municipality: 'a municipality by slug: its own projects and those of its villages',
	q: 'words in the title or summary'
};

/** The query parameters of the exports: those of /api/v1/projects without `page`. */
export function exportQueryParameters(): { name: string; description: string; schema: Record<string, unknown> }[] {
	const json = z.toJSONSchema(listProjectsSchema, { target: 'draft-2020-12', unrepresentable: 'any', io: 'input' }) as { properties?: Record<string, Record<string, unknown>> };
	return Object.entries(json.properties ?? {})
		.filter(([name]) => name !== 'page')
		.map(([name, schema]) => ({ name, description: DESCRIPTIONS[name] ?? name, schema }));
}

/** The code's licence (package.json) beside the data's: the API serves data, so info.license is the data's. */
export const SOFTWARE_LICENCE = 'AGPL-3.0-or-later';

export const API_LICENCE = { name: DATA_LICENCE.name.en, url: DATA_LICENCE.url };

export const API_DESCRIPTION =
	'County platform for village development: Projektpool and Dorf-App-Baukasten. ' +
	`The data it publishes are under the ${DATA_LICENCE.name.en} (${DATA_LICENCE.id}): name the source. ` +
	`Allmende itself is free software under ${SOFTWARE_LICENCE}. Open data: /api/v1/catalog.json (DCAT-AP.de).`;

/** The tags, in the order a reader meets them. */
export const API_TAGS = [
	{ name: 'Projects', description: 'The Projektpool: projects, their profiles, lineage and work' },
	{ name: 'Ideas', description: 'Ideas of citizens and clubs' },
	{ name: 'Funding', description: "The county's funding catalogue" },
	{ name: 'Open data', description: `Exports and the catalogue for open-data portals, under ${DATA_LICENCE.id}` },
	{ name: 'Villages', description: 'Village apps, their modules and push messages' },
	{ name: 'Service', description: 'The tenant tree, health, this document and the personal data export' }
];

/** The tag of a path (each operation gets one). */
export function tagOf(path: string): string {
	if (/^\/api\/v1\/(projects\.(csv|json)|catalog\.json|dashboard\/)/.test(path)) return 'Open data';
	if (path.startsWith('/api/v1/projects')) return 'Projects';
	if (path.startsWith('/api/v1/ideas')) return 'Ideas';
	if (path.startsWith('/api/v1/funding')) return 'Funding';
	if (path.startsWith('/api/v1/villages') || path.startsWith('/api/v1/modules') || path.startsWith('/api/v1/push')) return 'Villages';
	return 'Service';
}
