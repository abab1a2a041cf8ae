// The Projektpool over HTTP against the real server with the demo county: bad input by field, script in every
// text field neutralised, adoption by form and by API token with the lineage in the API, hidden projects gone.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectDetailSchema } from '../../src/lib/server/platform/projects/projectApi.ts';
import { Client } from '../helpers/http.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { createToken } from '../helpers/tokens.ts';

let server: TestServer;
const editorA = (): Client => clients.editorA!;
const clients: Record<string, Client> = {};
const tenantIds: Record<string, string> = {};

interface ApiProject {
	id: string;
	url: string;
	title: string;
	steps: string;
	adaptedFrom: { id: string; place: { slug: string } } | null;
	lineage: { id: string; place: { slug: string } }[];
	adoptions: { id: string; place: { slug: string }; adoptions: { id: string; place: { slug: string } }[] }[];
}
const api = async <T>(path: string) => (await (await fetch(server.url + path)).json()) as T;

/** Creates a project through the form as Altengeseke's editor; returns its id (from the redirect). */
async function create(form: Record<string, string>): Promise<string> {
	const res = await editorA().post('/projects/new', { village: 'altengeseke', categoryKey: 'kultur', status: 'planning', ...form });
	expect(res.status, await res.clone().text()).toBe(303);
	return /^\/projects\/([0-9a-f-]{36})-/.exec(res.headers.get('location') ?? '')![1]!;
}

beforeAll(async () => {
	server = await startServer();
	for (const [key, email] of Object.entries({ editorA: 'redaktion@example.org', adminB: 'dorf2@example.org', member: 'buerger@example.org', county: 'kreis@example.org' })) {
		clients[key] = new Client(server.url);
		await clients[key].login(email);
	}
	const tree = JSON.stringify(await api('/api/v1/tenants'));
	for (const slug of ['altengeseke', 'koerbecke']) tenantIds[slug] = new RegExp(`"id":"([^"]+)","slug":"${slug}"`).exec(tree)![1]!;
}, 60_000);
afterAll(() => server?.stop());

describe('bad input', () => {
	it('answers an invalid form with 400 and a translated message per field, keeping what was typed', async () => {
		const res = await editorA().post('/projects/new', { village: 'altengeseke', title: 'X', categoryKey: 'kultur', costOneOff: 'viel', startedOn: '2024-13-45', summary: 'Bleibt stehen' });
		expect(res.status).toBe(400);
		const html = await res.text();
		expect(html).toContain('Titel: Mindestens 3 Zeichen.');
		expect(html).toContain('Einmalige Kosten:');
		expect(html).toContain('Beginn:');
		expect(html).toContain('Bleibt stehen');
	});

	it('refuses oversized text with 400 naming the field, and a category that does not exist', async () => {
		const long = await editorA().post('/projects/new', { village: 'altengeseke', title: 'Zu lang', categoryKey: 'kultur', steps: 'x'.repeat(20_001) });
		expect(long.status).toBe(400);
		expect(await long.text()).toContain('Der Weg zur Lösung:');
		const category = await editorA().post('/projects/new', { village: 'altengeseke', title: 'Kategorie', categoryKey: '__proto__' });
		expect(category.status).toBe(400);
		expect(await category.text()).toContain('Kategorie:');
	});

	it('answers filters it does not know with 400, never 500', async () => {
		for (const query of ['status=__proto__', 'page=-1', 'page=constructor', `q=${'x'.repeat(201)}`]) {
			expect((await fetch(`${server.url}/api/v1/projects?${query}`)).status, query).toBe(400);
			expect((await fetch(`${server.url}/projects?${query}`)).status, query).toBe(400);
		}
		expect((await fetch(`${server.url}/api/v1/projects?village=constructor`)).status).toBe(200);
	});
});

