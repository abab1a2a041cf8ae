import type { RequestHandler } from './$types';
import { dashboardFileResponse } from '$lib/server/platform/dashboard/dashboardApi';

/** One table of a place's results dashboard as CSV or JSON: /api/v1/dashboard/<table>.csv|json (see openapi.ts). */
export const GET: RequestHandler = (event) => dashboardFileResponse(event, event.params.file);
