// Errors of the two databases that mean the same thing to the code above them.

/**
 * True when a write hit a unique index: another write got there first (two people saving the same address at the
 * same moment). SQLite: SQLITE_CONSTRAINT_UNIQUE / _PRIMARYKEY; PostgreSQL: SQLSTATE 23505.
 */
export function isUniqueViolation(e: unknown): boolean {
	if (e === null || typeof e !== 'object' || !('code' in e)) return false;
	const code = (e as { code: unknown }).code;
	return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
