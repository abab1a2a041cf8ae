import { describe, expect, it } from 'vitest';
import type { Role, TenantKind } from '../db/types.ts';
import { ANONYMOUS, can, CLUB_ACTIONS, TENANT_ACTIONS, type Actor, type ClubAction, type ClubResource, type TenantAction, type TenantResource } from './index.ts';

// The policy matrix: every actor × every action × every resource, with the expected answer computed by
// the small reference below from literal tables — never by calling the code under test. Changing a
// minimum role in tenantPolicy.ts or a rule in clubPolicy.ts therefore fails rows here.

// ── The expectation, as data ──────────────────────────────────────────────────────────────────────────

/** Roles from weakest to strongest; each includes what the ones before it may do. */
const RANKING: readonly Role[] = ['member', 'moderator', 'editor', 'admin'];

/** The least role (own or inherited from an ancestor) each tenant action needs. null: everyone, also anonymous. */
const MIN_ROLE: Record<string, Role | null> = {
	'tenant.view': null,
	'tenant.update': 'admin',
	'tenant.createChild': 'admin',
	'tenant.manageMembers': 'admin',
	'tenant.viewMembers': 'editor',
	'tenant.manageClubs': 'admin',
	'tenant.readAudit': 'admin',
	'tenant.administer': 'admin',
	'tenant.setHost': 'admin',
	'tenant.editProjects': 'editor',
	'tenant.createOwnProjects': 'member',
	'tenant.triageIdeas': 'editor',
	'tenant.moderatePool': 'admin',
	'tenant.buildApp': 'editor',
	'tenant.rolloutModules': 'admin',
	'tenant.sendPush': 'editor'
};

/** Who may act on a club: null = everyone; else the tenant role needed at the club's village, and whether the club's own admins may too. */
const CLUB_RULE: Record<string, { tenantRole: Role; clubAdmin: boolean } | null> = {
	'club.view': null,
	'club.update': { tenantRole: 'admin', clubAdmin: true },
	'club.delete': { tenantRole: 'admin', clubAdmin: false },
	'club.manageMembers': { tenantRole: 'admin', clubAdmin: true }
};

// ── The world: county → municipality of A → village A, county → municipality of B → village B ─────────

interface Node {
	label: string;
	kind: TenantKind;
	parent: string | null;
}
const TREE: Record<string, Node> = {
	county: { label: 'county', kind: 'county', parent: null },
	muniA: { label: 'municipality of A', kind: 'municipality', parent: 'county' },
	villageA: { label: 'village A', kind: 'village', parent: 'muniA' },
	muniB: { label: 'municipality of B', kind: 'municipality', parent: 'county' },
	villageB: { label: 'village B', kind: 'village', parent: 'muniB' }
};

/** The tenant and its ancestors, nearest first, walked from the literal parent links above. */
function selfAndAncestors(id: string): string[] {
	const out: string[] = [];
	for (let at: string | null = id; at !== null; at = TREE[at]!.parent) out.push(at);
	return out;
}
const tenantResource = (id: string): TenantResource => ({ id, kind: TREE[id]!.kind, path: `/${selfAndAncestors(id).reverse().join('/')}/` });

interface ClubNode {
	label: string;
	tenantId: string;
}
const CLUBS: Record<string, ClubNode> = {
	clubA: { label: 'club of A', tenantId: 'villageA' },
	otherClubA: { label: 'other club of A', tenantId: 'villageA' },
	clubB: { label: 'club of B', tenantId: 'villageB' }
};
const clubResource = (id: string): ClubResource => {
	const owner = tenantResource(CLUBS[id]!.tenantId);
	return { id, tenantId: owner.id, tenantPath: owner.path };
};

// ── The actors ──────────────────────────────────────────────────────────────────────────────────────

const ACTORS: Record<string, Actor> = {
	anonymous: ANONYMOUS,
	'user without roles': { userId: 'u-none', memberships: [], clubRoles: [] }
};
for (const tenantId of ['villageA', 'muniA', 'county'])
	for (const role of RANKING) ACTORS[`${role} of ${TREE[tenantId]!.label}`] = { userId: `u-${tenantId}-${role}`, memberships: [{ tenantId, role }], clubRoles: [] };
