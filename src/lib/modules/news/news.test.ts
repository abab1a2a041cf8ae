// The news module against a real database, through the same context and action runner the core uses.
// Unhappy paths first: who may not write, bad input, ids of another village; then XSS, the job, the banner, feeds.
import { parseFeed } from '@rowanmanning/feed-parser';
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { setModule } from '../../../../tests/helpers/jobsModule.ts';
import { pageThrough } from '../../../../tests/helpers/overview.ts';
import { createTestDb, type TestDb } from '../../../../tests/helpers/testDb.ts';
import { formAction, runModuleAction } from '../../server/builder/moduleActions.ts';
import { createModuleContext } from '../../server/builder/moduleContext.ts';
import { moduleJobHandler } from '../../server/builder/moduleJobs.ts';
import { runDueJobs } from '../../server/jobs/worker.ts';
import { newId } from '../../server/ids.ts';
import type { Actor } from '../../server/policy/index.ts';
import { createLocalHub } from '../../server/realtime/hub.ts';
import { insertTenant, type Tenant } from '../../server/tenancy/tenants.ts';
import type { AnyModule } from '../registry.ts';
import news from './module.ts';
import { listArticles } from './queries.ts';
import { settingsSchema } from './schemas.ts';

let t: TestDb;
let A: Tenant;
let B: Tenant;
let clubA: string;
let clubA2: string;
const module = news as unknown as AnyModule;
const ORIGIN = 'https://allmende.example';
const DAY = 86_400_000;

beforeAll(async () => {
	t = await createTestDb();
	const county = await insertTenant(t.db, { kind: 'county', slug: 'kreis', name: 'Kreis', parent: null });
	const muni = await insertTenant(t.db, { kind: 'municipality', slug: 'gemeinde', name: 'Gemeinde', parent: county });
	A = await insertTenant(t.db, { kind: 'village', slug: 'dorf-a', name: 'Dorf A', parent: muni });
	B = await insertTenant(t.db, { kind: 'village', slug: 'dorf-b', name: 'Dorf B', parent: muni });
	for (const v of [A, B]) await setModule(t.db, v, 'news', true);
	const now = Date.now();
	clubA = newId();
	clubA2 = newId();
	await t.db.insertInto('clubs').values({ id: clubA, tenantId: A.id, name: 'Schützenverein A', slug: 'schuetzen-a', description: '', createdAt: now, updatedAt: now }).execute();
	await t.db.insertInto('clubs').values({ id: clubA2, tenantId: A.id, name: 'Chor A', slug: 'chor-a', description: '', createdAt: now, updatedAt: now }).execute();
	await t.db.insertInto('users').values({ id: 'u-editor-a', email: 'redaktion@a.example', passwordHash: 'x', displayName: 'Erika Redaktion', createdAt: now, updatedAt: now } as never).execute();
	await t.db.insertInto('memberships').values({ id: newId(), userId: 'u-editor-a', tenantId: A.id, role: 'editor', createdAt: now } as never).execute();
});
afterAll(() => t.cleanup());

const person = (tenantId: string | null, role: 'admin' | 'editor' | 'moderator' | 'member', clubRoles: Actor['clubRoles'] = []): Actor => ({ userId: tenantId && role === 'editor' && tenantId === A?.id ? 'u-editor-a' : `u-${role}-${tenantId}`, memberships: tenantId ? [{ tenantId, role }] : [], clubRoles });
const anonymous: Actor = { userId: null, memberships: [], clubRoles: [] };
const editorA = () => person(A.id, 'editor');
const editorB = () => person(B.id, 'editor');
const ctx = (village: Tenant, actor: Actor = anonymous, settings = {}) =>
	createModuleContext({ db: t.db, village, module, settings: settingsSchema.parse(settings), actor, locale: 'de', ip: '127.0.0.1', origin: ORIGIN, readOnly: true });
const act = (village: Tenant, actor: Actor, name: string, input: Record<string, unknown>, opts: { settings?: Record<string, unknown>; files?: Record<string, File> } = {}) =>
	runModuleAction({
		rt: { db: t.db, hub: createLocalHub(), kickJobs: () => {} },
		village,
		vm: { module, enabled: true, position: 0, settings: settingsSchema.parse(opts.settings ?? {}) },
		action: formAction(module, name)!,
		actor,
		locale: 'de',
		ip: '127.0.0.1',
		input,
		files: opts.files,
		origin: ORIGIN
	});
