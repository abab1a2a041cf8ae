// The Snowball German stemmer (snowballstem.org/algorithms/german/stemmer.html), written out here so that the
// index and the query meet on the same stems on SQLite and PostgreSQL alike (decision 018). Input is one word
// that normalise.ts has already folded: lower case, a–z and digits only (ä → a, ß → ss), so the algorithm's
// last step (removing umlaut marks) is already done.

const VOWELS = new Set(['a', 'e', 'i', 'o', 'u', 'y', 'U', 'Y']);
const S_ENDING = new Set(['b', 'd', 'f', 'g', 'h', 'k', 'l', 'm', 'n', 'r', 't']);
const ST_ENDING = new Set(['b', 'd', 'f', 'g', 'h', 'k', 'l', 'm', 'n', 't']);

const isVowel = (c: string | undefined) => c !== undefined && VOWELS.has(c);

/** Where R1 starts: after the first non-vowel that follows a vowel, from `from`. */
function regionStart(word: string, from: number): number {
	for (let i = from + 1; i < word.length; i++) if (!isVowel(word[i]) && isVowel(word[i - 1])) return i + 1;
	return word.length;
}

/** The stem of one folded German word. */
export function stemGerman(input: string): string {
	if (input.length < 3) return input;
	// u and y between vowels are consonants here (marked upper case while stemming)
	let word = input;
	for (let i = 1; i < word.length - 1; i++) {
		const c = word[i];
		if ((c === 'u' || c === 'y') && isVowel(word[i - 1]) && isVowel(word[i + 1])) word = word.slice(0, i) + c.toUpperCase() + word.slice(i + 1);
	}
	// R2 is found inside the unadjusted R1; R1 then keeps at least three letters before it
	const r1Raw = regionStart(word, 0);
	const r2 = regionStart(word, r1Raw);
	const r1 = Math.max(3, r1Raw);
	const inR1 = (suffix: string) => word.length - suffix.length >= r1;
	const inR2 = (suffix: string) => word.length - suffix.length >= r2;
	const drop = (n: number) => (word = word.slice(0, word.length - n));

	// step 1
	const step1 = ['ern', 'em', 'er', 'en', 'es', 'e', 's'].find((s) => word.endsWith(s));
	if (step1 === 'ern' || step1 === 'em' || step1 === 'er') {
		if (inR1(step1)) drop(step1.length);
	} else if (step1 === 'en' || step1 === 'es' || step1 === 'e') {
		if (inR1(step1)) {
			drop(step1.length);
			if (word.endsWith('niss')) drop(1);
		}
	} else if (step1 === 's') {
		if (inR1('s') && S_ENDING.has(word[word.length - 2] ?? '')) drop(1);
	}

	// step 2
	const step2 = ['est', 'en', 'er', 'st'].find((s) => word.endsWith(s));
	if (step2 === 'st') {
		if (inR1('st') && ST_ENDING.has(word[word.length - 3] ?? '') && word.length - 3 >= 3) drop(2);
	} else if (step2 && inR1(step2)) drop(step2.length);

	// step 3: derivational suffixes
	const step3 = ['heit', 'keit', 'lich', 'isch', 'end', 'ung', 'ig', 'ik'].find((s) => word.endsWith(s));
	if (step3 && inR2(step3)) {
		if (step3 === 'end' || step3 === 'ung') {
			drop(step3.length);
			if (word.endsWith('ig') && !word.endsWith('eig') && inR2('ig')) drop(2);
		} else if (step3 === 'ig' || step3 === 'ik' || step3 === 'isch') {
			if (!word.slice(0, word.length - step3.length).endsWith('e')) drop(step3.length);
		} else if (step3 === 'lich' || step3 === 'heit') {
			drop(step3.length);
			if ((word.endsWith('er') || word.endsWith('en')) && inR1('er')) drop(2);
		} else if (step3 === 'keit') {
			drop(4);
			if (word.endsWith('lich') && inR2('lich')) drop(4);
			else if (word.endsWith('ig') && inR2('ig')) drop(2);
		}
	}
	return word.toLowerCase();
}
