// The catalogue entry a state open-data portal harvests (/api/v1/catalog.json): DCAT-AP.de as JSON-LD. One
// catalogue (the county's), two datasets: the projects of the Projektpool (CSV, JSON and the paged API) and the
// results dashboard's tables (one CSV and one JSON distribution per table). It names no project, so nothing hidden
// can leak through it; its dates are those of the visible projects.
import type { Db } from '../../db/index.ts';
import { getRootTenant } from '../../tenancy/tenants.ts';
import { DATA_LICENCE, attributionText } from './licence.ts';

/** The tables the results dashboard publishes at /api/v1/dashboard/<name>.csv and .json, with their titles. */
export const DASHBOARD_TABLES: readonly { name: string; de: string; en: string }[] = [
	{ name: 'status', de: 'Projekte nach Status', en: 'Projects by status' },
	{ name: 'categories', de: 'Projekte nach Kategorie', en: 'Projects by category' },
	{ name: 'sdgs', de: 'Projekte nach Nachhaltigkeitsziel (SDG)', en: 'Projects by sustainable development goal (SDG)' },
	{ name: 'places', de: 'Projekte nach Ort', en: 'Projects by place' },
	{ name: 'volunteers', de: 'Ehrenamt: Engagierte und Stunden', en: 'Volunteers and volunteer hours' },
	{ name: 'costs', de: 'Kosten', en: 'Costs' },
	{ name: 'funding', de: 'Förderung nach Programm', en: 'Funding by programme' },
	{ name: 'adoptions', de: 'Übernahmen', en: 'Adoptions' },
	{ name: 'indicators', de: 'Wirkungsindikatoren', en: 'Impact indicators' },
	{ name: 'trends', de: 'Entwicklung über die Zeit', en: 'Trends over time' }
];

const EU = 'http://publications.europa.eu/resource/authority';
const FORMATS = {
	csv: { mediaType: 'https://www.iana.org/assignments/media-types/text/csv', format: `${EU}/file-type/CSV`, label: 'CSV' },
	json: { mediaType: 'https://www.iana.org/assignments/media-types/application/json', format: `${EU}/file-type/JSON`, label: 'JSON' }
} as const;

const text = (de: string, en: string) => [
	{ '@value': de, '@language': 'de' },
	{ '@value': en, '@language': 'en' }
];
const dateTime = (ms: number) => ({ '@value': new Date(ms).toISOString(), '@type': 'xsd:dateTime' });
const iri = (id: string) => ({ '@id': id });

export const CATALOG_CONTEXT = {
	dcat: 'http://www.w3.org/ns/dcat#',
	dct: 'http://purl.org/dc/terms/',
	foaf: 'http://xmlns.com/foaf/0.1/',
	vcard: 'http://www.w3.org/2006/vcard/ns#',
	dcatde: 'http://dcat-ap.de/def/dcatde/',
	locn: 'http://www.w3.org/ns/locn#',
	xsd: 'http://www.w3.org/2001/XMLSchema#'
};

/** The latest change of a visible project (null when there is none). */
async function lastVisibleChange(db: Db): Promise<number | null> {
	const row = await db.selectFrom('projects').select((eb) => eb.fn.max('updatedAt').as('at')).where('hiddenAt', 'is', null).executeTakeFirst();
	return row?.at === null || row?.at === undefined ? null : Number(row.at);
}

