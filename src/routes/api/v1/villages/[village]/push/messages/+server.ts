import type { RequestHandler } from './$types';
import { listMessages, postMessage } from '$lib/server/push/routes';

/** The village's sent push messages with their figures (editors). */
export const GET: RequestHandler = (event) => listMessages(event, event.params.village);
/** Sends a push message to one topic (editors): 202 { id }. */
export const POST: RequestHandler = (event) => postMessage(event, event.params.village);