ACTORS['admin of village B'] = { userId: 'u-villageB-admin', memberships: [{ tenantId: 'villageB', role: 'admin' }], clubRoles: [] };
ACTORS['admin of municipality of B'] = { userId: 'u-muniB-admin', memberships: [{ tenantId: 'muniB', role: 'admin' }], clubRoles: [] };
// Roles elsewhere must not leak: a plain member of A who administers B's municipality.
ACTORS['member of A, admin of municipality of B'] = { userId: 'u-mix', memberships: [{ tenantId: 'villageA', role: 'member' }, { tenantId: 'muniB', role: 'admin' }], clubRoles: [] };
ACTORS['club admin of club of A'] = { userId: 'u-club-admin', memberships: [{ tenantId: 'villageA', role: 'member' }], clubRoles: [{ clubId: 'clubA', role: 'admin' }] };
ACTORS['club member of club of A'] = { userId: 'u-club-member', memberships: [{ tenantId: 'villageA', role: 'member' }], clubRoles: [{ clubId: 'clubA', role: 'member' }] };
ACTORS['club admin without tenant role'] = { userId: 'u-club-only', memberships: [], clubRoles: [{ clubId: 'clubA', role: 'admin' }] };

// ── The reference: a few independent lines over the tables above ─────────────────────────────────────

const includes = (held: Role, needed: Role) => RANKING.indexOf(held) >= RANKING.indexOf(needed);

/** Roles count at their own tenant and below it — never sideways or up. */
const holds = (actor: Actor, tenantId: string, needed: Role) =>
	actor.memberships.some((m) => selfAndAncestors(tenantId).includes(m.tenantId) && includes(m.role, needed));

function expectTenant(actor: Actor, action: string, tenantId: string): boolean {
	const needed = MIN_ROLE[action];
	if (needed === undefined) return false; // an action without an expectation: the list check names it
	if (needed === null) return true;
	if (!actor.userId || !holds(actor, tenantId, needed)) return false;
	// villages are leaves of the tree
	if (action === 'tenant.createChild') return TREE[tenantId]!.kind !== 'village';
	// the rollout of modules is decided at the county, by its admins (a role there can only come from the county itself)
	if (action === 'tenant.rolloutModules') return TREE[tenantId]!.kind === 'county';
	// host names: the admins of the tree's root (the county) only, not admins further down
	if (action === 'tenant.setHost') return actor.memberships.some((m) => m.tenantId === selfAndAncestors(tenantId).at(-1) && m.role === 'admin');
	// moderation of the Projektpool: admins of a municipality or the county, never the village's own admins
	if (action === 'tenant.moderatePool') return actor.memberships.some((m) => m.role === 'admin' && TREE[m.tenantId]!.kind !== 'village' && selfAndAncestors(tenantId).includes(m.tenantId));
	return true;
}

function expectClub(actor: Actor, action: string, clubId: string): boolean {
	const rule = CLUB_RULE[action];
	if (rule === null) return true;
	if (!actor.userId || !rule) return false;
	if (holds(actor, CLUBS[clubId]!.tenantId, rule.tenantRole)) return true;
	return rule.clubAdmin && actor.clubRoles.some((c) => c.clubId === clubId && c.role === 'admin');
}

// ── The rows ────────────────────────────────────────────────────────────────────────────────────────

interface Row {
	name: string;
	run: () => boolean;
	expected: boolean;
}
const tenantRows: Row[] = [];
const clubRows: Row[] = [];
for (const [who, actor] of Object.entries(ACTORS)) {
	for (const action of TENANT_ACTIONS)
		for (const [id, node] of Object.entries(TREE)) {
			const expected = expectTenant(actor, action, id);
			tenantRows.push({ name: `${who} · ${action} · ${node.label} → ${expected}`, run: () => can(actor, action, tenantResource(id)), expected });
		}
	for (const action of CLUB_ACTIONS)
		for (const [id, club] of Object.entries(CLUBS)) {
			const expected = expectClub(actor, action, id);
			clubRows.push({ name: `${who} · ${action} · ${club.label} → ${expected}`, run: () => can(actor, action, clubResource(id)), expected });
		}
}

describe('the expectation lists exactly the actions the policy has', () => {
	it('tenant actions', () => {
		expect(TENANT_ACTIONS.filter((a) => !(a in MIN_ROLE)), 'tenant actions without an expected minimum role').toEqual([]);
		expect(Object.keys(MIN_ROLE).filter((a) => !TENANT_ACTIONS.includes(a as TenantAction)), 'expected tenant actions the policy lacks').toEqual([]);
	});
	it('club actions', () => {
		expect(CLUB_ACTIONS.filter((a) => !(a in CLUB_RULE)), 'club actions without an expected rule').toEqual([]);
		expect(Object.keys(CLUB_RULE).filter((a) => !CLUB_ACTIONS.includes(a as ClubAction)), 'expected club actions the policy lacks').toEqual([]);
	});
});

