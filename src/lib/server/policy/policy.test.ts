import { describe, expect, it } from 'vitest';
import type { Role } from '../db/types.ts';
import { ANONYMOUS, can, type Actor, type ClubAction, type TenantAction, type TenantResource } from './index.ts';

// A small tree: county C → municipalities M1, M2 → village A (in M1), village B (in M2).
const C: TenantResource = { id: 'C', path: '/C/', kind: 'county' };
const M1: TenantResource = { id: 'M1', path: '/C/M1/', kind: 'municipality' };
const A: TenantResource = { id: 'A', path: '/C/M1/A/', kind: 'village' };
const B: TenantResource = { id: 'B', path: '/C/M2/B/', kind: 'village' };
const clubOfA = { id: 'clubA', tenantId: 'A', tenantPath: A.path };

const as = (tenantId: string, role: Role, clubRoles: Actor['clubRoles'] = []): Actor => ({ userId: `u-${tenantId}-${role}`, memberships: [{ tenantId, role }], clubRoles });
const actors = {
	anonymous: ANONYMOUS,
	memberA: as('A', 'member'),
	moderatorA: as('A', 'moderator'),
	editorA: as('A', 'editor'),
	adminA: as('A', 'admin'),
	adminB: as('B', 'admin'),
	adminM1: as('M1', 'admin'),
	countyAdmin: as('C', 'admin'),
	clubAdminA: as('A', 'member', [{ clubId: 'clubA', role: 'admin' }]),
	clubMemberA: as('A', 'member', [{ clubId: 'clubA', role: 'member' }]),
	// a county editor who runs village A: admin at A, but not a county admin
	countyEditorAdminA: { userId: 'u-ce', memberships: [{ tenantId: 'C', role: 'editor' }, { tenantId: 'A', role: 'admin' }], clubRoles: [] } satisfies Actor,
	// a county admin who is also a plain member of village A
	countyAdminMemberA: { userId: 'u-cm', memberships: [{ tenantId: 'C', role: 'admin' }, { tenantId: 'A', role: 'member' }], clubRoles: [] } satisfies Actor,
	// no user, yet memberships (a malformed actor): it must still get nothing
	noUserWithRoles: { userId: null, memberships: [{ tenantId: 'C', role: 'admin' }], clubRoles: [{ clubId: 'clubA', role: 'admin' }] } satisfies Actor,
	userWithoutRoles: { userId: 'u-none', memberships: [], clubRoles: [] } satisfies Actor
};
type Who = keyof typeof actors;

// (actor, action, resource, expected) — unhappy paths first: anonymous, plain members, the other village.
const tenantRows: [Who, TenantAction, TenantResource, boolean][] = [
	['anonymous', 'tenant.update', A, false],
	['anonymous', 'tenant.manageMembers', A, false],
	['anonymous', 'tenant.readAudit', A, false],
	['userWithoutRoles', 'tenant.update', A, false],
	['memberA', 'tenant.update', A, false],
	['memberA', 'tenant.manageMembers', A, false],
	['memberA', 'tenant.viewMembers', A, false],
	['moderatorA', 'tenant.manageMembers', A, false],
	['editorA', 'tenant.manageMembers', A, false],
	['editorA', 'tenant.update', A, false],
	['adminB', 'tenant.update', A, false],
	['adminB', 'tenant.manageMembers', A, false],
	['adminB', 'tenant.manageClubs', A, false],
	['adminB', 'tenant.readAudit', A, false],
	['adminB', 'tenant.administer', A, false],
	['adminA', 'tenant.update', B, false],
	['adminA', 'tenant.manageMembers', B, false],
	['adminA', 'tenant.update', M1, false],
	['adminA', 'tenant.createChild', A, false],
	['adminA', 'tenant.update', C, false],
	['adminM1', 'tenant.update', B, false],
	['adminM1', 'tenant.update', C, false],
	['countyAdmin', 'tenant.createChild', A, false],
	// host names: the county's admins only (security review finding 3)
	['adminA', 'tenant.setHost', A, false],
	['adminM1', 'tenant.setHost', A, false],
	['adminB', 'tenant.setHost', A, false],
	['editorA', 'tenant.setHost', A, false],
	['anonymous', 'tenant.setHost', A, false],
	['countyEditorAdminA', 'tenant.setHost', A, false],
	['noUserWithRoles', 'tenant.update', A, false],
	// happy paths
	['anonymous', 'tenant.view', A, true],
	['memberA', 'tenant.view', B, true],
	['editorA', 'tenant.viewMembers', A, true],
	['adminA', 'tenant.update', A, true],
	['adminA', 'tenant.manageMembers', A, true],
	['adminA', 'tenant.manageClubs', A, true],
	['adminA', 'tenant.readAudit', A, true],
	['adminA', 'tenant.administer', A, true],
	['adminM1', 'tenant.update', A, true],
	['adminM1', 'tenant.createChild', M1, true],
	['countyAdmin', 'tenant.update', A, true],
	['countyAdmin', 'tenant.update', B, true],
	['countyAdmin', 'tenant.manageMembers', B, true],
	['countyAdmin', 'tenant.createChild', C, true],
	['countyAdmin', 'tenant.createChild', M1, true],
	['countyAdmin', 'tenant.setHost', A, true],
	['countyAdmin', 'tenant.setHost', B, true],
	['countyAdminMemberA', 'tenant.setHost', A, true]
];

const clubRows: [Who, ClubAction, boolean][] = [
	['anonymous', 'club.update', false],
	['memberA', 'club.update', false],
	['memberA', 'club.manageMembers', false],
	['editorA', 'club.update', false],
	['adminB', 'club.update', false],
	['adminB', 'club.manageMembers', false],
	['adminB', 'club.delete', false],
	['clubAdminA', 'club.delete', false],
	['clubMemberA', 'club.update', false],
	['clubMemberA', 'club.manageMembers', false],
	['noUserWithRoles', 'club.update', false],
	['anonymous', 'club.view', true],
	['clubAdminA', 'club.update', true],
	['clubAdminA', 'club.manageMembers', true],
	['adminA', 'club.delete', true],
	['adminM1', 'club.delete', true],
	['countyAdmin', 'club.update', true]
];

describe('tenant policy', () => {
	it.each(tenantRows)('%s %s on %o → %s', (who, action, resource, expected) => {
		expect(can(actors[who], action, resource)).toBe(expected);
	});
});

describe('club policy', () => {
	it.each(clubRows)('%s %s on a club of village A → %s', (who, action, expected) => {
		expect(can(actors[who], action, clubOfA)).toBe(expected);
	});

	it('an action the policy does not know is refused, even for the county admin and the club admin', () => {
		expect(can(actors.countyAdmin, 'tenant.unknown' as TenantAction, A)).toBe(false);
		expect(can(actors.countyAdmin, 'delete' as TenantAction, A)).toBe(false);
		expect(can(actors.clubAdminA, 'update' as ClubAction, clubOfA)).toBe(false);
	});

	it('a club admin of one club cannot manage another club of the same village', () => {
		expect(can(actors.clubAdminA, 'club.manageMembers', { ...clubOfA, id: 'otherClub' })).toBe(false);
	});
});
