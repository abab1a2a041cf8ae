// The county's administration over HTTP (issue 11, findings 1, 3 and the slug redirects): duplicate names, error
// summaries where the failed form is, uploads over the body limit on every file form, old slugs answering 301, and
// the overview at /admin.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../helpers/http.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
const c = {} as Record<'anonymous' | 'adminA' | 'county', Client>;
const ids = {} as Record<'anroechte' | 'A' | 'ense', string>;

interface Node {
	id: string;
	slug: string;
	children: Node[];
}
const find = (nodes: Node[], slug: string): Node | undefined => {
	for (const n of nodes) {
		if (n.slug === slug) return n;
		const hit = find(n.children, slug);
		if (hit) return hit;
	}
	return undefined;
};

beforeAll(async () => {
	server = await startServer();
	for (const w of ['anonymous', 'adminA', 'county'] as const) c[w] = new Client(server.url);
	await c.adminA.login('dorf1@example.org');
	await c.county.login('kreis@example.org');
	const tree = (await (await fetch(`${server.url}/api/v1/tenants`)).json()) as { tenants: Node[] };
	ids.anroechte = find(tree.tenants, 'anroechte')!.id;
	ids.A = find(tree.tenants, 'altengeseke')!.id;
	ids.ense = find(tree.tenants, 'ense')!.id;
}, 60_000);

afterAll(async () => {
	await server?.stop();
});

/** A body just over BODY_SIZE_LIMIT (12M in the tests): adapter-node refuses it before any field can be read. */
const overBodyLimit = (field: string) => {
	const form = new FormData();
	form.set(field, new Blob([new Uint8Array(12 * 1024 * 1024 + 64 * 1024).fill(0xff)], { type: 'image/jpeg' }), 'IMG_2048.jpg');
	return form;
};

describe('finding 1: the same village twice in one municipality', () => {
	it('refuses a second "Altengeseke" in Anröchte (any capitals and spaces) with 400 naming the field, and keeps what was typed', async () => {
		const res = await c.county.post('/admin?/createChild', { parentId: ids.anroechte, name: '  ALTEN geseke ' });
		expect(res.status).toBe(400);
		const html = await res.text();
		expect(html).toContain('Name: In Anröchte gibt es schon ein Dorf');
		// the summary sits in the failed form's section (which the action's fragment scrolls to) and links to the field
		expect(html).toMatch(new RegExp(`<details id="create-${ids.anroechte}"[^>]*open[\\s\\S]*?role="alert"[\\s\\S]*?href="#name-${ids.anroechte}"`));
		expect(html).toContain(`action="?/createChild#create-${ids.anroechte}"`);
		const tree = (await (await fetch(`${server.url}/api/v1/tenants`)).json()) as { tenants: Node[] };
		expect(find(tree.tenants, 'alten-geseke')).toBeUndefined();
	});

	it('answers an empty name at its form, not at the top of the page', async () => {
		const res = await c.county.post('/admin?/createChild', { parentId: ids.ense, name: '' });
		expect(res.status).toBe(400);
		const html = await res.text();
		expect(html).toMatch(new RegExp(`<details id="create-${ids.ense}"[^>]*open[\\s\\S]*?role="alert"[\\s\\S]*?href="#name-${ids.ense}"[^>]*>Name: `));
	});
});

