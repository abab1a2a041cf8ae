// The Projektpool's ideas over HTTP beyond the role × route table: a whole idea's way through the forms,
// what pages and the JSON API show (escaped titles, sanitised markdown, no e-mail addresses, hidden ideas gone),
// and bad input (oversized, unknown names) answered with 4xx naming the field, never a 500.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../helpers/http.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
const c = {} as Record<'anonymous' | 'member' | 'editor' | 'adminA' | 'county', Client>;

beforeAll(async () => {
	server = await startServer();
	for (const who of Object.keys({ anonymous: 0, member: 0, editor: 0, adminA: 0, county: 0 }) as (keyof typeof c)[]) c[who] = new Client(server.url);
	await c.member.login('buerger@example.org');
	await c.editor.login('redaktion@example.org');
	await c.adminA.login('dorf1@example.org');
	await c.county.login('kreis@example.org');
}, 120_000);
afterAll(async () => {
	await server?.stop();
});

const XSS_TITLE = '<script>alert("t")</script> Dorfladen';
async function submit(who: Client, form: Record<string, string>): Promise<Response> {
	return who.post('/ideas?/submit', { category: 'soziales', village: 'altengeseke', ...form });
}
const idOf = (res: Response) => /^\/ideas\/([\w-]+)/.exec(res.headers.get('location') ?? '')?.[1];

describe('refused input', () => {
	it('anonymous visitors are sent to the login and see a link to it on the list', async () => {
		const res = await submit(c.anonymous, { title: 'Ohne Anmeldung' });
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toMatch(/^\/login\?next=/);
		const page = await (await c.anonymous.get('/ideas')).text();
		expect(page).toContain('href="/login?next=%2Fideas"');
	});

	it('oversized fields answer 400 naming the field, and nothing is written', async () => {
		const before = (await (await c.anonymous.api('GET', '/api/v1/ideas')).json()) as { total: number };
		const cases: [Record<string, string>, string][] = [
			[{ title: 'x'.repeat(121) }, 'Titel'],
			[{ title: 'Gute Idee', description: 'x'.repeat(5001) }, 'Beschreibung'],
			[{ title: 'Gute Idee', village: 'constructor' }, 'Dorf'],
			[{ title: 'Gute Idee', category: '__proto__' }, 'Kategorie'],
			[{ title: 'Gute Idee', village: 'anroechte' }, 'Dorf']
		];
		for (const [form, label] of cases) {
			const res = await submit(c.member, form);
			expect(res.status, JSON.stringify(form).slice(0, 80)).toBe(400);
			expect(await res.text()).toContain(label);
		}
		const after = (await (await c.anonymous.api('GET', '/api/v1/ideas')).json()) as { total: number };
		expect(after.total).toBe(before.total);
	});

	it('unknown ids and filters answer 404 or 400, never 500', async () => {
		for (const path of ['/ideas/constructor', '/ideas/__proto__', `/ideas/${'x'.repeat(300)}`]) expect((await c.member.get(path)).status, path).toBe(404);
		for (const path of ['/api/v1/ideas/constructor', '/api/v1/ideas/__proto__', `/api/v1/ideas/${'x'.repeat(300)}`]) expect((await c.member.api('GET', path)).status, path).toBe(404);
		for (const q of ['village=__proto__', 'category=constructor', 'status=toString', 'page=0', 'page=abc', `village=${'x'.repeat(100)}`]) {
			const res = await c.anonymous.api('GET', `/api/v1/ideas?${q}`);
			expect(res.status, q).toBe(400);
			const body = (await res.json()) as { error: { fields?: Record<string, string> } };
			expect(Object.keys(body.error.fields ?? {}).length, q).toBe(1);
			expect((await c.anonymous.get(`/ideas?${q}`)).status, q).toBe(400);
		}
		expect((await c.member.post('/ideas/constructor?/support', {})).status).toBe(404);
		const id = idOf(await submit(c.member, { title: 'Zum Kommentieren' }))!;
		const long = await c.member.post(`/ideas/${id}?/comment`, { form: 'comment', comment: 'x'.repeat(2001) });
		expect(long.status).toBe(400);
		expect(await long.text()).toContain('Kommentar');
	});
});

describe('the way of an idea', () => {
	it('is submitted, supported once, commented, moved with a reason, and hidden from everyone but moderators', async () => {
		const res = await submit(c.member, { title: XSS_TITLE, description: '<img src=x onerror=alert(1)>\n\n**Regional** [Seite](javascript:alert(2))' });
		expect(res.status).toBe(303);
		const id = idOf(res)!;
		expect(id).toBeTruthy();

		// the page escapes the title and shows sanitised markdown
		const html = await (await c.anonymous.get(`/ideas/${id}`)).text();
		expect(html).not.toContain('<script>alert("t")');
		expect(html).toContain('&lt;script');
		expect(html).not.toMatch(/onerror|javascript:alert/);
		expect(html).toContain('<strong>Regional');

		// supported once per person, however often the button is pressed
		for (let i = 0; i < 2; i++) expect((await c.adminA.post(`/ideas/${id}?/support`, {})).status).toBe(200);
		expect((await c.editor.post(`/ideas/${id}?/support`, {})).status).toBe(200);
		const comment = await c.adminA.post(`/ideas/${id}?/comment`, { comment: '<script>alert(3)</script>Gern!' });
		expect(comment.status).toBe(200);
		let api = (await (await c.anonymous.api('GET', `/api/v1/ideas/${id}`)).json()) as { title: string; supportCount: number; commentCount: number; authorName: string; comments: { bodyHtml: string }[] };
		expect(api).toMatchObject({ title: XSS_TITLE, supportCount: 2, commentCount: 1, authorName: 'Dieter Bürger' });
		expect(api.comments[0]!.bodyHtml).not.toContain('<script');
		const list = await (await c.anonymous.api('GET', '/api/v1/ideas?village=altengeseke&status=new')).text();
		expect(list).toContain(id);
		expect(list).not.toContain('@example.org');
		expect(JSON.stringify(api)).not.toContain('@example.org');

		// archiving needs a reason; the author sees it
		const noReason = await c.editor.post(`/ideas/${id}?/move`, { form: 'move', status: 'archived' });
		expect(noReason.status).toBe(400);
		expect(await noReason.text()).toContain('Begründung');
		expect((await c.editor.post(`/ideas/${id}?/move`, { form: 'move', status: 'archived', reason: 'Gibt es schon in Anröchte' })).status).toBe(200);
		const bell = await (await c.member.get('/account/notifications')).text();
		expect(bell).toContain('wurde archiviert');
		expect(await (await c.member.get(`/ideas/${id}`)).text()).toContain('Gibt es schon in Anröchte');

		// the village's own admin cannot hide; the county can, and then the idea is gone for others
		expect((await c.adminA.post(`/ideas/${id}?/hide`, { form: 'hide', reason: 'Beleidigend' })).status).toBe(403);
		expect((await c.county.post(`/ideas/${id}?/hide`, { form: 'hide', reason: 'Beleidigend' })).status).toBe(200);
		expect((await c.anonymous.get(`/ideas/${id}`)).status).toBe(404);
		expect((await c.member.api('GET', `/api/v1/ideas/${id}`)).status).toBe(404);
		expect(await (await c.anonymous.api('GET', '/api/v1/ideas?village=altengeseke')).text()).not.toContain(id);
		expect(await (await c.anonymous.get('/ideas')).text()).not.toContain(id);
		api = (await (await c.county.api('GET', `/api/v1/ideas/${id}`)).json()) as typeof api;
		expect(api.title).toBe(XSS_TITLE);
	});
});
