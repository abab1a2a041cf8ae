// Findings of the security review, checked over HTTP against the real server. The server reads the client IP
// from X-Forwarded-For here (as behind a reverse proxy), so tests can speak from several addresses.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../helpers/http.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
let ipCounter = 0;
/** A fresh client IP for every call, unless one is given. */
const from = (ip = `198.51.100.${++ipCounter}`) => ({ 'x-forwarded-for': ip });

beforeAll(async () => {
	server = await startServer({ ADDRESS_HEADER: 'x-forwarded-for', XFF_DEPTH: '1', RATE_LIMIT_LOGINS_PER_IP_PER_MINUTE: '20' });
}, 60_000);

afterAll(async () => {
	await server?.stop();
});

// `next` values as an attacker would put them into a link (before URL encoding).
const EVIL_NEXT = [
	'/\t/evil.example',
	'/\\evil.example',
	'//evil.example',
	'///evil.example',
	'/.//evil.example',
	'\\\\evil.example',
	'https://evil.example/',
	'javascript:alert(1)',
	'/account\r\nSet-Cookie: pwned=1',
	'/account\u2028',
	`/${'x'.repeat(5000)}`
];

/** The page a browser lands on for this Location header, and whether it is still our site. */
function landsOnSite(location: string | null): boolean {
	if (!location) return false;
	return new URL(location, server.url).origin === new URL(server.url).origin && !location.startsWith('//');
}

describe('finding 1: open redirect after login', () => {
	it('follows only same-origin paths when a signed-in person opens /login?next=…, and never answers 500', async () => {
		const client = new Client(server.url);
		const res = await client.post('/login', { email: 'buerger@example.org', password: 'allmende-demo' }, from());
		expect(res.status).toBe(303);
		for (const value of [...EVIL_NEXT, '/%09/evil.example', '/%2f%2fevil.example']) {
			const page = await client.get(`/login?next=${encodeURIComponent(value)}`);
			expect(page.status, JSON.stringify(value)).toBe(303);
			expect(landsOnSite(page.headers.get('location')), `${JSON.stringify(value)} → ${page.headers.get('location')}`).toBe(true);
		}
	});

	it('sends the login form post to a same-origin path for evil next values, never 500', async () => {
		// the literal query string of the reported attack, and a few more, each from its own address
		for (const query of ['next=/%09/evil.example', 'next=/%5Cevil.example', 'next=%2F%2Fevil.example', 'next=/account%0D%0ALocation:%20https://evil.example', 'next=/account%E2%80%A8']) {
			const res = await new Client(server.url).post(`/login?${query}`, { email: 'redaktion@example.org', password: 'allmende-demo' }, from());
			expect(res.status, query).toBe(303);
			const location = res.headers.get('location');
			expect(landsOnSite(location), `${query} → ${location}`).toBe(true);
		}
	});

	it('still comes back to the page that asked for the login', async () => {
		const res = await new Client(server.url).post(`/login?next=${encodeURIComponent('/altengeseke/admin?x=1#clubs')}`, { email: 'dorf1@example.org', password: 'allmende-demo' }, from());
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toBe('/altengeseke/admin?x=1#clubs');
	});

	it('shows the login page (not a 500) for evil next values, and does not put them into the form', async () => {
		for (const value of EVIL_NEXT) {
			const res = await new Client(server.url).get(`/login?next=${encodeURIComponent(value)}`);
			expect(res.status, JSON.stringify(value)).toBe(200);
			const action = /<form method="POST" action="\?next=([^"]*)"/.exec(await res.text())?.[1];
			if (action) expect(landsOnSite(decodeURIComponent(action)), `${JSON.stringify(value)} → ${action}`).toBe(true);
		}
	});
});

describe('finding 2: the dev mailbox is not public', () => {
	it('is off on a public origin even with DEV_MAILBOX=1, and the start says so', async () => {
		const pub = await startServer({ ORIGIN: 'https://allmende.kreis-soest.de', DEV_MAILBOX: '1' });
		try {
			const res = await fetch(`${pub.url}/dev/mailbox`, { headers: { accept: 'text/html' } });
			expect(res.status).toBe(404);
			expect(await (await fetch(`${pub.url}/login`)).text()).not.toContain('/dev/mailbox');
			expect(pub.output()).toContain('DEV_MAILBOX=1 is ignored');
		} finally {
			await pub.stop();
		}
	});

	it('is on for the demo on a local origin (the test server), and not cached', async () => {
		const res = await fetch(`${server.url}/dev/mailbox`, { headers: { accept: 'text/html' } });
		expect(res.status).toBe(200);
		expect(res.headers.get('cache-control')).toBe('no-store');
	});
});

describe('finding 4d: a stranger cannot lock the real user out', () => {
	it('hammering an account from one address does not stop its owner from another', async () => {
		const attacker = new Client(server.url);
		const statuses: number[] = [];
		for (let i = 0; i < 7; i++) statuses.push((await attacker.post('/login', { email: 'dorf2@example.org', password: `falsch ${i}` }, from('203.0.113.5'))).status);
		expect(statuses).toEqual([400, 400, 400, 400, 400, 429, 429]);
		expect((await attacker.post('/login', { email: 'dorf2@example.org', password: 'allmende-demo' }, from('203.0.113.5'))).status).toBe(429);
		const owner = new Client(server.url);
		expect((await owner.post('/login', { email: 'dorf2@example.org', password: 'allmende-demo' }, from('198.51.100.250'))).status).toBe(303);
		expect((await owner.get('/account')).status).toBe(200);
	});

	it('limits one address trying many accounts', async () => {
		const statuses: number[] = [];
		for (let i = 0; i < 21; i++) statuses.push((await new Client(server.url).post('/login', { email: `probe${i}@example.org`, password: 'falsch falsch' }, from('203.0.113.6'))).status);
		expect(statuses.filter((s) => s === 400)).toHaveLength(20);
		expect(statuses[20]).toBe(429);
	});
});