const page = (village: Tenant, actor: Actor, component: string, params: Record<string, string> = {}, query = '', settings = {}) =>
	module.server.load(ctx(village, actor, settings), module.pages.find((p) => p.component === component && (component !== 'Edit' || (params.articleId ? p.path.startsWith('edit') : p.path === 'new')))!, params, new URLSearchParams(query));
const rowsOf = async (village: Tenant) => t.db.selectFrom('newsArticles' as never).selectAll().where('tenantId' as never, '=', village.id as never).orderBy('createdAt' as never).execute() as Promise<Record<string, unknown>[]>;
const created = (res: Awaited<ReturnType<typeof act>>) => {
	if (!res.ok) throw new Error(JSON.stringify(res.errors));
	return res.data.id as string;
};
const article = { title: 'Neues aus dem Dorf', teaser: 'Kurz gesagt.', body: 'Ein **Absatz**.', category: 'Aus dem Dorf' };

beforeEach(async () => {
	await t.db.deleteFrom('jobs').execute();
});

describe('who may write', () => {
	it('refuses anonymous visitors (401), plain members and moderators (403), and writes nothing', async () => {
		for (const actor of [anonymous, person(A.id, 'member'), person(A.id, 'moderator')]) {
			for (const [name, input] of [
				['createArticle', { ...article, publish: 'now' }],
				['publishArticle', { articleId: 'x' }],
				['unpublishArticle', { articleId: 'x' }],
				['deleteArticle', { articleId: 'x' }],
				['updateArticle', { ...article, articleId: 'x' }]
			] as const) {
				expect(await act(A, actor, name, input), `${name} ${actor.userId}`).toMatchObject({ ok: false, status: actor === anonymous ? 401 : 403 });
			}
		}
		expect(await rowsOf(A)).toEqual([]);
	});

	it('refuses an editor of another village (403) and a club admin of another village’s club', async () => {
		expect(await act(A, editorB(), 'createArticle', { ...article, publish: 'now' })).toMatchObject({ ok: false, status: 403 });
		const clubB = newId();
		expect(await act(A, person(B.id, 'member', [{ clubId: clubB, role: 'admin' }]), 'createArticle', { ...article, clubId: clubB })).toMatchObject({ ok: false, status: 403 });
		expect(await rowsOf(A)).toEqual([]);
	});

	it('lets a club admin write for their own club only, and not for the village or another club', async () => {
		const clubAdmin = person(A.id, 'member', [{ clubId: clubA, role: 'admin' }]);
		const noClub = await act(A, clubAdmin, 'createArticle', article);
		expect(noClub).toMatchObject({ ok: false, status: 400 });
		if (!noClub.ok) expect(noClub.errors.clubId).toBe('Verein: Als Vereins-Admin schreiben Sie für Ihren Verein: bitte ihn wählen.');
		expect(await act(A, clubAdmin, 'createArticle', { ...article, clubId: clubA2 })).toMatchObject({ ok: false, status: 403 });
		const id = created(await act(A, clubAdmin, 'createArticle', { ...article, clubId: clubA, publish: 'now' }));
		// an editor's article (the village's own) stays out of the club admin's reach
		const villageOwn = created(await act(A, editorA(), 'createArticle', article));
		for (const name of ['publishArticle', 'deleteArticle'] as const) expect(await act(A, clubAdmin, name, { articleId: villageOwn }), name).toMatchObject({ ok: false, status: 403 });
		expect(await act(A, clubAdmin, 'updateArticle', { ...article, articleId: id, clubId: clubA, title: 'Geändert' })).toMatchObject({ ok: true });
		// moving their article to another club is not theirs to do
		expect(await act(A, clubAdmin, 'updateArticle', { ...article, articleId: id, clubId: clubA2 })).toMatchObject({ ok: false, status: 403 });
		await expect(page(A, clubAdmin, 'Edit', { articleId: villageOwn })).rejects.toMatchObject({ status: 403 });
		await expect(page(A, person(A.id, 'member'), 'Edit')).rejects.toMatchObject({ status: 403 });
		for (const articleId of [id, villageOwn]) await act(A, editorA(), 'deleteArticle', { articleId });
	});
});

