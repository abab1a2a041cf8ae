import { COMMON_PASSWORDS } from './commonPasswords.ts';

// What makes a new password too easy to guess, beyond its length: a common password (also with digits or
// symbols around it, or in look-alike spelling), a run of one character or a keyboard row, or the person's own
// e-mail address or name. Long passphrases pass: only the whole password (or its letters) is compared.

const LOOK_ALIKE: Record<string, string> = { '@': 'a', '4': 'a', '3': 'e', '1': 'i', '!': 'i', '0': 'o', '$': 's', '5': 's', '7': 't', '€': 'e' };
const ROWS = ['abcdefghijklmnopqrstuvwxyz', '01234567890', 'qwertzuiopü', 'asdfghjklöä', 'yxcvbnm', 'qwertyuiop', 'zxcvbnm'];

/** lower case, without white space: "Hallo 1234" and "hallo1234" are the same password to an attacker */
const squash = (s: string) => s.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
/** the part between leading and trailing digits and symbols: "!!passwort2024" → "passwort" */
const core = (s: string) => s.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
const unLeet = (s: string) => [...s].map((c) => LOOK_ALIKE[c] ?? c).join('');
/** only letters and digits: "pass-wort_123" → "passwort123" */
const alnum = (s: string) => squash(s).replace(/[^\p{L}\p{N}]/gu, '');

/** true for a common word or a short run repeated ("aaaaaaaaaa", "abababab", "bvb09bvb09"), or a stretch of a keyboard row or the alphabet */
function isPattern(p: string): boolean {
	const unit = /^(.+?)\1+$/u.exec(p)?.[1];
	if (unit && (unit.length <= 3 || COMMON_PASSWORDS.has(unit))) return true;
	const reversed = [...p].reverse().join('');
	return p.length >= 4 && ROWS.some((row) => row.includes(p) || row.includes(reversed));
}

/** true when the password is one of the common ones, or made from one in the usual ways */
export function isCommonPassword(password: string): boolean {
	const p = squash(password);
	const letters = core(p);
	for (const candidate of [p, letters, alnum(p), unLeet(p), unLeet(letters)]) {
		if (candidate && (COMMON_PASSWORDS.has(candidate) || isPattern(candidate))) return true;
	}
	return false;
}

/** true when the password is the person's e-mail address, its local part or their name (with digits around it too) */
export function isPersonalPassword(password: string, person: { email: string; name?: string | null }): boolean {
	const p = squash(password);
	const email = squash(person.email);
	const local = email.split('@')[0] ?? '';
	const own = [email, local, alnum(local), person.name ? squash(person.name) : '', person.name ? alnum(person.name) : ''].filter((s) => s.length >= 3);
	const forms = [p, core(p), alnum(p), core(alnum(p))];
	return own.some((o) => forms.includes(o)) || p.includes(email);
}
