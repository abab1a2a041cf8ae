import { describe, expect, it } from 'vitest';
import { effectiveRole, pathIds, roleAtLeast, strongerRole } from './roles.ts';

describe('roles', () => {
	it('reads the ancestor ids from a path', () => {
		expect(pathIds('/c/m/v/')).toEqual(['c', 'm', 'v']);
		expect(pathIds('/')).toEqual([]);
	});

	it('gives no role without a membership on the path', () => {
		expect(effectiveRole([], '/c/m/v/')).toBeNull();
		expect(effectiveRole([{ tenantId: 'other', role: 'admin' }], '/c/m/v/')).toBeNull();
		// A membership below the tenant does not count upwards.
		expect(effectiveRole([{ tenantId: 'v', role: 'admin' }], '/c/m/')).toBeNull();
	});

	it('inherits roles down the tree and takes the strongest', () => {
		expect(effectiveRole([{ tenantId: 'c', role: 'admin' }], '/c/m/v/')).toBe('admin');
		expect(effectiveRole([{ tenantId: 'm', role: 'editor' }, { tenantId: 'v', role: 'member' }], '/c/m/v/')).toBe('editor');
		expect(effectiveRole([{ tenantId: 'v', role: 'moderator' }], '/c/m/v/')).toBe('moderator');
	});

	it('ranks roles', () => {
		expect(roleAtLeast(null, 'member')).toBe(false);
		expect(roleAtLeast('member', 'editor')).toBe(false);
		expect(roleAtLeast('admin', 'editor')).toBe(true);
		expect(strongerRole('member', 'moderator')).toBe('moderator');
		expect(strongerRole(null, 'member')).toBe('member');
	});
});
