import type { RequestHandler } from './$types';
import { handleModuleApi } from '$lib/server/builder/moduleApiRoute';

// A module's JSON API without an id: reads (GET) and creating writes (POST). See moduleApiRoute.ts.
const handle: RequestHandler = (event) => handleModuleApi(event, { ...event.params, id: null });
export const GET = handle;
export const POST = handle;
export const PATCH = handle;
export const DELETE = handle;
