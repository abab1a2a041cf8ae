// The few pieces of SQL the dashboard needs that differ between SQLite and PostgreSQL, behind one switch.
import { PostgresAdapter, sql, type RawBuilder } from 'kysely';
import type { Db } from '../../db/index.ts';
import type { DialectName } from '../../db/index.ts';

/** Which database a Kysely instance talks to (the adapter is fixed when the instance is made). */
export function dialectOf(db: Db): DialectName {
	return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/** The calendar year (UTC, as text "2024") of an epoch-milliseconds column, e.g. `projects.created_at`. */
export function yearOfMs(dialect: DialectName, column: string): RawBuilder<string> {
	return dialect === 'postgres'
		? sql<string>`to_char(to_timestamp(${sql.ref(column)} / 1000.0) at time zone 'UTC', 'YYYY')`
		: sql<string>`strftime('%Y', ${sql.ref(column)} / 1000, 'unixepoch')`;
}

/** 1 when the condition holds, else 0 — summed, it counts rows (portable, unlike FILTER or boolean sums). */
export function countWhen(condition: RawBuilder<unknown>): RawBuilder<number> {
	return sql<number>`sum(case when ${condition} then 1 else 0 end)`;
}
