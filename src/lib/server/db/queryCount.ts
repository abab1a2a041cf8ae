import { AsyncLocalStorage } from 'node:async_hooks';

// How many queries a request ran: the query budget test starts the server with ALLMENDE_COUNT_QUERIES=1, and every
// response then says its count in `x-allmende-queries`. Off (and free) otherwise. The storage lives on globalThis:
// the database is opened by serve.ts's copy of this module, the requests run in the SvelteKit bundle's copy.

export const COUNT_QUERIES = process.env.ALLMENDE_COUNT_QUERIES === '1';
export const QUERY_COUNT_HEADER = 'x-allmende-queries';

interface Counter {
	count: number;
}
const KEY = Symbol.for('allmende.queryCount');
type WithStorage = typeof globalThis & { [KEY]?: AsyncLocalStorage<Counter> };

function storage(): AsyncLocalStorage<Counter> {
	const g = globalThis as WithStorage;
	g[KEY] ??= new AsyncLocalStorage<Counter>();
	return g[KEY];
}

/** Counts one query for the request it runs in (Kysely's log hook). */
export function countQuery(): void {
	const counter = storage().getStore();
	if (counter) counter.count++;
}

/** Runs a request's work and answers how many queries it ran. */
export async function countQueries<T>(work: () => Promise<T>): Promise<{ result: T; queries: number }> {
	const counter: Counter = { count: 0 };
	const result = await storage().run(counter, work);
	return { result, queries: counter.count };
}
