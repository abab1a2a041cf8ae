import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { sql } from 'kysely';
import type { z } from 'zod';
import type { healthSchema } from '$lib/server/http/apiSchemas';
import pkg from '../../../package.json' with { type: 'json' };

const started = Date.now();

/** Liveness and database reachability, for load balancers and monitoring. */
export const GET: RequestHandler = async ({ locals }) => {
	const { rt } = locals;
	try {
		await sql`select 1`.execute(rt.db);
	} catch {
		return json({ error: { status: 503, message: 'database unreachable' } }, { status: 503 });
	}
	const body: z.infer<typeof healthSchema> = { status: 'ok', database: rt.dialect, version: pkg.version, uptimeSeconds: Math.round((Date.now() - started) / 1000) };
	return json(body, { headers: { 'cache-control': 'no-store' } });
};
