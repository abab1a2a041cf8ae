import type { RequestHandler } from './$types';
import { getMessage } from '$lib/server/push/routes';

/** A message's progress: { total, sent, failed, gone, pending, state }. */
export const GET: RequestHandler = (event) => getMessage(event, event.params.village, event.params.id);