// A few rows checked by hand, so that a slip in the reference itself shows up too.
describe('the reference agrees with hand-checked rows', () => {
	const spot: [string, string, string, boolean][] = [
		['admin of village A', 'tenant.update', 'villageA', true],
		['admin of village A', 'tenant.update', 'villageB', false],
		['admin of village A', 'tenant.update', 'muniA', false],
		['admin of village A', 'tenant.createChild', 'villageA', false],
		['admin of village A', 'tenant.setHost', 'villageA', false],
		['admin of municipality of A', 'tenant.update', 'villageA', true],
		['admin of municipality of A', 'tenant.update', 'villageB', false],
		['admin of municipality of A', 'tenant.createChild', 'muniA', true],
		['admin of county', 'tenant.setHost', 'villageB', true],
		['editor of village A', 'tenant.viewMembers', 'villageA', true],
		['moderator of village A', 'tenant.viewMembers', 'villageA', false],
		['editor of village A', 'tenant.manageClubs', 'villageA', false],
		['moderator of village A', 'tenant.readAudit', 'villageA', false],
		['member of A, admin of municipality of B', 'tenant.update', 'villageA', false],
		['anonymous', 'tenant.view', 'villageB', true],
		['editor of village A', 'tenant.editProjects', 'villageA', true],
		['moderator of village A', 'tenant.editProjects', 'villageA', false],
		['member of village A', 'tenant.createOwnProjects', 'villageA', true],
		['member of village A', 'tenant.createOwnProjects', 'villageB', false],
		['member of A, admin of municipality of B', 'tenant.createOwnProjects', 'villageB', true],
		['user without roles', 'tenant.createOwnProjects', 'villageA', false],
		['editor of village A', 'tenant.triageIdeas', 'villageB', false],
		['admin of village A', 'tenant.moderatePool', 'villageA', false],
		['admin of municipality of A', 'tenant.moderatePool', 'villageA', true],
		['admin of municipality of A', 'tenant.moderatePool', 'villageB', false],
		['admin of county', 'tenant.moderatePool', 'villageB', true],
		['admin of county', 'tenant.rolloutModules', 'county', true],
		['admin of county', 'tenant.rolloutModules', 'muniA', false],
		['admin of municipality of A', 'tenant.rolloutModules', 'muniA', false],
		['admin of municipality of A', 'tenant.rolloutModules', 'county', false]
	];
	for (const [who, action, tenantId, expected] of spot)
		it(`${who} · ${action} · ${TREE[tenantId]!.label} → ${expected}`, () => expect(expectTenant(ACTORS[who]!, action, tenantId)).toBe(expected));
	const clubSpot: [string, string, string, boolean][] = [
		['club admin of club of A', 'club.manageMembers', 'clubA', true],
		['club admin of club of A', 'club.manageMembers', 'otherClubA', false],
		['club admin of club of A', 'club.delete', 'clubA', false],
		['club member of club of A', 'club.update', 'clubA', false],
		['admin of municipality of A', 'club.delete', 'clubA', true],
		['admin of village B', 'club.update', 'clubA', false],
		['anonymous', 'club.view', 'clubB', true]
	];
	for (const [who, action, clubId, expected] of clubSpot)
		it(`${who} · ${action} · ${CLUBS[clubId]!.label} → ${expected}`, () => expect(expectClub(ACTORS[who]!, action, clubId)).toBe(expected));
});

describe('tenant policy matrix', () => {
	for (const row of tenantRows) it(row.name, () => expect(row.run()).toBe(row.expected));
});

describe('club policy matrix', () => {
	for (const row of clubRows) it(row.name, () => expect(row.run()).toBe(row.expected));
});

describe('actions the policy does not know', () => {
	it('are refused, even for an admin of the county who is also a club admin', () => {
		const everything: Actor = { userId: 'u-all', memberships: [{ tenantId: 'county', role: 'admin' }], clubRoles: [{ clubId: 'clubA', role: 'admin' }] };
		const village: TenantResource = { id: 'villageA', path: '/county/muniA/villageA/', kind: 'village' };
		const club: ClubResource = { id: 'clubA', tenantId: 'villageA', tenantPath: village.path };
		expect(can(everything, 'tenant.unknown' as TenantAction, village)).toBe(false);
		expect(can(everything, 'delete' as TenantAction, village)).toBe(false);
		expect(can(everything, 'update' as ClubAction, club)).toBe(false);
		expect(can(everything, 'tenant.update', village)).toBe(true);
	});
});
