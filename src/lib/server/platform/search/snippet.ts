// Highlighted snippets, made in TypeScript from the stored text so both databases show the same: the text is
// HTML-escaped and every word that meets the query (by the same terms the index uses) is wrapped in <mark>.
import { escapeHtml } from '../../../escapeHtml.ts';
import { termsOfWord, wordMatches, wordsOf, type QueryTerm } from './normalise.ts';


/** Characters shown around the first match. */
const CONTEXT = 80;

/**
 * The text as safe HTML with the matching words marked: the whole text when `whole`, else a window of about
 * 2 × 80 characters around the first match with "…" where it was cut. Null when no word matches.
 */
export function highlight(text: string, query: QueryTerm[], options: { whole?: boolean } = {}): string | null {
	const hits = wordsOf(text).filter((w) => wordMatches(termsOfWord(w.word), query));
	if (hits.length === 0) return null;
	let from = 0;
	let to = text.length;
	if (!options.whole) {
		from = Math.max(0, hits[0]!.start - CONTEXT);
		to = Math.min(text.length, hits[0]!.end + CONTEXT);
		// cut at spaces, not inside a word
		if (from > 0) from = text.indexOf(' ', from) + 1 || from;
		if (to < text.length) to = text.lastIndexOf(' ', to) > hits[0]!.end ? text.lastIndexOf(' ', to) : to;
	}
	let html = from > 0 ? '… ' : '';
	let at = from;
	for (const w of hits) {
		if (w.start < from || w.end > to) continue;
		html += `${escapeHtml(text.slice(at, w.start))}<mark>${escapeHtml(w.word)}</mark>`;
		at = w.end;
	}
	html += escapeHtml(text.slice(at, to)) + (to < text.length ? ' …' : '');
	return html;
}
