import { sql } from 'kysely';
import type { Db } from '../db/index.ts';

export interface LimitResult {
	allowed: boolean;
	/** seconds until the window resets (for Retry-After) */
	retryAfter: number;
}

/**
 * Counts one hit for `key` in a fixed window and says whether it is within `limit`. The counter lives in
 * the database so that every app instance sees the same count; one upsert per hit, atomic in both dialects.
 */
export async function hitRateLimit(db: Db, args: { key: string; limit: number; windowMs: number; now?: number }): Promise<LimitResult> {
	const now = args.now ?? Date.now();
	const expired = now - args.windowMs;
	const row = await db
		.insertInto('rateLimits')
		.values({ key: args.key, windowStart: now, count: 1 })
		.onConflict((oc) =>
			oc.column('key').doUpdateSet({
				count: sql<number>`case when rate_limits.window_start <= ${expired} then 1 else rate_limits.count + 1 end`,
				windowStart: sql<number>`case when rate_limits.window_start <= ${expired} then ${now} else rate_limits.window_start end`
			})
		)
		.returning(['count', 'windowStart'])
		.executeTakeFirstOrThrow();
	const count = Number(row.count);
	const retryAfter = Math.max(1, Math.ceil((Number(row.windowStart) + args.windowMs - now) / 1000));
	return { allowed: count <= args.limit, retryAfter };
}


/**
 * A counter that forgets everything `windowMs` after its last change (not after its first, like hitRateLimit):
 * adds `add` (0 or 1) and stamps the time, so `windowStart` is the time of the latest event. One upsert.
 */
export async function bumpSlidingCounter(db: Db, args: { key: string; add: 0 | 1; windowMs: number; now?: number }): Promise<{ count: number; lastAt: number }> {
	const now = args.now ?? Date.now();
	const expired = now - args.windowMs;
	const row = await db
		.insertInto('rateLimits')
		.values({ key: args.key, windowStart: now, count: args.add })
		.onConflict((oc) =>
			oc.column('key').doUpdateSet({
				count: sql<number>`case when rate_limits.window_start <= ${expired} then ${args.add} else rate_limits.count + ${args.add} end`,
				windowStart: now
			})
		)
		.returning(['count', 'windowStart'])
		.executeTakeFirstOrThrow();
	return { count: Number(row.count), lastAt: Number(row.windowStart) };
}

/** Reads a counter without counting; null when there is none. */
export async function readCounter(db: Db, key: string): Promise<{ count: number; windowStart: number } | null> {
	const row = await db.selectFrom('rateLimits').select(['count', 'windowStart']).where('key', '=', key).executeTakeFirst();
	return row ? { count: Number(row.count), windowStart: Number(row.windowStart) } : null;
}
