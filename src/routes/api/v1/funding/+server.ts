import type { RequestHandler } from './$types';
import { fundingListResponse } from '$lib/server/platform/funding/fundingApi';

/** The county's funding catalogue, optionally of one category (see openapi.ts). */
export const GET: RequestHandler = (event) => fundingListResponse(event);