describe('input', () => {
	it('names every bad field, keeps what was typed and writes nothing', async () => {
		const res = await act(A, editorA(), 'createArticle', { title: '', category: 'Sport', publish: 'at', publishAt: 'morgen', important: 'on', importantUntil: '31.12.' });
		expect(res).toMatchObject({ ok: false, status: 400 });
		if (!res.ok) {
			expect(res.errors.title).toBe('Titel: Bitte ausfüllen.');
			expect(res.errors.publishAt).toBe('Veröffentlichen am (Datum und Uhrzeit): Bitte Datum und Uhrzeit angeben, z. B. 2026-12-24T18:00.');
			expect(res.errors.importantUntil).toBe('Wichtig bis einschließlich: Bitte ein Datum angeben, z. B. 2026-12-24.');
			expect(res.values?.category).toBe('Sport');
		}
		// the checks across fields speak up together with the others, so a form names every problem at once
		const both = await act(A, editorA(), 'createArticle', { category: 'Aus dem Dorf', important: 'on', publish: 'at' });
		expect(both.ok ? {} : both.errors).toMatchObject({ title: 'Titel: Bitte ausfüllen.', importantUntil: expect.stringContaining('bis wann'), publishAt: expect.stringContaining('wann der Artikel') });
		expect(await act(A, editorA(), 'createArticle', { ...article, important: 'false' })).toMatchObject({ ok: true });
		await t.db.deleteFrom('newsArticles' as never).execute();
		const checks: [Record<string, unknown>, string, string][] = [
			[{ ...article, category: 'Sport' }, 'category', 'Rubrik: Bitte eine der Rubriken des Dorfs wählen.'],
			[{ ...article, clubId: 'kein-verein' }, 'clubId', 'Verein: Bitte einen Verein des Dorfs wählen.'],
			[{ ...article, publish: 'at' }, 'publishAt', 'Veröffentlichen am (Datum und Uhrzeit): Bitte angeben, wann der Artikel erscheinen soll.'],
			[{ ...article, publishAt: '2020-01-01T10:00' }, 'publishAt', 'Veröffentlichen am (Datum und Uhrzeit): Der Zeitpunkt liegt in der Vergangenheit. Für sofort „Jetzt veröffentlichen“ wählen.'],
			[{ ...article, important: true }, 'importantUntil', 'Wichtig bis einschließlich: Bitte angeben, bis wann die Mitteilung wichtig ist.'],
			[{ ...article, important: true, importantUntil: '2020-01-01' }, 'importantUntil', 'Wichtig bis einschließlich: Das Enddatum liegt in der Vergangenheit.'],
			[{ ...article, imageId: 'fremde-datei', imageAlt: 'Bild' }, 'imageId', 'Bild: Diesen Artikel gibt es nicht (mehr).'],
			[{ ...article, title: 'x'.repeat(141) }, 'title', 'Titel: '],
			[{ ...article, publish: 'sofort' }, 'publish', 'Veröffentlichung: ']
		];
		for (const [input, field, message] of checks) {
			const r = await act(A, editorA(), 'createArticle', input);
			expect(r, field).toMatchObject({ ok: false, status: 400 });
			if (!r.ok) expect(r.errors[field], field).toContain(message);
		}
		expect(await rowsOf(A)).toEqual([]);
	});

	it('requires alt text for an uploaded image, and keeps no file when refused', async () => {
		const png = new File([new Uint8Array(await sharp({ create: { width: 40, height: 30, channels: 3, background: '#1f6f43' } }).png().toBuffer())], 'bild.png');
		const refused = await act(A, editorA(), 'createArticle', { ...article }, { files: { imageId: png } });
		expect(refused).toMatchObject({ ok: false, status: 400 });
		if (!refused.ok) expect(refused.errors.imageAlt).toMatch(/^Bildbeschreibung \(Alternativtext\): /);
		expect(await t.db.selectFrom('files').select('id').where('tenantId', '=', A.id).execute()).toEqual([]);
		const id = created(await act(A, editorA(), 'createArticle', { ...article, imageAlt: 'Die Vogelstange im Sonnenschein', publish: 'now' }, { files: { imageId: png } }));
		const shown = (await page(A, anonymous, 'Article', { articleId: id })).article as { image: { url: string; alt: string } };
		expect(shown.image.alt).toBe('Die Vogelstange im Sonnenschein');
		// the description can change without a new upload, but not be emptied while there is an image
		const emptied = await act(A, editorA(), 'updateArticle', { ...article, articleId: id, imageAlt: '' });
		expect(emptied).toMatchObject({ ok: false, status: 400 });
		expect(await act(A, editorA(), 'updateArticle', { ...article, articleId: id, removeImage: 'on' })).toMatchObject({ ok: true });
		expect(await t.db.selectFrom('files').select('id').where('tenantId', '=', A.id).execute()).toEqual([]);
		await act(A, editorA(), 'deleteArticle', { articleId: id });
	});
});

