import { isActionFailure, redirect, type RequestEvent } from '@sveltejs/kit';
import { UNDO_ID } from '../undo/undo.ts';

// Post/Redirect/Get with a short message ("flash"), the one mechanism for forms that save and stay on their page:
// after success the action answers 303 to the page it was posted from, with `?saved=<key>` (and optionally a
// fragment to land at). The page's load reads the key with `savedKey` and shows its message in a role=status
// region (the keys' messages live with the page, e.g. src/routes/[village]/admin/flash.ts). So the address bar
// shows the page, not `?/action`, a reload shows the page again instead of posting the form twice, and the message
// works without JavaScript. The key is a word, never data (no addresses or names in the URL).
// Failed forms are not redirected: they answer 4xx with the errors and what was typed (see forms.ts, formState.ts).

const KEY = /^[a-z][a-zA-Z]{0,39}$/;
const FRAGMENT = /^[a-zA-Z][\w-]{0,99}$/;

/** What an action returns when it saved: the message key, and optionally the id of the element to land at. */
export interface Saved {
	saved: string;
	at?: string;
	/** what a delete left to undo (src/lib/server/undo): the page shows "… gelöscht. Rückgängig" */
	undo?: string;
}

/** Redirects (303) to the page the form was posted from, saying what was saved. */
export function redirectSaved(event: Pick<RequestEvent, 'url'>, saved: Saved): never {
	const key = KEY.test(saved.saved) ? saved.saved : 'saved';
	const at = saved.at && FRAGMENT.test(saved.at) ? `#${saved.at}` : '';
	const undo = saved.undo && UNDO_ID.test(saved.undo) ? `&undo=${saved.undo}` : '';
	redirect(303, `${event.url.pathname}?saved=${key}${undo}${at}`);
}

const isSaved = (result: unknown): result is Saved => typeof result === 'object' && result !== null && !isActionFailure(result) && typeof (result as Saved).saved === 'string';

/** Wraps a page's form actions: an action whose result is `{ saved }` redirects (redirectSaved); failures pass. */
export function redirectOnSave<A extends Record<string, (event: RequestEvent) => unknown>>(actions: A): A {
	const wrapped = Object.entries(actions).map(([name, action]) => [
		name,
		async (event: RequestEvent) => {
			const result = await action(event);
			if (isSaved(result)) redirectSaved(event, result);
			return result;
		}
	]);
	return Object.fromEntries(wrapped) as A;
}

/** The message key a page was redirected to after saving, if any (unknown shapes are ignored). */
export function savedKey(url: URL): string | null {
	const key = url.searchParams.get('saved');
	return key && KEY.test(key) ? key : null;
}
