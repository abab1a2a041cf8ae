import type { RequestHandler } from './$types';
import { dashboardResponse } from '$lib/server/platform/dashboard/dashboardApi';

/** Every table of a place's results dashboard, with licence and source (see openapi.ts). */
export const GET: RequestHandler = (event) => dashboardResponse(event);