describe('another village', () => {
	it('answers 404 for ids of another village and changes nothing there', async () => {
		const ofB = created(await act(B, editorB(), 'createArticle', { ...article, title: 'Nur in B', publish: 'now' }));
		const draftOfB = created(await act(B, editorB(), 'createArticle', { ...article, title: 'Entwurf in B' }));
		const before = await rowsOf(B);
		for (const [name, input] of [
			['updateArticle', { ...article, articleId: ofB, title: 'Gekapert' }],
			['publishArticle', { articleId: draftOfB }],
			['unpublishArticle', { articleId: ofB }],
			['deleteArticle', { articleId: ofB }]
		] as const) {
			expect(await act(A, editorA(), name, input), name).toMatchObject({ ok: false, status: 404 });
		}
		expect(await rowsOf(B)).toEqual(before);
		await expect(page(A, editorA(), 'Article', { articleId: ofB })).rejects.toMatchObject({ status: 404 });
		await expect(page(A, editorA(), 'Edit', { articleId: ofB })).rejects.toMatchObject({ status: 404 });
		expect(await module.server.api!.articles!.run(ctx(A), { id: ofB, query: new URLSearchParams(), input: undefined })).toBeNull();
		const listed = (await module.server.api!.articles!.run(ctx(A), { id: null, query: new URLSearchParams(), input: undefined })) as { articles: { id: string }[] };
		expect(listed.articles.map((a) => a.id)).not.toContain(ofB);
	});

	it('shows drafts to nobody but those who may edit them', async () => {
		const draft = created(await act(A, editorA(), 'createArticle', { ...article, title: 'Geheimer Entwurf' }));
		for (const actor of [anonymous, person(A.id, 'member'), editorB()]) await expect(page(A, actor, 'Article', { articleId: draft })).rejects.toMatchObject({ status: 404 });
		expect(((await page(A, anonymous, 'Page')).drafts as unknown[]).length).toBe(0);
		expect(await module.server.api!.articles!.run(ctx(A), { id: draft, query: new URLSearchParams(), input: undefined })).toBeNull();
		expect(((await page(A, editorA(), 'Article', { articleId: draft })).article as { title: string }).title).toBe('Geheimer Entwurf');
		await act(A, editorA(), 'deleteArticle', { articleId: draft });
	});
});

const XSS = {
	title: '<script>alert("titel")</script>',
	teaser: '<img src=x onerror=alert("teaser")>',
	body: '<script>alert("body")</script>\n\n[klick](javascript:alert("link"))\n\n<img src=x onerror=alert("img")>\n\n<a href="https://ok.example" onclick="alert(1)">ok</a>\n\n]]><script>alert("cdata")</script>',
	category: '<script>alert("rubrik")</script>'
};
// markup that would run: a script element, an event handler attribute on a tag, a javascript: link
const dangerous = /<script|<[a-z][^>]*\son[a-z]+\s*=|href="?\s*javascript:/i;

