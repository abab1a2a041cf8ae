// The words the builder and the app in its preview frame exchange (BuilderPreview.svelte, the village layout).

/** window event: a builder form's answer has arrived, the draft is saved */
export const DRAFT_SAVED = 'allmende:draft-saved';
/** window event: the builder page shows the answer's data (the new stamp, if any, has been seen) */
export const DRAFT_SETTLED = 'allmende:draft-settled';
/** frame → builder (postMessage, same origin): the preview's app listens */
export const PREVIEW_READY = 'allmende:preview-ready';
/** frame → builder (postMessage, same origin): the preview's page is going away (a full load follows) */
export const PREVIEW_GONE = 'allmende:preview-gone';
/** builder → frame (postMessage, same origin): fetch the page's data again, the draft has changed */
export const PREVIEW_REFRESH = 'allmende:preview-refresh';

/** Tells the preview that the draft was saved (called when a builder form's answer arrives). */
export function announceDraftSaved(): void {
	window.dispatchEvent(new Event(DRAFT_SAVED));
}

/** Tells the preview that the page now shows the form's answer (called after the page's data has been reloaded). */
export function announceDraftSettled(): void {
	window.dispatchEvent(new Event(DRAFT_SETTLED));
}
