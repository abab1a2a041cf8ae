// What an installed village app is called where space is short: the label under its home-screen icon
// (short_name, at most 12 characters) and the letters of its monogram icon. Both are derived from the village's
// name until the builder's wizard lets a village set its short name itself (issue 10, point 1); then that field
// wins and shortAppName stays the suggestion the wizard starts from.

/** Home-screen labels longer than this are cut by most launchers; the manifest's short_name keeps to it. */
export const SHORT_NAME_MAX = 12;

/** The characters of a text as people count them ("ö" and "🌻" are one each). */
export const graphemes = (text: string) => Array.from(new Intl.Segmenter('de', { granularity: 'grapheme' }).segment(text), (s) => s.segment);
const length = (text: string) => graphemes(text).length;

/** The name as shown: NFC, without control characters and without a part in brackets ("Wickede (Ruhr)"). */
function cleanName(name: string): string {
	return name
		.normalize('NFC')
		.replace(/\p{Cc}/gu, ' ')
		.replace(/\s*\([^)]*\)\s*/g, ' ')
		.replace(/\s+/g, ' ')
		.trim();
}

/** The name's words, split at spaces, hyphens and slashes ("Möhnesee-Körbecke" → Möhnesee, Körbecke). */
const wordsOf = (name: string) => name.split(/[\s/\u2010-\u2015-]+/).filter((w) => /[\p{L}\p{N}]/u.test(w));

/**
 * The words that carry a place name: those starting with a capital letter or a digit, so that "an der" in
 * "Herzfeld an der Lippe" does not count; all words when none does (a name written in lower case).
 */
function significantWords(name: string): string[] {
	const words = wordsOf(name);
	const capitalised = words.filter((w) => /^[^\p{L}\p{N}]*[\p{Lu}\p{Lt}\p{N}]/u.test(w));
	return capitalised.length ? capitalised : words;
}

/**
 * The app's short name (at most SHORT_NAME_MAX graphemes): the whole name when it fits; else its longest
 * significant word, which is the place's own name ("Bad Sassendorf" → "Sassendorf"; at equal length the last,
 * which in "Möhnesee-Körbecke" is the village), cut with an ellipsis when even that is too long
 * ("Völlinghausen" → "Völlinghaus…"). `fallback` (the slug) stands in for a name with nothing left to show.
 */
export function shortAppName(name: string, fallback: string): string {
	const clean = cleanName(name) || cleanName(fallback);
	if (length(clean) <= SHORT_NAME_MAX) return clean;
	let best = clean;
	let bestLength = -1;
	for (const word of significantWords(clean)) {
		const n = length(word);
		if (n >= bestLength) [best, bestLength] = [word, n];
	}
	if (bestLength !== -1 && bestLength <= SHORT_NAME_MAX) return best;
	return `${graphemes(best).slice(0, SHORT_NAME_MAX - 1).join('')}…`;
}

/** The first letter or digit of a word, as a capital ("östinghausen" → "Ö"). */
function initialOf(word: string): string | undefined {
	const first = /[\p{L}\p{N}]/u.exec(word)?.[0];
	// an upper case that grows (ß → SS) keeps its first letter only
	return first && Array.from(first.toLocaleUpperCase('de'))[0];
}

/**
 * The monogram's letters: the initials of the first and the last significant word ("Bad Westernkotten" →
 * "BW", "Herzfeld an der Lippe" → "HL"), one letter for a one-word name ("Körbecke" → "K"). A name without
 * letters or digits (only emoji, say) falls back to the slug's first letter.
 */
export function monogramOf(name: string, fallbackSlug: string): string {
	const words = significantWords(cleanName(name));
	const letters = (words.length > 1 ? [words[0]!, words.at(-1)!] : words).map(initialOf).filter((l): l is string => !!l);
	if (letters.length) return letters.join('');
	return initialOf(fallbackSlug) ?? 'A';
}
