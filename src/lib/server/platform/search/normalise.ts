// German text → search terms, the same at index time and at query time on both databases (decision 018):
// lower case, umlauts folded (ä and ae → a, ß → ss), split into words of a–z and 0–9, common function words
// left out, each word stemmed (Snowball German). A compound with a known head also yields the head
// ("Mitfahrbank" → "mitfahrbank" and "bank"), and a hyphenated one also yields the joined word.
import { stemGerman } from './germanStemmer.ts';

/** Words that say nothing about a project (already folded). */
const STOP_WORDS = new Set(
	'aber als am an auch auf aus bei bin bis da damit dann das dass dem den der des die dies diese dieser doch du durch ein eine einem einen einer eines er es fur hat hatte ich ihr im in ins ist ja kann mit nach nicht noch nur ob oder sich sie sind so uber um und uns vom von vor war was wer wie wir wird wo zu zum zur'.split(' ')
);

/**
 * Heads of German compounds people search for on their own, as stems: a word that ends in one of them (and is
 * at least three letters longer) is also found by it. A fixed list keeps both databases and every write alike.
 */
const COMPOUND_HEADS = [
	'bank', 'lad', 'laden', 'haus', 'platz', 'garten', 'weg', 'fest', 'treff', 'markt', 'hof', 'bus', 'auto', 'rad', 'energi', 'netz', 'app',
	'grupp', 'verein', 'schul', 'kita', 'spiel', 'sport', 'wald', 'wies', 'teich', 'brunn', 'kirch', 'strass', 'stell', 'station', 'zentrum',
	'cafe', 'kuch', 'kultur', 'musik', 'bibliothek', 'buch', 'schrank', 'dienst', 'hilf', 'pat', 'pflanz', 'baum', 'blum', 'bien', 'solar',
	'strom', 'wass', 'wasser', 'wohn', 'raum', 'saal', 'buro', 'werkstatt', 'tag', 'nacht', 'zeitung', 'karte', 'fahrt', 'mobil', 'lad'
].filter((h, i, all) => all.indexOf(h) === i);

/** Longest term kept: longer ones are noise (and PostgreSQL refuses words over 2,047 bytes). */
const MAX_TERM = 60;

/** Lower case, umlauts and other marks folded, ae/oe/ue after a consonant (or at the start) → a/o/u. */
export function foldGerman(text: string): string {
	return text
		.toLowerCase()
		.replace(/ß/g, 'ss')
		.replace(/ä/g, 'a')
		.replace(/ö/g, 'o')
		.replace(/ü/g, 'u')
		.normalize('NFD')
		.replace(/\p{M}/gu, '')
		.replace(/(^|[^aeiouyq])([aou])e/g, '$1$2');
}

/** Words repeat a lot (snippets of a result page, a bulk index): their terms are kept, up to this many words. */
const MEMO_SIZE = 20_000;
const memo = new Map<string, string[]>();

/** The search terms of one word as written (e.g. "Mitfahr-Bänke"): stems, the joined compound, known heads. */
export function termsOfWord(word: string): string[] {
	const known = memo.get(word);
	if (known) return known;
	const terms = computeTerms(word);
	if (memo.size >= MEMO_SIZE) memo.clear();
	memo.set(word, terms);
	return terms;
}

function computeTerms(word: string): string[] {
	const parts = foldGerman(word)
		.split(/[^a-z0-9]+/)
		.filter((p) => p.length > 0 && p.length <= MAX_TERM);
	const terms: string[] = [];
	const add = (folded: string) => {
		if (STOP_WORDS.has(folded)) return;
		const stem = stemGerman(folded);
		terms.push(stem);
		for (const head of COMPOUND_HEADS) if (stem.length >= head.length + 3 && stem.endsWith(head)) terms.push(head);
	};
	for (const p of parts) add(p);
	if (parts.length > 1 && parts.join('').length <= MAX_TERM) add(parts.join(''));
	return [...new Set(terms)];
}

/** Words as written (letters and digits joined by hyphens), with where they stand in the text. */
export function wordsOf(text: string): { word: string; start: number; end: number }[] {
	return [...text.matchAll(/[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu)].map((m) => ({ word: m[0], start: m.index, end: m.index + m[0].length }));
}

/** A text as the space-separated terms the index stores. */
export function indexTerms(text: string): string {
	return wordsOf(text)
		.flatMap((w) => termsOfWord(w.word))
		.join(' ');
}

export interface QueryTerm {
	term: string;
	/** the last word of the query, still being typed */
	prefix: boolean;
}

/** Most terms a query uses (more say nothing new and only cost time). */
const MAX_QUERY_TERMS = 8;

/**
 * A query as terms: each word stemmed, the last one as a prefix (search as you type). Terms are only a–z and
 * 0–9, so nothing a person types reaches the databases' query syntax. No terms: nothing to search for.
 */
export function parseQuery(q: string): QueryTerm[] {
	const words = wordsOf(q).flatMap((w) =>
		foldGerman(w.word)
			.split(/[^a-z0-9]+/)
			.filter((p) => p.length > 0 && p.length <= MAX_TERM && !STOP_WORDS.has(p))
	);
	const terms: QueryTerm[] = [];
	words.forEach((folded, i) => {
		const term = stemGerman(folded);
		const prefix = i === words.length - 1 && term.length >= 2;
		if (!terms.some((t) => t.term === term && t.prefix === prefix)) terms.push({ term, prefix });
	});
	return terms.slice(0, MAX_QUERY_TERMS);
}

/** Whether one of a word's terms meets a query term. */
export function wordMatches(wordTerms: string[], query: QueryTerm[]): boolean {
	return query.some((q) => wordTerms.some((t) => (q.prefix ? t.startsWith(q.term) : t === q.term)));
}
