import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../../tests/helpers/testDb.ts';
import { AppError } from '../http/errors.ts';
import { parseInput } from '../http/validate.ts';
import { changePassword, createUser, requestPasswordReset, resetPassword } from './accounts.ts';
import { COMMON_PASSWORDS } from './commonPasswords.ts';
import { isCommonPassword, isPersonalPassword } from './passwordPolicy.ts';
import { changePasswordSchema, registerSchema, resetPasswordSchema } from './schemas.ts';

describe('common passwords are refused (security review finding 4e)', () => {
	const common = [
		'passwort123', 'Passwort123', 'PASSWORT1234', 'hallo1234', 'hallo12345', 'schalke04', 'Schalke0404', '1234567890', '0987654321',
		'qwertzuiop', 'asdfghjklö', 'password123', 'iloveyou123', 'ichliebedich', 'Ich liebe dich', 'Sonnenschein', 'sonnenschein2024!',
		'Passwort2024!', '!!Passwort!!', 'P@ssw0rt', 'p@ssw0rd123', 'borussiadortmund', 'BVB09BVB09', 'aaaaaaaaaa', 'abababababab',
		'abcdefghijkl', 'zyxwvutsrq', 'Weihnachten2025', 'allmende-demo', 'Kreis Soest 2025'
	];
	it.each(common)('%s is common', (password) => {
		expect(isCommonPassword(password)).toBe(true);
	});

	const fine = ['Sonnenblumen am Feldrand', 'nur mit der Tastatur', 'Neudorf bekommt eine App', 'ein langes gutes Passwort', 'hallo schalke ich bin es', '8264019375', 'Korb-Pferd-Linde-7'];
	it.each(fine)('%s is not', (password) => {
		expect(isCommonPassword(password)).toBe(false);
	});

	it('has a few hundred entries, lower case, German ones among them', () => {
		expect(COMMON_PASSWORDS.size).toBeGreaterThan(300);
		for (const w of COMMON_PASSWORDS) expect(w).toBe(w.toLowerCase());
		for (const w of ['passwort123', 'hallo1234', 'schalke04', 'ichliebedich', 'fussball']) expect(COMMON_PASSWORDS.has(w)).toBe(true);
	});

	it('refuses the e-mail address and the name as password, also with digits added', () => {
		const person = { email: 'nora.neumann@example.net', name: 'Nora Neumann' };
		for (const p of ['nora.neumann@example.net', 'Nora.Neumann@Example.net', 'nora.neumann', 'noraneumann2024', 'Nora Neumann', 'Nora Neumann 1990', 'mail: nora.neumann@example.net']) {
			expect(isPersonalPassword(p, person), p).toBe(true);
		}
		for (const p of ['Neudorf bekommt eine App', 'Nora pflanzt Bäume im Dorf']) expect(isPersonalPassword(p, person), p).toBe(false);
	});

	it('names the field in the form message: register, reset, change', () => {
		const register = parseInput(registerSchema, { displayName: 'Nora', email: 'nora@example.net', password: 'passwort123' });
		expect(register.ok).toBe(false);
		if (!register.ok) expect(register.errors.password).toBe('Passwort: Dieses Passwort ist zu bekannt: Es wird bei Angriffen zuerst ausprobiert. Bitte wählen Sie ein anderes, z. B. einen Satz aus mehreren Wörtern.');
		const reset = parseInput(resetPasswordSchema, { token: 'x'.repeat(20), password: 'hallo12345' });
		expect(!reset.ok && reset.errors.password).toMatch(/^Passwort: Dieses Passwort ist zu bekannt/);
		const change = parseInput(changePasswordSchema, { currentPassword: 'egal', password: 'Schalke0404' });
		expect(!change.ok && change.errors.password).toMatch(/^Passwort: Dieses Passwort ist zu bekannt/);
		const own = parseInput(registerSchema, { displayName: 'Nora Neumann', email: 'nora@example.net', password: 'nora@example.net' });
		expect(!own.ok && own.errors.password).toBe('Passwort: Das Passwort darf nicht Ihre E-Mail-Adresse oder Ihr Name sein.');
		expect(parseInput(registerSchema, { displayName: 'Nora Neumann', email: 'nora@example.net', password: 'Neudorf bekommt eine App' }).ok).toBe(true);
	});
});

describe('own address or name as the new password, on reset and change', () => {
	let t: TestDb;
	beforeAll(async () => {
		t = await createTestDb();
	});
	afterAll(() => t.cleanup());

	const refusal = async (run: () => Promise<unknown>) => {
		try {
			await run();
			return null;
		} catch (e) {
			if (e instanceof AppError) return { status: e.status, fields: e.fields };
			throw e;
		}
	};

	it('refuses them with 400 naming the field, and keeps the link usable', async () => {
		const user = await createUser(t.db, { email: 'tobias.tester@example.org', password: 'altes passwort 1', displayName: 'Tobias Tester', verified: true });
		await requestPasswordReset(t.db, { email: user.email, origin: 'http://localhost:3000' });
		const job = await t.db.selectFrom('jobs').select('payload').executeTakeFirstOrThrow();
		const secret = /\/reset\/([\w-]+)/.exec((JSON.parse(job.payload) as { text: string }).text)![1]!;
		expect(await refusal(() => resetPassword(t.db, { secret, password: 'tobias.tester@example.org' }))).toEqual({ status: 400, fields: { password: 'Passwort: Das Passwort darf nicht Ihre E-Mail-Adresse oder Ihr Name sein.' } });
		expect(await refusal(() => changePassword(t.db, { userId: user.id, currentPassword: 'altes passwort 1', password: 'Tobias Tester 2025', keepSessionId: '' }))).toMatchObject({ status: 400 });
		expect(await resetPassword(t.db, { secret, password: 'Korb-Pferd-Linde-7' })).toBe(true);
	});
});
