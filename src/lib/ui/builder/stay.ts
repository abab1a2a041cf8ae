import { applyAction } from '$app/forms';
import { goto } from '$app/navigation';
import { tick } from 'svelte';
import type { SubmitFunction } from '@sveltejs/kit';
import { announceDraftSaved, announceDraftSettled } from './previewMessages';

/**
 * For the builder's small forms (switch, move, show): after the server's redirect the page reloads its data
 * but keeps focus and scroll position, so a keyboard user can press "Nach unten" again and again. A moved card
 * loses focus in the browser (its element moves), so the button is focused again by its id; when it is now
 * disabled (the card reached the end), its `data-fallback` button is (e.g. "Nach oben" of the same card).
 * A saved change is announced to the live preview at once, so that it fetches the draft while this page reloads.
 */
export const stay: SubmitFunction = ({ submitter }) => {
	const id = submitter?.id || document.activeElement?.id;
	return async ({ result, update }) => {
		if (result.type === 'redirect') {
			announceDraftSaved();
			await goto(result.location, { invalidateAll: true, keepFocus: true, noScroll: true, replaceState: true });
			announceDraftSettled();
		} else if (result.type === 'failure') await applyAction(result);
		else await update({ reset: false });
		await tick();
		const again = id ? document.getElementById(id) : null;
		if (!again || again === document.activeElement) return;
		const target = again instanceof HTMLButtonElement && again.disabled ? document.getElementById(again.dataset.fallback ?? '') : again;
		target?.focus();
	};
};
