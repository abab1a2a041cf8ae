// What a page shows after one of its forms failed: the action answered 4xx with the errors by field and the
// values that were typed (src/lib/server/http/forms.ts). A page with several forms names each one with a hidden
// `formId` field, so the errors and typed values go back to the form they came from and no other:
//
//   const state = $derived(formState(form));
//   <Field … value={state.valuesOf('club')?.name} error={state.errorsOf('club')?.name} />
//
// After success the forms redirect instead (src/lib/server/http/flash.ts), so `form` holds only failures here.

export type FieldErrors = Record<string, string>;
export type TypedValues = Record<string, string | undefined>;

export interface FormState {
	/** the errors of the failed form (all of them, whichever form it was) */
	errors: FieldErrors | undefined;
	/** what was typed into the failed form */
	values: TypedValues | undefined;
	/** the formId of the form that failed */
	failed: string | undefined;
	/** the errors, if the form with this id is the one that failed */
	errorsOf: (formId: string) => FieldErrors | undefined;
	/** what was typed, if the form with this id is the one that failed */
	valuesOf: (formId: string) => TypedValues | undefined;
}

const record = (value: unknown): Record<string, unknown> | undefined => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined);

/** The state of a page's forms from its `form` prop (the action's answer; null or a success: nothing failed). */
export function formState(form: unknown): FormState {
	const answer = record(form);
	const errors = record(answer?.errors) as FieldErrors | undefined;
	const values = record(answer?.values) as TypedValues | undefined;
	const failed = typeof values?.formId === 'string' ? values.formId : undefined;
	return {
		errors,
		values,
		failed,
		errorsOf: (formId) => (failed === formId ? errors : undefined),
		valuesOf: (formId) => (failed === formId ? values : undefined)
	};
}