describe('script in every text field', () => {
	it('is shown as text on the page and never runs', async () => {
		const payload = '<script>alert(1)</script><img src=x onerror=alert(2)>';
		const fields = ['summary', 'goals', 'targetGroup', 'preconditions', 'timeline', 'steps', 'pitfalls', 'lessons', 'results', 'contactName', 'contactRole'];
		const id = await create({ title: `Boule ${payload}`, ...Object.fromEntries(fields.map((f) => [f, `${f} ${payload} [klick](javascript:alert(3))`])) });
		const html = await (await fetch(`${server.url}/projects/${id}`, { redirect: 'follow' })).text();
		expect(html).not.toMatch(/<script>alert/);
		expect(html).not.toMatch(/<img[^>]*onerror/i);
		expect(html).not.toContain('href="javascript:');
		// the text itself is kept (escaped where it is plain text)
		expect(html).toMatch(/Boule &lt;script(&gt;|>)alert\(1\)&lt;\/script/);
		const json = await api<ApiProject>(`/api/v1/projects/${id}`);
		expect(json.steps).toContain('<script>alert(1)</script>');
	});
});

describe('adoption', () => {
	let origin = '';
	beforeAll(async () => {
		origin = await create({ title: 'Mitfahrbank am Friedhof', steps: '1. Bank bauen\n2. Schild aufstellen' });
	});

	it("refuses an API token without rights in the target village, a bad body and an unknown village, naming the field", async () => {
		const memberToken = await createToken(clients.member!, tenantIds.altengeseke!, 'member');
		const asMember = new Client(server.url, { authorization: `Bearer ${memberToken}` });
		expect((await asMember.api('POST', `/api/v1/projects/${origin}/adopt`, { village: 'altengeseke' })).status).toBe(403);
		const editorToken = await createToken(clients.adminB!, tenantIds.koerbecke!, 'editor');
		const asEditorB = new Client(server.url, { authorization: `Bearer ${editorToken}` });
		expect((await asEditorB.api('POST', `/api/v1/projects/${origin}/adopt`, '{"village":')).status).toBe(400);
		const unknown = await asEditorB.api('POST', `/api/v1/projects/${origin}/adopt`, { village: 'no-such-village' });
		expect(unknown.status).toBe(400);
		expect(((await unknown.json()) as { error: { fields: Record<string, string> } }).error.fields.village).toMatch(/^Dorf: /);
		expect((await asEditorB.api('POST', '/api/v1/projects/no-such-project/adopt', { village: 'koerbecke' })).status).toBe(404);
		expect((await api<ApiProject>(`/api/v1/projects/${origin}`)).adoptions).toEqual([]);
	});

	it('adopts by API token (201 { id }), then by form, and the API shows the lineage from both ends', async () => {
		const editorToken = await createToken(clients.adminB!, tenantIds.koerbecke!, 'editor');
		const res = await new Client(server.url, { authorization: `Bearer ${editorToken}` }).api('POST', `/api/v1/projects/${origin}/adopt`, { village: 'koerbecke' });
		expect(res.status).toBe(201);
		const second = ((await res.json()) as { id: string }).id;
		// the county admin adopts Körbecke's adaptation into Ostönnen, through the page's form
		const page = await clients.county!.post(`/projects/${second}-mitfahrbank-am-friedhof?/adopt`, { village: 'ostoennen' });
		expect(page.status).toBe(303);
		const third = /^\/projects\/([0-9a-f-]{36})-mitfahrbank-am-friedhof\?adopted=1$/.exec(page.headers.get('location') ?? '')![1]!;

		const fromOrigin = await api<ApiProject>(`/api/v1/projects/${origin}`);
		expect(fromOrigin.adaptedFrom).toBeNull();
		expect(fromOrigin.adoptions.map((a) => [a.id, a.place.slug, a.adoptions.map((b) => [b.id, b.place.slug])])).toEqual([[second, 'koerbecke', [[third, 'ostoennen']]]]);
		const fromThird = await api<ApiProject>(`/api/v1/projects/${third}`);
		expect(fromThird.adaptedFrom).toMatchObject({ id: second, place: { slug: 'koerbecke' } });
		expect(fromThird.lineage.map((n) => n.id)).toEqual([origin, second]);
		expect(fromThird.steps).toBe('1. Bank bauen\n2. Schild aufstellen');
		// the page shows the way the project travelled
		const html = await (await fetch(`${server.url}/projects/${third}-mitfahrbank-am-friedhof`)).text();
		expect(html).toContain('Übernommen von');
		expect(html).toContain('Körbecke');
		expect(html).toContain('Altengeseke');
	});
});

