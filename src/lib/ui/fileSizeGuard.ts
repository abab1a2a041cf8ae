// A file over the upload limit is refused in the browser before it is sent, in the server's words ("Logo: Die Datei
// ist zu groß (höchstens 10 MB)."): a phone photo on a slow connection would otherwise upload for a minute only to be
// refused. Without JavaScript the server says the same (see files/uploadForm.ts).
import * as m from '$lib/paraglide/messages.js';
import { formatBytes, MAX_UPLOAD_BYTES } from '$lib/uploadLimits';

const labelOf = (input: HTMLInputElement) => {
	const label = input.id ? input.ownerDocument.querySelector(`label[for="${CSS.escape(input.id)}"]`) : null;
	return (label?.firstChild?.textContent ?? input.name).trim();
};

/** Svelte action for a form with file fields: `<form use:fileSizeGuard>` (optionally with a smaller limit). */
export function fileSizeGuard(form: HTMLFormElement, maxBytes: number = MAX_UPLOAD_BYTES) {
	let limit = maxBytes;
	/** Shows or clears the field's message; false when a chosen file is too large. */
	function check(input: HTMLInputElement): boolean {
		const id = `${input.id || input.name}-too-large`;
		const described = (input.getAttribute('aria-describedby') ?? '').split(' ').filter((x) => x && x !== id);
		let note = form.querySelector<HTMLElement>(`#${CSS.escape(id)}`);
		const tooLarge = [...(input.files ?? [])].some((file) => file.size > limit);
		if (!tooLarge) {
			note?.remove();
			if (input.dataset.sizeInvalid) {
				input.removeAttribute('aria-invalid');
				delete input.dataset.sizeInvalid;
			}
			if (described.length) input.setAttribute('aria-describedby', described.join(' '));
			return true;
		}
		if (!note) {
			note = input.ownerDocument.createElement('p');
			note.className = 'error';
			note.id = id;
			input.insertAdjacentElement('afterend', note);
		}
		note.textContent = `${labelOf(input)}: ${m.err_file_too_large({ max: formatBytes(limit) })}`;
		input.setAttribute('aria-invalid', 'true');
		input.dataset.sizeInvalid = '1';
		input.setAttribute('aria-describedby', [...described, id].join(' '));
		return false;
	}
	const fileInputs = () => [...form.querySelectorAll<HTMLInputElement>('input[type="file"]')];
	const onChange = (event: Event) => {
		if (event.target instanceof HTMLInputElement && event.target.type === 'file') check(event.target);
	};
	// capture: before SvelteKit's enhance (or the browser) sends the form
	const onSubmit = (event: SubmitEvent) => {
		const refused = fileInputs().filter((input) => !check(input));
		if (refused.length === 0) return;
		event.preventDefault();
		event.stopImmediatePropagation();
		refused[0]?.focus();
	};
	form.addEventListener('change', onChange);
	form.addEventListener('submit', onSubmit, { capture: true });
	return {
		update(next: number = MAX_UPLOAD_BYTES) {
			limit = next;
		},
		destroy() {
			form.removeEventListener('change', onChange);
			form.removeEventListener('submit', onSubmit, { capture: true });
		}
	};
}
