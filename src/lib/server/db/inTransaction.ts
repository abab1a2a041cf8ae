import type { Db } from './index.ts';

/**
 * Runs `fn` in a transaction: the caller's when `db` is one already (a module action calling a core command
 * through ctx.pool holds the database, and a second transaction would wait for it forever), else a new one.
 */
export async function inTransaction<T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> {
	if (db.isTransaction) return fn(db);
	return db.transaction().execute(fn);
}