describe('rich text and feeds', () => {
	it('neutralises script in every field: page data, API, RSS and Atom', async () => {
		const settings = { categories: `Aus dem Dorf, ${XSS.category}` };
		const png = new File([new Uint8Array(await sharp({ create: { width: 40, height: 30, channels: 3, background: '#aa0000' } }).png().toBuffer())], 'x.png');
		const id = created(await act(A, editorA(), 'createArticle', { ...XSS, category: 'scriptalert("rubrik")/script', imageAlt: '"><script>alert("alt")</script>', publish: 'now' }, { settings, files: { imageId: png } }));
		const data = (await page(A, anonymous, 'Article', { articleId: id }, '', settings)).article as { bodyHtml: string; title: string; image: { alt: string } };
		// the one field that is written as HTML into the page is sanitised …
		expect(data.bodyHtml).not.toMatch(dangerous);
		expect(data.bodyHtml).toContain('href="https://ok.example"');
		// … the others are plain text, which Svelte escapes (they are never put into {@html})
		expect(data.title).toBe(XSS.title);
		const api = (await module.server.api!.articles!.run(ctx(A), { id, query: new URLSearchParams(), input: undefined })) as { bodyHtml: string };
		expect(api.bodyHtml).not.toMatch(dangerous);

		for (const name of ['news.xml', 'news.atom']) {
			const { body } = await module.server.feeds![name]!.render(ctx(A, anonymous, settings), new URLSearchParams());
			// no executable markup anywhere in the document: text is escaped, the content is sanitised
			expect(body, name).not.toMatch(dangerous);
			// A reader gets the title back as the text that was typed (escaped once in the HTML it reads). The parser
			// decodes entities inside content too, so its `content` says nothing about safety: the document above does.
			const parsed = parseFeed(body);
			const item = parsed.items.find((i) => i.title === XSS.title)!;
			expect(item, name).toBeTruthy();
			expect(item.categories.map((c) => c.label ?? c.term), name).toEqual(['scriptalert("rubrik")/script']);
		}
		await act(A, editorA(), 'deleteArticle', { articleId: id });
	});

	it('serves only published articles in the feeds, with absolute links, dates and categories, readable by a feed parser', async () => {
		const pub = created(await act(A, editorA(), 'createArticle', { ...article, title: 'Öffentlich', category: 'Vereine', clubId: clubA, publish: 'now' }));
		const draft = created(await act(A, editorA(), 'createArticle', { ...article, title: 'Noch geheim' }));
		created(await act(B, editorB(), 'createArticle', { ...article, title: 'Aus Dorf B', publish: 'now' }));
		for (const name of ['news.xml', 'news.atom']) {
			const { body, lastModified } = await module.server.feeds![name]!.render(ctx(A), new URLSearchParams());
			const feed = parseFeed(body);
			expect(feed.title, name).toBe('Dorf-News – Dorf A');
			const titles = feed.items.map((i) => i.title);
			expect(titles, name).toContain('Öffentlich');
			expect(titles, name).not.toContain('Noch geheim');
			expect(titles, name).not.toContain('Aus Dorf B');
			const item = feed.items.find((i) => i.title === 'Öffentlich')!;
			expect(item.url, name).toBe(`${ORIGIN}/dorf-a/news/article/${pub}`);
			expect(item.published?.getTime(), name).toBeGreaterThan(Date.now() - 60_000);
			expect(item.categories.map((c) => c.label ?? c.term), name).toEqual(['Vereine']);
			expect(item.authors.map((a) => a.name), name).toEqual(['Erika Redaktion']);
			expect(lastModified, name).toBeGreaterThan(0);
		}
		for (const articleId of [pub, draft]) await act(A, editorA(), 'deleteArticle', { articleId });
	});
});

describe('publishing', () => {
	it('publishes a draft now, says so after the redirect, and takes it back to a draft', async () => {
		const id = created(await act(A, editorA(), 'createArticle', { ...article, title: 'Erst Entwurf' }));
		const published = await act(A, editorA(), 'publishArticle', { articleId: id });
		expect(published).toMatchObject({ ok: true, data: { state: 'published' }, redirect: `article/${id}?saved=published` });
		expect((await page(A, anonymous, 'Article', { articleId: id }, 'saved=published')).savedText).toBe('Veröffentlicht.');
		expect((await page(A, anonymous, 'Article', { articleId: id }, 'saved=%3Cscript%3E')).savedText).toBeNull();
		const first = Number((await rowsOf(A)).find((r) => r.id === id)!.publishedAt);
		// publishing again keeps the first date
		await act(A, editorA(), 'publishArticle', { articleId: id });
		expect(Number((await rowsOf(A)).find((r) => r.id === id)!.publishedAt)).toBe(first);
		expect(await act(A, editorA(), 'unpublishArticle', { articleId: id })).toMatchObject({ ok: true, data: { state: 'draft' } });
		await expect(page(A, anonymous, 'Article', { articleId: id })).rejects.toMatchObject({ status: 404 });
		await act(A, editorA(), 'deleteArticle', { articleId: id });
	});
});

