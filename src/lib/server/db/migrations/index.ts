import type { Migration } from 'kysely';
import * as m001 from './001_core.ts';

/** The one ordered list of migrations, imported statically so it works inside the server bundle too. */
export const migrations: Record<string, Migration> = {
	'001_core': m001
};