describe('finding 3: uploads over the body limit say so at the field', () => {
	it("the builder's logo step: 413 with 'Logo: Die Datei ist zu groß (höchstens 10 MB).', not 'Bitte ausfüllen'", async () => {
		const res = await c.adminA.postMultipart('/altengeseke/builder?/image&field=logo', overBodyLimit('image'));
		expect(res.status).toBe(413);
		const html = await res.text();
		expect(html).toContain('Logo: Die Datei ist zu groß (höchstens 10 MB).');
		expect(html).not.toContain('Bitte ausfüllen');
		expect(html).toContain('id="image-logo-error"');
	});

	it("the builder's cover picture says so with its own label", async () => {
		const res = await c.adminA.postMultipart('/altengeseke/builder?/image&field=cover', overBodyLimit('image'));
		expect(res.status).toBe(413);
		const html = await res.text();
		expect(html).toContain('id="image-cover-error"');
		expect(html).toContain('Die Datei ist zu groß (höchstens 10 MB).');
	});

	it('the logo on the tenant page: in its own section, linked from the summary', async () => {
		const res = await c.adminA.postMultipart(`/admin/tenants/${ids.A}?/uploadLogo`, overBodyLimit('logo'));
		expect(res.status).toBe(413);
		const html = await res.text();
		expect(html).toMatch(/<section id="logo"[\s\S]*?role="alert"[\s\S]*?href="#f-logo">Logo: Die Datei ist zu groß \(höchstens 10 MB\)\./);
	});

	it("a module's form (news) answers at the form with the limit, not with an error page", async () => {
		const res = await c.adminA.postMultipart('/altengeseke/news/new', overBodyLimit('imageId'));
		expect(res.status).toBe(413);
		const html = await res.text();
		expect(html).toContain('Die Datei ist zu groß (höchstens 10 MB).');
		expect(html).not.toContain('Bitte ausfüllen');
	});
});

describe('old slugs redirect forever', () => {
	it('answers the old address of a renamed village (page, module page, manifest, poster, API) with 301 to the new one', async () => {
		const page = await (await c.county.get(`/admin/tenants/${ids.A}`)).text();
		expect(page).toContain('Stammdaten und Farben (Kreis)');
		expect((await c.county.post(`/admin/tenants/${ids.A}?/update`, { name: 'Altengeseke', slug: 'altengeseke-neu' })).status).toBe(200);
		for (const [from, to] of [
			['/altengeseke/', '/altengeseke-neu/'],
			['/altengeseke/news?page=2', '/altengeseke-neu/news?page=2'],
			['/altengeseke/manifest.webmanifest', '/altengeseke-neu/manifest.webmanifest'],
			['/altengeseke/poster', '/altengeseke-neu/poster'],
			['/api/v1/villages/altengeseke/app', '/api/v1/villages/altengeseke-neu/app']
		] as [string, string][]) {
			const res = await c.anonymous.get(from);
			expect(res.status, from).toBe(301);
			expect(res.headers.get('location'), from).toBe(to);
		}
		expect((await c.anonymous.get('/altengeseke-neu/')).status).toBe(200);
		// without the trailing slash SvelteKit first adds it (308), then the old slug moves on (301)
		const followed = await fetch(`${server.url}/altengeseke`);
		expect(new URL(followed.url).pathname).toBe('/altengeseke-neu/');
		// back to the old slug: the same village may take it again
		expect((await c.county.post(`/admin/tenants/${ids.A}?/update`, { name: 'Altengeseke', slug: 'altengeseke' })).status).toBe(200);
		expect((await c.anonymous.get('/altengeseke/')).status).toBe(200);
		expect((await c.anonymous.get('/altengeseke-neu/news')).headers.get('location')).toBe('/altengeseke/news');
	});

	it('does not let another village take an old slug', async () => {
		const res = await c.county.post('/admin?/createChild', { parentId: ids.ense, name: 'Neu-Altengeseke', slug: 'altengeseke-neu' });
		expect(res.status).toBe(400);
		expect(await res.text()).toContain('Dieser Kurzname ist schon vergeben.');
	});
});

describe('the county overview at /admin', () => {
	it('shows each village with live state, admins and last activity, and finds villages by a plain GET', async () => {
		const all = await (await c.county.get('/admin')).text();
		expect(all).toContain('56 von 56 Dörfern');
		expect(all).toContain('Kein Admin – bitte jemanden ernennen');
		expect(all).toContain('1 Admin');
		expect(all).toContain('Zuletzt aktiv: ');
		const found = await (await c.county.get('/admin?q=korbecke')).text();
		expect(found).toContain('1 von 56 Dörfern');
		expect(found).toContain('Körbecke');
		expect(found).not.toContain('>Altengeseke<');
		const none = await (await c.county.get('/admin?q=%3Cscript%3E')).text();
		expect(none).toContain('Kein Dorf passt zu „&lt;script>“.');
	});

	it("shows a village admin only their own village, without the finder", async () => {
		const html = await (await c.adminA.get('/admin')).text();
		expect(html).not.toContain('Dorf finden');
		expect(html).not.toContain('Körbecke');
		expect(html).toContain('Altengeseke');
	});
});