describe('scheduled publication', () => {
	const worker = (now: number) => runDueJobs({ db: t.db, dialect: t.dialect, handlers: { module: moduleJobHandler({ db: t.db, hub: createLocalHub(), modules: [module] }) }, now });
	const stateOf = async (id: string) => (await rowsOf(A)).find((r) => r.id === id)!;

	it('publishes at its time from the job worker, with no request, once', async () => {
		const at = new Date(Date.now() + 2 * DAY);
		const id = created(await act(A, editorA(), 'createArticle', { ...article, title: 'Geplant', publishAt: at.toISOString() }));
		expect(await stateOf(id)).toMatchObject({ state: 'scheduled' });
		expect(await listArticles(ctx(A).data as never, { limit: 50 })).not.toContainEqual(expect.objectContaining({ id }));
		expect(await worker(at.getTime() - 60_000)).toBe(0); // not due yet
		expect(await worker(at.getTime() + 1000)).toBe(1);
		expect(await stateOf(id)).toMatchObject({ state: 'published', scheduleToken: null });
		expect(Number((await stateOf(id)).publishedAt)).toBe(at.getTime());
		// running the same job again changes nothing
		await t.db.updateTable('jobs').set({ doneAt: null, runAt: 0 }).execute();
		await worker(at.getTime() + 2000);
		expect(Number((await stateOf(id)).publishedAt)).toBe(at.getTime());
		const audit = await t.db.selectFrom('auditLog').select('action').where('targetId', '=', id).execute();
		expect(audit.filter((a) => a.action === 'news.publish.scheduled')).toHaveLength(1);
		await act(A, editorA(), 'deleteArticle', { articleId: id });
	});

	it('does nothing for an article unpublished or re-planned meanwhile', async () => {
		const at = Date.now() + DAY;
		const unpublished = created(await act(A, editorA(), 'createArticle', { ...article, title: 'Zurückgezogen', publishAt: new Date(at).toISOString() }));
		expect(await act(A, editorA(), 'unpublishArticle', { articleId: unpublished })).toMatchObject({ ok: true });
		const moved = created(await act(A, editorA(), 'createArticle', { ...article, title: 'Verschoben', publishAt: new Date(at).toISOString() }));
		expect(await act(A, editorA(), 'publishArticle', { articleId: moved, publishAt: new Date(at + 3 * DAY).toISOString() })).toMatchObject({ ok: true, data: { state: 'scheduled' } });
		await worker(at + 1000);
		expect(await stateOf(unpublished)).toMatchObject({ state: 'draft', publishedAt: null });
		expect(await stateOf(moved)).toMatchObject({ state: 'scheduled' });
		await worker(at + 3 * DAY + 1000);
		expect(await stateOf(moved)).toMatchObject({ state: 'published' });
		expect(await stateOf(unpublished)).toMatchObject({ state: 'draft' });
		for (const articleId of [unpublished, moved]) await act(A, editorA(), 'deleteArticle', { articleId });
	});

	it('reads a form’s time as Berlin wall-clock time', async () => {
		const id = created(await act(A, editorA(), 'createArticle', { ...article, publish: 'at', publishAt: '2031-07-01T18:00' }));
		expect(Number((await stateOf(id)).publishAt)).toBe(Date.UTC(2031, 6, 1, 16, 0));
		const edit = await page(A, editorA(), 'Edit', { articleId: id });
		expect((edit.values as { publishAt: string }).publishAt).toBe('2031-07-01T18:00');
		await act(A, editorA(), 'deleteArticle', { articleId: id });
	});
});

