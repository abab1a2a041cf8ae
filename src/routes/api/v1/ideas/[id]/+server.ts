import type { RequestHandler } from './$types';
import { ideaResponse } from '$lib/server/platform/ideas/ideaApi';

/** One idea with its comments (see openapi.ts). */
export const GET: RequestHandler = (event) => ideaResponse(event, event.params.id);
