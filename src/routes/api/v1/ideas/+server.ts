import type { RequestHandler } from './$types';
import { ideaListResponse } from '$lib/server/platform/ideas/ideaApi';

/** The ideas of the Projektpool, filtered and paginated (see openapi.ts). */
export const GET: RequestHandler = (event) => ideaListResponse(event);
