import { describe, expect, it } from 'vitest';
import { formState } from './formState.ts';

describe('formState', () => {
	it('knows nothing failed without an answer, after a success, or with a malformed one', () => {
		for (const form of [null, undefined, { saved: 'x' }, 'text', [1], { errors: 'no', values: 3 }]) {
			const s = formState(form);
			expect(s.errors).toBeUndefined();
			expect(s.failed).toBeUndefined();
			expect(s.errorsOf('club')).toBeUndefined();
			expect(s.valuesOf('club')).toBeUndefined();
		}
	});

	it('gives the errors and typed values to the form that failed, and to no other', () => {
		const s = formState({ errors: { name: 'Name: Bitte ausfüllen.' }, values: { formId: 'club-edit:1', name: '' } });
		expect(s.failed).toBe('club-edit:1');
		expect(s.errorsOf('club-edit:1')).toEqual({ name: 'Name: Bitte ausfüllen.' });
		expect(s.valuesOf('club-edit:1')).toEqual({ formId: 'club-edit:1', name: '' });
		expect(s.errorsOf('club')).toBeUndefined();
		expect(s.valuesOf('club-edit:2')).toBeUndefined();
		// a page-wide error (no formId) is still there for the summary at the top
		expect(formState({ errors: { _form: 'x' }, values: {} }).errors).toEqual({ _form: 'x' });
	});
});