export async function catalogDocument(db: Db, origin: string) {
	const county = await getRootTenant(db);
	const countyName = county?.name ?? 'Allmende';
	const issued = county?.createdAt ?? Date.now();
	const modified = (await lastVisibleChange(db)) ?? county?.updatedAt ?? issued;
	const self = `${origin}/api/v1/catalog.json`;
	const publisher = { '@id': `${origin}/#publisher`, '@type': 'foaf:Agent', 'foaf:name': countyName, 'foaf:homepage': iri(`${origin}/`) };
	const contactPoint = { '@type': 'vcard:Organization', 'vcard:fn': countyName, 'vcard:hasURL': iri(`${origin}/`) };
	const spatial = { '@type': 'dct:Location', 'locn:geographicName': countyName };
	const attribution = attributionText(countyName, origin);
	const distribution = (url: string, kind: keyof typeof FORMATS, title: [string, string]) => ({
		'@id': url,
		'@type': 'dcat:Distribution',
		'dct:title': text(...title),
		'dcat:accessURL': iri(url),
		'dcat:downloadURL': iri(url),
		'dcat:mediaType': iri(FORMATS[kind].mediaType),
		'dct:format': iri(FORMATS[kind].format),
		'dct:license': iri(DATA_LICENCE.uri),
		'dcatde:licenseAttributionByText': attribution,
		'dct:modified': dateTime(modified)
	});
	const dataset = (id: string, fields: Record<string, unknown>) => ({
		'@id': `${self}#${id}`,
		'@type': 'dcat:Dataset',
		'dct:identifier': `${self}#${id}`,
		...fields,
		'dct:publisher': iri(publisher['@id']),
		'dcat:contactPoint': contactPoint,
		'dct:spatial': spatial,
		'dct:language': [iri(`${EU}/language/DEU`)],
		'dct:issued': dateTime(issued),
		'dct:modified': dateTime(modified),
		'dct:accrualPeriodicity': iri(`${EU}/frequency/CONT`),
		'dct:license': iri(DATA_LICENCE.uri)
	});

	const projects = dataset('projekte', {
		'dct:title': text('Projekte des Projektpools', 'Projects of the Projektpool'),
		'dct:description': text(
			`Projekte für nachhaltige Dorf- und Quartiersentwicklung aus ${countyName}: Ziel, Status, Kategorie, Nachhaltigkeitsziele (SDGs), Ort, Kosten, Ehrenamtsstunden, Förderprogramme, Wirkung und Übernahmen durch andere Dörfer.`,
			`Projects for sustainable village and neighbourhood development in ${countyName}: goal, status, category, sustainable development goals (SDGs), place, costs, volunteer hours, funding programmes, impact and adoptions by other villages.`
		),
		'dcat:keyword': ['Dorfentwicklung', 'Ehrenamt', 'Nachhaltigkeit', 'Projekte', 'SDG'],
		'dcat:theme': [iri(`${EU}/data-theme/GOVE`), iri(`${EU}/data-theme/SOCI`)],
		'dcat:landingPage': iri(`${origin}/projects`),
		'dcat:distribution': [
			distribution(`${origin}/api/v1/projects.csv`, 'csv', ['Alle Projekte als CSV', 'All projects as CSV']),
			distribution(`${origin}/api/v1/projects.json`, 'json', ['Alle Projekte als JSON', 'All projects as JSON']),
			{
				'@id': `${origin}/api/v1/projects`,
				'@type': 'dcat:Distribution',
				'dct:title': text('Programmierschnittstelle (seitenweise, mit Filtern)', 'Web API (paged, with filters)'),
				'dcat:accessURL': iri(`${origin}/api/v1/projects`),
				'dcat:mediaType': iri(FORMATS.json.mediaType),
				'dct:format': iri(FORMATS.json.format),
				'dct:conformsTo': iri(`${origin}/api/v1/openapi.json`),
				'dct:license': iri(DATA_LICENCE.uri),
				'dcatde:licenseAttributionByText': attribution,
				'dct:modified': dateTime(modified)
			}
		]
	});
	const results = dataset('ergebnisse', {
		'dct:title': text('Ergebnisse des Projektpools', 'Results of the Projektpool'),
		'dct:description': text(
			`Die Tabellen des Ergebnis-Dashboards von ${countyName}: Projekte nach Status, Kategorie, SDG und Ort; Ehrenamt, Kosten und Förderung; Übernahmen; Wirkungsindikatoren; Entwicklung über die Zeit.`,
			`The tables of the results dashboard of ${countyName}: projects by status, category, SDG and place; volunteering, costs and funding; adoptions; impact indicators; trends over time.`
		),
		'dcat:keyword': ['Dorfentwicklung', 'Statistik', 'Ehrenamt', 'Förderung'],
		'dcat:theme': [iri(`${EU}/data-theme/GOVE`)],
		'dcat:landingPage': iri(`${origin}/dashboard`),
		'dcat:distribution': DASHBOARD_TABLES.flatMap((t) =>
			(['csv', 'json'] as const).map((kind) => distribution(`${origin}/api/v1/dashboard/${t.name}.${kind}`, kind, [`${t.de} (${FORMATS[kind].label})`, `${t.en} (${FORMATS[kind].label})`]))
		)
	});

	return {
		'@context': CATALOG_CONTEXT,
		'@id': self,
		'@type': 'dcat:Catalog',
		'dct:title': text(`Offene Daten des Projektpools – ${countyName}`, `Open data of the Projektpool – ${countyName}`),
		'dct:description': text(
			`Projekte und Ergebnisse der Dorfentwicklung in ${countyName}, veröffentlicht mit Allmende unter der ${DATA_LICENCE.name.de}.`,
			`Projects and results of village development in ${countyName}, published with Allmende under the ${DATA_LICENCE.name.en}.`
		),
		'dct:publisher': publisher,
		'foaf:homepage': iri(`${origin}/`),
		'dct:language': [iri(`${EU}/language/DEU`), iri(`${EU}/language/ENG`)],
		'dct:issued': dateTime(issued),
		'dct:modified': dateTime(modified),
		'dct:license': iri(DATA_LICENCE.uri),
		'dct:spatial': spatial,
		'dcat:themeTaxonomy': iri(`${EU}/data-theme`),
		'dcat:dataset': [projects, results]
	};
}
