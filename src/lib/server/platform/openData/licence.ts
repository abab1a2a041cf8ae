// The licence under which the county publishes the Projektpool's data (exports, dashboard tables, the JSON API's
// catalogue entry). Data Licence Germany – Attribution – 2.0 is the licence GovData and the state portals expect
// for open data of public bodies: anyone may use the data, naming the source.
export const DATA_LICENCE = {
	id: 'dl-de/by-2-0',
	name: { de: 'Datenlizenz Deutschland – Namensnennung – Version 2.0', en: 'Data licence Germany – attribution – version 2.0' },
	url: 'https://www.govdata.de/dl-de/by-2-0',
	/** the DCAT-AP.de licence URI (for /api/v1/catalog.json) */
	uri: 'http://dcat-ap.de/def/licenses/dl-by-de/2.0'
} as const;

/** Whom users of the data are to name as its source (the licence asks for it): the county's Projektpool and where. */
export const attributionText = (countyName: string, origin: string) => `${countyName} – Projektpool (${origin})`;
