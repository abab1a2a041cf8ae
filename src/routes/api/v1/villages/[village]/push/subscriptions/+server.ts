import type { RequestHandler } from './$types';
import { subscribe, unsubscribe } from '$lib/server/push/routes';

/** Subscribes this browser to topics of the village (anyone, no account needed); again to change the topics. */
export const POST: RequestHandler = (event) => subscribe(event, event.params.village);
/** Ends the subscription of { endpoint }. */
export const DELETE: RequestHandler = (event) => unsubscribe(event, event.params.village);
