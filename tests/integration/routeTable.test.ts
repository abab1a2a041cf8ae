// The role × route table. Every route of the built app — each page, each form action, each method of each
// endpoint, read from SvelteKit's server manifest — and everything an installed module declares (pages, form
// actions, JSON write endpoints, reads, feeds, realtime channels) must have a row here: a new one without a row,
// or a row for something that is gone, fails the first test with its name (tests/helpers/routeDiscovery.ts).
//
// Each row is tried by ten kinds of actor, with the status each must get. Village A is Altengeseke (in the
// municipality of Anröchte), village B is Körbecke (Möhnesee); the "municipality admin elsewhere" administers
// Ense, which is neither's; the two tokens are admin API tokens of A and of B (Authorization: Bearer, no cookie).
// Forms are valid, so the permission decides. For every write, the other village's rows are compared before
// and after (tests/helpers/tenantRows.ts: every table with a tenant_id column); for a refused write the target
// village's rows too — a refusal changes nothing anywhere.
import { createECDH, randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/lib/server/auth/accounts.ts';
import { hashPassword } from '../../src/lib/server/auth/passwords.ts';
import type { Db } from '../../src/lib/server/db/index.ts';
import { newId } from '../../src/lib/server/ids.ts';
import { grantRole } from '../../src/lib/server/tenancy/memberships.ts';
import type { Actor } from '../../src/lib/server/policy/index.ts';
import { createProject } from '../../src/lib/server/platform/projects/saveProject.ts';
import { createProjectSchema } from '../../src/lib/server/platform/projects/schemas.ts';
import { MODULES } from '../../src/lib/modules/registry.ts';
import { Client, switchModuleAndPublish } from '../helpers/http.ts';
import { coreRouteKeys, moduleKeys } from '../helpers/routeDiscovery.ts';
import { openServerDb, startServer, type TestServer } from '../helpers/server.ts';
import { openTenantRows, type TenantRows } from '../helpers/tenantRows.ts';
import { createToken } from '../helpers/tokens.ts';

const WHO = ['anonymous', 'member', 'editor', 'moderator', 'adminA', 'adminB', 'muniAdmin', 'county', 'tokenA', 'tokenB'] as const;
type Who = (typeof WHO)[number];
/** the people behind the session actors (password allmende-demo); moderator and muniAdmin are made in beforeAll */
const EMAIL: Partial<Record<Who, string>> = {
	member: 'buerger@example.org',
	editor: 'redaktion@example.org',
	moderator: 'moderation-a@example.org',
	adminA: 'dorf1@example.org',
	adminB: 'dorf2@example.org',
	muniAdmin: 'gemeinde-ense@example.org',
	county: 'kreis@example.org'
};
const NAME: Partial<Record<Who, string>> = {
	member: 'Dieter Bürger',
	editor: 'Clara Redaktion',
	moderator: 'Mona Moderation',
	adminA: 'Anna Altengeseke',
	adminB: 'Bernd Körbecke',
	muniAdmin: 'Erika Ense',
	county: 'Kreisverwaltung Soest'
};

const L = 303; // to the login (anonymous visitors of protected pages and forms), or another redirect where noted

let server: TestServer;
let fixtures: Db;
let rows: TenantRows;
const c = {} as Record<Who, Client>;
const ids = {} as Record<'county' | 'anroechte' | 'ense' | 'A' | 'B' | 'clubA' | 'member' | 'groupA' | 'groupB' | 'linkB' | 'logoB' | 'projectA' | 'projectRefA' | 'projectB' | 'ledRefA' | 'ideaA' | 'ideaB' | 'hiddenB' | 'programme' | 'taskA' | 'eventB' | 'occB' | 'occB2' | 'articleB' | 'draftB' | 'pushA' | 'pushB' | 'roomB' | 'annB' | 'clubRoomB' | 'msgB' | 'heldB' | 'clubB' | 'roomA' | 'annA' | 'clubRoomA' | 'kegelRoomA', string>;

/**
 * After an import was added or started: its background job (fetching an address that cannot answer) would write
 * to the village whenever it runs — possibly while a later row compares the village's rows before and after. So
 * the village's calendar jobs that have not run are marked done, and one that is running is waited for.
 */
async function settleCalendarJobs(): Promise<void> {
	const deadline = Date.now() + 15_000;
	for (;;) {
		const now = Date.now();
		await fixtures
			.updateTable('jobs')
			.set({ doneAt: now })
			.where('tenantId', '=', ids.B)
			.where('moduleId', '=', 'calendar')
			.where('doneAt', 'is', null)
			.where((eb) => eb.or([eb('lockedUntil', 'is', null), eb('lockedUntil', '<', now)]))
			.execute();
		const running = await fixtures.selectFrom('jobs').select('id').where('tenantId', '=', ids.B).where('moduleId', '=', 'calendar').where('doneAt', 'is', null).execute();
		if (running.length === 0 || Date.now() > deadline) return;
		await new Promise((r) => setTimeout(r, 100));
	}
}

/** A verified account with a role somewhere, written the way the demo seed writes its accounts. */
async function person(email: string, name: string, role?: { tenantId: string; role: 'admin' | 'editor' | 'moderator' | 'member' }): Promise<string> {
	const user = await createUser(fixtures, { email, password: 'allmende-demo', displayName: name, verified: true });
	if (role) await grantRole(fixtures, { tenantId: role.tenantId, userId: user.id, role: role.role });
	return user.id;
}
const throwaway = (role?: 'member') => person(`weg-${newId()}@example.org`.toLowerCase(), 'Nur zum Testen', role && { tenantId: ids.A, role });

interface LinksApi {
	groups: { id: string; name: string; links: { id: string; title: string; url: string }[] }[];
}
const linksOf = async (slug: string) => (await (await fetch(`${server.url}/api/v1/villages/${slug}/links/links`)).json()) as LinksApi;
const createdId = async (res: Response) => {
	expect(res.status, await res.clone().text()).toBe(201);
	return ((await res.json()) as { id: string }).id;
};

beforeAll(async () => {
	server = await startServer();
	const url = server.databaseUrl;
	fixtures = openServerDb(url).db;
	rows = await openTenantRows(url);
	const tenant = async (slug: string) => (await fixtures.selectFrom('tenants').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
	for (const [key, slug] of [['county', 'kreis-soest'], ['anroechte', 'anroechte'], ['ense', 'ense'], ['A', 'altengeseke'], ['B', 'koerbecke']] as const) ids[key] = await tenant(slug);
	await person(EMAIL.moderator!, NAME.moderator!, { tenantId: ids.A, role: 'moderator' });
	await person(EMAIL.muniAdmin!, NAME.muniAdmin!, { tenantId: ids.ense, role: 'admin' });
	ids.member = (await fixtures.selectFrom('users').select('id').where('email', '=', EMAIL.member!).executeTakeFirstOrThrow()).id;
	ids.clubA = (await fixtures.selectFrom('clubs').select('id').where('tenantId', '=', ids.A).executeTakeFirstOrThrow()).id;
	const projectA = await fixtures.selectFrom('projects').select(['id', 'slug']).where('tenantId', '=', ids.A).where('title', '=', 'Dorfladen in Bürgerhand').executeTakeFirstOrThrow();
	ids.projectA = projectA.id;
	ids.projectRefA = `${projectA.id}-${projectA.slug}`;
	ids.projectB = (await fixtures.selectFrom('projects').select('id').where('tenantId', '=', ids.B).where('title', '=', 'Mitfahrbänke am Möhnesee').executeTakeFirstOrThrow()).id;
	// a project of A that its plain member created and leads: A allows it for that moment only, so that the
	// member's 403 on /projects/new below holds
	await fixtures.updateTable('tenants').set({ membersCreateProjectsAt: Date.now() }).where('id', '=', ids.A).execute();
	const member: Actor = { userId: ids.member, memberships: [{ tenantId: ids.A, role: 'member' }], clubRoles: [] };
	const led = await createProject(fixtures, { actor: member, ip: '127.0.0.1', input: createProjectSchema.parse({ village: 'altengeseke', title: 'Offener Bücherschrank', categoryKey: 'kultur', status: 'planning' }) });
	await fixtures.updateTable('tenants').set({ membersCreateProjectsAt: null }).where('id', '=', ids.A).execute();
	ids.ledRefA = `${led.id}-${led.slug}`;

	for (const who of WHO) c[who] = new Client(server.url);
	for (const [who, email] of Object.entries(EMAIL)) await c[who as Who].login(email);
	c.tokenA = new Client(server.url, { authorization: `Bearer ${await createToken(c.adminA, ids.A, 'admin')}` });
	c.tokenB = new Client(server.url, { authorization: `Bearer ${await createToken(c.adminB, ids.B, 'admin')}` });

	// Village A gets the links module with content of its own, so a write in B has something in A to leave alone.
	expect((await switchModuleAndPublish(c.adminA, 'altengeseke', 'links', true)).status).toBe(303);
	ids.groupA = await createdId(await c.adminA.api('POST', '/api/v1/villages/altengeseke/links/groups', { name: 'Rund ums Dorf' }));
	await createdId(await c.adminA.api('POST', '/api/v1/villages/altengeseke/links/links', { groupId: ids.groupA, title: 'Anröchte', url: 'https://www.anroechte.de' }));
	const b = await linksOf('koerbecke');
	ids.groupB = b.groups[0]!.id;
	ids.linkB = b.groups[0]!.links[0]!.id;
	// the news module in B: a published article of the demo, and a draft of our own
	const newsB = (await (await fetch(`${server.url}/api/v1/villages/koerbecke/news/articles`)).json()) as { articles: { id: string }[] };
	ids.articleB = newsB.articles[0]!.id;
	ids.draftB = await addArticleB('draft');
	// and village B a club and a logo
	expect((await c.adminB.post('/koerbecke/admin/clubs?/createClub', { name: 'Heimatverein Körbecke' })).status).toBe(303);
	expect((await c.adminB.postMultipart(`/admin/tenants/${ids.B}?/uploadLogo`, await logoForm())).status).toBe(200);
	const app = (await (await fetch(`${server.url}/api/v1/villages/koerbecke/app`)).json()) as { theme: { logoUrl: string } };
	ids.logoB = app.theme.logoUrl.replace('/files/', '');
	// ideas of the Projektpool in both villages, and a hidden one in B
	ids.ideaA = await ideaIn(ids.A);
	ids.ideaB = await ideaIn(ids.B);
	ids.hiddenB = await ideaIn(ids.B, { hiddenAt: Date.now(), hiddenReason: 'Doppelt' });
	// a programme of the county's funding catalogue
	ids.programme = await programmeInCounty();
	// B's weekly choir rehearsal (demo content of the calendar) and two of its next dates
	ids.eventB = (await fixtures.selectFrom('calendarEvents' as never).select('id' as never).where('tenantId' as never, '=', ids.B as never).where('title' as never, '=', 'Chorprobe des Kirchenchors' as never).executeTakeFirstOrThrow() as { id: string }).id;
	const choir = (await (await fetch(`${server.url}/api/v1/villages/koerbecke/calendar/events/${ids.eventB}`)).json()) as { next: { occurrence: string }[] };
	ids.occB = choir.next[0]!.occurrence;
	ids.occB2 = choir.next[1]!.occurrence;
	// a task on the board of A's demo project (for the JSON API's task rows)
	ids.taskA = await createdId(await c.tokenA.api('POST', `/api/v1/projects/${ids.projectA}/tasks`, { title: 'Kasse aussuchen' }));
	// a push message sent in each village, long done (for the progress rows)
	ids.pushA = await sentPushMessage(ids.A);
	ids.pushB = await sentPushMessage(ids.B);
	// The chat: on in B with its demo rooms. A switches it on here too, with rooms of its own, so that B's ids can
	// be tried through A's addresses by people who may use A's chat (with it off there, every address of A would be
	// a plain 404 before any id is looked at).
	expect((await switchModuleAndPublish(c.adminA, 'altengeseke', 'chat', true)).status).toBe(303);
	const roomsB = (await (await c.tokenB.api('GET', `${CHAT_B}/rooms`)).json()) as { rooms: { id: string; slug: string }[] };
	ids.roomB = roomsB.rooms.find((r) => r.slug === 'allgemein')!.id;
	ids.annB = roomsB.rooms.find((r) => r.slug === 'ankuendigungen')!.id;
	// B's club (made above; nobody of the table belongs to it) gets a room: its readers are B's moderators only
	ids.clubB = (await fixtures.selectFrom('clubs').select('id').where('tenantId', '=', ids.B).where('name', '=', 'Heimatverein Körbecke').executeTakeFirstOrThrow()).id;
	ids.clubRoomB = await roomIn('B', { name: 'Heimatverein', slug: 'heimatverein', kind: 'club', clubId: ids.clubB });
	ids.msgB = await messageInB();
	ids.heldB = await heldMessageInB();
	// the member of A once joined B's "Allgemein" (a room member, not a member of B): someone B's moderators may mute and ban
	await fixtures
		.insertInto('chatMembers' as never)
		.values({ id: newId(), tenantId: ids.B, roomId: ids.roomB, userId: ids.member, joinedAt: Date.now(), lastReadSeq: 0 } as never)
		.execute();
	// A: an open room, an announcements room, a room of the club the member belongs to, and one of a club nobody of
	// the table belongs to
	ids.roomA = await roomIn('A', { name: 'Dorfplatz', slug: 'dorfplatz' });
	ids.annA = await roomIn('A', { name: 'Aushang', slug: 'aushang', kind: 'announcements' });
	ids.clubRoomA = await roomIn('A', { name: 'Schützen', slug: 'schuetzen', kind: 'club', clubId: ids.clubA });
	const kegelclub = newId();
	await fixtures.insertInto('clubs').values({ id: kegelclub, tenantId: ids.A, name: 'Kegelclub Altengeseke', slug: 'kegelclub-altengeseke', description: '', createdAt: Date.now(), updatedAt: Date.now() }).execute();
	ids.kegelRoomA = await roomIn('A', { name: 'Kegelclub', slug: 'kegelclub', kind: 'club', clubId: kegelclub });
}, 120_000);

afterAll(async () => {
	await rows?.close();
	await fixtures?.destroy();
	await server?.stop();
});

async function logoForm(): Promise<FormData> {
	const sharp = (await import('sharp')).default;
	const png = await sharp({ create: { width: 40, height: 40, channels: 3, background: '#1f6f43' } }).png().toBuffer();
	const form = new FormData();
	form.set('logo', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'logo.png');
	return form;
}

type Body = Record<string, string> | FormData | Record<string, unknown> | undefined;
interface Row {
	/** the discovered route or module declaration this row tries (see routeDiscovery.ts) */
	key: string;
	/** page: GET as a browser; form / multipart: a browser's form post; api: JSON; channel: subscribe over /ws */
	kind: 'page' | 'form' | 'multipart' | 'api' | 'channel';
	method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
	/** `:A`, `:B`, `:groupB` … are replaced by the ids found in beforeAll */
	path: string;
	/** the body for this actor, made fresh for each try (e.g. a new club to delete) */
	body?: (who: Who) => Body | Promise<Body>;
	/** expected status: anonymous, member, editor, moderator of A, admin of A, admin of B, municipality admin
	 *  elsewhere, county admin, API token of A, API token of B */
	expect: [number, number, number, number, number, number, number, number, number, number];
	/** the village a write aims at; the other one must stay as it was (both, when there is none) */
	target?: 'A' | 'B';
	/** a village that a write which succeeds may change too, and why (e.g. the origin of an adopted project) */
	also?: { village: 'A' | 'B'; why: string };
	/** runs after the try, e.g. to sign the actor in again after a logout */
	after?: (who: Who) => Promise<void>;
	/** a DELETE that says in its JSON body what it ends (most name it in the path and send no body) */
	jsonBody?: true;
	/** for a 400: a text the answer must contain, e.g. the label of the field it names ("Nachricht:") */
	says?: string;
}

const NEW_PASSWORD = 'Ein neues Passwort für die Tabelle';
/** puts the demo password back after a password change (it is on the common-password list, so no form takes it) */
const restorePassword = async (who: Who) => {
	if (EMAIL[who]) await fixtures.updateTable('users').set({ passwordHash: await hashPassword('allmende-demo') }).where('email', '=', EMAIL[who]).execute();
};
const signInAgain = async (who: Who) => {
	if (EMAIL[who]) await c[who].login(EMAIL[who]);
};
/** a new article in B through B's token: a draft, or published */
const addArticleB = async (publish: 'draft' | 'now' = 'draft') => createdId(await c.tokenB.api('POST', '/api/v1/villages/koerbecke/news/articles', { title: 'Zum Testen', category: 'Aus dem Dorf', publish }));
/** The county's rollout form for one module: released in every municipality (the repeated field "available") */
const rolloutEverywhere = async (moduleId: string) => {
	const form = new FormData();
	form.set('moduleId', moduleId);
	form.set('mode', 'all');
	for (const { id } of await fixtures.selectFrom('tenants').select('id').where('parentId', '=', ids.county).where('kind', '=', 'municipality').execute()) form.append('available', id);
	return form;
};
const addGroupB = async () => createdId(await c.adminB.api('POST', '/api/v1/villages/koerbecke/links/groups', { name: `Zum Löschen ${newId().slice(-8)}` }));
/** B's admin deletes a fresh group on the links page: the id of its undo entry (from the redirect's ?undo=) */
const undoOfB = async () => {
	const res = await c.adminB.post('/koerbecke/links', { _action: 'deleteGroup', groupId: await addGroupB() });
	expect(res.status).toBe(303);
	return new URL(res.headers.get('location')!, server.url).searchParams.get('undo')!;
};

/** A push message of the village, written directly as finished (nobody had subscribed). */
async function sentPushMessage(tenantId: string): Promise<string> {
	const now = Date.now();
	const id = newId(now);
	await fixtures.insertInto('pushMessages').values({ id, tenantId, topics: '["alerts"]', title: 'Aus der Tabelle', body: '', url: '', urgency: 'normal', ttl: 60, moduleId: null, createdBy: null, tokenId: null, createdAt: now, preparedAt: now, finishedAt: now, total: 0, sent: 0, failed: 0, gone: 0 }).execute();
	return id;
}
/** A browser's keys as a push subscription carries them: a P-256 public point and a 16-byte secret, base64url. */
function browserKeys() {
	const ecdh = createECDH('prime256v1');
	ecdh.generateKeys();
	return { p256dh: ecdh.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') };
}
/** The (never contacted) push endpoint of an actor's browser in a row. */
const endpointOf = (who: Who, row: string) => `https://fcm.googleapis.com/fcm/send/routetable-${row}-${who}`;
/** Ends a subscription the row made in B: left behind, a later message to B would try fcm.googleapis.com (retrying, writing to B). */
const unsubscribeB = (row: string) => async (who: Who) => {
	await fixtures.deleteFrom('pushSubscriptions').where('tenantId', '=', ids.B).where('endpoint', '=', endpointOf(who, row)).execute();
};
/** A subscription in B written directly, without topics (so no message ever goes to it); for `userId`'s account when given. */
async function subscriptionInB(endpoint: string, userId: string | null = null): Promise<string> {
	const now = Date.now();
	const id = newId(now);
	await fixtures.insertInto('pushSubscriptions').values({ id, tenantId: ids.B, endpoint, p256dh: browserKeys().p256dh, auth: randomBytes(16).toString('base64url'), userId, device: 'Firefox', createdAt: now, updatedAt: now }).execute();
	return id;
}
/**
 * After a message was queued in A: its "push.prepare" job finishes it (nobody in A subscribed) just after the answer.
 * Waits for that, so that the next row's comparison of A's rows before and after does not see it land.
 */
async function settlePushInA(): Promise<void> {
	const deadline = Date.now() + 15_000;
	while (Date.now() < deadline) {
		const jobs = await fixtures.selectFrom('jobs').select('id').where('tenantId', '=', ids.A).where('kind', '=', 'push.prepare').where('doneAt', 'is', null).execute();
		const messages = await fixtures.selectFrom('pushMessages').select('id').where('tenantId', '=', ids.A).where('finishedAt', 'is', null).execute();
		if (jobs.length === 0 && messages.length === 0) return;
		await new Promise((r) => setTimeout(r, 50));
	}
}
const PUSH_MESSAGE = { topic: 'alerts', title: 'Aus der Tabelle', body: 'Nur ein Test', url: '/altengeseke/', urgency: 'normal' };

// The chat's JSON API in each village
const CHAT_A = '/api/v1/villages/altengeseke/chat';
const CHAT_B = '/api/v1/villages/koerbecke/chat';
let roomNumber = 0;
/** A new room of the village, made through its token (an open one unless `fields` say otherwise), with a fresh address. */
async function roomIn(village: 'A' | 'B', fields: Record<string, unknown> = {}): Promise<string> {
	const [client, api] = village === 'A' ? [c.tokenA, CHAT_A] : [c.tokenB, CHAT_B];
	return createdId(await client.api('POST', `${api}/rooms`, { name: 'Zum Testen', slug: `tabelle-${++roomNumber}`, ...fields }));
}
/** A fresh address for a room that a row creates. */
const roomSlug = () => `neu-${++roomNumber}`;
/** A message of B's admin in B's room "Allgemein", posted through B's token. */
async function messageInB(): Promise<string> {
	return createdId(await c.tokenB.api('POST', `${CHAT_B}/messages`, { roomId: ids.roomB, body: 'Moin aus der Tabelle' }));
}
/** A message in B's "Allgemein" that waits for approval (by the member of A, who is nobody in B), written directly. */
async function heldMessageInB(): Promise<string> {
	const id = newId();
	await fixtures
		.insertInto('chatMessages' as never)
		.values({ id, tenantId: ids.B, roomId: ids.roomB, seq: null, authorId: ids.member, body: 'Wartet auf Freigabe', replyTo: null, imageId: null, imageAlt: '', editedAt: null, deletedAt: null, removedAt: null, removedBy: null, removedReason: null, held: 1, rev: null, clientId: null, createdAt: Date.now() } as never)
		.execute();
	return id;
}
/** An open report about B's message, written directly. */
async function reportInB(): Promise<string> {
	const id = newId();
	await fixtures
		.insertInto('chatReports' as never)
		.values({ id, tenantId: ids.B, messageId: ids.msgB, reporterId: ids.member, reason: 'Werbung', state: 'open', resolvedBy: null, resolvedAt: null, createdAt: Date.now() } as never)
		.execute();
	return id;
}
/** A ban from B's chat of someone who is no account of the table (an id only), until lifted, written directly. */
async function banInB(): Promise<string> {
	const userId = newId();
	await fixtures.insertInto('chatBans' as never).values({ id: newId(), tenantId: ids.B, userId, until: null, reason: 'Spam', by: null, createdAt: Date.now() } as never).execute();
	return userId;
}
/** A fresh mute in B's room (of a made-up id: unmuting needs no account), for a try to end. */
async function muteInB(): Promise<string> {
	const userId = newId();
	await fixtures.insertInto('chatMutes' as never).values({ id: newId(), tenantId: ids.B, roomId: ids.roomB, userId, until: Date.now() + 3_600_000, reason: 'Ton', by: null, createdAt: Date.now() } as never).execute();
	return userId;
}
/** Longer than the chat takes: a message over 4,000 characters, a name over 60, rules over 2,000, a reason over 500 */
const TOO_LONG = (n: number) => 'x'.repeat(n + 1);

const table: Row[] = [
	// ---- the platform: public pages
	{ key: 'GET /(platform)', kind: 'page', path: '/', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	{ key: 'GET /(platform)/login', kind: 'page', path: '/login', expect: [200, L, L, L, L, L, L, L, 200, 200] },
	{ key: 'GET /(platform)/register', kind: 'page', path: '/register', expect: [200, L, L, L, L, L, L, L, 200, 200] },
	{ key: 'GET /(platform)/verify', kind: 'page', path: '/verify', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	{ key: 'GET /(platform)/reset', kind: 'page', path: '/reset', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	{ key: 'GET /(platform)/reset/[token]', kind: 'page', path: '/reset/not-a-valid-token', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	{ key: 'GET /(platform)/invite/[secret]', kind: 'page', path: '/invite/not-a-valid-link', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	// logging out is a POST; the page only sends everyone home
	{ key: 'GET /(platform)/logout', kind: 'page', path: '/logout', expect: [L, L, L, L, L, L, L, L, L, L] },
	{ key: 'GET /(platform)/dev/mailbox', kind: 'page', path: '/dev/mailbox', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	{ key: 'GET /healthz', kind: 'api', method: 'GET', path: '/healthz', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	// ---- the platform: a person's own pages (a token is for /api/v1 only: elsewhere it signs nobody in)
	{ key: 'GET /(platform)/account', kind: 'page', path: '/account', expect: [L, 200, 200, 200, 200, 200, 200, 200, L, L] },
	{ key: 'GET /(platform)/account/export', kind: 'page', path: '/account/export', expect: [401, 200, 200, 200, 200, 200, 200, 200, 401, 401] },
	{ key: 'GET /(platform)/account/tokens', kind: 'page', path: '/account/tokens', expect: [L, 200, 200, 200, 200, 200, 200, 200, L, L] },
	{ key: 'GET /(platform)/account/notifications', kind: 'page', path: '/account/notifications', expect: [L, 200, 200, 200, 200, 200, 200, 200, L, L] },
	// ---- the platform: administration
	{ key: 'GET /(platform)/admin', kind: 'page', path: '/admin', expect: [L, 403, 403, 403, 200, 200, 200, 200, L, L] },
	{ key: 'GET /(platform)/admin/audit', kind: 'page', path: '/admin/audit', expect: [L, 403, 403, 403, 200, 200, 200, 200, L, L] },
	{ key: 'GET /(platform)/admin/jobs', kind: 'page', path: '/admin/jobs', expect: [L, 403, 403, 403, 403, 403, 403, 200, L, L] },
	// the staged rollout of modules: the county's admins change it, municipality admins read their own part
	{ key: 'GET /(platform)/admin/modules', kind: 'page', path: '/admin/modules', expect: [L, 403, 403, 403, 403, 403, 200, 200, L, L] },
	{ key: 'GET /(platform)/admin/tenants/[id]', kind: 'page', path: '/admin/tenants/:A', expect: [L, 403, 403, 403, 200, 403, 403, 200, L, L] },
	{ key: 'GET /(platform)/admin/tenants/[id]', kind: 'page', path: '/admin/tenants/:B', expect: [L, 403, 403, 403, 403, 200, 403, 200, L, L] },
	{ key: 'GET /(platform)/admin/tenants/[id]', kind: 'page', path: '/admin/tenants/:ense', expect: [L, 403, 403, 403, 403, 403, 200, 200, L, L] },
	{ key: 'GET /(platform)/admin/tenants/[id]', kind: 'page', path: '/admin/tenants/:anroechte', expect: [L, 403, 403, 403, 403, 403, 403, 200, L, L] },
	{ key: 'GET /(platform)/admin/tenants/[id]', kind: 'page', path: '/admin/tenants/:county', expect: [L, 403, 403, 403, 403, 403, 403, 200, L, L] },
	{ key: 'GET /(platform)/admin/tenants/[id]', kind: 'page', path: '/admin/tenants/no-such-id', expect: [L, 403, 403, 403, 404, 404, 404, 404, L, L] },
	// ---- a village's app and its administration
	{ key: 'GET /[village]', kind: 'page', path: '/altengeseke/', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	{ key: 'GET /[village]', kind: 'page', path: '/anroechte/', expect: [404, 404, 404, 404, 404, 404, 404, 404, 404, 404] },
	{ key: 'GET /[village]', kind: 'page', path: '/no-such-village/', expect: [404, 404, 404, 404, 404, 404, 404, 404, 404, 404] },
	// editors get in too, to their sections (Überblick, Push-Nachrichten); every other section refuses them
	{ key: 'GET /[village]/admin', kind: 'page', path: '/altengeseke/admin', expect: [L, 403, 200, 403, 200, 403, 403, 200, L, L] },
	{ key: 'GET /[village]/admin', kind: 'page', path: '/koerbecke/admin', expect: [L, 403, 403, 403, 403, 200, 403, 200, L, L] },
	{ key: 'GET /[village]/admin', kind: 'page', path: '/no-such-village/admin', expect: [404, 404, 404, 404, 404, 404, 404, 404, 404, 404] },
	{ key: 'GET /[village]/admin/members', kind: 'page', path: '/altengeseke/admin/members', expect: [L, 403, 403, 403, 200, 403, 403, 200, L, L] },
	{ key: 'GET /[village]/admin/members', kind: 'page', path: '/no-such-village/admin/members', expect: [404, 404, 404, 404, 404, 404, 404, 404, 404, 404] },
	{ key: 'GET /[village]/admin/clubs', kind: 'page', path: '/koerbecke/admin/clubs', expect: [L, 403, 403, 403, 403, 200, 403, 200, L, L] },
	{ key: 'GET /[village]/admin/history', kind: 'page', path: '/altengeseke/admin/history', expect: [L, 403, 403, 403, 200, 403, 403, 200, L, L] },
	{ key: 'GET /[village]/admin/history', kind: 'page', path: `/altengeseke/admin/history?before=${Date.now()}~x`, expect: [L, 403, 403, 403, 200, 403, 403, 200, L, L] },
	{ key: 'GET /[village]/admin/history', kind: 'page', path: '/altengeseke/admin/history?before=__proto__', expect: [L, 403, 403, 403, 400, 403, 403, 400, L, L] },
	// "Mitglied werden": public, for villages only
	{ key: 'GET /[village]/join', kind: 'page', path: '/altengeseke/join', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	{ key: 'GET /[village]/join', kind: 'page', path: '/anroechte/join', expect: [404, 404, 404, 404, 404, 404, 404, 404, 404, 404] },
	{ key: 'GET /[village]/join', kind: 'page', path: '/__proto__/join', expect: [404, 404, 404, 404, 404, 404, 404, 404, 404, 404] },
	// the App-Baukasten: the village's admins (and the county's); editors only where the village allows them
	{ key: 'GET /[village]/builder', kind: 'page', path: '/altengeseke/builder', expect: [L, 403, 403, 403, 200, 403, 403, 200, L, L] },
	{ key: 'GET /[village]/builder', kind: 'page', path: '/altengeseke/builder?tab=publish&from=1&to=1', expect: [L, 403, 403, 403, 200, 403, 403, 200, L, L] },
	{ key: 'GET /[village]/builder', kind: 'page', path: '/no-such-village/builder', expect: [L, 404, 404, 404, 404, 404, 404, 404, L, L] },
	{ key: 'GET /[village]/[module]/[...path]', kind: 'page', path: '/koerbecke/links/no-such-page', expect: [404, 404, 404, 404, 404, 404, 404, 404, 404, 404] },
	{ key: 'GET /[village]/[module]/[...path]', kind: 'page', path: '/altengeseke/no-such-module', expect: [404, 404, 404, 404, 404, 404, 404, 404, 404, 404] },
	{ key: 'GET /[village]/[feed=feed]', kind: 'page', path: '/koerbecke/no-such-feed.ics', expect: [404, 404, 404, 404, 404, 404, 404, 404, 404, 404] },
	// the installable app: the same for everyone (B has a logo, A a monogram); only villages have one
	{ key: 'GET /[village]/manifest.webmanifest', kind: 'page', path: '/koerbecke/manifest.webmanifest', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	{ key: 'GET /[village]/manifest.webmanifest', kind: 'page', path: '/anroechte/manifest.webmanifest', expect: [404, 404, 404, 404, 404, 404, 404, 404, 404, 404] },
	{ key: 'GET /[village]/manifest.webmanifest', kind: 'page', path: '/kreis-soest/manifest.webmanifest', expect: [404, 404, 404, 404, 404, 404, 404, 404, 404, 404] },
	{ key: 'GET /[village]/icons/[icon]', kind: 'page', path: '/koerbecke/icons/maskable-512.png', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	{ key: 'GET /[village]/icons/[icon]', kind: 'page', path: '/altengeseke/icons/apple-touch-icon.png', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	{ key: 'GET /[village]/icons/[icon]', kind: 'page', path: '/anroechte/icons/icon-192.png', expect: [404, 404, 404, 404, 404, 404, 404, 404, 404, 404] },
	{ key: 'GET /[village]/icons/[icon]', kind: 'page', path: '/koerbecke/icons/no-such-icon.png', expect: [404, 404, 404, 404, 404, 404, 404, 404, 404, 404] },
	// install help and the poster: public pages of every village app, none for what is no village
	{ key: 'GET /[village]/install', kind: 'page', path: '/koerbecke/install', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	{ key: 'GET /[village]/install', kind: 'page', path: '/anroechte/install', expect: [404, 404, 404, 404, 404, 404, 404, 404, 404, 404] },
	{ key: 'GET /[village]/poster', kind: 'page', path: '/altengeseke/poster', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	{ key: 'GET /[village]/poster', kind: 'page', path: '/kreis-soest/poster', expect: [404, 404, 404, 404, 404, 404, 404, 404, 404, 404] },
	{ key: 'GET /[village]/poster', kind: 'page', path: '/no-such-village/poster', expect: [404, 404, 404, 404, 404, 404, 404, 404, 404, 404] },
	// the offline page the app's service worker precaches: the same for everyone; only villages have one
	{ key: 'GET /[village]/offline', kind: 'page', path: '/koerbecke/offline', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	{ key: 'GET /[village]/offline', kind: 'page', path: '/anroechte/offline', expect: [404, 404, 404, 404, 404, 404, 404, 404, 404, 404] },
	{ key: 'GET /[village]/offline', kind: 'page', path: '/no-such-village/offline', expect: [404, 404, 404, 404, 404, 404, 404, 404, 404, 404] },
	// notifications for this device: a public page of every village app (switching on is the push API, open to anyone),
	// and the status-bar picture its notifications show; none for what is no village
	{ key: 'GET /[village]/push', kind: 'page', path: '/koerbecke/push', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	{ key: 'GET /[village]/push', kind: 'page', path: '/anroechte/push', expect: [404, 404, 404, 404, 404, 404, 404, 404, 404, 404] },
	{ key: 'GET /[village]/push', kind: 'page', path: '/no-such-village/push', expect: [404, 404, 404, 404, 404, 404, 404, 404, 404, 404] },
	{ key: 'GET /[village]/push/badge.png', kind: 'page', path: '/altengeseke/push/badge.png', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	{ key: 'GET /[village]/push/badge.png', kind: 'page', path: '/kreis-soest/push/badge.png', expect: [404, 404, 404, 404, 404, 404, 404, 404, 404, 404] },
	// ---- the legal pages: the platform's and each village app's are public; the county edits the platform's, a
	// village's admins (and those above) their app's; settings of a village: its admins
	{ key: 'GET /(platform)/[page=legal]', kind: 'page', path: '/impressum', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	{ key: 'GET /(platform)/[page=legal]', kind: 'page', path: '/datenschutz', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	{ key: 'GET /(platform)/[page=legal]', kind: 'page', path: '/barrierefreiheit?sent=1', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	{ key: 'GET /(platform)/admin/legal', kind: 'page', path: '/admin/legal', expect: [L, 403, 403, 403, 403, 403, 403, 200, L, L] },
	{ key: 'GET /(platform)/admin/legal/[page=legal]', kind: 'page', path: '/admin/legal/barrierefreiheit', expect: [L, 403, 403, 403, 403, 403, 403, 200, L, L] },
	{ key: 'GET /[village]/[page=legal]', kind: 'page', path: '/altengeseke/barrierefreiheit', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	{ key: 'GET /[village]/[page=legal]', kind: 'page', path: '/koerbecke/impressum', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	{ key: 'GET /[village]/[page=legal]', kind: 'page', path: '/anroechte/datenschutz', expect: [404, 404, 404, 404, 404, 404, 404, 404, 404, 404] },
	{ key: 'GET /[village]/[page=legal]', kind: 'page', path: '/no-such-village/impressum', expect: [404, 404, 404, 404, 404, 404, 404, 404, 404, 404] },
	{ key: 'GET /[village]/admin/settings', kind: 'page', path: '/altengeseke/admin/settings', expect: [L, 403, 403, 403, 200, 403, 403, 200, L, L] },
	{ key: 'GET /[village]/admin/settings', kind: 'page', path: '/koerbecke/admin/settings', expect: [L, 403, 403, 403, 403, 200, 403, 200, L, L] },
	{ key: 'GET /[village]/admin/settings', kind: 'page', path: '/no-such-village/admin/settings', expect: [404, 404, 404, 404, 404, 404, 404, 404, 404, 404] },
	{ key: 'GET /[village]/admin/settings/[page=legal]', kind: 'page', path: '/altengeseke/admin/settings/impressum', expect: [L, 403, 403, 403, 200, 403, 403, 200, L, L] },
	{ key: 'GET /[village]/admin/settings/[page=legal]', kind: 'page', path: '/koerbecke/admin/settings/datenschutz', expect: [L, 403, 403, 403, 403, 200, 403, 200, L, L] },
	// a name that is no legal page is no route of the settings (the module dispatcher finds no module "admin")
	{ key: 'GET /[village]/[module]/[...path]', kind: 'page', path: '/altengeseke/admin/settings/__proto__', expect: [404, 404, 404, 404, 404, 404, 404, 404, 404, 404] },
	// ---- the public API and files
	// Push-Nachrichten: the village's editors and admins (and the county's); another village's message shows no progress
	{ key: 'GET /[village]/admin/push', kind: 'page', path: '/altengeseke/admin/push', expect: [L, 403, 200, 403, 200, 403, 403, 200, L, L] },
	{ key: 'GET /[village]/admin/push', kind: 'page', path: '/koerbecke/admin/push', expect: [L, 403, 403, 403, 403, 200, 403, 200, L, L] },
	{ key: 'GET /[village]/admin/push', kind: 'page', path: '/altengeseke/admin/push?message=:pushA', expect: [L, 403, 200, 403, 200, 403, 403, 200, L, L] },
	{ key: 'GET /[village]/admin/push', kind: 'page', path: '/altengeseke/admin/push?message=:pushB', expect: [L, 403, 200, 403, 200, 403, 403, 200, L, L] },
	{ key: 'GET /[village]/admin/push', kind: 'page', path: '/altengeseke/admin/push?before=gestern', expect: [L, 403, 400, 403, 400, 403, 403, 400, L, L] },
	{ key: 'GET /[village]/admin/push', kind: 'page', path: '/no-such-village/admin/push', expect: [404, 404, 404, 404, 404, 404, 404, 404, 404, 404] },
	// the push API: anyone subscribes a browser (no account); the village's editors send and follow messages
	{ key: 'GET /api/v1/push/vapid-public-key', kind: 'api', method: 'GET', path: '/api/v1/push/vapid-public-key', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	{ key: 'GET /api/v1/villages/[village]/push/messages', kind: 'api', method: 'GET', path: '/api/v1/villages/altengeseke/push/messages', expect: [401, 403, 200, 403, 200, 403, 403, 200, 200, 403] },
	{ key: 'GET /api/v1/villages/[village]/push/messages', kind: 'api', method: 'GET', path: '/api/v1/villages/anroechte/push/messages', expect: [404, 404, 404, 404, 404, 404, 404, 404, 404, 404] },
	{ key: 'GET /api/v1/villages/[village]/push/messages/[id]', kind: 'api', method: 'GET', path: '/api/v1/villages/altengeseke/push/messages/:pushA', expect: [401, 403, 200, 403, 200, 403, 403, 200, 200, 403] },
	{ key: 'GET /api/v1/villages/[village]/push/messages/[id]', kind: 'api', method: 'GET', path: '/api/v1/villages/altengeseke/push/messages/:pushB', expect: [401, 403, 404, 403, 404, 403, 403, 404, 404, 403] },
	{ key: 'GET /api/v1/villages/[village]/push/messages/[id]', kind: 'api', method: 'GET', path: '/api/v1/villages/koerbecke/push/messages/:pushB', expect: [401, 403, 403, 403, 403, 200, 403, 200, 403, 200] },
	{ key: 'GET /api/v1/tenants', kind: 'api', method: 'GET', path: '/api/v1/tenants', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	{ key: 'GET /api/v1/openapi.json', kind: 'api', method: 'GET', path: '/api/v1/openapi.json', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	// open data: the exports and the catalogue are public for everyone alike; a bad filter is a 400 for everyone
	{ key: 'GET /api/v1/projects.csv', kind: 'api', method: 'GET', path: '/api/v1/projects.csv?village=altengeseke', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	{ key: 'GET /api/v1/projects.csv', kind: 'api', method: 'GET', path: '/api/v1/projects.csv?status=__proto__', expect: [400, 400, 400, 400, 400, 400, 400, 400, 400, 400] },
	{ key: 'GET /api/v1/projects.json', kind: 'api', method: 'GET', path: '/api/v1/projects.json?municipality=anroechte', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	{ key: 'GET /api/v1/projects.json', kind: 'api', method: 'GET', path: '/api/v1/projects.json?category=' + 'x'.repeat(41), expect: [400, 400, 400, 400, 400, 400, 400, 400, 400, 400] },
	{ key: 'GET /api/v1/catalog.json', kind: 'api', method: 'GET', path: '/api/v1/catalog.json', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	{ key: 'GET /api/v1/modules', kind: 'api', method: 'GET', path: '/api/v1/modules', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	{ key: 'GET /api/v1/villages/[village]/app', kind: 'api', method: 'GET', path: '/api/v1/villages/koerbecke/app', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	{ key: 'GET /api/v1/villages/[village]/app', kind: 'api', method: 'GET', path: '/api/v1/villages/anroechte/app', expect: [404, 404, 404, 404, 404, 404, 404, 404, 404, 404] },
	{ key: 'GET /files/[id]', kind: 'page', path: '/files/:logoB', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	{ key: 'GET /files/[id]', kind: 'page', path: '/files/no-such-file', expect: [404, 404, 404, 404, 404, 404, 404, 404, 404, 404] },
	{ key: 'GET /files/[id]/[variant]', kind: 'page', path: '/files/:logoB/logo.webp', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	// the module API's own answers for what no module declares (a module's rows are further down)
	{ key: 'GET /api/v1/villages/[village]/[module]/[name]', kind: 'api', method: 'GET', path: '/api/v1/villages/koerbecke/links/no-such-read', expect: [404, 404, 404, 404, 404, 404, 404, 404, 404, 404] },
	{ key: 'GET /api/v1/villages/[village]/[module]/[name]/[id]', kind: 'api', method: 'GET', path: '/api/v1/villages/koerbecke/no-such-module/x/y', expect: [404, 404, 404, 404, 404, 404, 404, 404, 404, 404] },
	{ key: 'POST /api/v1/villages/[village]/[module]/[name]', kind: 'api', method: 'POST', path: '/api/v1/villages/no-such-village/links/groups', body: () => ({ name: 'X' }), expect: [404, 404, 404, 404, 404, 404, 404, 404, 404, 404] },
	{ key: 'POST /api/v1/villages/[village]/[module]/[name]/[id]', kind: 'api', method: 'POST', path: '/api/v1/villages/koerbecke/links/no-such-action/x', body: () => ({}), expect: [404, 404, 404, 404, 404, 404, 404, 404, 404, 404] },
	{ key: 'PATCH /api/v1/villages/[village]/[module]/[name]', kind: 'api', method: 'PATCH', path: '/api/v1/villages/koerbecke/links/groups', body: () => ({ name: 'X' }), expect: [405, 405, 405, 405, 405, 405, 405, 405, 405, 405] },
	{ key: 'PATCH /api/v1/villages/[village]/[module]/[name]/[id]', kind: 'api', method: 'PATCH', path: '/api/v1/villages/altengeseke/no-such-module/x/y', body: () => ({}), expect: [404, 404, 404, 404, 404, 404, 404, 404, 404, 404] },
	{ key: 'DELETE /api/v1/villages/[village]/[module]/[name]', kind: 'api', method: 'DELETE', path: '/api/v1/villages/koerbecke/links/groups', expect: [405, 405, 405, 405, 405, 405, 405, 405, 405, 405] },
	{ key: 'DELETE /api/v1/villages/[village]/[module]/[name]/[id]', kind: 'api', method: 'DELETE', path: '/api/v1/villages/koerbecke/links/no-such-action/x', expect: [404, 404, 404, 404, 404, 404, 404, 404, 404, 404] },

	// ---- writes: signing in and out, registering, resetting (addresses differ per actor: the limits count per address)
	{ key: 'POST /(platform)/login', kind: 'form', path: '/login', body: (who) => ({ email: `niemand-${who}@example.org`.toLowerCase(), password: 'falsches passwort' }), expect: [400, L, L, L, L, L, L, L, 400, 400] },
	{ key: 'POST /(platform)/register', kind: 'form', path: '/register', body: (who) => ({ email: `neu-${who}@example.org`.toLowerCase(), password: 'Ein langes neues Passwort', displayName: 'Neu im Dorf' }), expect: [200, L, L, L, L, L, L, L, 200, 200] },
	{ key: 'POST /(platform)/verify?/resend', kind: 'form', path: '/verify?/resend', body: (who) => ({ email: `neu-${who}@example.org`.toLowerCase() }), expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	{ key: 'POST /(platform)/reset', kind: 'form', path: '/reset', body: (who) => ({ email: `vergessen-${who}@example.org`.toLowerCase() }), expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	{ key: 'POST /(platform)/reset/[token]', kind: 'form', path: '/reset/not-a-valid-token-at-all', body: () => ({ password: 'Ein langes neues Passwort' }), expect: [400, 400, 400, 400, 400, 400, 400, 400, 400, 400] },
	{ key: 'POST /locale', kind: 'form', path: '/locale', body: () => ({ locale: 'de' }), expect: [L, L, L, L, L, L, L, L, L, L] },
	{ key: 'POST /(platform)/invite/[secret]?/accept', kind: 'form', path: '/invite/not-a-valid-link?/accept', body: () => ({}), expect: [L, 404, 404, 404, 404, 404, 404, 404, L, L] },
	{ key: 'POST /(platform)/invite/[secret]?/decline', kind: 'form', path: '/invite/not-a-valid-link?/decline', body: () => ({}), expect: [404, 404, 404, 404, 404, 404, 404, 404, 404, 404] },
	// ---- writes: a person's own account (the wrong password where the right one would end the account)
	{ key: 'POST /(platform)/account?/profile', kind: 'form', path: '/account?/profile', body: (who) => ({ displayName: NAME[who] ?? 'Niemand', locale: 'de' }), expect: [L, 303, 303, 303, 303, 303, 303, 303, L, L] },
	{ key: 'POST /(platform)/account?/password', kind: 'form', path: '/account?/password', body: () => ({ currentPassword: 'allmende-demo', password: NEW_PASSWORD }), after: restorePassword, expect: [L, 303, 303, 303, 303, 303, 303, 303, L, L] },
	{ key: 'POST /(platform)/account?/delete', kind: 'form', path: '/account?/delete', body: () => ({ currentPassword: 'nicht das passwort', confirm: 'on' }), expect: [L, 400, 400, 400, 400, 400, 400, 400, L, L] },
	// a device that gets push messages, on /account: only one's own (another person's: 404, nothing removed)
	{ key: 'POST /(platform)/account?/removeDevice', kind: 'form', path: '/account?/removeDevice', body: () => ({ id: 'no-such-subscription' }), expect: [L, 404, 404, 404, 404, 404, 404, 404, L, L] },
	{ key: 'POST /(platform)/account?/removeDevice', kind: 'form', path: '/account?/removeDevice', target: 'B', body: async (who) => ({ id: await subscriptionInB(endpointOf(who, 'remove'), ids.member) }), expect: [L, 303, 404, 404, 404, 404, 404, 404, L, L] },
	{ key: 'POST /(platform)/account/tokens?/create', kind: 'form', path: '/account/tokens?/create', target: 'A', body: () => ({ tokenName: 'Aus der Tabelle', tenantId: ids.A, role: 'member', days: '7' }), expect: [L, 200, 200, 200, 200, 400, 400, 200, L, L] },
	{ key: 'POST /(platform)/account/tokens?/revoke', kind: 'form', path: '/account/tokens?/revoke', body: () => ({ tokenId: 'no-such-token' }), expect: [L, 404, 404, 404, 404, 404, 404, 404, L, L] },
	{ key: 'POST /(platform)/account/notifications?/open', kind: 'form', path: '/account/notifications?/open', body: () => ({ id: 'no-such-notification' }), expect: [L, 404, 404, 404, 404, 404, 404, 404, L, L] },
	{ key: 'POST /(platform)/account/notifications?/readAll', kind: 'form', path: '/account/notifications?/readAll', body: () => ({}), expect: [L, 200, 200, 200, 200, 200, 200, 200, L, L] },
	// ---- writes: the county's administration
	{ key: 'POST /(platform)/admin?/createChild', kind: 'form', path: '/admin?/createChild', body: () => ({ parentId: ids.anroechte, name: `Neudorf ${newId().slice(-6)}` }), expect: [L, 403, 403, 403, 403, 403, 403, 200, L, L] },
	{ key: 'POST /(platform)/admin?/createChild', kind: 'form', path: '/admin?/createChild', body: () => ({ parentId: ids.ense, name: `Ensedorf ${newId().slice(-6)}` }), expect: [L, 403, 403, 403, 403, 403, 200, 200, L, L] },
	// a save that changes nothing (links everywhere, as in the demo), so that later rows find every module released
	{ key: 'POST /(platform)/admin/modules?/save', kind: 'multipart', path: '/admin/modules?/save', body: () => rolloutEverywhere('links'), expect: [L, 403, 403, 403, 403, 403, 403, 200, L, L] },
	{ key: 'POST /(platform)/admin/jobs?/retry', kind: 'form', path: '/admin/jobs?/retry', body: () => ({ jobId: 'no-such-job' }), expect: [L, 403, 403, 403, 403, 403, 403, 404, L, L] },
	{ key: 'POST /(platform)/admin/jobs?/discard', kind: 'form', path: '/admin/jobs?/discard', body: () => ({ jobId: 'no-such-job' }), expect: [L, 403, 403, 403, 403, 403, 403, 404, L, L] },
	// ---- writes: a tenant's details, people and logo (/admin/tenants/<id>), aimed at village A
	{ key: 'POST /(platform)/admin/tenants/[id]?/update', kind: 'form', path: '/admin/tenants/:A?/update', target: 'A', body: () => ({ name: 'Altengeseke', slug: 'altengeseke', colorPrimary: '#1f6f43', colorAccent: '#b35c00' }), expect: [L, 403, 403, 403, 200, 403, 403, 200, L, L] },
	// host names: the county only (security review finding 3)
	{ key: 'POST /(platform)/admin/tenants/[id]?/update', kind: 'form', path: '/admin/tenants/:A?/update', target: 'A', body: () => ({ name: 'Altengeseke', slug: 'altengeseke', host: 'altengeseke.example.de' }), expect: [L, 403, 403, 403, 403, 403, 403, 200, L, L] },
	{ key: 'POST /(platform)/admin/tenants/[id]?/addMember', kind: 'form', path: '/admin/tenants/:A?/addMember', target: 'A', body: () => ({ email: 'neu-im-dorf@example.org', role: 'editor' }), expect: [L, 403, 403, 403, 200, 403, 403, 200, L, L] },
	{ key: 'POST /(platform)/admin/tenants/[id]?/withdrawInvitation', kind: 'form', path: '/admin/tenants/:A?/withdrawInvitation', target: 'A', body: () => ({ invitationId: 'no-such-invitation' }), expect: [L, 403, 403, 403, 404, 403, 403, 404, L, L] },
	{ key: 'POST /(platform)/admin/tenants/[id]?/changeRole', kind: 'form', path: '/admin/tenants/:A?/changeRole', target: 'A', body: () => ({ userId: ids.member, role: 'member' }), expect: [L, 403, 403, 403, 200, 403, 403, 200, L, L] },
	{ key: 'POST /(platform)/admin/tenants/[id]?/removeMember', kind: 'form', path: '/admin/tenants/:A?/removeMember', target: 'A', body: async () => ({ userId: await throwaway('member') }), expect: [L, 403, 403, 403, 200, 403, 403, 200, L, L] },
	{ key: 'POST /(platform)/admin/tenants/[id]?/uploadLogo', kind: 'multipart', path: '/admin/tenants/:A?/uploadLogo', target: 'A', body: () => logoForm(), expect: [L, 403, 403, 403, 200, 403, 403, 200, L, L] },
	{ key: 'POST /(platform)/admin/tenants/[id]?/removeLogo', kind: 'form', path: '/admin/tenants/:A?/removeLogo', target: 'A', body: () => ({}), expect: [L, 403, 403, 403, 200, 403, 403, 200, L, L] },
	// ---- writes: a village's administration (/<village>/admin/<section>), aimed at village A; a saved form
	// answers 303 back to its page (Post/Redirect/Get)
	{ key: 'POST /[village]/admin/members?/addMember', kind: 'form', path: '/altengeseke/admin/members?/addMember', target: 'A', body: () => ({ email: 'redaktion@example.org', role: 'editor' }), expect: [L, 403, 403, 403, 303, 403, 403, 303, L, L] },
	{ key: 'POST /[village]/admin/members?/withdrawInvitation', kind: 'form', path: '/altengeseke/admin/members?/withdrawInvitation', target: 'A', body: () => ({ invitationId: 'no-such-invitation' }), expect: [L, 403, 403, 403, 404, 403, 403, 404, L, L] },
	{ key: 'POST /[village]/admin/members?/changeRole', kind: 'form', path: '/altengeseke/admin/members?/changeRole', target: 'A', body: () => ({ userId: ids.member, role: 'member' }), expect: [L, 403, 403, 403, 303, 403, 403, 303, L, L] },
	{ key: 'POST /[village]/admin/members?/removeMember', kind: 'form', path: '/altengeseke/admin/members?/removeMember', target: 'A', body: async () => ({ userId: await throwaway('member') }), expect: [L, 403, 403, 403, 303, 403, 403, 303, L, L] },
	// join requests ("Mitglied werden"): decided by the village's admins; another village's request or an id like
	// __proto__ is not found on this village's page
	{ key: 'POST /[village]/admin/members?/approveJoin', kind: 'form', path: '/altengeseke/admin/members?/approveJoin', target: 'A', body: async () => ({ requestId: await joinRequestIn(ids.A) }), expect: [L, 403, 403, 403, 303, 403, 403, 303, L, L] },
	{ key: 'POST /[village]/admin/members?/approveJoin', kind: 'form', path: '/altengeseke/admin/members?/approveJoin', target: 'A', body: async () => ({ requestId: await joinRequestIn(ids.B) }), expect: [L, 403, 403, 403, 404, 403, 403, 404, L, L] },
	{ key: 'POST /[village]/admin/members?/approveJoin', kind: 'form', path: '/altengeseke/admin/members?/approveJoin', target: 'A', body: () => ({ requestId: '__proto__' }), expect: [L, 403, 403, 403, 404, 403, 403, 404, L, L] },
	{ key: 'POST /[village]/admin/members?/declineJoin', kind: 'form', path: '/altengeseke/admin/members?/declineJoin', target: 'A', body: async () => ({ requestId: await joinRequestIn(ids.A) }), expect: [L, 403, 403, 403, 303, 403, 403, 303, L, L] },
	{ key: 'POST /[village]/admin/members?/declineJoin', kind: 'form', path: '/koerbecke/admin/members?/declineJoin', target: 'B', body: async () => ({ requestId: await joinRequestIn(ids.A) }), expect: [L, 403, 403, 403, 403, 404, 403, 404, L, L] },
	{ key: 'POST /[village]/admin/clubs?/createClub', kind: 'form', path: '/altengeseke/admin/clubs?/createClub', target: 'A', body: () => ({ name: `Verein ${newId().slice(-6)}` }), expect: [L, 403, 403, 403, 303, 403, 403, 303, L, L] },
	{ key: 'POST /[village]/admin/clubs?/updateClub', kind: 'form', path: '/altengeseke/admin/clubs?/updateClub', target: 'A', body: () => ({ clubId: ids.clubA, name: 'Schützenverein Altengeseke' }), expect: [L, 403, 403, 403, 303, 403, 403, 303, L, L] },
	{ key: 'POST /[village]/admin/clubs?/deleteClub', kind: 'form', path: '/altengeseke/admin/clubs?/deleteClub', target: 'A', body: async () => ({ clubId: await clubInA() }), expect: [L, 403, 403, 403, 303, 403, 403, 303, L, L] },
	{ key: 'POST /[village]/admin/clubs?/addClubMember', kind: 'form', path: '/altengeseke/admin/clubs?/addClubMember', target: 'A', body: () => ({ clubId: ids.clubA, email: 'buerger@example.org', role: 'member' }), expect: [L, 403, 403, 403, 303, 403, 403, 303, L, L] },
	{ key: 'POST /[village]/admin/clubs?/removeClubMember', kind: 'form', path: '/altengeseke/admin/clubs?/removeClubMember', target: 'A', body: async () => ({ clubId: ids.clubA, userId: await clubMemberInA() }), expect: [L, 403, 403, 403, 303, 403, 403, 303, L, L] },
	{ key: 'POST /[village]/admin/clubs?/withdrawInvitation', kind: 'form', path: '/altengeseke/admin/clubs?/withdrawInvitation', target: 'A', body: () => ({ invitationId: 'no-such-invitation' }), expect: [L, 403, 403, 403, 404, 403, 403, 404, L, L] },
	// "Eilmeldung senden" (nobody in A subscribed: each message is queued, prepared and finished without a request)
	{ key: 'POST /[village]/admin/push?/send', kind: 'form', path: '/altengeseke/admin/push?/send', target: 'A', body: () => PUSH_MESSAGE, after: settlePushInA, expect: [L, 403, 303, 403, 303, 403, 403, 303, L, L] },
	{ key: 'POST /[village]/admin/push?/send', kind: 'form', path: '/altengeseke/admin/push?/send', target: 'A', body: () => ({ ...PUSH_MESSAGE, title: '' }), expect: [L, 403, 400, 403, 400, 403, 403, 400, L, L] },
	{ key: 'POST /[village]/admin/push?/send', kind: 'form', path: '/koerbecke/admin/push?/send', target: 'B', body: () => ({ ...PUSH_MESSAGE, topic: 'gibt.es.nicht' }), expect: [L, 403, 403, 403, 403, 400, 403, 400, L, L] },
	// the push API's writes: subscribing is for anyone (B: the subscription is ended again after the try)
	{ key: 'POST /api/v1/villages/[village]/push/subscriptions', kind: 'api', method: 'POST', path: '/api/v1/villages/koerbecke/push/subscriptions', target: 'B', body: (who) => ({ endpoint: endpointOf(who, 'subscribe'), keys: browserKeys(), topics: ['alerts'] }), after: unsubscribeB('subscribe'), expect: [201, 201, 201, 201, 201, 201, 201, 201, 201, 201] },
	{ key: 'POST /api/v1/villages/[village]/push/subscriptions', kind: 'api', method: 'POST', path: '/api/v1/villages/koerbecke/push/subscriptions', target: 'B', body: (who) => ({ endpoint: `https://evil.example/${who}`, keys: browserKeys(), topics: ['alerts'] }), expect: [400, 400, 400, 400, 400, 400, 400, 400, 400, 400] },
	{ key: 'POST /api/v1/villages/[village]/push/subscriptions', kind: 'api', method: 'POST', path: '/api/v1/villages/anroechte/push/subscriptions', body: (who) => ({ endpoint: endpointOf(who, 'nowhere'), keys: browserKeys(), topics: ['alerts'] }), expect: [404, 404, 404, 404, 404, 404, 404, 404, 404, 404] },
	{ key: 'DELETE /api/v1/villages/[village]/push/subscriptions', kind: 'api', method: 'DELETE', jsonBody: true, path: '/api/v1/villages/koerbecke/push/subscriptions', target: 'B', body: async (who) => ({ endpoint: endpointOf(who, 'end') }), expect: [404, 404, 404, 404, 404, 404, 404, 404, 404, 404] },
	{ key: 'DELETE /api/v1/villages/[village]/push/subscriptions', kind: 'api', method: 'DELETE', jsonBody: true, path: '/api/v1/villages/koerbecke/push/subscriptions', target: 'B', body: async (who) => ({ endpoint: await subscriptionInB(endpointOf(who, 'end')).then(() => endpointOf(who, 'end')) }), expect: [204, 204, 204, 204, 204, 204, 204, 204, 204, 204] },
	{ key: 'POST /api/v1/villages/[village]/push/messages', kind: 'api', method: 'POST', path: '/api/v1/villages/altengeseke/push/messages', target: 'A', body: () => PUSH_MESSAGE, after: settlePushInA, expect: [401, 403, 202, 403, 202, 403, 403, 202, 202, 403] },
	{ key: 'POST /api/v1/villages/[village]/push/messages', kind: 'api', method: 'POST', path: '/api/v1/villages/altengeseke/push/messages', target: 'A', body: () => ({ ...PUSH_MESSAGE, url: 'javascript:alert(1)' }), expect: [401, 403, 400, 403, 400, 403, 403, 400, 400, 403] },
	// "Mitglied werden": anyone signed in may ask (members are told they are members already); the anonymous are
	// sent to the login; only villages take requests
	{ key: 'POST /[village]/join', kind: 'form', path: '/altengeseke/join', target: 'A', body: () => ({ joinMessage: 'Ich wohne im Dorf.' }), expect: [L, 303, 303, 303, 303, 303, 303, 303, L, L] },
	{ key: 'POST /[village]/join', kind: 'form', path: '/altengeseke/join', target: 'A', body: () => ({ joinMessage: 'x'.repeat(501) }), expect: [L, 400, 400, 400, 400, 400, 400, 400, L, L] },
	{ key: 'POST /[village]/join', kind: 'form', path: '/anroechte/join', target: 'A', body: () => ({}), expect: [404, 404, 404, 404, 404, 404, 404, 404, 404, 404] },
	{ key: 'POST /[village]/join', kind: 'form', path: '/__proto__/join', target: 'A', body: () => ({}), expect: [404, 404, 404, 404, 404, 404, 404, 404, 404, 404] },
	// builder actions change only the village's draft (a 303 back to the builder); publishing an unchanged draft is a 409
	{ key: 'POST /[village]/builder?/names', kind: 'form', path: '/altengeseke/builder?/names', target: 'A', body: () => ({ name: 'Altengeseke', shortName: '', description: '' }), expect: [L, 403, 403, 403, 303, 403, 403, 303, L, L] },
	{ key: 'POST /[village]/builder?/names', kind: 'form', path: '/koerbecke/builder?/names', target: 'B', body: () => ({ name: 'Körbecke' }), expect: [L, 403, 403, 403, 403, 303, 403, 303, L, L] },
	{ key: 'POST /[village]/builder?/names', kind: 'form', path: '/altengeseke/builder?/names', target: 'A', body: () => ({ name: '' }), expect: [L, 403, 403, 403, 400, 403, 403, 400, L, L] },
	{ key: 'POST /[village]/builder?/colours', kind: 'form', path: '/altengeseke/builder?/colours', target: 'A', body: () => ({ colorPrimary: '#1f6f43', colorAccent: '' }), expect: [L, 403, 403, 403, 303, 403, 403, 303, L, L] },
	{ key: 'POST /[village]/builder?/colours', kind: 'form', path: '/altengeseke/builder?/colours', target: 'A', body: () => ({ colorPrimary: 'red', colorAccent: '' }), expect: [L, 403, 403, 403, 400, 403, 403, 400, L, L] },
	{ key: 'POST /[village]/builder?/image', kind: 'form', path: '/altengeseke/builder?/image', target: 'A', body: () => ({ field: 'logo' }), expect: [L, 403, 403, 403, 400, 403, 403, 400, L, L] },
	{ key: 'POST /[village]/builder?/removeImage', kind: 'form', path: '/altengeseke/builder?/removeImage', target: 'A', body: () => ({ field: 'cover' }), expect: [L, 403, 403, 403, 303, 403, 403, 303, L, L] },
	{ key: 'POST /[village]/builder?/template', kind: 'form', path: '/altengeseke/builder?/template', target: 'A', body: () => ({ template: 'builtin:small' }), expect: [L, 403, 403, 403, 303, 403, 403, 303, L, L] },
	{ key: 'POST /[village]/builder?/template', kind: 'form', path: '/altengeseke/builder?/template', target: 'A', body: () => ({ template: 'village:altengeseke' }), expect: [L, 403, 403, 403, 404, 403, 403, 404, L, L] },
	{ key: 'POST /[village]/builder?/template', kind: 'form', path: '/altengeseke/builder?/template', target: 'A', body: () => ({ template: 'builtin:__proto__' }), expect: [L, 403, 403, 403, 404, 403, 403, 404, L, L] },
	{ key: 'POST /[village]/builder?/moduleToggle', kind: 'form', path: '/altengeseke/builder?/moduleToggle', target: 'A', body: () => ({ moduleId: 'links', enabled: 'on' }), expect: [L, 403, 403, 403, 303, 403, 403, 303, L, L] },
	{ key: 'POST /[village]/builder?/moduleToggle', kind: 'form', path: '/altengeseke/builder?/moduleToggle', target: 'A', body: () => ({ moduleId: 'constructor', enabled: 'on' }), expect: [L, 403, 403, 403, 404, 403, 403, 404, L, L] },
	{ key: 'POST /[village]/builder?/moduleMove', kind: 'form', path: '/altengeseke/builder?/moduleMove', target: 'A', body: () => ({ moduleId: 'news', direction: 'up' }), expect: [L, 403, 403, 403, 303, 403, 403, 303, L, L] },
	{ key: 'POST /[village]/builder?/moduleOrder', kind: 'form', path: '/altengeseke/builder?/moduleOrder', target: 'A', body: () => ({ order: 'links,links' }), expect: [L, 403, 403, 403, 400, 403, 403, 400, L, L] },
	{ key: 'POST /[village]/builder?/moduleSettings', kind: 'form', path: '/altengeseke/builder?/moduleSettings', target: 'A', body: () => ({ moduleId: 'links', title: 'Wichtige Links', widgetCount: '3' }), expect: [L, 403, 403, 403, 303, 403, 403, 303, L, L] },
	{ key: 'POST /[village]/builder?/moduleSettings', kind: 'form', path: '/altengeseke/builder?/moduleSettings', target: 'A', body: () => ({ moduleId: 'links', title: '', widgetCount: 'viele' }), expect: [L, 403, 403, 403, 400, 403, 403, 400, L, L] },
	{ key: 'POST /[village]/builder?/widgetToggle', kind: 'form', path: '/altengeseke/builder?/widgetToggle', target: 'A', body: () => ({ moduleId: 'news', shown: 'on' }), expect: [L, 403, 403, 403, 303, 403, 403, 303, L, L] },
	{ key: 'POST /[village]/builder?/widgetMove', kind: 'form', path: '/altengeseke/builder?/widgetMove', target: 'A', body: () => ({ moduleId: 'news', direction: 'up' }), expect: [L, 403, 403, 403, 303, 403, 403, 303, L, L] },
	{ key: 'POST /[village]/builder?/navLabels', kind: 'form', path: '/altengeseke/builder?/navLabels', target: 'A', body: () => ({ 'de-news': 'Neues', 'en-news': 'News', __proto__: 'x' }), expect: [L, 403, 403, 403, 303, 403, 403, 303, L, L] },
	{ key: 'POST /[village]/builder?/navLabels', kind: 'form', path: '/altengeseke/builder?/navLabels', target: 'A', body: () => ({ 'de-news': 'x'.repeat(40) }), expect: [L, 403, 403, 403, 400, 403, 403, 400, L, L] },
	{ key: 'POST /[village]/builder?/discard', kind: 'form', path: '/altengeseke/builder?/discard', target: 'A', body: () => ({}), expect: [L, 403, 403, 403, 303, 403, 403, 303, L, L] },
	{ key: 'POST /[village]/builder?/publish', kind: 'form', path: '/altengeseke/builder?/publish', target: 'A', body: () => ({ note: '', expectedVersion: '999' }), expect: [L, 403, 403, 403, 409, 403, 403, 409, L, L] },
	{ key: 'POST /[village]/builder?/restore', kind: 'form', path: '/altengeseke/builder?/restore', target: 'A', body: () => ({ version: '1' }), expect: [L, 403, 403, 403, 303, 403, 403, 303, L, L] },
	{ key: 'POST /[village]/builder?/restore', kind: 'form', path: '/altengeseke/builder?/restore', target: 'A', body: () => ({ version: '77' }), expect: [L, 403, 403, 403, 404, 403, 403, 404, L, L] },
	{ key: 'POST /[village]/builder?/editors', kind: 'form', path: '/altengeseke/builder?/editors', target: 'A', body: () => ({ allowed: 'off' }), expect: [L, 403, 403, 403, 303, 403, 403, 303, L, L] },
	// ---- writes: the legal pages. A barrier report: anyone (a 303 to the thank-you), into the village or the county
	{ key: 'POST /(platform)/[page=legal]?/feedback', kind: 'form', path: '/barrierefreiheit?/feedback', body: () => ({ pageUrl: '/projects', description: 'Die Filter sind ohne Maus nicht erreichbar.' }), expect: [303, 303, 303, 303, 303, 303, 303, 303, 303, 303] },
	{ key: 'POST /(platform)/[page=legal]?/feedback', kind: 'form', path: '/impressum?/feedback', body: () => ({ pageUrl: '/', description: 'Das Impressum hat kein Formular.' }), expect: [404, 404, 404, 404, 404, 404, 404, 404, 404, 404] },
	{ key: 'POST /[village]/[page=legal]?/feedback', kind: 'form', path: '/altengeseke/barrierefreiheit?/feedback', target: 'A', body: () => ({ pageUrl: '/altengeseke/news', description: 'Das Bild hat keine Beschreibung.', replyEmail: 'leser@example.org' }), expect: [303, 303, 303, 303, 303, 303, 303, 303, 303, 303] },
	{ key: 'POST /[village]/[page=legal]?/feedback', kind: 'form', path: '/altengeseke/barrierefreiheit?/feedback', target: 'A', body: () => Object.fromEntries([['pageUrl', 'x'.repeat(501)], ['description', 'kurz'], ['__proto__', 'x']]), expect: [400, 400, 400, 400, 400, 400, 400, 400, 400, 400] },
	// the platform's pages and the county's contact data: the county's admins
	{ key: 'POST /(platform)/admin/legal?/contact', kind: 'form', path: '/admin/legal?/contact', body: () => ({ contactBody: 'Kreis Soest', contactAddress: 'Hoher Weg 1-3\n59494 Soest', contactEmail: 'allmende@example.org' }), expect: [L, 403, 403, 403, 403, 403, 403, 303, L, L] },
	{ key: 'POST /(platform)/admin/legal/[page=legal]?/save', kind: 'form', path: '/admin/legal/impressum?/save', body: () => ({ body: '# Impressum\n\nKreis Soest' }), expect: [L, 403, 403, 403, 403, 403, 403, 303, L, L] },
	{ key: 'POST /(platform)/admin/legal/[page=legal]?/reset', kind: 'form', path: '/admin/legal/impressum?/reset', body: () => ({}), expect: [L, 403, 403, 403, 403, 403, 403, 303, L, L] },
	// a village's settings and its app's legal pages: its admins and the county (a 303 back with a message)
	{ key: 'POST /[village]/admin/settings?/contact', kind: 'form', path: '/altengeseke/admin/settings?/contact', target: 'A', body: (who) => ({ formId: 'contact', contactBody: `Dorfgemeinschaft Altengeseke (${who})` }), expect: [L, 403, 403, 403, 303, 403, 403, 303, L, L] },
	{ key: 'POST /[village]/admin/settings?/contact', kind: 'form', path: '/altengeseke/admin/settings?/contact', target: 'A', body: () => ({ formId: 'contact', contactEmail: 'keine adresse' }), expect: [L, 403, 403, 403, 400, 403, 403, 400, L, L] },
	{ key: 'POST /[village]/admin/settings?/memberProjects', kind: 'form', path: '/altengeseke/admin/settings?/memberProjects', target: 'A', body: () => ({ formId: 'member-projects' }), expect: [L, 403, 403, 403, 303, 403, 403, 303, L, L] },
	{ key: 'POST /[village]/admin/settings?/memberProjects', kind: 'form', path: '/koerbecke/admin/settings?/memberProjects', target: 'B', body: () => ({ formId: 'member-projects' }), expect: [L, 403, 403, 403, 403, 303, 403, 303, L, L] },
	{ key: 'POST /[village]/admin/settings?/requestHost', kind: 'form', path: '/altengeseke/admin/settings?/requestHost', target: 'A', body: () => ({ formId: 'host', requestedHost: 'altengeseke-dorf.de' }), expect: [L, 403, 403, 403, 303, 403, 403, 303, L, L] },
	{ key: 'POST /[village]/admin/settings?/requestHost', kind: 'form', path: '/altengeseke/admin/settings?/requestHost', target: 'A', body: () => ({ formId: 'host', requestedHost: 'localhost' }), expect: [L, 403, 403, 403, 400, 403, 403, 400, L, L] },
	{ key: 'POST /[village]/admin/settings/[page=legal]?/save', kind: 'form', path: '/altengeseke/admin/settings/impressum?/save', target: 'A', body: (who) => ({ body: `# Impressum\n\nDorfgemeinschaft Altengeseke (${who})<script>alert(1)</script>` }), expect: [L, 403, 403, 403, 303, 403, 403, 303, L, L] },
	{ key: 'POST /[village]/admin/settings/[page=legal]?/save', kind: 'form', path: '/altengeseke/admin/settings/impressum?/save', target: 'A', body: () => ({ body: 'x'.repeat(50_001) }), expect: [L, 403, 403, 403, 400, 403, 403, 400, L, L] },
	{ key: 'POST /[village]/admin/settings/[page=legal]?/reset', kind: 'form', path: '/altengeseke/admin/settings/impressum?/reset', target: 'A', body: () => ({}), expect: [L, 403, 403, 403, 303, 403, 403, 303, L, L] },
	// the module dispatcher's own answers for what no module declares
	{ key: 'POST /[village]/[module]/[...path]', kind: 'form', path: '/koerbecke/links', target: 'B', body: () => ({ _action: 'no-such-action' }), expect: [400, 400, 400, 400, 400, 400, 400, 400, 400, 400] },
	{ key: 'POST /[village]/[module]/[...path]', kind: 'form', path: '/koerbecke/no-such-module', target: 'B', body: () => ({ _action: 'addGroup', name: 'X' }), expect: [404, 404, 404, 404, 404, 404, 404, 404, 404, 404] },

	// ---- the Projektpool: projects (A's demo project "Dorfladen in Bürgerhand"; B adopts it)
	{ key: 'GET /(platform)/projects', kind: 'page', path: '/projects', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	{ key: 'GET /(platform)/projects', kind: 'page', path: '/projects?status=__proto__', expect: [400, 400, 400, 400, 400, 400, 400, 400, 400, 400] },
	// ---- the projects map (public, like the list; the same filters)
	{ key: 'GET /(platform)/map', kind: 'page', path: '/map', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	{ key: 'GET /(platform)/map', kind: 'page', path: '/map?q=&category=mobilitaet&status=&municipality=&village=no-such-village', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	{ key: 'GET /(platform)/map', kind: 'page', path: '/map?status=__proto__', expect: [400, 400, 400, 400, 400, 400, 400, 400, 400, 400] },
	// coordinates in the tenant form: refused in words for whoever may edit the tenant, 403 for the rest
	{ key: 'POST /(platform)/admin/tenants/[id]?/update', kind: 'form', path: '/admin/tenants/:A?/update', target: 'A', body: () => ({ name: 'Altengeseke', slug: 'altengeseke', colorPrimary: '#1f6f43', colorAccent: '#b35c00', lat: '91', lon: '8.26' }), expect: [L, 403, 403, 403, 400, 403, 403, 400, L, L] },
	{ key: 'GET /(platform)/projects/[ref]', kind: 'page', path: '/projects/:projectRefA', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	// the id alone (or an old title) leads to the one address with the current title
	{ key: 'GET /(platform)/projects/[ref]', kind: 'page', path: '/projects/:projectA', expect: [301, 301, 301, 301, 301, 301, 301, 301, 301, 301] },
	{ key: 'GET /(platform)/projects/[ref]', kind: 'page', path: '/projects/constructor', expect: [404, 404, 404, 404, 404, 404, 404, 404, 404, 404] },
	{ key: 'GET /(platform)/projects/new', kind: 'page', path: '/projects/new', expect: [L, 200, 200, 200, 200, 200, 200, 200, L, L] },
	{ key: 'GET /(platform)/projects/[ref]/edit', kind: 'page', path: '/projects/:projectRefA/edit', expect: [L, 403, 200, 403, 200, 403, 403, 200, L, L] },
	// a project its member leads: the team edits it too (projectAccess.ts)
	{ key: 'GET /(platform)/projects/[ref]/edit', kind: 'page', path: '/projects/:ledRefA/edit', expect: [L, 200, 200, 403, 200, 403, 403, 200, L, L] },
	{ key: 'GET /api/v1/projects', kind: 'api', method: 'GET', path: '/api/v1/projects?village=altengeseke', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	{ key: 'GET /api/v1/projects', kind: 'api', method: 'GET', path: '/api/v1/projects?page=0', expect: [400, 400, 400, 400, 400, 400, 400, 400, 400, 400] },
	{ key: 'GET /api/v1/projects', kind: 'api', method: 'GET', path: '/api/v1/projects?q=mitfahr&sdg=11&adopted=1&sort=adopted', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	{ key: 'GET /api/v1/projects', kind: 'api', method: 'GET', path: `/api/v1/projects?q=${'x'.repeat(201)}`, expect: [400, 400, 400, 400, 400, 400, 400, 400, 400, 400] },
	{ key: 'GET /(platform)/projects', kind: 'page', path: '/projects?q=mitfahr&costMin=0&costMax=5000&sort=newest', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	{ key: 'GET /(platform)/projects', kind: 'page', path: `/projects?q=${'x'.repeat(201)}`, expect: [400, 400, 400, 400, 400, 400, 400, 400, 400, 400] },
	{ key: 'GET /(platform)/projects', kind: 'page', path: '/projects?costMin=abc', expect: [400, 400, 400, 400, 400, 400, 400, 400, 400, 400] },
	{ key: 'GET /(platform)/ideas', kind: 'page', path: '/ideas?q=dorf', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	{ key: 'GET /(platform)/ideas', kind: 'page', path: `/ideas?q=${'x'.repeat(201)}`, expect: [400, 400, 400, 400, 400, 400, 400, 400, 400, 400] },
	{ key: 'GET /(platform)/funding', kind: 'page', path: '/funding?q=dorf', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	{ key: 'GET /(platform)/funding', kind: 'page', path: '/funding?q=__proto__', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	{ key: 'GET /api/v1/projects/[id]', kind: 'api', method: 'GET', path: '/api/v1/projects/:projectA', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	{ key: 'GET /api/v1/projects/[id]', kind: 'api', method: 'GET', path: '/api/v1/projects/__proto__', expect: [404, 404, 404, 404, 404, 404, 404, 404, 404, 404] },
	// a new project: editors of the village (a success sends the browser to the new project: 303 too)
	{ key: 'POST /(platform)/projects/new', kind: 'form', path: '/projects/new', target: 'A', body: () => ({ village: 'altengeseke', title: 'Boule-Platz am Sportheim', categoryKey: 'kultur', status: 'planning' }), expect: [L, 403, 303, 403, 303, 403, 403, 303, L, L] },
	{ key: 'POST /(platform)/projects/[ref]/edit', kind: 'form', path: '/projects/:projectRefA/edit', target: 'A', body: () => ({ title: 'Dorfladen in Bürgerhand', categoryKey: 'soziales', summary: 'Ein Laden, den das Dorf selbst betreibt.' }), expect: [L, 403, 303, 403, 303, 403, 403, 303, L, L] },
	{ key: 'POST /(platform)/projects/[ref]/edit', kind: 'form', path: '/projects/:ledRefA/edit', target: 'A', body: () => ({ title: 'Offener Bücherschrank', categoryKey: 'kultur' }), expect: [L, 303, 303, 403, 303, 403, 403, 303, L, L] },
	{ key: 'POST /(platform)/projects/[ref]?/status', kind: 'form', path: '/projects/:projectRefA?/status', target: 'A', body: (who) => ({ status: who === 'county' ? 'implementation' : 'completed', note: '' }), expect: [L, 403, 200, 403, 200, 403, 403, 200, L, L] },
	// adoption into B: B's admins and the county; the origin village's log records it (and its creator hears of it)
	{ key: 'POST /(platform)/projects/[ref]?/adopt', kind: 'form', path: '/projects/:projectRefA?/adopt', target: 'B', also: { village: 'A', why: "the origin's audit entry and notification" }, body: () => ({ village: 'koerbecke' }), expect: [L, 403, 403, 403, 403, 303, 403, 303, L, L] },
	{ key: 'POST /api/v1/projects/[id]/adopt', kind: 'api', method: 'POST', path: '/api/v1/projects/:projectA/adopt', target: 'B', also: { village: 'A', why: "the origin's audit entry and notification" }, body: () => ({ village: 'koerbecke' }), expect: [401, 403, 403, 403, 403, 201, 403, 201, 403, 201] },
	// the same writes as JSON with an API token (or a session): as the forms, 401 without anyone, 201 for creations
	{ key: 'POST /api/v1/projects', kind: 'api', method: 'POST', path: '/api/v1/projects', target: 'A', body: () => ({ village: 'altengeseke', title: 'Boule-Platz am Sportheim', categoryKey: 'kultur' }), expect: [401, 403, 201, 403, 201, 403, 403, 201, 201, 403] },
	{ key: 'PATCH /api/v1/projects/[id]', kind: 'api', method: 'PATCH', path: '/api/v1/projects/:projectA', target: 'A', body: () => ({ summary: 'Ein Laden, den das Dorf selbst betreibt.' }), expect: [401, 403, 200, 403, 200, 403, 403, 200, 200, 403] },
	{ key: 'PATCH /api/v1/projects/[id]', kind: 'api', method: 'PATCH', path: '/api/v1/projects/__proto__', target: 'A', body: () => ({ summary: 'Ins Leere' }), expect: [401, 404, 404, 404, 404, 404, 404, 404, 404, 404] },
	{ key: 'POST /api/v1/projects/[id]/status', kind: 'api', method: 'POST', path: '/api/v1/projects/:projectA/status', target: 'A', body: () => ({ status: 'implementation', note: '' }), expect: [401, 403, 200, 403, 200, 403, 403, 200, 200, 403] },
	{ key: 'POST /api/v1/projects/[id]/news', kind: 'api', method: 'POST', path: '/api/v1/projects/:projectA/news', target: 'A', body: () => ({ body: 'Die Kasse ist da.' }), expect: [401, 403, 201, 403, 201, 403, 403, 201, 201, 403] },
	{ key: 'POST /api/v1/projects/[id]/tasks', kind: 'api', method: 'POST', path: '/api/v1/projects/:projectA/tasks', target: 'A', body: () => ({ title: 'Regale bestellen' }), expect: [401, 403, 201, 403, 201, 403, 403, 201, 201, 403] },
	{ key: 'PATCH /api/v1/projects/[id]/tasks/[taskId]', kind: 'api', method: 'PATCH', path: '/api/v1/projects/:projectA/tasks/:taskA', target: 'A', body: () => ({ description: 'Mit Kartenzahlung' }), expect: [401, 403, 200, 403, 200, 403, 403, 200, 200, 403] },
	{ key: 'PATCH /api/v1/projects/[id]/tasks/[taskId]', kind: 'api', method: 'PATCH', path: '/api/v1/projects/:projectA/tasks/:taskA', target: 'A', body: () => ({ status: 'doing', position: 0 }), expect: [401, 403, 200, 403, 200, 403, 403, 200, 200, 403] },
	// a task id that is none of A's project: not found for those who may keep the board
	{ key: 'PATCH /api/v1/projects/[id]/tasks/[taskId]', kind: 'api', method: 'PATCH', path: '/api/v1/projects/:projectA/tasks/constructor', target: 'A', body: () => ({ title: 'Ins Leere' }), expect: [401, 403, 404, 403, 404, 403, 403, 404, 404, 403] },
	{ key: 'POST /(platform)/projects/[ref]?/news', kind: 'form', path: '/projects/:projectRefA?/news', target: 'A', body: () => ({ body: 'Der Umbau ist fertig.' }), expect: [L, 403, 200, 403, 200, 403, 403, 200, L, L] },
	// following: anyone signed in (a token is for /api/v1 only); the row belongs to the project's village
	{ key: 'POST /(platform)/projects/[ref]?/follow', kind: 'form', path: '/projects/:projectRefA?/follow', target: 'A', body: () => ({}), expect: [L, 200, 200, 200, 200, 200, 200, 200, L, L] },
	{ key: 'POST /(platform)/projects/[ref]?/unfollow', kind: 'form', path: '/projects/:projectRefA?/unfollow', target: 'A', body: () => ({}), expect: [L, 200, 200, 200, 200, 200, 200, 200, L, L] },
	// moderation: the admins above the village (here the county); not the village's own admins
	{ key: 'POST /(platform)/projects/[ref]?/hide', kind: 'form', path: '/projects/:projectRefA?/hide', target: 'A', body: () => ({ reason: 'Doppelt eingetragen' }), expect: [L, 403, 403, 403, 403, 403, 403, 200, L, L] },
	// once hidden, nobody but a moderator finds it
	{ key: 'POST /(platform)/projects/[ref]?/unhide', kind: 'form', path: '/projects/:projectRefA?/unhide', target: 'A', body: () => ({}), expect: [L, 404, 404, 404, 404, 404, 404, 200, L, L] },
	// a project's funding: its team (editors and admins of the village, and those above) adds and removes rows
	{ key: 'POST /(platform)/projects/[ref]?/addFunding', kind: 'form', path: '/projects/:projectRefA?/addFunding', target: 'A', body: async () => ({ programmeId: await programmeInCounty(), amount: '1500', sharePercent: '50', state: 'applied' }), expect: [L, 403, 200, 403, 200, 403, 403, 200, L, L] },
	// a project's pictures and documents: its team and the village's editors (multipart; a wrong type is refused by field)
	{ key: 'POST /(platform)/projects/[ref]?/addFile', kind: 'multipart', path: '/projects/:projectRefA?/addFile&kind=image', target: 'A', body: () => imageForm({ alt: 'Der Dorfladen von außen' }), expect: [L, 403, 200, 403, 200, 403, 403, 200, L, L] },
	{ key: 'POST /(platform)/projects/[ref]?/addFile', kind: 'multipart', path: '/projects/:projectRefA?/addFile&kind=document', target: 'A', body: () => pdfForm('Satzung des Vereins'), expect: [L, 403, 200, 403, 200, 403, 403, 200, L, L] },
	{ key: 'POST /(platform)/projects/[ref]?/addFile', kind: 'multipart', path: '/projects/:projectRefA?/addFile&kind=image', target: 'A', body: () => svgForm(), expect: [L, 403, 400, 403, 400, 403, 403, 400, L, L] },
	{ key: 'POST /(platform)/projects/[ref]?/removeFile', kind: 'form', path: '/projects/:projectRefA?/removeFile', target: 'A', body: async () => ({ fileId: await fileOfProjectA() }), expect: [L, 403, 200, 403, 200, 403, 403, 200, L, L] },
	{ key: 'POST /(platform)/projects/[ref]?/removeFile', kind: 'form', path: '/projects/:projectRefA?/removeFile', target: 'A', body: () => ({ fileId: '__proto__' }), expect: [L, 403, 404, 403, 404, 403, 403, 404, L, L] },
	{ key: 'POST /(platform)/projects/[ref]?/moveFile', kind: 'form', path: '/projects/:projectRefA?/moveFile', target: 'A', body: async () => ({ fileId: await fileOfProjectA(), direction: 'up' }), expect: [L, 403, 200, 403, 200, 403, 403, 200, L, L] },
	{ key: 'POST /(platform)/projects/[ref]?/moveFile', kind: 'form', path: '/projects/:projectRefA?/moveFile', target: 'A', body: () => ({ fileId: 'x', direction: 'sideways' }), expect: [400, 400, 400, 400, 400, 400, 400, 400, 400, 400] },

	{ key: 'POST /(platform)/projects/[ref]?/addFunding', kind: 'form', path: '/projects/:projectRefA?/addFunding', target: 'A', body: () => ({ programmeId: 'constructor', state: 'used' }), expect: [L, 403, 404, 403, 404, 403, 403, 404, L, L] },
	{ key: 'POST /(platform)/projects/[ref]?/removeFunding', kind: 'form', path: '/projects/:projectRefA?/removeFunding', target: 'A', body: async () => ({ fundingId: await fundingOfProjectA() }), expect: [L, 403, 200, 403, 200, 403, 403, 200, L, L] },
	{ key: 'POST /(platform)/projects/[ref]?/removeFunding', kind: 'form', path: '/projects/:projectRefA?/removeFunding', target: 'A', body: () => ({ fundingId: '__proto__' }), expect: [L, 403, 404, 403, 404, 403, 403, 404, L, L] },
	// questions and answers: anyone signed in asks; the team (the village's editors and admins, and those above)
	// answers and hides, as do the moderators above the village; the asker withdraws an unanswered question.
	// A question or answer of another project (here B's) is not found through A's address.
	{ key: 'POST /(platform)/projects/[ref]?/ask', kind: 'form', path: '/projects/:projectRefA?/ask', target: 'A', body: () => ({ question: 'Wie viele Leute helfen im Laden mit?' }), expect: [L, 200, 200, 200, 200, 200, 200, 200, L, L] },
	{ key: 'POST /(platform)/projects/[ref]?/ask', kind: 'form', path: '/projects/:projectRefA?/ask', target: 'A', body: () => ({ question: 'x'.repeat(2001) }), expect: [400, 400, 400, 400, 400, 400, 400, 400, 400, 400] },
	{ key: 'POST /(platform)/projects/[ref]?/answer', kind: 'form', path: '/projects/:projectRefA?/answer', target: 'A', body: async () => ({ questionId: await questionOn(ids.projectA, ids.A), answer: 'Etwa zwanzig Leute.' }), expect: [L, 403, 200, 403, 200, 403, 403, 200, L, L] },
	{ key: 'POST /(platform)/projects/[ref]?/answer', kind: 'form', path: '/projects/:projectRefA?/answer', target: 'A', body: async () => ({ questionId: await questionOn(ids.projectB, ids.B), answer: 'Gekapert.' }), expect: [L, 403, 404, 403, 404, 403, 403, 404, L, L] },
	{ key: 'POST /(platform)/projects/[ref]?/answer', kind: 'form', path: '/projects/:projectRefA?/answer', target: 'A', body: () => ({ questionId: '__proto__', answer: 'Ins Leere.' }), expect: [L, 403, 404, 403, 404, 403, 403, 404, L, L] },
	{ key: 'POST /(platform)/projects/[ref]?/deleteQuestion', kind: 'form', path: '/projects/:projectRefA?/deleteQuestion', target: 'A', body: async (who) => ({ questionId: await questionOn(ids.projectA, ids.A, await userOf(who)) }), expect: [L, 200, 200, 200, 200, 200, 200, 200, L, L] },
	{ key: 'POST /(platform)/projects/[ref]?/deleteQuestion', kind: 'form', path: '/projects/:projectRefA?/deleteQuestion', target: 'A', body: async () => ({ questionId: await questionOn(ids.projectA, ids.A, await throwaway()) }), expect: [L, 403, 403, 403, 403, 403, 403, 403, L, L] },
	{ key: 'POST /(platform)/projects/[ref]?/deleteQuestion', kind: 'form', path: '/projects/:projectRefA?/deleteQuestion', target: 'A', body: async (who) => ({ questionId: await questionOn(ids.projectB, ids.B, await userOf(who)) }), expect: [L, 404, 404, 404, 404, 404, 404, 404, L, L] },
	// answered: the team's answer stays, so the question does too
	{ key: 'POST /(platform)/projects/[ref]?/deleteQuestion', kind: 'form', path: '/projects/:projectRefA?/deleteQuestion', target: 'A', body: async (who) => ({ questionId: await answered(await questionOn(ids.projectA, ids.A, await userOf(who))) }), expect: [L, 409, 409, 409, 409, 409, 409, 409, L, L] },
	{ key: 'POST /(platform)/projects/[ref]?/hideQuestion', kind: 'form', path: '/projects/:projectRefA?/hideQuestion', target: 'A', body: async () => ({ questionId: await questionOn(ids.projectA, ids.A), reason: 'Werbung' }), expect: [L, 403, 200, 403, 200, 403, 403, 200, L, L] },
	{ key: 'POST /(platform)/projects/[ref]?/hideQuestion', kind: 'form', path: '/projects/:projectRefA?/hideQuestion', target: 'A', body: async () => ({ questionId: await questionOn(ids.projectB, ids.B), reason: 'Werbung' }), expect: [L, 403, 404, 403, 404, 403, 403, 404, L, L] },
	{ key: 'POST /(platform)/projects/[ref]?/hideAnswer', kind: 'form', path: '/projects/:projectRefA?/hideAnswer', target: 'A', body: async () => ({ answerId: await answerOf(await answered(await questionOn(ids.projectA, ids.A))), reason: 'Beleidigend' }), expect: [L, 403, 200, 403, 200, 403, 403, 200, L, L] },
	{ key: 'POST /(platform)/projects/[ref]?/hideAnswer', kind: 'form', path: '/projects/:projectRefA?/hideAnswer', target: 'A', body: () => ({ answerId: 'constructor', reason: 'Beleidigend' }), expect: [L, 403, 404, 403, 404, 403, 403, 404, L, L] },

	// ---- a project's work (team, board, milestones, notes): everyone reads; its team and A's editors keep it;
	// anyone signed in joins ("Ich helfe mit") and takes a free task. Project A is led by A's admin.
	{ key: 'GET /(platform)/projects/[ref]/work', kind: 'page', path: '/projects/:projectRefA/work', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	{ key: 'GET /(platform)/projects/[ref]/work', kind: 'page', path: '/projects/:projectA/work', expect: [301, 301, 301, 301, 301, 301, 301, 301, 301, 301] },
	{ key: 'GET /(platform)/projects/[ref]/work', kind: 'page', path: '/projects/__proto__/work', expect: [404, 404, 404, 404, 404, 404, 404, 404, 404, 404] },
	{ key: 'POST /(platform)/projects/[ref]/work?/join', kind: 'form', path: '/projects/:projectRefA/work?/join', target: 'A', body: () => ({}), expect: [L, L, L, L, L, L, L, L, L, L] },
	// the last lead cannot leave (409); the others left the team they joined in the row before, or were never in it
	{ key: 'POST /(platform)/projects/[ref]/work?/leave', kind: 'form', path: '/projects/:projectRefA/work?/leave', target: 'A', body: () => ({}), expect: [L, 200, 200, 200, 409, 200, 200, 200, L, L] },
	{ key: 'POST /(platform)/projects/[ref]/work?/setRole', kind: 'form', path: '/projects/:projectRefA/work?/setRole', target: 'A', body: async () => ({ userId: await helperInTeamA(), role: 'member' }), expect: [L, 403, 200, 403, 200, 403, 403, 200, L, L] },
	{ key: 'POST /(platform)/projects/[ref]/work?/setRole', kind: 'form', path: '/projects/:projectRefA/work?/setRole', target: 'A', body: () => ({ userId: 'constructor', role: 'lead' }), expect: [L, 403, 404, 403, 404, 403, 403, 404, L, L] },
	{ key: 'POST /(platform)/projects/[ref]/work?/removeMember', kind: 'form', path: '/projects/:projectRefA/work?/removeMember', target: 'A', body: async () => ({ userId: await helperInTeamA() }), expect: [L, 403, 200, 403, 200, 403, 403, 200, L, L] },
	{ key: 'POST /(platform)/projects/[ref]/work?/addTask', kind: 'form', path: '/projects/:projectRefA/work?/addTask', target: 'A', body: () => ({ title: 'Regale aufbauen', status: 'todo' }), expect: [L, 403, 200, 403, 200, 403, 403, 200, L, L] },
	{ key: 'POST /(platform)/projects/[ref]/work?/editTask', kind: 'form', path: '/projects/:projectRefA/work?/editTask', target: 'A', body: async () => ({ taskId: await taskIn('A'), title: 'Regale streichen' }), expect: [L, 403, 200, 403, 200, 403, 403, 200, L, L] },
	// a task of B's project sent to A's project is not found, for everyone who may edit A
	{ key: 'POST /(platform)/projects/[ref]/work?/editTask', kind: 'form', path: '/projects/:projectRefA/work?/editTask', target: 'A', body: async () => ({ taskId: await taskIn('B'), title: 'Fremde Aufgabe' }), expect: [L, 403, 404, 403, 404, 403, 403, 404, L, L] },
	{ key: 'POST /(platform)/projects/[ref]/work?/moveTask', kind: 'form', path: '/projects/:projectRefA/work?/moveTask', target: 'A', body: async () => ({ taskId: await taskIn('A'), status: 'doing', position: '0' }), expect: [L, 403, 200, 403, 200, 403, 403, 200, L, L] },
	{ key: 'POST /(platform)/projects/[ref]/work?/moveTask', kind: 'form', path: '/projects/:projectRefA/work?/moveTask', target: 'A', body: () => ({ taskId: '__proto__', status: 'doing', position: '0' }), expect: [L, 404, 404, 404, 404, 404, 404, 404, L, L] },
	{ key: 'POST /(platform)/projects/[ref]/work?/takeTask', kind: 'form', path: '/projects/:projectRefA/work?/takeTask', target: 'A', body: async () => ({ taskId: await taskIn('A') }), expect: [L, 200, 200, 200, 200, 200, 200, 200, L, L] },
	{ key: 'POST /(platform)/projects/[ref]/work?/releaseTask', kind: 'form', path: '/projects/:projectRefA/work?/releaseTask', target: 'A', body: async () => ({ taskId: await taskIn('A', { taken: true }) }), expect: [L, 403, 200, 403, 200, 403, 403, 200, L, L] },
	{ key: 'POST /(platform)/projects/[ref]/work?/deleteTask', kind: 'form', path: '/projects/:projectRefA/work?/deleteTask', target: 'A', body: async () => ({ taskId: await taskIn('A') }), expect: [L, 403, 200, 403, 200, 403, 403, 200, L, L] },
	{ key: 'POST /(platform)/projects/[ref]/work?/addMilestone', kind: 'form', path: '/projects/:projectRefA/work?/addMilestone', target: 'A', body: () => ({ title: 'Eröffnung', dueOn: '2027-05-01' }), expect: [L, 403, 200, 403, 200, 403, 403, 200, L, L] },
	{ key: 'POST /(platform)/projects/[ref]/work?/milestoneDone', kind: 'form', path: '/projects/:projectRefA/work?/milestoneDone', target: 'A', body: async () => ({ milestoneId: await milestoneIn('A'), done: 'true' }), expect: [L, 403, 200, 403, 200, 403, 403, 200, L, L] },
	{ key: 'POST /(platform)/projects/[ref]/work?/deleteMilestone', kind: 'form', path: '/projects/:projectRefA/work?/deleteMilestone', target: 'A', body: async () => ({ milestoneId: await milestoneIn('A') }), expect: [L, 403, 200, 403, 200, 403, 403, 200, L, L] },
	{ key: 'POST /(platform)/projects/[ref]/work?/deleteMilestone', kind: 'form', path: '/projects/:projectRefA/work?/deleteMilestone', target: 'A', body: async () => ({ milestoneId: await milestoneIn('B') }), expect: [L, 403, 404, 403, 404, 403, 403, 404, L, L] },
	{ key: 'POST /(platform)/projects/[ref]/work?/addNote', kind: 'form', path: '/projects/:projectRefA/work?/addNote', target: 'A', body: () => ({ body: 'Schlüssel beim Küster.' }), expect: [L, 403, 200, 403, 200, 403, 403, 200, L, L] },
	{ key: 'POST /(platform)/projects/[ref]/work?/deleteNote', kind: 'form', path: '/projects/:projectRefA/work?/deleteNote', target: 'A', body: async () => ({ noteId: await noteIn('A') }), expect: [L, 403, 200, 403, 200, 403, 403, 200, L, L] },

	// ---- the Projektpool's funding catalogue: everyone reads; the county's admins keep it
	// the county's overviews: public to everyone, the query checked (400 naming the field)
	{ key: 'GET /(platform)/calendar', kind: 'page', path: '/calendar', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	{ key: 'GET /(platform)/calendar', kind: 'page', path: '/calendar?municipality=anroechte&category=M%C3%BCllabfuhr&from=2026-12-24', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	{ key: 'GET /(platform)/calendar', kind: 'page', path: '/calendar?from=2026-02-30', expect: [400, 400, 400, 400, 400, 400, 400, 400, 400, 400] },
	{ key: 'GET /(platform)/calendar', kind: 'page', path: '/calendar?village=__proto__&after=constructor', expect: [400, 400, 400, 400, 400, 400, 400, 400, 400, 400] },
	// the results dashboard and its files: public to everyone; a malformed place is 400 (API) or 404 (page), an unknown one 404
	{ key: 'GET /(platform)/dashboard', kind: 'page', path: '/dashboard', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	{ key: 'GET /(platform)/dashboard/[place]', kind: 'page', path: '/dashboard/anroechte', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	{ key: 'GET /(platform)/dashboard/[place]', kind: 'page', path: '/dashboard/koerbecke', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	{ key: 'GET /(platform)/dashboard/[place]', kind: 'page', path: '/dashboard/kreis-soest', expect: [301, 301, 301, 301, 301, 301, 301, 301, 301, 301] },
	{ key: 'GET /(platform)/dashboard/[place]', kind: 'page', path: '/dashboard/constructor', expect: [404, 404, 404, 404, 404, 404, 404, 404, 404, 404] },
	{ key: 'GET /(platform)/dashboard/[place]', kind: 'page', path: '/dashboard/__proto__', expect: [404, 404, 404, 404, 404, 404, 404, 404, 404, 404] },
	{ key: 'GET /api/v1/dashboard', kind: 'api', method: 'GET', path: '/api/v1/dashboard', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	{ key: 'GET /api/v1/dashboard', kind: 'api', method: 'GET', path: '/api/v1/dashboard?place=altengeseke', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	{ key: 'GET /api/v1/dashboard', kind: 'api', method: 'GET', path: '/api/v1/dashboard?place=__proto__', expect: [400, 400, 400, 400, 400, 400, 400, 400, 400, 400] },
	{ key: 'GET /api/v1/dashboard', kind: 'api', method: 'GET', path: '/api/v1/dashboard?place=constructor', expect: [404, 404, 404, 404, 404, 404, 404, 404, 404, 404] },
	{ key: 'GET /api/v1/dashboard/[file]', kind: 'api', method: 'GET', path: '/api/v1/dashboard/status.csv?place=moehnesee', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	{ key: 'GET /api/v1/dashboard/[file]', kind: 'api', method: 'GET', path: '/api/v1/dashboard/indicators.json', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	{ key: 'GET /api/v1/dashboard/[file]', kind: 'api', method: 'GET', path: '/api/v1/dashboard/__proto__.csv', expect: [404, 404, 404, 404, 404, 404, 404, 404, 404, 404] },
	{ key: 'GET /api/v1/dashboard/[file]', kind: 'api', method: 'GET', path: '/api/v1/dashboard/status.json?place=' + 'x'.repeat(64), expect: [400, 400, 400, 400, 400, 400, 400, 400, 400, 400] },
	{ key: 'GET /(platform)/news', kind: 'page', path: '/news', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	{ key: 'GET /(platform)/news', kind: 'page', path: '/news?village=koerbecke&after=1.koerbecke.x', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	{ key: 'GET /(platform)/news', kind: 'page', path: '/news?category=' + 'x'.repeat(41), expect: [400, 400, 400, 400, 400, 400, 400, 400, 400, 400] },
	{ key: 'GET /(platform)/municipalities/[slug]', kind: 'page', path: '/municipalities/anroechte', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	{ key: 'GET /(platform)/municipalities/[slug]', kind: 'page', path: '/municipalities/altengeseke', expect: [404, 404, 404, 404, 404, 404, 404, 404, 404, 404] },
	{ key: 'GET /(platform)/municipalities/[slug]', kind: 'page', path: '/municipalities/constructor', expect: [404, 404, 404, 404, 404, 404, 404, 404, 404, 404] },
	{ key: 'GET /(platform)/funding', kind: 'page', path: '/funding', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	{ key: 'GET /(platform)/funding', kind: 'page', path: '/funding?category=mobilitaet', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	{ key: 'GET /(platform)/funding', kind: 'page', path: '/funding?category=__proto__', expect: [400, 400, 400, 400, 400, 400, 400, 400, 400, 400] },
	{ key: 'GET /(platform)/funding/[id]/edit', kind: 'page', path: '/funding/:programme/edit', expect: [L, 403, 403, 403, 403, 403, 403, 200, L, L] },
	{ key: 'GET /(platform)/funding/[id]/edit', kind: 'page', path: '/funding/constructor/edit', expect: [L, 403, 403, 403, 403, 403, 403, 404, L, L] },
	{ key: 'GET /api/v1/funding', kind: 'api', method: 'GET', path: '/api/v1/funding?category=soziales', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	{ key: 'GET /api/v1/funding', kind: 'api', method: 'GET', path: '/api/v1/funding?category=__proto__', expect: [400, 400, 400, 400, 400, 400, 400, 400, 400, 400] },
	{ key: 'POST /(platform)/funding?/create', kind: 'form', path: '/funding?/create', body: () => ({ name: `Dorfförderung ${newId().slice(-8)}`, fundingBody: 'Kreis Soest', maxAmount: '5000', url: 'https://www.kreis-soest.de', 'category-soziales': 'on' }), expect: [L, 403, 403, 403, 403, 403, 403, 200, L, L] },
	// an address that is no web address is refused before anyone's permission is looked at
	{ key: 'POST /(platform)/funding?/create', kind: 'form', path: '/funding?/create', body: () => ({ name: 'Gefährlicher Link', url: 'javascript:alert(1)' }), expect: [L, 400, 400, 400, 400, 400, 400, 400, L, L] },
	{ key: 'POST /(platform)/funding?/delete', kind: 'form', path: '/funding?/delete', body: async () => ({ programmeId: await programmeInCounty() }), expect: [L, 403, 403, 403, 403, 403, 403, 200, L, L] },
	{ key: 'POST /(platform)/funding?/delete', kind: 'form', path: '/funding?/delete', body: () => ({ programmeId: '__proto__' }), expect: [L, 403, 403, 403, 403, 403, 403, 404, L, L] },
	{ key: 'POST /(platform)/funding/[id]/edit', kind: 'form', path: '/funding/:programme/edit', body: () => ({ name: 'Dorfförderung des Kreises', share: 'bis zu 50 %', 'category-kultur': 'on' }), expect: [L, 403, 403, 403, 403, 403, 403, L, L, L] },
	{ key: 'POST /(platform)/funding/[id]/edit', kind: 'form', path: '/funding/constructor/edit', body: () => ({ name: 'Dorfförderung des Kreises' }), expect: [L, 403, 403, 403, 403, 403, 403, 404, L, L] },

	// ---- the Projektpool's categories: the county's admins keep them (the county's rows only, no village's)
	{ key: 'GET /(platform)/projects/categories', kind: 'page', path: '/projects/categories', expect: [L, 403, 403, 403, 403, 403, 403, 200, L, L] },
	{ key: 'POST /(platform)/projects/categories?/add', kind: 'form', path: '/projects/categories?/add', body: () => ({ nameDe: `Thema ${newId().slice(-8)}`, nameEn: 'Topic' }), expect: [L, 403, 403, 403, 403, 403, 403, 200, L, L] },
	{ key: 'POST /(platform)/projects/categories?/add', kind: 'form', path: '/projects/categories?/add', body: () => ({ nameDe: 'Kultur', nameEn: 'Culture' }), expect: [L, 403, 403, 403, 403, 403, 403, 400, L, L] },
	{ key: 'POST /(platform)/projects/categories?/add', kind: 'form', path: '/projects/categories?/add', body: () => ({ nameDe: '', nameEn: 'x'.repeat(61) }), expect: [L, 403, 403, 403, 403, 403, 403, 400, L, L] },
	{ key: 'POST /(platform)/projects/categories?/rename', kind: 'form', path: '/projects/categories?/rename', body: () => ({ categoryKey: 'sonstiges', nameDe: 'Sonstiges', nameEn: 'Other' }), expect: [L, 403, 403, 403, 403, 403, 403, 200, L, L] },
	{ key: 'POST /(platform)/projects/categories?/rename', kind: 'form', path: '/projects/categories?/rename', body: () => ({ categoryKey: '__proto__', nameDe: 'X', nameEn: 'X' }), expect: [L, 403, 403, 403, 403, 403, 403, 404, L, L] },
	{ key: 'POST /(platform)/projects/categories?/move', kind: 'form', path: '/projects/categories?/move', body: () => ({ categoryKey: 'digitalisierung', direction: 'up' }), expect: [L, 403, 403, 403, 403, 403, 403, 200, L, L] },
	{ key: 'POST /(platform)/projects/categories?/delete', kind: 'form', path: '/projects/categories?/delete', body: async () => ({ categoryKey: await categoryInCounty() }), expect: [L, 403, 403, 403, 403, 403, 403, 200, L, L] },
	// a category in use stays (400 saying how many use it); an unknown one is 404
	{ key: 'POST /(platform)/projects/categories?/delete', kind: 'form', path: '/projects/categories?/delete', body: () => ({ categoryKey: 'soziales' }), expect: [L, 403, 403, 403, 403, 403, 403, 400, L, L] },
	{ key: 'POST /(platform)/projects/categories?/delete', kind: 'form', path: '/projects/categories?/delete', body: () => ({ categoryKey: 'constructor' }), expect: [L, 403, 403, 403, 403, 403, 403, 404, L, L] },

	// ---- "Rückgängig" (undo/): only who deleted it (B's admin) or an admin of the village (the county's) may restore
	{ key: 'GET /[village]/undo/[id]', kind: 'page', path: '/koerbecke/undo/:fresh', body: async () => ({ fresh: await undoOfB() }), expect: [L, 403, 403, 403, 403, 200, 403, 200, L, L] },
	{ key: 'GET /[village]/undo/[id]', kind: 'page', path: '/koerbecke/undo/no-such-id', expect: [L, 404, 404, 404, 404, 404, 404, 404, L, L] },
	{ key: 'GET /[village]/undo/[id]', kind: 'page', path: '/koerbecke/undo/__proto__', expect: [L, 404, 404, 404, 404, 404, 404, 404, L, L] },
	{ key: 'POST /[village]/undo/[id]', kind: 'form', path: '/koerbecke/undo/:fresh', target: 'B', body: async () => ({ fresh: await undoOfB(), next: '/koerbecke/links' }), expect: [L, 403, 403, 403, 403, 303, 403, 303, L, L] },
	// another village's undo id is not found there
	{ key: 'POST /[village]/undo/[id]', kind: 'form', path: '/altengeseke/undo/:fresh', target: 'A', body: async () => ({ fresh: await undoOfB() }), expect: [L, 404, 404, 404, 404, 404, 404, 404, L, L] },
	{ key: 'POST /[village]/undo/[id]', kind: 'form', path: '/koerbecke/undo/constructor', target: 'B', body: () => ({}), expect: [L, 404, 404, 404, 404, 404, 404, 404, L, L] },
	// ---- the links module, in village B (only B's editors and admins, and the county's, may edit)
	{ key: 'links: page /', kind: 'page', path: '/koerbecke/links', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	{ key: 'links: read links', kind: 'api', method: 'GET', path: '/api/v1/villages/koerbecke/links/links', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	{ key: 'links: read links/:id', kind: 'api', method: 'GET', path: '/api/v1/villages/koerbecke/links/links/:linkB', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	{ key: 'links: form action addGroup', kind: 'form', path: '/koerbecke/links', target: 'B', body: (who) => ({ _action: 'addGroup', name: `Vereine ${who}` }), expect: [L, 403, 403, 403, 403, 200, 403, 200, L, L] },
	{ key: 'links: POST api groups', kind: 'api', method: 'POST', path: '/api/v1/villages/koerbecke/links/groups', target: 'B', body: (who) => ({ name: `Vereine über die API ${who}` }), expect: [401, 403, 403, 403, 403, 201, 403, 201, 403, 201] },
	{ key: 'links: form action renameGroup', kind: 'form', path: '/koerbecke/links', target: 'B', body: () => ({ _action: 'renameGroup', groupId: ids.groupB, name: 'Kreis und Gemeinde' }), expect: [L, 403, 403, 403, 403, 200, 403, 200, L, L] },
	{ key: 'links: PATCH api groups/:id', kind: 'api', method: 'PATCH', path: '/api/v1/villages/koerbecke/links/groups/:groupB', target: 'B', body: () => ({ name: 'Kreis und Gemeinde' }), expect: [401, 403, 403, 403, 403, 200, 403, 200, 403, 200] },
	{ key: 'links: form action deleteGroup', kind: 'form', path: '/koerbecke/links', target: 'B', body: async () => ({ _action: 'deleteGroup', groupId: await addGroupB() }), expect: [L, 403, 403, 403, 403, 303, 403, 303, L, L] },
	{ key: 'links: DELETE api groups/:id', kind: 'api', method: 'DELETE', path: '/api/v1/villages/koerbecke/links/groups/:fresh', target: 'B', body: async () => ({ fresh: await addGroupB() }), expect: [401, 403, 403, 403, 403, 204, 403, 204, 403, 204] },
	{ key: 'links: form action moveGroup', kind: 'form', path: '/koerbecke/links', target: 'B', body: () => ({ _action: 'moveGroup', id: ids.groupB, direction: 'up' }), expect: [L, 403, 403, 403, 403, 200, 403, 200, L, L] },
	{ key: 'links: POST api move-group/:id', kind: 'api', method: 'POST', path: '/api/v1/villages/koerbecke/links/move-group/:groupB', target: 'B', body: () => ({ direction: 'up' }), expect: [401, 403, 403, 403, 403, 200, 403, 200, 403, 200] },
	{ key: 'links: form action addLink', kind: 'form', path: '/koerbecke/links', target: 'B', body: () => ({ _action: 'addLink', groupId: ids.groupB, title: 'Feuerwehr', url: 'https://feuerwehr.example.org' }), expect: [L, 403, 403, 403, 403, 200, 403, 200, L, L] },
	{ key: 'links: POST api links', kind: 'api', method: 'POST', path: '/api/v1/villages/koerbecke/links/links', target: 'B', body: () => ({ groupId: ids.groupB, title: 'Feuerwehr', url: 'https://feuerwehr.example.org' }), expect: [401, 403, 403, 403, 403, 201, 403, 201, 403, 201] },
	{ key: 'links: form action updateLink', kind: 'form', path: '/koerbecke/links', target: 'B', body: () => ({ _action: 'updateLink', linkId: ids.linkB, groupId: ids.groupB, title: 'Kreis Soest', url: 'https://www.kreis-soest.de' }), expect: [L, 403, 403, 403, 403, 200, 403, 200, L, L] },
	{ key: 'links: PATCH api links/:id', kind: 'api', method: 'PATCH', path: '/api/v1/villages/koerbecke/links/links/:linkB', target: 'B', body: () => ({ groupId: ids.groupB, title: 'Kreis Soest', url: 'https://www.kreis-soest.de' }), expect: [401, 403, 403, 403, 403, 200, 403, 200, 403, 200] },
	{ key: 'links: form action deleteLink', kind: 'form', path: '/koerbecke/links', target: 'B', body: async () => ({ _action: 'deleteLink', linkId: await addLinkB() }), expect: [L, 403, 403, 403, 403, 303, 403, 303, L, L] },
	{ key: 'links: DELETE api links/:id', kind: 'api', method: 'DELETE', path: '/api/v1/villages/koerbecke/links/links/:fresh', target: 'B', body: async () => ({ fresh: await addLinkB() }), expect: [401, 403, 403, 403, 403, 204, 403, 204, 403, 204] },
	{ key: 'links: form action moveLink', kind: 'form', path: '/koerbecke/links', target: 'B', body: () => ({ _action: 'moveLink', id: ids.linkB, direction: 'up' }), expect: [L, 403, 403, 403, 403, 200, 403, 200, L, L] },
	{ key: 'links: POST api move-link/:id', kind: 'api', method: 'POST', path: '/api/v1/villages/koerbecke/links/move-link/:linkB', target: 'B', body: () => ({ direction: 'up' }), expect: [401, 403, 403, 403, 403, 200, 403, 200, 403, 200] },
	{ key: 'links: form action reorderLinks', kind: 'form', path: '/koerbecke/links', target: 'B', body: async () => ({ _action: 'reorderLinks', groupId: ids.groupB, order: (await linkIdsOfGroupB()).join(',') }), expect: [L, 403, 403, 403, 403, 200, 403, 200, L, L] },
	{ key: 'links: POST api reorder/:id', kind: 'api', method: 'POST', path: '/api/v1/villages/koerbecke/links/reorder/:groupB', target: 'B', body: async () => ({ order: await linkIdsOfGroupB() }), expect: [401, 403, 403, 403, 403, 200, 403, 200, 403, 200] },
	// ---- the calendar module (on in both villages): reads are public; B's editors and admins (and those above, and
	// B's token) write; a member of A is no member of B (no suggestions there); "Ich komme" takes anyone signed in
	{ key: 'calendar: page /', kind: 'page', path: '/koerbecke/calendar', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	{ key: 'calendar: page /month', kind: 'page', path: '/koerbecke/calendar/month?month=2027-02', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	{ key: 'calendar: page /event/:eventId', kind: 'page', path: '/koerbecke/calendar/event/:eventB', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	{ key: 'calendar: page /event/:eventId', kind: 'page', path: '/altengeseke/calendar/event/:eventB', expect: [404, 404, 404, 404, 404, 404, 404, 404, 404, 404] },
	{ key: 'calendar: page /new', kind: 'page', path: '/koerbecke/calendar/new', expect: [L, 403, 403, 403, 403, 200, 403, 200, L, L] },
	// a plain member of A may suggest an event in A
	{ key: 'calendar: page /new', kind: 'page', path: '/altengeseke/calendar/new', expect: [L, 200, 200, 200, 200, 403, 403, 200, L, L] },
	{ key: 'calendar: page /event/:eventId/edit', kind: 'page', path: '/koerbecke/calendar/event/:eventB/edit', expect: [L, 403, 403, 403, 403, 200, 403, 200, L, L] },
	{ key: 'calendar: page /suggestions', kind: 'page', path: '/koerbecke/calendar/suggestions', expect: [L, 403, 403, 403, 403, 200, 403, 200, L, L] },
	{ key: 'calendar: read events', kind: 'api', method: 'GET', path: '/api/v1/villages/koerbecke/calendar/events?from=2026-12-01&to=2027-03-01', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	{ key: 'calendar: read events', kind: 'api', method: 'GET', path: '/api/v1/villages/koerbecke/calendar/events?from=2026-12-01&to=2030-01-01', expect: [400, 400, 400, 400, 400, 400, 400, 400, 400, 400] },
	{ key: 'calendar: read events/:id', kind: 'api', method: 'GET', path: '/api/v1/villages/koerbecke/calendar/events/:eventB', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	{ key: 'calendar: read events/:id', kind: 'api', method: 'GET', path: '/api/v1/villages/altengeseke/calendar/events/:eventB', expect: [404, 404, 404, 404, 404, 404, 404, 404, 404, 404] },
	{ key: 'calendar: read suggestions', kind: 'api', method: 'GET', path: '/api/v1/villages/koerbecke/calendar/suggestions', expect: [401, 403, 403, 403, 403, 200, 403, 200, 403, 200] },
	{ key: 'calendar: feed calendar.ics', kind: 'page', path: '/koerbecke/calendar.ics', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	{ key: 'calendar: feed calendar.ics', kind: 'page', path: '/koerbecke/calendar.ics?event=:eventB', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	// a successful form goes on to the new event (303); anonymous visitors go to the login (303 too)
	{ key: 'calendar: form action createEvent', kind: 'form', path: '/koerbecke/calendar/new', target: 'B', body: () => ({ _action: 'createEvent', title: 'Kinderflohmarkt', startDate: '2027-05-01', startTime: '10:00' }), expect: [L, 403, 403, 403, 403, L, 403, L, L, L] },
	{ key: 'calendar: form action createEvent', kind: 'form', path: '/altengeseke/calendar/new', target: 'A', body: () => ({ _action: 'createEvent', title: 'Spieleabend', startDate: '2027-05-01', startTime: '19:00' }), expect: [L, L, L, L, L, 403, 403, L, L, L] },
	{ key: 'calendar: POST api events', kind: 'api', method: 'POST', path: '/api/v1/villages/koerbecke/calendar/events', target: 'B', body: () => ({ title: 'Kinderflohmarkt', start: '2027-05-01T10:00', rrule: 'FREQ=YEARLY' }), expect: [401, 403, 403, 403, 403, 201, 403, 201, 403, 201] },
	{ key: 'calendar: form action updateEvent', kind: 'form', path: '/koerbecke/calendar', target: 'B', body: async () => ({ _action: 'updateEvent', eventId: await eventInB(), title: 'Verlegt', startDate: '2027-05-02', startTime: '11:00' }), expect: [L, 403, 403, 403, 403, L, 403, L, L, L] },
	{ key: 'calendar: PATCH api events/:id', kind: 'api', method: 'PATCH', path: '/api/v1/villages/koerbecke/calendar/events/:fresh', target: 'B', body: async () => ({ fresh: await eventInB(), title: 'Verlegt', start: '2027-05-02T11:00' }), expect: [401, 403, 403, 403, 403, 200, 403, 200, 403, 200] },
	{ key: 'calendar: form action deleteEvent', kind: 'form', path: '/koerbecke/calendar', target: 'B', body: async () => ({ _action: 'deleteEvent', eventId: await eventInB() }), expect: [L, 403, 403, 403, 403, L, 403, L, L, L] },
	{ key: 'calendar: DELETE api events/:id', kind: 'api', method: 'DELETE', path: '/api/v1/villages/koerbecke/calendar/events/:fresh', target: 'B', body: async () => ({ fresh: await eventInB() }), expect: [401, 403, 403, 403, 403, 204, 403, 204, 403, 204] },
	{ key: 'calendar: form action cancelEvent', kind: 'form', path: '/koerbecke/calendar', target: 'B', body: async () => ({ _action: 'cancelEvent', eventId: await eventInB(), cancelled: 'true' }), expect: [L, 403, 403, 403, 403, L, 403, L, L, L] },
	{ key: 'calendar: POST api cancel/:id', kind: 'api', method: 'POST', path: '/api/v1/villages/koerbecke/calendar/cancel/:fresh', target: 'B', body: async () => ({ fresh: await eventInB(), cancelled: true }), expect: [401, 403, 403, 403, 403, 200, 403, 200, 403, 200] },
	{ key: 'calendar: form action changeOccurrence', kind: 'form', path: '/koerbecke/calendar', target: 'B', body: () => ({ _action: 'changeOccurrence', eventId: ids.eventB, occurrence: ids.occB, kind: 'cancel', note: 'Ferien' }), expect: [L, 403, 403, 403, 403, L, 403, L, L, L] },
	{ key: 'calendar: POST api occurrences/:id', kind: 'api', method: 'POST', path: '/api/v1/villages/koerbecke/calendar/occurrences/:eventB', target: 'B', body: () => ({ occurrence: ids.occB, kind: 'cancel' }), expect: [401, 403, 403, 403, 403, 200, 403, 200, 403, 200] },
	{ key: 'calendar: form action approveSuggestion', kind: 'form', path: '/koerbecke/calendar/suggestions', target: 'B', body: async () => ({ _action: 'approveSuggestion', eventId: await suggestionInB() }), expect: [L, 403, 403, 403, 403, L, 403, L, L, L] },
	{ key: 'calendar: POST api approve/:id', kind: 'api', method: 'POST', path: '/api/v1/villages/koerbecke/calendar/approve/:fresh', target: 'B', body: async () => ({ fresh: await suggestionInB() }), expect: [401, 403, 403, 403, 403, 200, 403, 200, 403, 200] },
	{ key: 'calendar: form action rejectSuggestion', kind: 'form', path: '/koerbecke/calendar/suggestions', target: 'B', body: async () => ({ _action: 'rejectSuggestion', eventId: await suggestionInB(), reason: 'Doppelt' }), expect: [L, 403, 403, 403, 403, L, 403, L, L, L] },
	{ key: 'calendar: POST api reject/:id', kind: 'api', method: 'POST', path: '/api/v1/villages/koerbecke/calendar/reject/:fresh', target: 'B', body: async () => ({ fresh: await suggestionInB() }), expect: [401, 403, 403, 403, 403, 200, 403, 200, 403, 200] },
	{ key: 'calendar: form action rsvp', kind: 'form', path: '/koerbecke/calendar', target: 'B', body: () => ({ _action: 'rsvp', eventId: ids.eventB, occurrence: ids.occB2, going: 'true' }), expect: [L, 200, 200, 200, 200, 200, 200, 200, L, L] },
	{ key: 'calendar: POST api rsvp/:id', kind: 'api', method: 'POST', path: '/api/v1/villages/koerbecke/calendar/rsvp/:eventB', target: 'B', body: () => ({ occurrence: ids.occB2, going: true }), expect: [401, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	// the calendar's imports: for the village's editors and admins (and those above); another village's import is not found.
	// The addresses are local ones that the fetch refuses before connecting, so no try sends anything anywhere.
	{ key: 'calendar: page /imports', kind: 'page', path: '/koerbecke/calendar/imports', expect: [L, 403, 403, 403, 403, 200, 403, 200, L, L] },
	{ key: 'calendar: page /imports', kind: 'page', path: '/altengeseke/calendar/imports', expect: [L, 403, 200, 403, 200, 403, 403, 200, L, L] },
	// .invalid never resolves (RFC 6761): the queued first run fails without reaching anyone
	{ key: 'calendar: form action addImport', kind: 'form', path: '/koerbecke/calendar/imports', target: 'B', body: () => ({ _action: 'addImport', name: 'Abfuhrkalender', category: 'Müllabfuhr', url: 'https://abfuhr.invalid/abfuhr.ics' }), after: settleCalendarJobs, expect: [L, 403, 403, 403, 403, L, 403, L, L, L] },
	// an internal address written out is refused at once, naming the field
	{ key: 'calendar: form action addImport', kind: 'form', path: '/koerbecke/calendar/imports', target: 'B', body: () => ({ _action: 'addImport', name: 'Abfuhrkalender', category: 'Müllabfuhr', url: 'http://127.0.0.1/abfuhr.ics' }), expect: [L, 403, 403, 403, 403, 400, 403, 400, L, L] },
	{ key: 'calendar: form action runImport', kind: 'form', path: '/koerbecke/calendar/imports', target: 'B', body: async () => ({ _action: 'runImport', importId: await importInB() }), after: settleCalendarJobs, expect: [L, 403, 403, 403, 403, L, 403, L, L, L] },
	{ key: 'calendar: form action runImport', kind: 'form', path: '/altengeseke/calendar/imports', target: 'A', body: async () => ({ _action: 'runImport', importId: await importInB() }), expect: [L, 403, 404, 403, 404, 403, 403, 404, L, L] },
	{ key: 'calendar: form action removeImport', kind: 'form', path: '/koerbecke/calendar/imports', target: 'B', body: async () => ({ _action: 'removeImport', importId: await importInB() }), expect: [L, 403, 403, 403, 403, L, 403, L, L, L] },
	{ key: 'calendar: form action removeImport', kind: 'form', path: '/altengeseke/calendar/imports', target: 'A', body: async () => ({ _action: 'removeImport', importId: await importInB() }), expect: [L, 403, 404, 403, 404, 403, 403, 404, L, L] },

	// ---- the news module, in village B: everyone reads published articles and the feeds; only B's editors and
	// admins (and the county's) write. A successful form answers 303 to the article (post/redirect/get).
	{ key: 'news: page /', kind: 'page', path: '/koerbecke/news', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	{ key: 'news: page /', kind: 'page', path: '/koerbecke/news?category=Vereine&club=constructor&before=1_x', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	{ key: 'news: page /article/:articleId', kind: 'page', path: '/koerbecke/news/article/:articleB', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	{ key: 'news: page /article/:articleId', kind: 'page', path: '/koerbecke/news/article/:draftB', expect: [404, 404, 404, 404, 404, 200, 404, 200, 404, 404] },
	{ key: 'news: page /new', kind: 'page', path: '/koerbecke/news/new', expect: [L, 403, 403, 403, 403, 200, 403, 200, L, L] },
	{ key: 'news: page /edit/:articleId', kind: 'page', path: '/koerbecke/news/edit/:articleB', expect: [L, 403, 403, 403, 403, 200, 403, 200, L, L] },
	{ key: 'news: read articles', kind: 'api', method: 'GET', path: '/api/v1/villages/koerbecke/news/articles', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	{ key: 'news: read articles/:id', kind: 'api', method: 'GET', path: '/api/v1/villages/koerbecke/news/articles/:articleB', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	{ key: 'news: read articles/:id', kind: 'api', method: 'GET', path: '/api/v1/villages/koerbecke/news/articles/:draftB', expect: [404, 404, 404, 404, 404, 404, 404, 404, 404, 404] },
	{ key: 'news: feed news.xml', kind: 'api', method: 'GET', path: '/koerbecke/news.xml', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	{ key: 'news: feed news.atom', kind: 'api', method: 'GET', path: '/koerbecke/news.atom', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	{ key: 'news: form action createArticle', kind: 'form', path: '/koerbecke/news/new', target: 'B', body: () => ({ _action: 'createArticle', title: 'Kirmes', category: 'Aus dem Dorf', publish: 'draft' }), expect: [L, 403, 403, 403, 403, 303, 403, 303, L, L] },
	{ key: 'news: POST api articles', kind: 'api', method: 'POST', path: '/api/v1/villages/koerbecke/news/articles', target: 'B', body: () => ({ title: 'Kirmes', category: 'Aus dem Dorf', publish: 'now' }), expect: [401, 403, 403, 403, 403, 201, 403, 201, 403, 201] },
	{ key: 'news: POST api articles', kind: 'api', method: 'POST', path: '/api/v1/villages/koerbecke/news/articles', target: 'B', body: () => ({ title: 'Kirmes', category: 'Gibt es nicht' }), expect: [401, 403, 403, 403, 403, 400, 403, 400, 403, 400] },
	{ key: 'news: form action updateArticle', kind: 'form', path: '/koerbecke/news/edit/:articleB', target: 'B', body: () => ({ _action: 'updateArticle', articleId: ids.articleB, title: 'Vollsperrung der Dorfstraße ab Montag', category: 'Gemeinde' }), expect: [L, 403, 403, 403, 403, 303, 403, 303, L, L] },
	{ key: 'news: PATCH api articles/:id', kind: 'api', method: 'PATCH', path: '/api/v1/villages/koerbecke/news/articles/:articleB', target: 'B', body: () => ({ title: 'Vollsperrung der Dorfstraße ab Montag', category: 'Gemeinde' }), expect: [401, 403, 403, 403, 403, 200, 403, 200, 403, 200] },
	{ key: 'news: form action publishArticle', kind: 'form', path: '/koerbecke/news', target: 'B', body: async () => ({ _action: 'publishArticle', articleId: await addArticleB() }), expect: [L, 403, 403, 403, 403, 303, 403, 303, L, L] },
	{ key: 'news: POST api publish/:id', kind: 'api', method: 'POST', path: '/api/v1/villages/koerbecke/news/publish/:fresh', target: 'B', body: async () => ({ fresh: await addArticleB() }), expect: [401, 403, 403, 403, 403, 200, 403, 200, 403, 200] },
	{ key: 'news: form action unpublishArticle', kind: 'form', path: '/koerbecke/news', target: 'B', body: async () => ({ _action: 'unpublishArticle', articleId: await addArticleB('now') }), expect: [L, 403, 403, 403, 403, 303, 403, 303, L, L] },
	{ key: 'news: POST api unpublish/:id', kind: 'api', method: 'POST', path: '/api/v1/villages/koerbecke/news/unpublish/:fresh', target: 'B', body: async () => ({ fresh: await addArticleB('now') }), expect: [401, 403, 403, 403, 403, 200, 403, 200, 403, 200] },
	{ key: 'news: form action deleteArticle', kind: 'form', path: '/koerbecke/news', target: 'B', body: async () => ({ _action: 'deleteArticle', articleId: await addArticleB() }), expect: [L, 403, 403, 403, 403, 303, 403, 303, L, L] },
	{ key: 'news: DELETE api articles/:id', kind: 'api', method: 'DELETE', path: '/api/v1/villages/koerbecke/news/articles/:fresh', target: 'B', body: async () => ({ fresh: await addArticleB() }), expect: [401, 403, 403, 403, 403, 204, 403, 204, 403, 204] },

	// ---- the chat (Dorf-Chat), on in B and — for these rows — in A. The village's members read and write (its own
	// members and those above it: B's are its admin and the county's, A's the member, editor, moderator, its admin and
	// the county's); its moderators, editors and admins moderate; a club's room is for the club's members and readable by
	// the moderators; in an announcements room only moderators post. Nobody of the table belongs to B's club, and of
	// A's clubs the member is in the Schützenverein only. A token acts with its role but without club roles, and a
	// socket knows only sessions. Another village's room or message is not found (404) through this village's address.
	{ key: 'chat: page /', kind: 'page', path: '/koerbecke/chat', expect: [L, 403, 403, 403, 403, 200, 403, 200, L, L] },
	{ key: 'chat: page /', kind: 'page', path: '/altengeseke/chat', expect: [L, 200, 200, 200, 200, 403, 403, 200, L, L] },
	{ key: 'chat: page /new', kind: 'page', path: '/koerbecke/chat/new', expect: [L, 403, 403, 403, 403, 200, 403, 200, L, L] },
	{ key: 'chat: page /new', kind: 'page', path: '/altengeseke/chat/new', expect: [L, 403, 200, 200, 200, 403, 403, 200, L, L] },
	{ key: 'chat: page /moderation', kind: 'page', path: '/koerbecke/chat/moderation', expect: [L, 403, 403, 403, 403, 200, 403, 200, L, L] },
	{ key: 'chat: page /moderation', kind: 'page', path: '/altengeseke/chat/moderation', expect: [L, 403, 200, 200, 200, 403, 403, 200, L, L] },
	{ key: 'chat: page /:room', kind: 'page', path: '/koerbecke/chat/allgemein?before=__proto__&q=constructor', expect: [L, 403, 403, 403, 403, 200, 403, 200, L, L] },
	{ key: 'chat: page /:room', kind: 'page', path: '/koerbecke/chat/heimatverein', expect: [L, 403, 403, 403, 403, 200, 403, 200, L, L] },
	{ key: 'chat: page /:room', kind: 'page', path: '/koerbecke/chat/constructor', expect: [L, 403, 403, 403, 403, 404, 403, 404, L, L] },
	{ key: 'chat: page /:room', kind: 'page', path: '/koerbecke/chat/__proto__', expect: [L, 403, 403, 403, 403, 404, 403, 404, L, L] },
	// B's room through A's address; a club room of A is the club's (nobody's here) and the moderators'
	{ key: 'chat: page /:room', kind: 'page', path: '/altengeseke/chat/allgemein', expect: [L, 404, 404, 404, 404, 403, 403, 404, L, L] },
	{ key: 'chat: page /:room', kind: 'page', path: '/altengeseke/chat/kegelclub', expect: [L, 403, 200, 200, 200, 403, 403, 200, L, L] },
	{ key: 'chat: page /:room', kind: 'page', path: '/altengeseke/chat/schuetzen', expect: [L, 200, 200, 200, 200, 403, 403, 200, L, L] },
	{ key: 'chat: page /:room/settings', kind: 'page', path: '/koerbecke/chat/allgemein/settings', expect: [L, 403, 403, 403, 403, 200, 403, 200, L, L] },
	{ key: 'chat: page /:room/settings', kind: 'page', path: '/altengeseke/chat/allgemein/settings', expect: [L, 403, 404, 404, 404, 403, 403, 404, L, L] },
	{ key: 'chat: page /:room/message/:messageId', kind: 'page', path: '/koerbecke/chat/allgemein/message/:msgB', expect: [L, 403, 403, 403, 403, 200, 403, 200, L, L] },
	// a message waiting for approval has no page (the moderation page lists it), nor one in another room or village
	{ key: 'chat: page /:room/message/:messageId', kind: 'page', path: '/koerbecke/chat/allgemein/message/:heldB', expect: [L, 403, 403, 403, 403, 404, 403, 404, L, L] },
	{ key: 'chat: page /:room/message/:messageId', kind: 'page', path: '/koerbecke/chat/heimatverein/message/:msgB', expect: [L, 403, 403, 403, 403, 404, 403, 404, L, L] },
	{ key: 'chat: page /:room/message/:messageId', kind: 'page', path: '/altengeseke/chat/dorfplatz/message/:msgB', expect: [L, 404, 404, 404, 404, 403, 403, 404, L, L] },
	{ key: 'chat: read rooms', kind: 'api', method: 'GET', path: `${CHAT_B}/rooms`, expect: [401, 403, 403, 403, 403, 200, 403, 200, 403, 200] },
	{ key: 'chat: read rooms', kind: 'api', method: 'GET', path: `${CHAT_A}/rooms`, expect: [401, 200, 200, 200, 200, 403, 403, 200, 200, 403] },
	{ key: 'chat: read messages', kind: 'api', method: 'GET', path: `${CHAT_B}/messages?roomId=:roomB&before=2&limit=10`, expect: [401, 403, 403, 403, 403, 200, 403, 200, 403, 200] },
	{ key: 'chat: read messages', kind: 'api', method: 'GET', path: `${CHAT_B}/messages`, expect: [401, 403, 403, 403, 403, 400, 403, 400, 403, 400] },
	{ key: 'chat: read messages', kind: 'api', method: 'GET', path: `${CHAT_B}/messages?roomId=:roomB&limit=1000`, expect: [401, 403, 403, 403, 403, 400, 403, 400, 403, 400] },
	{ key: 'chat: read messages', kind: 'api', method: 'GET', path: `${CHAT_B}/messages?roomId=__proto__`, expect: [401, 403, 403, 403, 403, 404, 403, 404, 403, 404] },
	{ key: 'chat: read messages', kind: 'api', method: 'GET', path: `${CHAT_A}/messages?roomId=:roomB`, expect: [401, 404, 404, 404, 404, 403, 403, 404, 404, 403] },
	{ key: 'chat: read messages', kind: 'api', method: 'GET', path: `${CHAT_A}/messages?roomId=:kegelRoomA`, expect: [401, 403, 200, 200, 200, 403, 403, 200, 200, 403] },
	{ key: 'chat: read messages/:id', kind: 'api', method: 'GET', path: `${CHAT_B}/messages/:msgB`, expect: [401, 403, 403, 403, 403, 200, 403, 200, 403, 200] },
	{ key: 'chat: read messages/:id', kind: 'api', method: 'GET', path: `${CHAT_B}/messages/:heldB`, expect: [401, 403, 403, 403, 403, 404, 403, 404, 403, 404] },
	{ key: 'chat: read messages/:id', kind: 'api', method: 'GET', path: `${CHAT_B}/messages/constructor`, expect: [401, 403, 403, 403, 403, 404, 403, 404, 403, 404] },
	{ key: 'chat: read messages/:id', kind: 'api', method: 'GET', path: `${CHAT_A}/messages/:msgB`, expect: [401, 404, 404, 404, 404, 403, 403, 404, 404, 403] },
	{ key: 'chat: read search', kind: 'api', method: 'GET', path: `${CHAT_B}/search?roomId=:roomB&query=Moin`, expect: [401, 403, 403, 403, 403, 200, 403, 200, 403, 200] },
	{ key: 'chat: read search', kind: 'api', method: 'GET', path: `${CHAT_B}/search?roomId=:roomB&query=${TOO_LONG(100)}`, says: 'Suche', expect: [401, 403, 403, 403, 403, 400, 403, 400, 403, 400] },
	{ key: 'chat: read search', kind: 'api', method: 'GET', path: `${CHAT_A}/search?roomId=:roomB&query=Moin`, expect: [401, 404, 404, 404, 404, 403, 403, 404, 404, 403] },
	// the room's channel: a session's (a token is for /api/v1 only); a room one may not read, or of another
	// village, is refused alike (forbidden: the module's authorize says yes or no)
	{ key: 'chat: channel room', kind: 'channel', path: 'koerbecke chat:room roomId=:roomB', expect: [403, 403, 403, 403, 403, 200, 403, 200, 403, 403] },
	{ key: 'chat: channel room', kind: 'channel', path: 'koerbecke chat:room roomId=:clubRoomB', expect: [403, 403, 403, 403, 403, 200, 403, 200, 403, 403] },
	{ key: 'chat: channel room', kind: 'channel', path: 'koerbecke chat:room', expect: [403, 403, 403, 403, 403, 400, 403, 400, 403, 403] },
	{ key: 'chat: channel room', kind: 'channel', path: 'koerbecke chat:room roomId=__proto__', expect: [403, 403, 403, 403, 403, 403, 403, 403, 403, 403] },
	{ key: 'chat: channel room', kind: 'channel', path: 'altengeseke chat:room roomId=:roomB', expect: [403, 403, 403, 403, 403, 403, 403, 403, 403, 403] },
	{ key: 'chat: channel room', kind: 'channel', path: 'altengeseke chat:room roomId=:kegelRoomA', expect: [403, 403, 200, 200, 200, 403, 403, 200, 403, 403] },
	{ key: 'chat: channel room', kind: 'channel', path: 'altengeseke chat:room roomId=:clubRoomA', expect: [403, 200, 200, 200, 200, 403, 403, 200, 403, 403] },
	// writing: a form answers 303 to the room (post/redirect/get)
	{ key: 'chat: form action post', kind: 'form', path: '/koerbecke/chat', target: 'B', body: () => ({ _action: 'post', roomId: ids.roomB, body: 'Moin!' }), expect: [L, 403, 403, 403, 403, 303, 403, 303, L, L] },
	{ key: 'chat: form action post', kind: 'form', path: '/altengeseke/chat', target: 'A', body: () => ({ _action: 'post', roomId: ids.roomA, body: 'Moin!' }), expect: [L, 303, 303, 303, 303, 403, 403, 303, L, L] },
	// B's room through A's address
	{ key: 'chat: form action post', kind: 'form', path: '/altengeseke/chat', target: 'A', body: () => ({ _action: 'post', roomId: ids.roomB, body: 'Moin!' }), expect: [L, 404, 404, 404, 404, 403, 403, 404, L, L] },
	{ key: 'chat: POST api messages', kind: 'api', method: 'POST', path: `${CHAT_B}/messages`, target: 'B', body: () => ({ roomId: ids.roomB, body: 'Moin!' }), expect: [401, 403, 403, 403, 403, 201, 403, 201, 403, 201] },
	{ key: 'chat: POST api messages', kind: 'api', method: 'POST', path: `${CHAT_A}/messages`, target: 'A', body: () => ({ roomId: ids.roomB, body: 'Moin!' }), expect: [401, 404, 404, 404, 404, 403, 403, 404, 404, 403] },
	{ key: 'chat: POST api messages', kind: 'api', method: 'POST', path: `${CHAT_B}/messages`, target: 'B', body: () => ({ roomId: 'constructor', body: 'Moin!' }), expect: [401, 403, 403, 403, 403, 404, 403, 404, 403, 404] },
	{ key: 'chat: POST api messages', kind: 'api', method: 'POST', path: `${CHAT_B}/messages`, target: 'B', body: () => ({ roomId: ids.roomB, body: TOO_LONG(4000) }), says: 'Nachricht', expect: [401, 403, 403, 403, 403, 400, 403, 400, 403, 400] },
	// an answer to a message of another room
	{ key: 'chat: POST api messages', kind: 'api', method: 'POST', path: `${CHAT_B}/messages`, target: 'B', body: () => ({ roomId: ids.annB, body: 'Moin!', replyTo: ids.msgB }), says: 'Antwort auf', expect: [401, 403, 403, 403, 403, 400, 403, 400, 403, 400] },
	// a club's room: its members only (B's: nobody here; the moderators read but do not write there) …
	{ key: 'chat: form action post', kind: 'form', path: '/koerbecke/chat', target: 'B', body: () => ({ _action: 'post', roomId: ids.clubRoomB, body: 'Moin!' }), expect: [L, 403, 403, 403, 403, 403, 403, 403, L, L] },
	{ key: 'chat: form action post', kind: 'form', path: '/altengeseke/chat', target: 'A', body: () => ({ _action: 'post', roomId: ids.clubRoomA, body: 'Moin!' }), expect: [L, 303, 403, 403, 403, 403, 403, 403, L, L] },
	{ key: 'chat: POST api messages', kind: 'api', method: 'POST', path: `${CHAT_A}/messages`, target: 'A', body: () => ({ roomId: ids.clubRoomA, body: 'Moin!' }), expect: [401, 201, 403, 403, 403, 403, 403, 403, 403, 403] },
	{ key: 'chat: POST api messages', kind: 'api', method: 'POST', path: `${CHAT_A}/messages`, target: 'A', body: () => ({ roomId: ids.kegelRoomA, body: 'Moin!' }), expect: [401, 403, 403, 403, 403, 403, 403, 403, 403, 403] },
	// … and in an announcements room only the moderators (editors, admins) post
	{ key: 'chat: form action post', kind: 'form', path: '/altengeseke/chat', target: 'A', body: () => ({ _action: 'post', roomId: ids.annA, body: 'Sperrmüll am Montag' }), expect: [L, 403, 303, 303, 303, 403, 403, 303, L, L] },
	{ key: 'chat: form action edit', kind: 'form', path: '/koerbecke/chat', target: 'B', body: () => ({ _action: 'edit', messageId: ids.msgB, body: 'Moin, geändert' }), expect: [L, 403, 403, 403, 403, 303, 403, 403, L, L] },
	{ key: 'chat: form action edit', kind: 'form', path: '/altengeseke/chat', target: 'A', body: () => ({ _action: 'edit', messageId: ids.msgB, body: 'Moin, geändert' }), expect: [L, 404, 404, 404, 404, 403, 403, 404, L, L] },
	{ key: 'chat: PATCH api messages/:id', kind: 'api', method: 'PATCH', path: `${CHAT_B}/messages/:msgB`, target: 'B', body: () => ({ body: 'Moin, noch einmal geändert' }), expect: [401, 403, 403, 403, 403, 200, 403, 403, 403, 200] },
	{ key: 'chat: PATCH api messages/:id', kind: 'api', method: 'PATCH', path: `${CHAT_B}/messages/:msgB`, target: 'B', body: () => ({ body: TOO_LONG(4000) }), says: 'Nachricht', expect: [401, 403, 403, 403, 403, 400, 403, 400, 403, 400] },
	{ key: 'chat: form action delete', kind: 'form', path: '/koerbecke/chat', target: 'B', body: async () => ({ _action: 'delete', messageId: await messageInB() }), expect: [L, 403, 403, 403, 403, 303, 403, 403, L, L] },
	{ key: 'chat: DELETE api messages/:id', kind: 'api', method: 'DELETE', path: `${CHAT_B}/messages/:fresh`, target: 'B', body: async () => ({ fresh: await messageInB() }), expect: [401, 403, 403, 403, 403, 200, 403, 403, 403, 200] },
	{ key: 'chat: DELETE api messages/:id', kind: 'api', method: 'DELETE', path: `${CHAT_A}/messages/:msgB`, target: 'A', expect: [401, 404, 404, 404, 404, 403, 403, 404, 404, 403] },
	{ key: 'chat: form action react', kind: 'form', path: '/koerbecke/chat', target: 'B', body: () => ({ _action: 'react', messageId: ids.msgB, emoji: '👍' }), expect: [L, 403, 403, 403, 403, 303, 403, 303, L, L] },
	{ key: 'chat: form action react', kind: 'form', path: '/altengeseke/chat', target: 'A', body: () => ({ _action: 'react', messageId: ids.msgB, emoji: '👍' }), expect: [L, 404, 404, 404, 404, 403, 403, 404, L, L] },
	{ key: 'chat: POST api reactions', kind: 'api', method: 'POST', path: `${CHAT_B}/reactions`, target: 'B', body: () => ({ messageId: ids.msgB, emoji: '❤️' }), expect: [401, 403, 403, 403, 403, 201, 403, 201, 403, 201] },
	{ key: 'chat: POST api reactions', kind: 'api', method: 'POST', path: `${CHAT_B}/reactions`, target: 'B', body: () => ({ messageId: ids.msgB, emoji: 'constructor' }), says: 'Reaktion', expect: [401, 403, 403, 403, 403, 400, 403, 400, 403, 400] },
	{ key: 'chat: POST api reactions', kind: 'api', method: 'POST', path: `${CHAT_B}/reactions`, target: 'B', body: () => ({ messageId: ids.heldB, emoji: '👍' }), expect: [401, 403, 403, 403, 403, 404, 403, 404, 403, 404] },
	// B's admin wrote msgB (through its token): nobody reports their own message (400); the county's admin does
	{ key: 'chat: form action report', kind: 'form', path: '/koerbecke/chat', target: 'B', body: () => ({ _action: 'report', messageId: ids.msgB, reason: 'Werbung' }), expect: [L, 403, 403, 403, 403, 400, 403, 303, L, L] },
	{ key: 'chat: POST api reports', kind: 'api', method: 'POST', path: `${CHAT_B}/reports`, target: 'B', body: () => ({ messageId: ids.msgB, reason: 'Werbung' }), expect: [401, 403, 403, 403, 403, 400, 403, 201, 403, 400] },
	{ key: 'chat: POST api reports', kind: 'api', method: 'POST', path: `${CHAT_B}/reports`, target: 'B', body: () => ({ messageId: ids.msgB, reason: TOO_LONG(500) }), says: 'Grund', expect: [401, 403, 403, 403, 403, 400, 403, 400, 403, 400] },
	{ key: 'chat: POST api reports', kind: 'api', method: 'POST', path: `${CHAT_A}/reports`, target: 'A', body: () => ({ messageId: ids.msgB, reason: 'Werbung' }), expect: [401, 404, 404, 404, 404, 403, 403, 404, 404, 403] },
	{ key: 'chat: form action read', kind: 'form', path: '/koerbecke/chat', target: 'B', body: () => ({ _action: 'read', roomId: ids.roomB, seq: '1' }), expect: [L, 403, 403, 403, 403, 303, 403, 303, L, L] },
	{ key: 'chat: POST api read', kind: 'api', method: 'POST', path: `${CHAT_B}/read`, target: 'B', body: () => ({ roomId: ids.roomB, seq: 1 }), expect: [401, 403, 403, 403, 403, 201, 403, 201, 403, 201] },
	{ key: 'chat: POST api read', kind: 'api', method: 'POST', path: `${CHAT_A}/read`, target: 'A', body: () => ({ roomId: ids.kegelRoomA, seq: 1 }), expect: [401, 403, 201, 201, 201, 403, 403, 201, 201, 403] },
	{ key: 'chat: form action join', kind: 'form', path: '/koerbecke/chat', target: 'B', body: () => ({ _action: 'join', roomId: ids.roomB }), expect: [L, 403, 403, 403, 403, 303, 403, 303, L, L] },
	{ key: 'chat: POST api joined', kind: 'api', method: 'POST', path: `${CHAT_B}/joined`, target: 'B', body: () => ({ roomId: ids.roomB }), expect: [401, 403, 403, 403, 403, 201, 403, 201, 403, 201] },
	// a club's room is joined by the club's members only, not by the moderators who may read it
	{ key: 'chat: POST api joined', kind: 'api', method: 'POST', path: `${CHAT_B}/joined`, target: 'B', body: () => ({ roomId: ids.clubRoomB }), expect: [401, 403, 403, 403, 403, 403, 403, 403, 403, 403] },
	{ key: 'chat: form action join', kind: 'form', path: '/altengeseke/chat', target: 'A', body: () => ({ _action: 'join', roomId: ids.kegelRoomA }), expect: [L, 403, 403, 403, 403, 403, 403, 403, L, L] },
	{ key: 'chat: form action join', kind: 'form', path: '/altengeseke/chat', target: 'A', body: () => ({ _action: 'join', roomId: ids.roomB }), expect: [L, 404, 404, 404, 404, 403, 403, 404, L, L] },
	{ key: 'chat: form action leave', kind: 'form', path: '/koerbecke/chat', target: 'B', body: () => ({ _action: 'leave', roomId: ids.roomB }), expect: [L, 403, 403, 403, 403, 303, 403, 303, L, L] },
	{ key: 'chat: DELETE api joined/:id', kind: 'api', method: 'DELETE', path: `${CHAT_B}/joined/:roomB`, target: 'B', expect: [401, 403, 403, 403, 403, 200, 403, 200, 403, 200] },
	{ key: 'chat: DELETE api joined/:id', kind: 'api', method: 'DELETE', path: `${CHAT_A}/joined/:roomB`, target: 'A', expect: [401, 404, 404, 404, 404, 403, 403, 404, 404, 403] },
	// blocking a person is one's own list (no redirect: the page again)
	{ key: 'chat: form action block', kind: 'form', path: '/koerbecke/chat', target: 'B', body: () => ({ _action: 'block', userId: ids.member, roomId: ids.roomB }), expect: [L, 403, 403, 403, 403, 303, 403, 303, L, L] },
	// only people can be blocked: an id of no account is 404
	{ key: 'chat: POST api blocks', kind: 'api', method: 'POST', path: `${CHAT_B}/blocks`, target: 'B', body: () => ({ userId: 'constructor' }), expect: [401, 403, 403, 403, 403, 404, 403, 404, 403, 404] },
	{ key: 'chat: POST api blocks', kind: 'api', method: 'POST', path: `${CHAT_B}/blocks`, target: 'B', body: () => ({ userId: ids.member }), expect: [401, 403, 403, 403, 403, 201, 403, 201, 403, 201] },
	{ key: 'chat: form action unblock', kind: 'form', path: '/koerbecke/chat', target: 'B', body: () => ({ _action: 'unblock', userId: ids.member }), expect: [L, 403, 403, 403, 403, 303, 403, 303, L, L] },
	{ key: 'chat: DELETE api blocks/:id', kind: 'api', method: 'DELETE', path: `${CHAT_B}/blocks/:member`, target: 'B', expect: [401, 403, 403, 403, 403, 200, 403, 200, 403, 200] },
	// the moderators: rooms …
	{ key: 'chat: form action createRoom', kind: 'form', path: '/koerbecke/chat/new', target: 'B', body: () => ({ _action: 'createRoom', name: 'Fundsachen', slug: roomSlug() }), expect: [L, 403, 403, 403, 403, 303, 403, 303, L, L] },
	{ key: 'chat: form action createRoom', kind: 'form', path: '/altengeseke/chat/new', target: 'A', body: () => ({ _action: 'createRoom', name: 'Fundsachen', slug: roomSlug() }), expect: [L, 403, 303, 303, 303, 403, 403, 303, L, L] },
	{ key: 'chat: POST api rooms', kind: 'api', method: 'POST', path: `${CHAT_B}/rooms`, target: 'B', body: () => ({ name: 'Fundsachen', slug: roomSlug(), kind: 'announcements' }), expect: [401, 403, 403, 403, 403, 201, 403, 201, 403, 201] },
	{ key: 'chat: POST api rooms', kind: 'api', method: 'POST', path: `${CHAT_B}/rooms`, target: 'B', body: () => ({ name: TOO_LONG(60), slug: roomSlug() }), says: 'Name des Raums', expect: [401, 403, 403, 403, 403, 400, 403, 400, 403, 400] },
	{ key: 'chat: POST api rooms', kind: 'api', method: 'POST', path: `${CHAT_B}/rooms`, target: 'B', body: () => ({ name: 'Prototyp', slug: '__proto__' }), says: 'Adresse des Raums', expect: [401, 403, 403, 403, 403, 400, 403, 400, 403, 400] },
	// names of the prototype are no addresses of rooms (schemas.ts)
	{ key: 'chat: POST api rooms', kind: 'api', method: 'POST', path: `${CHAT_B}/rooms`, target: 'B', body: () => ({ name: 'Prototyp', slug: 'constructor' }), says: 'Adresse des Raums', expect: [401, 403, 403, 403, 403, 400, 403, 400, 403, 400] },
	// a club of another village
	{ key: 'chat: POST api rooms', kind: 'api', method: 'POST', path: `${CHAT_B}/rooms`, target: 'B', body: () => ({ name: 'Schützen', slug: roomSlug(), kind: 'club', clubId: ids.clubA }), says: 'Verein', expect: [401, 403, 403, 403, 403, 400, 403, 400, 403, 400] },
	{ key: 'chat: form action updateRoom', kind: 'form', path: '/koerbecke/chat/allgemein/settings', target: 'B', body: () => ({ _action: 'updateRoom', roomId: ids.roomB, description: 'Alles, was das Dorf bewegt.' }), expect: [L, 403, 403, 403, 403, 303, 403, 303, L, L] },
	{ key: 'chat: form action updateRoom', kind: 'form', path: '/altengeseke/chat', target: 'A', body: () => ({ _action: 'updateRoom', roomId: ids.roomB, description: 'Übernommen' }), expect: [L, 403, 404, 404, 404, 403, 403, 404, L, L] },
	{ key: 'chat: PATCH api rooms/:id', kind: 'api', method: 'PATCH', path: `${CHAT_B}/rooms/:roomB`, target: 'B', body: () => ({ rules: 'Freundlich bleiben.' }), expect: [401, 403, 403, 403, 403, 200, 403, 200, 403, 200] },
	{ key: 'chat: PATCH api rooms/:id', kind: 'api', method: 'PATCH', path: `${CHAT_B}/rooms/:roomB`, target: 'B', body: () => ({ rules: TOO_LONG(2000) }), says: 'Regeln', expect: [401, 403, 403, 403, 403, 400, 403, 400, 403, 400] },
	{ key: 'chat: PATCH api rooms/:id', kind: 'api', method: 'PATCH', path: `${CHAT_B}/rooms/__proto__`, target: 'B', body: () => ({ rules: 'Keine' }), expect: [401, 403, 403, 403, 403, 404, 403, 404, 403, 404] },
	{ key: 'chat: PATCH api rooms/:id', kind: 'api', method: 'PATCH', path: `${CHAT_A}/rooms/:roomB`, target: 'A', body: () => ({ rules: 'Keine' }), expect: [401, 403, 404, 404, 404, 403, 403, 404, 404, 403] },
	{ key: 'chat: form action archive', kind: 'form', path: '/koerbecke/chat', target: 'B', body: async () => ({ _action: 'archive', roomId: await roomIn('B'), on: 'true' }), expect: [L, 403, 403, 403, 403, 303, 403, 303, L, L] },
	{ key: 'chat: POST api archived', kind: 'api', method: 'POST', path: `${CHAT_B}/archived`, target: 'B', body: async () => ({ roomId: await roomIn('B'), on: true }), expect: [401, 403, 403, 403, 403, 201, 403, 201, 403, 201] },
	{ key: 'chat: POST api archived', kind: 'api', method: 'POST', path: `${CHAT_A}/archived`, target: 'A', body: () => ({ roomId: ids.roomB, on: true }), expect: [401, 403, 404, 404, 404, 403, 403, 404, 404, 403] },
	{ key: 'chat: form action lock', kind: 'form', path: '/koerbecke/chat', target: 'B', body: async () => ({ _action: 'lock', roomId: await roomIn('B'), on: 'true' }), expect: [L, 403, 403, 403, 403, 303, 403, 303, L, L] },
	{ key: 'chat: POST api locked', kind: 'api', method: 'POST', path: `${CHAT_B}/locked`, target: 'B', body: async () => ({ roomId: await roomIn('B'), on: true }), expect: [401, 403, 403, 403, 403, 201, 403, 201, 403, 201] },
	{ key: 'chat: POST api locked', kind: 'api', method: 'POST', path: `${CHAT_A}/locked`, target: 'A', body: () => ({ roomId: ids.roomB, on: true }), expect: [401, 403, 404, 404, 404, 403, 403, 404, 404, 403] },
	// … messages and reports …
	{ key: 'chat: form action remove', kind: 'form', path: '/koerbecke/chat', target: 'B', body: async () => ({ _action: 'remove', messageId: await messageInB(), reason: 'Werbung' }), expect: [L, 403, 403, 403, 403, 303, 403, 303, L, L] },
	{ key: 'chat: POST api removals', kind: 'api', method: 'POST', path: `${CHAT_B}/removals`, target: 'B', body: async () => ({ messageId: await messageInB(), reason: 'Werbung' }), expect: [401, 403, 403, 403, 403, 201, 403, 201, 403, 201] },
	{ key: 'chat: POST api removals', kind: 'api', method: 'POST', path: `${CHAT_A}/removals`, target: 'A', body: () => ({ messageId: ids.msgB, reason: 'Werbung' }), expect: [401, 403, 404, 404, 404, 403, 403, 404, 404, 403] },
	{ key: 'chat: form action approve', kind: 'form', path: '/koerbecke/chat/moderation', target: 'B', body: async () => ({ _action: 'approve', messageId: await heldMessageInB() }), expect: [L, 403, 403, 403, 403, 303, 403, 303, L, L] },
	{ key: 'chat: POST api approvals', kind: 'api', method: 'POST', path: `${CHAT_B}/approvals`, target: 'B', body: async () => ({ messageId: await heldMessageInB() }), expect: [401, 403, 403, 403, 403, 201, 403, 201, 403, 201] },
	{ key: 'chat: POST api approvals', kind: 'api', method: 'POST', path: `${CHAT_A}/approvals`, target: 'A', body: () => ({ messageId: ids.heldB }), expect: [401, 403, 404, 404, 404, 403, 403, 404, 404, 403] },
	{ key: 'chat: form action resolve', kind: 'form', path: '/koerbecke/chat/moderation', target: 'B', body: async () => ({ _action: 'resolve', reportId: await reportInB() }), expect: [L, 403, 403, 403, 403, 303, 403, 303, L, L] },
	{ key: 'chat: form action resolve', kind: 'form', path: '/altengeseke/chat/moderation', target: 'A', body: async () => ({ _action: 'resolve', reportId: await reportInB() }), expect: [L, 403, 404, 404, 404, 403, 403, 404, L, L] },
	{ key: 'chat: POST api resolved', kind: 'api', method: 'POST', path: `${CHAT_B}/resolved`, target: 'B', body: async () => ({ reportId: await reportInB() }), expect: [401, 403, 403, 403, 403, 201, 403, 201, 403, 201] },
	// … and people: muted in a room, banned from the village's chat (the member of A, who is nobody in B)
	{ key: 'chat: form action mute', kind: 'form', path: '/koerbecke/chat', target: 'B', body: () => ({ _action: 'mute', roomId: ids.roomB, userId: ids.member, duration: '1h', reason: 'Ton' }), expect: [L, 403, 403, 403, 403, 303, 403, 303, L, L] },
	{ key: 'chat: POST api mutes', kind: 'api', method: 'POST', path: `${CHAT_B}/mutes`, target: 'B', body: () => ({ roomId: ids.roomB, userId: ids.member, duration: '15m', reason: 'Ton' }), expect: [401, 403, 403, 403, 403, 201, 403, 201, 403, 201] },
	// a room of another village
	{ key: 'chat: POST api mutes', kind: 'api', method: 'POST', path: `${CHAT_B}/mutes`, target: 'B', body: () => ({ roomId: ids.roomA, userId: ids.member, duration: '15m', reason: 'Ton' }), expect: [401, 403, 403, 403, 403, 404, 403, 404, 403, 404] },
	{ key: 'chat: POST api mutes', kind: 'api', method: 'POST', path: `${CHAT_B}/mutes`, target: 'B', body: () => ({ roomId: ids.roomB, userId: ids.member, duration: 'constructor', reason: 'Ton' }), expect: [401, 403, 403, 403, 403, 400, 403, 400, 403, 400] },
	{ key: 'chat: form action ban', kind: 'form', path: '/koerbecke/chat/moderation', target: 'B', body: () => ({ _action: 'ban', userId: ids.member, duration: '1d', reason: 'Spam' }), expect: [L, 403, 403, 403, 403, 303, 403, 303, L, L] },
	{ key: 'chat: POST api bans', kind: 'api', method: 'POST', path: `${CHAT_B}/bans`, target: 'B', body: () => ({ userId: ids.member, duration: 'forever', reason: 'Spam' }), expect: [401, 403, 403, 403, 403, 201, 403, 201, 403, 201] },
	{ key: 'chat: POST api bans', kind: 'api', method: 'POST', path: `${CHAT_B}/bans`, target: 'B', body: () => ({ userId: ids.member, duration: '1d', reason: TOO_LONG(500) }), says: 'Grund', expect: [401, 403, 403, 403, 403, 400, 403, 400, 403, 400] },
	{ key: 'chat: form action unmute', kind: 'form', path: '/koerbecke/chat/moderation', target: 'B', body: async () => ({ _action: 'unmute', roomId: ids.roomB, userId: await muteInB() }), expect: [L, 403, 403, 403, 403, 303, 403, 303, L, L] },
	{ key: 'chat: POST api unmuted', kind: 'api', method: 'POST', path: `${CHAT_B}/unmuted`, target: 'B', body: async () => ({ roomId: ids.roomB, userId: await muteInB() }), expect: [401, 403, 403, 403, 403, 201, 403, 201, 403, 201] },
	{ key: 'chat: POST api unmuted', kind: 'api', method: 'POST', path: `${CHAT_B}/unmuted`, target: 'B', body: () => ({ roomId: ids.roomB, userId: '__proto__' }), expect: [401, 403, 403, 403, 403, 404, 403, 404, 403, 404] },
	{ key: 'chat: form action unban', kind: 'form', path: '/koerbecke/chat/moderation', target: 'B', body: async () => ({ _action: 'unban', userId: await banInB() }), expect: [L, 403, 403, 403, 403, 303, 403, 303, L, L] },
	{ key: 'chat: DELETE api bans/:id', kind: 'api', method: 'DELETE', path: `${CHAT_B}/bans/:fresh`, target: 'B', body: async () => ({ fresh: await banInB() }), expect: [401, 403, 403, 403, 403, 200, 403, 200, 403, 200] },
	{ key: 'chat: DELETE api bans/:id', kind: 'api', method: 'DELETE', path: `${CHAT_B}/bans/__proto__`, target: 'B', expect: [401, 403, 403, 403, 403, 404, 403, 404, 403, 404] },
	// ---- the village's projects in its app (on in both demo villages): everyone reads; a project of another village
	// through this village's app is not found; signed-in people submit ideas (for this village, whatever the form says)
	{ key: 'projects: page /', kind: 'page', path: '/koerbecke/projects', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	{ key: 'projects: page /', kind: 'page', path: '/altengeseke/projects?idea=constructor', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	{ key: 'projects: page /idea', kind: 'page', path: '/koerbecke/projects/idea', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	{ key: 'projects: page /:project', kind: 'page', path: '/koerbecke/projects/:projectB', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	{ key: 'projects: page /:project', kind: 'page', path: '/altengeseke/projects/:projectB', expect: [404, 404, 404, 404, 404, 404, 404, 404, 404, 404] },
	{ key: 'projects: page /:project', kind: 'page', path: '/koerbecke/projects/:projectRefA', expect: [404, 404, 404, 404, 404, 404, 404, 404, 404, 404] },
	{ key: 'projects: page /:project', kind: 'page', path: '/koerbecke/projects/__proto__', expect: [404, 404, 404, 404, 404, 404, 404, 404, 404, 404] },
	{ key: 'projects: form action submitIdea', kind: 'form', path: '/altengeseke/projects/idea', target: 'A', body: () => ({ _action: 'submitIdea', title: 'Bücherschrank am Dorfplatz', category: 'kultur', village: 'koerbecke' }), expect: [L, 303, 303, 303, 303, 303, 303, 303, L, L] },
	{ key: 'projects: form action submitIdea', kind: 'form', path: '/altengeseke/projects/idea', target: 'A', body: () => ({ _action: 'submitIdea', title: 'x', category: 'kultur' }), says: 'Titel', expect: [L, 400, 400, 400, 400, 400, 400, 400, L, L] },
	{ key: 'projects: form action submitIdea', kind: 'form', path: '/altengeseke/projects/idea', target: 'A', body: () => ({ _action: 'submitIdea', title: 'Gute Idee', category: '__proto__' }), says: 'Kategorie', expect: [L, 400, 400, 400, 400, 400, 400, 400, L, L] },

	// ---- the Projektpool's ideas: everyone reads; signed-in people submit, support and comment; the village's
	// editors (and those above) move an idea along; only admins of the municipality or county above hide
	{ key: 'GET /(platform)/ideas', kind: 'page', path: '/ideas', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	{ key: 'GET /(platform)/ideas', kind: 'page', path: '/ideas?village=koerbecke&category=soziales&status=new&page=1', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	{ key: 'GET /(platform)/ideas', kind: 'page', path: '/ideas?village=__proto__', expect: [400, 400, 400, 400, 400, 400, 400, 400, 400, 400] },
	{ key: 'GET /(platform)/ideas', kind: 'page', path: '/ideas?status=constructor', expect: [400, 400, 400, 400, 400, 400, 400, 400, 400, 400] },
	{ key: 'GET /(platform)/ideas/[id]', kind: 'page', path: '/ideas/:ideaB', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	{ key: 'GET /(platform)/ideas/[id]', kind: 'page', path: '/ideas/constructor', expect: [404, 404, 404, 404, 404, 404, 404, 404, 404, 404] },
	{ key: 'GET /(platform)/ideas/[id]', kind: 'page', path: '/ideas/:hiddenB', expect: [404, 404, 404, 404, 404, 404, 404, 200, 404, 404] },
	{ key: 'GET /api/v1/ideas', kind: 'api', method: 'GET', path: '/api/v1/ideas', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	{ key: 'GET /api/v1/ideas', kind: 'api', method: 'GET', path: '/api/v1/ideas?village=__proto__', expect: [400, 400, 400, 400, 400, 400, 400, 400, 400, 400] },
	{ key: 'GET /api/v1/ideas/[id]', kind: 'api', method: 'GET', path: '/api/v1/ideas/:ideaB', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
	{ key: 'GET /api/v1/ideas/[id]', kind: 'api', method: 'GET', path: '/api/v1/ideas/__proto__', expect: [404, 404, 404, 404, 404, 404, 404, 404, 404, 404] },
	{ key: 'GET /api/v1/ideas/[id]', kind: 'api', method: 'GET', path: '/api/v1/ideas/:hiddenB', expect: [404, 404, 404, 404, 404, 404, 404, 200, 404, 404] },
	// submitting answers with a redirect to the new idea (a token signs nobody in on pages: to the login)
	{ key: 'POST /(platform)/ideas?/submit', kind: 'form', path: '/ideas?/submit', target: 'B', body: () => ({ title: 'Mitfahrbank am See', category: 'mobilitaet', village: 'koerbecke' }), expect: [L, L, L, L, L, L, L, L, L, L] },
	{ key: 'POST /(platform)/ideas?/submit', kind: 'multipart', path: '/ideas?/submit', target: 'B', body: () => imageForm({ title: 'Bank am See', category: 'soziales', village: 'koerbecke', alt: 'Der See mit Steg' }), expect: [L, L, L, L, L, L, L, L, L, L] },
	// as JSON: anyone signed in, also with a token (a token of A for an idea in B too: the form lets every signed-in person)
	{ key: 'POST /api/v1/ideas', kind: 'api', method: 'POST', path: '/api/v1/ideas', target: 'B', body: () => ({ title: 'Mitfahrbank am See', category: 'mobilitaet', village: 'koerbecke' }), expect: [401, 201, 201, 201, 201, 201, 201, 201, 403, 201] },
	{ key: 'POST /(platform)/ideas/[id]?/support', kind: 'form', path: '/ideas/:ideaB?/support', target: 'B', body: () => ({}), expect: [L, 200, 200, 200, 200, 200, 200, 200, L, L] },
	{ key: 'POST /(platform)/ideas/[id]?/support', kind: 'form', path: '/ideas/:hiddenB?/support', target: 'B', body: () => ({}), expect: [L, 404, 404, 404, 404, 404, 404, 200, L, L] },
	// only the author (the member) may take an idea's image away; an idea without one is not found
	{ key: 'POST /(platform)/ideas/[id]?/removeImage', kind: 'form', path: '/ideas/:fresh?/removeImage', target: 'A', body: async () => ({ fresh: await ideaWithImageIn(ids.A) }), expect: [L, 200, 403, 403, 403, 403, 403, 403, L, L] },
	{ key: 'POST /(platform)/ideas/[id]?/removeImage', kind: 'form', path: '/ideas/:ideaB?/removeImage', target: 'B', body: () => ({}), expect: [L, 404, 403, 403, 403, 403, 403, 403, L, L] },
	{ key: 'POST /(platform)/ideas/[id]?/withdraw', kind: 'form', path: '/ideas/:ideaB?/withdraw', target: 'B', body: () => ({}), expect: [L, 200, 200, 200, 200, 200, 200, 200, L, L] },
	{ key: 'POST /(platform)/ideas/[id]?/comment', kind: 'form', path: '/ideas/:ideaB?/comment', target: 'B', body: () => ({ comment: 'Da helfe ich mit.' }), expect: [L, 200, 200, 200, 200, 200, 200, 200, L, L] },
	{ key: 'POST /(platform)/ideas/[id]?/comment', kind: 'form', path: '/ideas/constructor?/comment', target: 'B', body: () => ({ comment: 'Hallo' }), expect: [L, 404, 404, 404, 404, 404, 404, 404, L, L] },
	{ key: 'POST /(platform)/ideas/[id]?/move', kind: 'form', path: '/ideas/:fresh?/move', target: 'B', body: async () => ({ fresh: await ideaIn(ids.B), status: 'discussion' }), expect: [L, 403, 403, 403, 403, 200, 403, 200, L, L] },
	{ key: 'POST /(platform)/ideas/[id]?/move', kind: 'form', path: '/ideas/:fresh?/move', target: 'A', body: async () => ({ fresh: await ideaIn(ids.A), status: 'archived', reason: 'Gibt es schon' }), expect: [L, 403, 200, 403, 200, 403, 403, 200, L, L] },
	{ key: 'POST /(platform)/ideas/[id]?/hide', kind: 'form', path: '/ideas/:fresh?/hide', target: 'B', body: async () => ({ fresh: await ideaIn(ids.B), reason: 'Beleidigend' }), expect: [L, 403, 403, 403, 403, 403, 403, 200, L, L] },
	{ key: 'POST /(platform)/ideas/[id]?/hide', kind: 'form', path: '/ideas/:fresh?/hide', target: 'A', body: async () => ({ fresh: await ideaIn(ids.A), reason: 'Beleidigend' }), expect: [L, 403, 403, 403, 403, 403, 403, 200, L, L] },
	{ key: 'POST /(platform)/ideas/[id]?/follow', kind: 'form', path: '/ideas/:ideaB?/follow', target: 'B', body: () => ({}), expect: [L, 200, 200, 200, 200, 200, 200, 200, L, L] },
	{ key: 'POST /(platform)/ideas/[id]?/follow', kind: 'form', path: '/ideas/:hiddenB?/follow', target: 'B', body: () => ({}), expect: [L, 404, 404, 404, 404, 404, 404, 200, L, L] },
	{ key: 'POST /(platform)/ideas/[id]?/unfollow', kind: 'form', path: '/ideas/:ideaB?/unfollow', target: 'B', body: () => ({}), expect: [L, 200, 200, 200, 200, 200, 200, 200, L, L] },
	// an idea becomes a project of its village: the village's editors and admins (and those above)
	{ key: 'POST /(platform)/ideas/[id]?/makeProject', kind: 'form', path: '/ideas/:fresh?/makeProject', target: 'A', body: async () => ({ fresh: await ideaIn(ids.A) }), expect: [L, 403, 303, 403, 303, 403, 403, 303, L, L] },
	{ key: 'POST /(platform)/ideas/[id]?/hideComment', kind: 'form', path: '/ideas/:ideaB?/hideComment', target: 'B', body: async () => ({ commentId: await commentIn(ids.ideaB, ids.B), reason: 'Beleidigend' }), expect: [L, 403, 403, 403, 403, 403, 403, 200, L, L] },

	// ---- last, as they end sessions: each session actor signs in again afterwards
	{ key: 'POST /(platform)/account?/logoutEverywhere', kind: 'form', path: '/account?/logoutEverywhere', body: () => ({}), after: signInAgain, expect: [L, L, L, L, L, L, L, L, L, L] },
	{ key: 'POST /(platform)/logout', kind: 'form', path: '/logout', body: () => ({}), after: signInAgain, expect: [L, L, L, L, L, L, L, L, L, L] }
];

async function clubInA(): Promise<string> {
	const now = Date.now();
	const id = newId();
	await fixtures.insertInto('clubs').values({ id, tenantId: ids.A, name: `Zum Auflösen ${id.slice(-6)}`, slug: `zum-aufloesen-${id.slice(-6).toLowerCase()}`, description: '', createdAt: now, updatedAt: now }).execute();
	return id;
}
async function clubMemberInA(): Promise<string> {
	const userId = await throwaway();
	await fixtures.insertInto('clubMembers').values({ id: newId(), tenantId: ids.A, clubId: ids.clubA, userId, role: 'member', createdAt: Date.now() }).execute();
	return userId;
}
/** An open request of a throwaway account to become a member of a village, written directly. */
async function joinRequestIn(tenantId: string): Promise<string> {
	const userId = await throwaway();
	const id = newId();
	await fixtures.insertInto('joinRequests').values({ id, tenantId, userId, message: 'Hallo', status: 'open', createdAt: Date.now(), decidedAt: null, decidedBy: null }).execute();
	return id;
}
/** An idea of the Projektpool in a village, written directly (its author: the citizen of A). */
async function ideaIn(tenantId: string, extra: { hiddenAt?: number; hiddenReason?: string } = {}): Promise<string> {
	const now = Date.now();
	const id = newId(now);
	await fixtures.insertInto('ideas').values({ id, tenantId, clubId: null, authorId: ids.member, title: 'Dorfladen', description: 'Mit **Selbstbedienung**', categoryKey: 'soziales', imageFileId: null, status: 'new', projectId: null, hiddenAt: extra.hiddenAt ?? null, hiddenReason: extra.hiddenReason ?? '', createdAt: now, updatedAt: now }).execute();
	return id;
}
/** An idea of the member with a (stored) picture, written directly. */
async function ideaWithImageIn(tenantId: string): Promise<string> {
	const id = await ideaIn(tenantId);
	const fileId = newId();
	const data = Buffer.from(await ((await logoForm()).get('logo') as Blob).arrayBuffer());
	await fixtures
		.insertInto('files')
		.values({ id: fileId, tenantId, contentType: 'image/png', dataBase64: data.toString('base64'), size: data.length, createdAt: Date.now(), groupId: fileId, variant: 'page', kind: 'image', fileName: 'teich.png', altText: 'Der Teich', width: 40, height: 40, createdBy: ids.member })
		.execute();
	await fixtures.updateTable('ideas').set({ imageFileId: fileId }).where('id', '=', id).execute();
	return id;
}
/** A programme of the county's funding catalogue, written directly. */
async function programmeInCounty(): Promise<string> {
	const now = Date.now();
	const id = newId(now);
	await fixtures.insertInto('fundingProgrammes').values({ id, tenantId: ids.county, key: `programm-${id.slice(-12).toLowerCase()}`, name: `Programm ${id.slice(-6)}`, maxAmount: null, categories: '["soziales"]', createdAt: now, updatedAt: now }).execute();
	return id;
}
/** An unused category of the county's list, written directly (for a delete button to delete). */
async function categoryInCounty(): Promise<string> {
	const now = Date.now();
	const key = `weg-${newId(now).slice(-12).toLowerCase()}`;
	await fixtures.insertInto('projectCategories').values({ id: newId(now), tenantId: ids.county, key, nameDe: 'Zum Löschen', nameEn: 'To delete', position: 99, createdAt: now }).execute();
	return key;
}
/** A form with a small PNG as "image" and the given text fields. */
async function imageForm(fields: Record<string, string>): Promise<FormData> {
	const form = await logoForm();
	form.set('image', form.get('logo')!);
	form.delete('logo');
	for (const [k, v] of Object.entries(fields)) form.set(k, v);
	return form;
}
const PDF = '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n';
function pdfForm(title: string): FormData {
	const form = new FormData();
	form.set('document', new Blob([PDF], { type: 'application/pdf' }), 'satzung.pdf');
	form.set('title', title);
	return form;
}
/** An SVG with a script, sent as a picture (refused: not a picture we take). */
function svgForm(): FormData {
	const form = new FormData();
	form.set('image', new Blob(['<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'], { type: 'image/png' }), 'bild.png');
	form.set('alt', 'Ein Bild');
	return form;
}
/** A PDF of A's project, written directly (for the remove and move buttons). */
async function fileOfProjectA(): Promise<string> {
	const fileId = newId();
	const id = newId();
	const data = Buffer.from(PDF);
	await fixtures
		.insertInto('files')
		.values({ id: fileId, tenantId: ids.A, contentType: 'application/pdf', dataBase64: data.toString('base64'), size: data.length, createdAt: Date.now(), groupId: fileId, variant: 'original', kind: 'pdf', fileName: 'plan.pdf', altText: '', width: null, height: null, createdBy: null })
		.execute();
	await fixtures.insertInto('projectFiles').values({ id, tenantId: ids.A, projectId: ids.projectA, fileId, kind: 'document', title: 'Plan', position: 99, createdBy: null, createdAt: Date.now() }).execute();
	return id;
}
/** A funding row of A's project, written directly (for a remove button to remove). */
async function fundingOfProjectA(): Promise<string> {
	const id = newId();
	await fixtures.insertInto('projectFundings').values({ id, tenantId: ids.A, projectId: ids.projectA, programmeId: null, programmeName: 'Alte Förderung', amount: 100, sharePercent: null, state: 'used', position: 99 }).execute();
	return id;
}
/** A new person who joined A's project as a helper (for role changes and removals). */
async function helperInTeamA(): Promise<string> {
	const userId = await person(`helfer-${newId().slice(-12)}@example.org`, 'Hanna Helfer');
	await fixtures.insertInto('projectMembers').values({ id: newId(), tenantId: ids.A, projectId: ids.projectA, userId, role: 'helper', createdAt: Date.now() }).execute();
	return userId;
}
/** A project of the village (A: project A), written directly. */
async function projectOf(village: 'A' | 'B'): Promise<string> {
	if (village === 'A') return ids.projectA;
	return (await fixtures.selectFrom('projects').select('id').where('tenantId', '=', ids.B).executeTakeFirstOrThrow()).id;
}
/** A free task (or one a helper took) on the board of a project of the village. */
async function taskIn(village: 'A' | 'B', options: { taken?: boolean } = {}): Promise<string> {
	const now = Date.now();
	const id = newId(now);
	const assigneeId = options.taken ? await helperInTeamA() : null;
	await fixtures.insertInto('projectTasks').values({ id, tenantId: ids[village], projectId: await projectOf(village), milestoneId: null, title: 'Flyer verteilen', status: 'todo', position: 99, assigneeId, dueOn: null, createdBy: null, createdAt: now, updatedAt: now }).execute();
	return id;
}
async function milestoneIn(village: 'A' | 'B'): Promise<string> {
	const now = Date.now();
	const id = newId(now);
	await fixtures.insertInto('projectMilestones').values({ id, tenantId: ids[village], projectId: await projectOf(village), title: 'Richtfest', dueOn: null, doneAt: null, position: 99, createdAt: now }).execute();
	return id;
}
async function noteIn(village: 'A' | 'B'): Promise<string> {
	const id = newId();
	await fixtures.insertInto('projectNotes').values({ id, tenantId: ids[village], projectId: await projectOf(village), authorId: null, body: 'Alte Notiz', createdAt: Date.now() }).execute();
	return id;
}
/** A question on a project, written directly (by the given account, else by the member of A). */
async function questionOn(projectId: string, tenantId: string, authorId = ids.member): Promise<string> {
	const now = Date.now();
	const id = newId(now);
	await fixtures.insertInto('projectQuestions').values({ id, tenantId, projectId, authorId, body: 'Wie viele Leute helfen mit?', createdAt: now, hiddenAt: null }).execute();
	return id;
}
/** Gives the question an answer (without author), written directly; returns the question's id. */
async function answered(questionId: string): Promise<string> {
	const q = await fixtures.selectFrom('projectQuestions').select(['tenantId', 'projectId']).where('id', '=', questionId).executeTakeFirstOrThrow();
	await fixtures.insertInto('projectAnswers').values({ id: newId(), tenantId: q.tenantId, projectId: q.projectId, questionId, authorId: null, body: 'Etwa zwanzig.', createdAt: Date.now(), hiddenAt: null }).execute();
	return questionId;
}
const answerOf = async (questionId: string) => (await fixtures.selectFrom('projectAnswers').select('id').where('questionId', '=', questionId).executeTakeFirstOrThrow()).id;
/** The account behind a session actor (anonymous visitors and tokens: the member of A, never used). */
const userOf = async (who: Who) => (EMAIL[who] ? (await fixtures.selectFrom('users').select('id').where('email', '=', EMAIL[who]).executeTakeFirstOrThrow()).id : ids.member);
async function commentIn(ideaId: string, tenantId: string): Promise<string> {
	const id = newId();
	await fixtures.insertInto('ideaComments').values({ id, tenantId, ideaId, authorId: ids.member, body: 'Unsinn', hiddenAt: null, createdAt: Date.now() }).execute();
	return id;
}
/** A one-off event in B, added through B's token (for the change and delete buttons). */
async function eventInB(): Promise<string> {
	return createdId(await c.tokenB.api('POST', '/api/v1/villages/koerbecke/calendar/events', { title: 'Zum Ändern', start: '2027-04-01T18:00' }));
}
/** An address import of B, written directly; its address is one the fetch refuses without connecting. */
async function importInB(): Promise<string> {
	const id = newId();
	await fixtures
		.insertInto('calendarImports' as never)
		.values({ id, tenantId: ids.B, name: 'Vereinskalender', url: 'http://127.0.0.1/verein.ics', category: 'Vereine', lastMessage: '', createdAt: Date.now() } as never)
		.execute();
	return id;
}
/** A member's suggestion in B, written directly (B has no plain member among the actors). */
async function suggestionInB(): Promise<string> {
	const now = Date.now();
	const id = newId(now);
	await fixtures
		.insertInto('calendarEvents' as never)
		.values({ id, tenantId: ids.B, uid: `${id}@allmende`, sequence: 0, status: 'suggested', title: 'Vorschlag', description: '', allDay: 1, startLocal: '2027-06-01', endLocal: '2027-06-01', rrule: '', startAt: Date.parse('2027-05-31T22:00:00Z'), seriesEndAt: Date.parse('2027-06-01T22:00:00Z'), location: '', category: '', imageAlt: '', link: '', cancelled: 0, createdAt: now, updatedAt: now } as never)
		.execute();
	return id;
}
async function addLinkB(): Promise<string> {
	return createdId(await c.adminB.api('POST', '/api/v1/villages/koerbecke/links/links', { groupId: ids.groupB, title: 'Zum Löschen', url: 'https://example.org/weg' }));
}
async function linkIdsOfGroupB(): Promise<string[]> {
	return (await linksOf('koerbecke')).groups.find((g) => g.id === ids.groupB)!.links.map((l) => l.id);
}

/** `:name` in a path → the id found in beforeAll (or given with the body, for a thing made for this try). */
function resolve(path: string, extra: Record<string, unknown> = {}): string {
	return path.replace(/:(\w+)/g, (_, name: string) => String(extra[name] ?? ids[name as keyof typeof ids] ?? `:${name}`));
}

/**
 * Subscribes over /ws as the actor: 200 subscribed, else the status of the error code. The row's path is the
 * village, the channel and then its params as name=value, a value `:name` being an id of beforeAll
 * ('koerbecke chat:room roomId=:roomB'); without any, the channel gets `{}`.
 */
async function subscribe(who: Who, path: string): Promise<number> {
	const [village, channel, ...pairs] = path.split(' ');
	const params = Object.fromEntries(pairs.map((pair) => [pair.slice(0, pair.indexOf('=')), resolve(pair.slice(pair.indexOf('=') + 1))]));
	const ws = new WebSocket(`${server.url.replace('http', 'ws')}/ws`, { headers: { origin: server.url, cookie: c[who].cookieHeader() } });
	const answer = new Promise<number>((done) => {
		ws.on('message', (raw) => {
			const msg = JSON.parse(raw.toString()) as { type: string; code?: string };
			if (msg.type === 'welcome') ws.send(JSON.stringify({ type: 'subscribe', id: 'row', channel, village, params }));
			else if (msg.type === 'subscribed') done(200);
			else if (msg.type === 'error') done({ forbidden: 403, not_found: 404, invalid: 400 }[msg.code ?? ''] ?? 500);
		});
		ws.on('error', () => done(0));
	});
	try {
		return await answer;
	} finally {
		ws.close();
	}
}

async function send(row: Row, who: Who, body: Body): Promise<{ status: number; location: string | null; text: string }> {
	if (row.kind === 'channel') return { status: await subscribe(who, row.path), location: null, text: '' };
	const path = resolve(row.path, body instanceof FormData ? {} : body);
	const client = c[who];
	let res: Response;
	if (row.kind === 'page') res = await client.get(path);
	else if (row.kind === 'multipart') res = await client.postMultipart(path, body as FormData);
	else if (row.kind === 'form') res = await client.post(path, body as Record<string, string>);
	else res = await client.api(row.method ?? 'GET', path, row.method === 'GET' ? undefined : row.method === 'DELETE' && !row.jsonBody ? undefined : body);
	return { status: res.status, location: res.headers.get('location'), text: await res.text() };
}

describe('the table covers every route and every module declaration', () => {
	const covered = new Set(table.map((row) => row.key));

	it('has a row for each page, form action and endpoint method of the built app', () => {
		const missing = coreRouteKeys().filter((key) => !covered.has(key));
		expect(missing, 'routes without a row in tests/integration/routeTable.test.ts').toEqual([]);
	});

	it("has a row for each module's pages, form actions, JSON endpoints, reads, feeds and channels", () => {
		const missing = MODULES.flatMap(moduleKeys).filter((key) => !covered.has(key));
		expect(missing, 'module declarations without a row in tests/integration/routeTable.test.ts').toEqual([]);
	});

	it('has no row for a route or declaration that is gone', () => {
		const known = new Set([...coreRouteKeys(), ...MODULES.flatMap(moduleKeys)]);
		expect([...covered].filter((key) => !known.has(key))).toEqual([]);
	});
});

describe('every route by every actor', () => {
	const cases = table.flatMap((row) => WHO.map((who, i) => ({ row, who, expected: row.expect[i]!, name: `${row.key}${row.key.endsWith(row.path) ? '' : ` (${row.path})`}` })));
	it.each(cases)('$name as $who → $expected', async ({ row, who, expected }) => {
		const write = row.kind !== 'page' && row.method !== 'GET';
		// a write must leave the other village alone (both villages when it aims at neither)
		const others = (['A', 'B'] as const).filter((v) => v !== row.target);
		const watched = write ? [...others, ...(row.target ? [row.target] : [])] : [];
		const body = await row.body?.(who); // first: it may make something in the target village for this try
		const before = await Promise.all(watched.map((v) => rows.of(ids[v])));
		const res = await send(row, who, body);
		try {
			expect(res.status, res.text.slice(0, 400)).toBe(expected);
			if (row.says && res.status === 400) expect(res.text).toContain(row.says);
			if (!write) return;
			const refused = res.status >= 400 || (res.status === L && res.location?.startsWith('/login?next='));
			const after = await Promise.all(watched.map((v) => rows.of(ids[v])));
			for (const [i, v] of watched.entries()) {
				if ((v === row.target || v === row.also?.village) && !refused) continue;
				expect(after[i], `village ${v} changed`).toBe(before[i]);
			}
		} finally {
			await row.after?.(who);
		}
	});
});
