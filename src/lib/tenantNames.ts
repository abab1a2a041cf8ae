// How people tell village and municipality names apart, on the server (duplicate names) and in the browser (the
// county's "find a village" box). Capitals and spaces never count.

/** A name as people tell names apart: "Neu Dorf", " neu  dorf " and "NEUDORF" are the same village. */
export function nameKey(name: string): string {
	return name.normalize('NFC').replace(/\s+/g, '').toLocaleLowerCase('de');
}

/** The forms a typed text is compared in: as typed, umlauts spelled out ("koerbecke"), and without marks ("korbecke"). */
function searchForms(text: string): string[] {
	const key = nameKey(text);
	const spelled = key.replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss');
	const bare = key.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/ß/g, 'ss');
	return [...new Set([key, spelled, bare])];
}

/** true when the query (as typed) occurs in one of the texts; an empty query matches everything. */
export function matchesQuery(query: string, texts: readonly string[]): boolean {
	const wanted = searchForms(query.slice(0, 100));
	if (wanted[0] === '') return true;
	return texts.some((text) => searchForms(text).some((form) => wanted.some((w) => form.includes(w))));
}
