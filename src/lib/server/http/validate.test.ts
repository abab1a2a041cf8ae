import { describe, expect, it } from 'vitest';
import { registerSchema } from '../auth/schemas.ts';
import { updateTenantSchema } from '../tenancy/schemas.ts';
import { formToObject, parseInput } from './validate.ts';

describe('parseInput', () => {
	it('names each failing field in a German message', () => {
		const r = parseInput(registerSchema, { displayName: '', email: 'not-an-address', password: 'short' });
		expect(r.ok).toBe(false);
		if (r.ok) return;
		expect(r.errors.displayName).toBe('Name: Bitte ausfüllen.');
		expect(r.errors.email).toMatch(/^E-Mail-Adresse: Bitte eine gültige E-Mail-Adresse/);
		expect(r.errors.password).toBe('Passwort: Mindestens 10 Zeichen.');
	});

	it('reports missing fields as required', () => {
		const r = parseInput(registerSchema, {});
		expect(r.ok).toBe(false);
		if (!r.ok) expect(Object.keys(r.errors).sort()).toEqual(['displayName', 'email', 'password']);
	});

	it('translates custom refinements by message key', () => {
		const r = parseInput(updateTenantSchema, { name: 'Dorf', slug: 'admin', colorPrimary: 'green' });
		expect(r.ok).toBe(false);
		if (r.ok) return;
		expect(r.errors.slug).toBe('Kurzname in der Adresse: Dieser Kurzname ist für die Plattform reserviert.');
		expect(r.errors.colorPrimary).toMatch(/^Hauptfarbe: Bitte eine Farbe als Hex-Wert/);
	});

	it('normalises valid input', () => {
		const r = parseInput(registerSchema, { displayName: ' Anna ', email: ' Anna@Example.ORG ', password: 'lang genug ist gut' });
		expect(r).toEqual({ ok: true, data: { displayName: 'Anna', email: 'anna@example.org', password: 'lang genug ist gut' } });
	});

	it('treats empty form fields as missing and ignores files', () => {
		const form = new FormData();
		form.set('a', '');
		form.set('b', 'x');
		form.set('f', new Blob(['data']), 'f.txt');
		expect(formToObject(form)).toEqual({ a: undefined, b: 'x' });
	});
});
