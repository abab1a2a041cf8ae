import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { openApiDocument } from '$lib/server/http/openapi';

export const GET: RequestHandler = ({ locals }) => json(openApiDocument(locals.rt.config.origin));
