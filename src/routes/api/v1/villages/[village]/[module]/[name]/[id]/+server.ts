import type { RequestHandler } from './$types';
import { handleModuleApi } from '$lib/server/builder/moduleApiRoute';

// A module's JSON API for one thing: read (GET), change (PATCH), delete (DELETE), or act on it (POST).
const handle: RequestHandler = (event) => handleModuleApi(event, event.params);
export const GET = handle;
export const POST = handle;
export const PATCH = handle;
export const DELETE = handle;