describe('moderation', () => {
	it('a hidden project leaves the list, the page and the API; the county sees it with its reason', async () => {
		const id = await create({ title: 'Doppelter Eintrag Dorfcafé' });
		const listed = async () => (await api<{ projects: { id: string }[] }>('/api/v1/projects?village=altengeseke&q=Doppelter')).projects.map((p) => p.id);
		expect(await listed()).toEqual([id]);
		expect((await clients.county!.post(`/projects/${id}-doppelter-eintrag-dorfcafe?/hide`, { reason: 'Steht schon im Pool' })).status).toBe(200);
		expect(await listed()).toEqual([]);
		expect((await fetch(`${server.url}/api/v1/projects/${id}`)).status).toBe(404);
		expect((await fetch(`${server.url}/projects/${id}-doppelter-eintrag-dorfcafe`)).status).toBe(404);
		expect((await editorA().get(`/projects/${id}-doppelter-eintrag-dorfcafe`)).status).toBe(404);
		const seen = await clients.county!.get(`/projects/${id}-doppelter-eintrag-dorfcafe`);
		expect(seen.status).toBe(200);
		expect(await seen.text()).toContain('Steht schon im Pool');
	});
});

describe('pictures and documents', () => {
	let id = '';
	let ref = '';
	beforeAll(async () => {
		id = await create({ title: 'Dorfladen mit Bildern' });
		ref = (await fetch(`${server.url}/projects/${id}`, { redirect: 'manual' })).headers.get('location')!;
	});
	const imageForm = async (alt: string) => {
		const form = new FormData();
		const png = await sharp({ create: { width: 120, height: 90, channels: 3, background: '#1f6f43' } }).png().toBuffer();
		form.set('image', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'laden.png');
		form.set('alt', alt);
		return form;
	};

	it('answers a body over the limit with the size on the file field, not as missing fields', async () => {
		const form = new FormData();
		form.set('image', new Blob([new Uint8Array(13 * 1024 * 1024)], { type: 'image/png' }), 'riesig.png');
		form.set('alt', 'Riesig');
		const res = await editorA().postMultipart(`${ref}?/addFile&kind=image`, form);
		expect(res.status).toBe(413);
		const html = await res.text();
		expect(html).toContain('Bild: Die Datei ist zu groß (höchstens 10 MB).');
		expect(html).not.toContain('Bitte ausfüllen');
	});

	it('refuses a picture without description by field, keeping the page', async () => {
		const res = await editorA().postMultipart(`${ref}?/addFile&kind=image`, await imageForm(''));
		expect(res.status).toBe(400);
		expect(await res.text()).toContain('Bildbeschreibung: Bitte ausfüllen.');
	});

	it('shows an uploaded picture in the gallery and lists it with a PDF in the API, as its OpenAPI schema says', async () => {
		expect((await editorA().postMultipart(`${ref}?/addFile&kind=image`, await imageForm('Die Theke mit Gemüse aus dem Dorf'))).status).toBe(200);
		const pdf = new FormData();
		pdf.set('document', new Blob(['%PDF-1.4\ntrailer << >>\n%%EOF\n'], { type: 'application/pdf' }), 'flyer.pdf');
		pdf.set('title', 'Flyer zur Eröffnung');
		expect((await editorA().postMultipart(`${ref}?/addFile&kind=document`, pdf)).status).toBe(200);
		const html = await (await fetch(server.url + ref)).text();
		expect(html).toMatch(/<img [^>]*alt="Die Theke mit Gemüse aus dem Dorf"/);
		expect(html).toContain('Flyer zur Eröffnung');
		const json = await api<unknown>(`/api/v1/projects/${id}`);
		const parsed = projectDetailSchema.parse(json);
		expect(parsed.images).toEqual([{ url: expect.stringMatching(/^\/files\//), alt: 'Die Theke mit Gemüse aus dem Dorf' }]);
		expect(parsed.documents).toEqual([{ url: expect.stringMatching(/^\/files\//), title: 'Flyer zur Eröffnung', bytes: expect.any(Number) }]);
		const file = await fetch(server.url + parsed.documents[0]!.url);
		expect(file.headers.get('content-disposition')).toMatch(/^attachment/);
	});

	it("no longer lists a hidden project's files in the API", async () => {
		expect((await clients.county!.post(`${ref}?/hide`, { reason: 'Doppelt eingetragen' })).status).toBe(200);
		expect((await fetch(`${server.url}/api/v1/projects/${id}`)).status).toBe(404);
		expect((await fetch(server.url + ref)).status).toBe(404);
	});
});