/** The link of the newest invitation mail to this address, from the dev mailbox (the worker sends shortly after). */
async function invitationLink(to: string): Promise<string> {
	const deadline = Date.now() + 15_000;
	for (;;) {
		const html = await (await fetch(`${server.url}/dev/mailbox?to=${encodeURIComponent(to)}`)).text();
		const link = /href="(http[^"]*\/invite\/[\w-]+)"/.exec(html)?.[1];
		if (link) return new URL(link).pathname;
		if (Date.now() > deadline) throw new Error(`no invitation mail to ${to}`);
		await new Promise((r) => setTimeout(r, 200));
	}
}

describe('finding 4c: invitations instead of attaching any account', () => {
	it('answers the same for a registered and an unknown address, and attaches nobody', async () => {
		const admin = new Client(server.url);
		await admin.post('/login', { email: 'dorf1@example.org', password: 'allmende-demo' }, from());
		for (const email of ['niemand-hier@example.org', 'dorf2@example.org']) {
			const res = await admin.post('/altengeseke/admin/members?/addMember', { email, role: 'admin' }, from());
			expect(res.status, email).toBe(303);
			expect(res.headers.get('location'), email).toBe('/altengeseke/admin/members?saved=invited');
		}
		const page = await (await admin.get('/altengeseke/admin/members?saved=invited')).text();
		expect(page).toContain('Einladung verschickt.');
		expect(page).not.toContain('niemand registriert');
		expect(page).not.toMatch(/class="email[^"]*">dorf2@example\.org</);
		expect(page).toContain('Offene Einladungen');
	});

	it('is accepted by the invited person after signing in, and by nobody else', async () => {
		const county = new Client(server.url);
		await county.post('/login', { email: 'kreis@example.org', password: 'allmende-demo' }, from());
		expect((await county.post('/koerbecke/admin/members?/addMember', { email: 'buerger@example.org', role: 'editor' }, from())).status).toBe(303);
		const link = await invitationLink('buerger@example.org');

		// not signed in: what it is about, and a way to log in that comes back here
		const anonymous = new Client(server.url);
		const page = await (await anonymous.get(link)).text();
		expect(page).toContain('Körbecke');
		expect(page).toContain('Redaktion');
		expect(page).toContain('Kreisverwaltung Soest');
		expect(page).toContain(`href="/login?next=${encodeURIComponent(link)}"`);
		const accept = await anonymous.post(`${link}?/accept`, {}, from());
		expect(accept.status).toBe(303);
		expect(accept.headers.get('location')).toBe(`/login?next=${encodeURIComponent(link)}`);

		// another account cannot accept it
		const other = new Client(server.url);
		await other.post('/login', { email: 'redaktion@example.org', password: 'allmende-demo' }, from());
		expect(await (await other.get(link)).text()).toContain('die Einladung gilt aber für eine andere Adresse');
		expect((await other.post(`${link}?/accept`, {}, from())).status).toBe(403);

		// the invited person logs in through the link and accepts
		const person = new Client(server.url);
		const login = await person.post(`/login?next=${encodeURIComponent(link)}`, { email: 'buerger@example.org', password: 'allmende-demo' }, from());
		expect(login.headers.get('location')).toBe(link);
		const accepted = await person.post(`${link}?/accept`, {}, from());
		expect(accepted.status).toBe(200);
		expect(await accepted.text()).toContain('Willkommen!');
		const members = await (await county.get('/koerbecke/admin/members')).text();
		expect(members).toMatch(/class="email[^"]*">buerger@example\.org</);
		expect(await (await county.get('/koerbecke/admin/history')).text()).toContain('Dieter Bürger hat die Einladung für die Rolle ‚Redaktion‘ angenommen');
		// used up
		expect(await (await person.get(link)).text()).toContain('Diese Einladung gilt nicht mehr');
		expect((await person.post(`${link}?/accept`, {}, from())).status).toBe(404);
	});
});

describe('finding 4a: the last admin stays', () => {
	it('refuses to demote or remove the last own admin with 409, linking the message to the row', async () => {
		const admin = new Client(server.url);
		await admin.post('/login', { email: 'dorf1@example.org', password: 'allmende-demo' }, from());
		const page = await (await admin.get('/altengeseke/admin/members')).text();
		const userId = /class="email[^"]*">dorf1@example\.org<[\s\S]*?name="userId" value="([^"]+)"/.exec(page)![1]!;
		const demoted = await admin.post('/altengeseke/admin/members?/changeRole', { formId: `member-row:${userId}`, userId, role: 'member' }, from());
		expect(demoted.status).toBe(409);
		const html = await demoted.text();
		expect(html).toContain('Rolle: Das ist die letzte Admin-Person hier.');
		expect(html).toContain(`href="#role-${userId}"`);
		const removed = await admin.post('/altengeseke/admin/members?/removeMember', { formId: `member-row:${userId}`, userId }, from());
		expect(removed.status).toBe(409);
		expect(await removed.text()).toContain(`href="#remove-${userId}"`);
		expect((await admin.get('/altengeseke/admin')).status).toBe(200);
	});
});