describe('important announcements', () => {
	it('shows a banner and the widget’s first entry until the end date, then neither', async () => {
		expect(await module.server.banner!(ctx(A))).toBeNull();
		const until = new Date(Date.now() + 3 * DAY).toISOString().slice(0, 10);
		const id = created(await act(A, editorA(), 'createArticle', { ...article, title: 'Wasser abkochen!', teaser: 'Bis auf Weiteres.', important: 'on', importantUntil: until, publish: 'now' }));
		const latest = created(await act(A, editorA(), 'createArticle', { ...article, title: 'Danach', publish: 'now' }));
		const banner = await module.server.banner!(ctx(A));
		expect(banner).toMatchObject({ title: 'Wasser abkochen!', text: 'Bis auf Weiteres.', url: `/dorf-a/news/article/${id}` });
		// the end is the first moment after the given day, in Berlin
		expect(new Date(banner!.until!).toLocaleString('de-DE', { timeZone: 'Europe/Berlin' })).toMatch(/, 00:00:00$/);
		const widget = await module.server.widget!(ctx(A));
		expect((widget.important as { id: string }).id).toBe(id);
		expect((widget.articles as { id: string }[]).map((a) => a.id)).not.toContain(id);
		expect(widget.articles as unknown[]).toContainEqual({ id: latest, title: 'Danach', stateLabel: expect.stringMatching(/^Veröffentlicht am /) });
		expect(widget.texts).toEqual({ important: 'Wichtige Mitteilung', empty: 'Noch keine Artikel.', all: 'Alle Artikel' });
		// a draft is no banner
		expect(await module.server.banner!(ctx(B))).toBeNull();
		// the end date passes
		await t.db.updateTable('newsArticles' as never).set({ importantUntil: Date.now() - 1 } as never).where('id' as never, '=', id as never).execute();
		expect(await module.server.banner!(ctx(A))).toBeNull();
		expect((await module.server.widget!(ctx(A))).important).toBeNull();
		// unpublished: no banner either
		await t.db.updateTable('newsArticles' as never).set({ importantUntil: Date.now() + DAY } as never).where('id' as never, '=', id as never).execute();
		expect(await module.server.banner!(ctx(A))).not.toBeNull();
		await act(A, editorA(), 'unpublishArticle', { articleId: id });
		expect(await module.server.banner!(ctx(A))).toBeNull();
		for (const articleId of [id, latest]) await act(A, editorA(), 'deleteArticle', { articleId });
	});
});

describe('lists', () => {
	it('pages through published articles newest first and filters by category and club', async () => {
		const ids: string[] = [];
		for (let i = 0; i < 12; i++) ids.push(created(await act(A, editorA(), 'createArticle', { ...article, title: `Artikel ${i}`, category: i % 2 ? 'Vereine' : 'Gemeinde', clubId: i === 3 ? clubA : undefined, publish: 'now' })));
		const first = await page(A, anonymous, 'Page');
		expect((first.articles as { title: string }[]).map((a) => a.title).slice(0, 3)).toEqual(['Artikel 11', 'Artikel 10', 'Artikel 9']);
		expect(first.articles).toHaveLength(10);
		const second = await page(A, anonymous, 'Page', {}, `before=${first.next}`);
		expect((second.articles as { title: string }[]).map((a) => a.title)).toEqual(['Artikel 1', 'Artikel 0']);
		expect(second.next).toBeNull();
		const vereine = await page(A, anonymous, 'Page', {}, 'category=Vereine');
		expect((vereine.articles as { category: string }[]).every((a) => a.category === 'Vereine')).toBe(true);
		const club = await page(A, anonymous, 'Page', {}, `club=${clubA}`);
		expect((club.articles as { title: string; club: { name: string } }[]).map((a) => [a.title, a.club.name])).toEqual([['Artikel 3', 'Schützenverein A']]);
		// an unknown category is no filter (and is not echoed into the page)
		expect((await page(A, anonymous, 'Page', {}, 'category=%3Cscript%3E')).filter).toEqual({ category: '', club: '' });
		for (const articleId of ids) await act(A, editorA(), 'deleteArticle', { articleId });
	});

	it('has a label for every audit action it writes', async () => {
		const rows = await t.db.selectFrom('auditLog').select('action').where('action', 'like', 'news.%').execute();
		for (const { action } of rows) expect(module.auditActions?.[action], action).toBeDefined();
		expect(new Set(rows.map((r) => r.action))).toEqual(new Set(['news.add', 'news.update', 'news.delete', 'news.publish', 'news.unpublish', 'news.schedule', 'news.publish.scheduled']));
	});
});

describe("the village's articles on the county's overview", () => {
	it('lists only published articles, newest first, important ones marked, page after page', async () => {
		const C = await insertTenant(t.db, { kind: 'village', slug: 'dorf-c', name: 'Dorf C', parent: A });
		const editorC = person(C.id, 'editor');
		const first = created(await act(C, editorC, 'createArticle', { ...article, title: 'Erste', publish: 'now' }));
		const second = created(await act(C, editorC, 'createArticle', { ...article, title: 'Zweite', category: 'Vereine', publish: 'now' }));
		const until = new Date(Date.now() + 5 * DAY).toLocaleDateString('sv-SE', { timeZone: 'Europe/Berlin' });
		const third = created(await act(C, editorC, 'createArticle', { ...article, title: 'Dritte', publish: 'now', important: 'on', importantUntil: until }));
		created(await act(C, editorC, 'createArticle', { ...article, title: 'Entwurf', publish: 'draft' }));
		// all three in the same millisecond: the order then goes by id, newest first as well
		await t.db.updateTable('newsArticles' as never).set({ publishedAt: 1_000 } as never).where('tenantId' as never, '=', C.id as never).where('id' as never, 'in', [first, second] as never).execute();
		const overview = module.server.overview!;
		const list = (args: { limit: number; after?: { at: number; id: string | null }; category?: string }) => overview.list(ctx(C), { from: 0, ...args });

		const all = await list({ limit: 50 });
		expect(all.map((i) => i.title)).toEqual(['Dritte', 'Zweite', 'Erste']);
		expect(all[0]).toMatchObject({ id: third, url: `/dorf-c/news/article/${third}`, important: true, text: 'Kurz gesagt.' });
		expect(all[1]).toMatchObject({ important: false, category: 'Vereine', at: 1_000 });
		expect(await pageThrough(list)).toEqual(all);
		expect(await list({ limit: 50, after: { at: 1_000, id: null } })).toEqual([]);
		expect((await list({ limit: 50, category: 'Vereine' })).map((i) => i.title)).toEqual(['Zweite']);
		expect((await overview.list(ctx(B), { limit: 50, from: 0 })).map((i) => i.title)).not.toContain('Erste');
	});
});

describe('push notifications', () => {
	const pushed = (village: Tenant) => t.db.selectFrom('pushMessages').select(['title', 'topics', 'urgency', 'moduleId', 'url']).where('tenantId', '=', village.id).orderBy('createdAt').execute();
	const until = new Date(Date.now() + 5 * DAY).toISOString().slice(0, 10);

	it('queues nothing for a draft, a refused write or bad input', async () => {
		await t.db.deleteFrom('pushMessages').execute();
		const draft = created(await act(A, editorA(), 'createArticle', { ...article, title: 'Entwurf' }));
		expect(await act(A, editorB(), 'publishArticle', { articleId: draft })).toMatchObject({ ok: false });
		expect(await act(A, editorA(), 'createArticle', { ...article, title: '', publish: 'now' })).toMatchObject({ ok: false });
		expect(await pushed(A)).toEqual([]);
		await act(A, editorA(), 'deleteArticle', { articleId: draft });
	});

	it('queues one message when an important announcement is published — to both topics, with high urgency — and not again', async () => {
		await t.db.deleteFrom('pushMessages').execute();
		const id = created(await act(A, editorA(), 'createArticle', { ...article, title: 'Wasser abkochen', publish: 'now', important: 'on', importantUntil: until }));
		expect(await pushed(A)).toEqual([{ title: 'Wasser abkochen', topics: JSON.stringify(['news.important', 'news.articles']), urgency: 'high', moduleId: 'news', url: `/dorf-a/news/article/${id}` }]);
		// the message's job is queued with it
		expect(await t.db.selectFrom('jobs').select('kind').where('kind', '=', 'push.prepare').execute()).toHaveLength(1);
		expect(await act(A, editorA(), 'unpublishArticle', { articleId: id })).toMatchObject({ ok: true });
		expect(await act(A, editorA(), 'publishArticle', { articleId: id })).toMatchObject({ ok: true, data: { state: 'published' } });
		expect(await pushed(A)).toHaveLength(1);
		expect(await pushed(B)).toEqual([]);
		await act(A, editorA(), 'deleteArticle', { articleId: id });
	});

	it('queues "Neue Artikel" for a plain article, and "Wichtige Mitteilungen" once when it becomes important later', async () => {
		await t.db.deleteFrom('pushMessages').execute();
		const id = created(await act(A, editorA(), 'createArticle', { ...article, title: 'Dorffest', publish: 'now' }));
		expect(await act(A, editorA(), 'updateArticle', { ...article, articleId: id, title: 'Dorffest fällt aus', important: 'on', importantUntil: until })).toMatchObject({ ok: true });
		expect(await act(A, editorA(), 'updateArticle', { ...article, articleId: id, title: 'Dorffest fällt aus (neu)', important: 'on', importantUntil: until })).toMatchObject({ ok: true });
		expect((await pushed(A)).map((m) => [m.title, m.topics, m.urgency])).toEqual([
			['Dorffest', JSON.stringify(['news.articles']), 'normal'],
			['Dorffest fällt aus', JSON.stringify(['news.important']), 'high']
		]);
		await act(A, editorA(), 'deleteArticle', { articleId: id });
	});
});
