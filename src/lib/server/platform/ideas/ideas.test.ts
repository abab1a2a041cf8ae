import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../../../tests/helpers/testDb.ts';
import { createUser, getUserByEmail } from '../../auth/accounts.ts';
import { MAX_UPLOAD_BYTES } from '../../files/uploads.ts';
import { ideaDetailSchema } from '../../http/apiSchemas.ts';
import { AppError } from '../../http/errors.ts';
import { parseInput } from '../../http/validate.ts';
import { ANONYMOUS, loadActor, type Actor } from '../../policy/index.ts';
import { seedDemo } from '../../seed/demo.ts';
import { grantRole } from '../../tenancy/memberships.ts';
import { getTenantBySlug, type Tenant } from '../../tenancy/tenants.ts';
import { commentIdea } from './commentIdea.ts';
import { hideComment, hideIdea } from './hideIdea.ts';
import { getIdea, listIdeas } from './listIdeas.ts';
import { markIdeaBecameProject, moveIdea } from './moveIdea.ts';
import { removeIdeaImage } from './ideaImage.ts';
import { presentIdea } from './presentIdea.ts';
import { commentIdeaSchema, hideIdeaSchema, listIdeasQuerySchema, moveIdeaSchema, submitIdeaSchema } from './schemas.ts';
import { submitIdea } from './submitIdea.ts';
import { supportIdea, withdrawSupport } from './supportIdea.ts';

// Altengeseke (A, municipality Anröchte) and Körbecke (B, Möhnesee) from the demo seed: dorf1 administers A,
// dorf2 B, redaktion edits A, buerger is a member of A, kreis administers the county.
let t: TestDb;
let a: Tenant;
const actor = {} as Record<'citizen' | 'editorA' | 'adminA' | 'adminB' | 'county' | 'muniA' | 'outsider', Actor>;

async function as(email: string) {
	return loadActor(t.db, (await getUserByEmail(t.db, email))!.id);
}
async function status(run: () => Promise<unknown>): Promise<number> {
	try {
		await run();
		return 200;
	} catch (e) {
		if (e instanceof AppError) return e.status;
		throw e;
	}
}
const submit = (who: Actor, input: Partial<{ title: string; description: string; category: string; village: string; club: string }> = {}) =>
	submitIdea(t.db, { actor: who, input: { title: 'Dorfladen mit Selbstbedienung', category: 'soziales', village: 'altengeseke', ...input }, ip: '127.0.0.1' });
const query = (q: Record<string, string> = {}) => listIdeasQuerySchema.parse(q);

beforeAll(async () => {
	t = await createTestDb();
	await seedDemo(t.db);
	a = (await getTenantBySlug(t.db, 'altengeseke'))!;
	actor.citizen = await as('buerger@example.org');
	actor.editorA = await as('redaktion@example.org');
	actor.adminA = await as('dorf1@example.org');
	actor.adminB = await as('dorf2@example.org');
	actor.county = await as('kreis@example.org');
	await createUser(t.db, { email: 'gemeinde-anroechte@example.org', password: 'egal egal egal', displayName: 'Gemeinde Anröchte', verified: true });
	await grantRole(t.db, { tenantId: a.parentId!, userId: (await getUserByEmail(t.db, 'gemeinde-anroechte@example.org'))!.id, role: 'admin' });
	actor.muniA = await as('gemeinde-anroechte@example.org');
	await createUser(t.db, { email: 'zugezogen@example.org', password: 'egal egal egal', displayName: 'Neu Zugezogen', verified: true });
	actor.outsider = await as('zugezogen@example.org');
});
afterAll(() => t.cleanup());

describe('refusals first', () => {
	it('anonymous visitors cannot submit, support, withdraw or comment (401)', async () => {
		const { id } = await submit(actor.citizen);
		expect(await status(() => submit(ANONYMOUS))).toBe(401);
		expect(await status(() => supportIdea(t.db, { actor: ANONYMOUS, ideaId: id, ip: '' }))).toBe(401);
		expect(await status(() => withdrawSupport(t.db, { actor: ANONYMOUS, ideaId: id, ip: '' }))).toBe(401);
		expect(await status(() => commentIdea(t.db, { actor: ANONYMOUS, ideaId: id, comment: 'Hallo', ip: '' }))).toBe(401);
	});

	it('only the village’s editors and those above move an idea; another village’s admin gets 403', async () => {
		const { id } = await submit(actor.citizen);
		for (const who of [ANONYMOUS, actor.citizen, actor.outsider, actor.adminB]) {
			expect(await status(() => moveIdea(t.db, { actor: who, input: { ideaId: id, status: 'discussion' }, ip: '' }))).toBe(403);
		}
		expect((await t.db.selectFrom('ideas').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status).toBe('new');
		expect(await status(() => moveIdea(t.db, { actor: actor.editorA, input: { ideaId: id, status: 'discussion' }, ip: '' }))).toBe(200);
	});

	it('moderation belongs to the municipality and county above: the village’s own admin and editors cannot hide', async () => {
		const { id } = await submit(actor.citizen);
		for (const who of [actor.adminA, actor.editorA, actor.citizen, actor.adminB, ANONYMOUS]) {
			expect(await status(() => hideIdea(t.db, { actor: who, input: { ideaId: id, reason: 'Beleidigend' }, ip: '' }))).toBe(403);
		}
		const { id: commentId } = await commentIdea(t.db, { actor: actor.citizen, ideaId: id, comment: 'Gute Idee', ip: '' });
		expect(await status(() => hideComment(t.db, { actor: actor.adminA, input: { ideaId: id, commentId, reason: 'Beleidigend' }, ip: '' }))).toBe(403);
		expect(await status(() => hideComment(t.db, { actor: actor.muniA, input: { ideaId: id, commentId: 'constructor', reason: 'Beleidigend' }, ip: '' }))).toBe(404);
	});

	it('ids and filters such as constructor or __proto__ are not found (404) or refused (400), never a crash', async () => {
		for (const ideaId of ['constructor', '__proto__', 'toString']) {
			expect(await status(() => getIdea(t.db, { actor: actor.county, ideaId }))).toBe(404);
			expect(await status(() => supportIdea(t.db, { actor: actor.citizen, ideaId, ip: '' }))).toBe(404);
		}
		expect(await status(() => listIdeas(t.db, query({ village: '__proto__' })))).toBe(400);
		expect(await status(() => listIdeas(t.db, query({ category: 'constructor' })))).toBe(400);
		expect(listIdeasQuerySchema.safeParse({ status: '__proto__' }).success).toBe(false);
		// a municipality is not a village to put an idea in
		expect(await status(() => submit(actor.citizen, { village: 'anroechte' }))).toBe(400);
		expect(await status(() => submit(actor.citizen, { category: '__proto__' }))).toBe(400);
	});

	it('oversized or missing input is refused naming the field', () => {
		const long = (n: number) => 'x'.repeat(n);
		const bad = [
			[submitIdeaSchema, { title: long(121), category: 'kultur', village: 'altengeseke' }, 'title'],
			[submitIdeaSchema, { title: 'ab', category: 'kultur', village: 'altengeseke' }, 'title'],
			[submitIdeaSchema, { title: 'Gute Idee', description: long(5001), category: 'kultur', village: 'altengeseke' }, 'description'],
			[submitIdeaSchema, { title: 'Gute Idee', category: 'kultur', village: long(65) }, 'village'],
			[commentIdeaSchema, { ideaId: 'x', comment: long(2001) }, 'comment'],
			[moveIdeaSchema, { ideaId: 'x', status: 'archived' }, 'reason'],
			[moveIdeaSchema, { ideaId: 'x', status: 'project' }, 'status'],
			[hideIdeaSchema, { ideaId: 'x', reason: long(1001) }, 'reason']
		] as const;
		for (const [schema, input, field] of bad) {
			const parsed = parseInput(schema, input);
			expect(parsed.ok, field).toBe(false);
			if (!parsed.ok) expect(Object.keys(parsed.errors)).toContain(field);
		}
	});

	it('a club must belong to the chosen village', async () => {
		const clubA = (await t.db.selectFrom('clubs').select('id').where('tenantId', '=', a.id).executeTakeFirstOrThrow()).id;
		expect(await status(() => submit(actor.citizen, { village: 'koerbecke', club: clubA }))).toBe(400);
		expect(await status(() => submit(actor.citizen, { village: a.id, club: clubA }))).toBe(200);
	});

	it('an archived idea needs a move the status allows', async () => {
		const { id } = await submit(actor.citizen);
		await moveIdea(t.db, { actor: actor.editorA, input: { ideaId: id, status: 'archived', reason: 'Gibt es schon im Nachbardorf' }, ip: '' });
		expect(await status(() => moveIdea(t.db, { actor: actor.editorA, input: { ideaId: id, status: 'archived', reason: 'Nochmal' }, ip: '' }))).toBe(400);
	});
});

describe('supports', () => {
	it('count one per person: supporting twice is no error and no second vote; withdrawing removes it', async () => {
		const { id } = await submit(actor.citizen, { village: 'koerbecke' });
		expect(await supportIdea(t.db, { actor: actor.adminA, ideaId: id, ip: '' })).toBe(true);
		expect(await supportIdea(t.db, { actor: actor.adminA, ideaId: id, ip: '' })).toBe(false);
		await supportIdea(t.db, { actor: actor.outsider, ideaId: id, ip: '' });
		expect((await getIdea(t.db, { actor: actor.adminA, ideaId: id })).idea.supportCount).toBe(2);
		expect((await getIdea(t.db, { actor: actor.adminA, ideaId: id })).supported).toBe(true);
		expect(await withdrawSupport(t.db, { actor: actor.adminA, ideaId: id, ip: '' })).toBe(true);
		expect(await withdrawSupport(t.db, { actor: actor.adminA, ideaId: id, ip: '' })).toBe(false);
		const listed = (await listIdeas(t.db, query({ village: 'koerbecke' }))).ideas.find((i) => i.id === id)!;
		expect(listed.supportCount).toBe(1);
		const audits = await t.db.selectFrom('auditLog').select('action').where('targetId', '=', id).orderBy('createdAt').execute();
		expect(audits.map((r) => r.action)).toEqual(['idea.submit', 'idea.support', 'idea.support', 'idea.support.withdraw']);
	});
});

describe('rich text', () => {
	it('neutralises scripts in title, description and comments', async () => {
		const { id } = await submit(actor.citizen, { title: '<script>alert(1)</script>', description: '<img src=x onerror=alert(1)> [klick](javascript:alert(1)) **fett**' });
		await commentIdea(t.db, { actor: actor.citizen, ideaId: id, comment: '<script>alert(2)</script><a href="javascript:alert(3)">x</a>', ip: '' });
		const got = await getIdea(t.db, { actor: ANONYMOUS, ideaId: id });
		// the title stays text (Svelte and JSON escape it); the HTML is sanitised
		expect(got.idea.title).toBe('<script>alert(1)</script>');
		expect(got.idea.descriptionHtml).not.toMatch(/onerror|javascript:|<img/);
		expect(got.idea.descriptionHtml).toContain('<strong>fett');
		expect(got.comments[0]!.bodyHtml).not.toMatch(/<script|javascript:/);
	});
});

describe('the way of an idea', () => {
	it('is listed newest first with counts, filtered, moved along with the author notified, and hidden by moderation', async () => {
		const first = await submit(actor.citizen, { title: 'Bücherschrank am Dorfplatz', category: 'kultur' });
		const second = await submit(actor.citizen, { title: 'Mitfahrbank nach Anröchte', category: 'mobilitaet' });
		await commentIdea(t.db, { actor: actor.adminA, ideaId: second.id, comment: 'Gern!', ip: '' });
		const page = await listIdeas(t.db, query({ village: 'altengeseke' }));
		expect(page.ideas[0]!.id).toBe(second.id);
		expect(page.ideas[0]!).toMatchObject({ commentCount: 1, supportCount: 0, villageName: 'Altengeseke', authorName: 'Dieter Bürger' });
		expect(JSON.stringify(page)).not.toContain('@example.org');
		// the demo county has ideas of its own: only culture, among them the new one and not the other
		const culture = (await listIdeas(t.db, query({ category: 'kultur' }))).ideas;
		expect(culture.map((i) => i.id)).toContain(first.id);
		expect(culture.map((i) => i.id)).not.toContain(second.id);
		expect(new Set(culture.map((i) => i.categoryKey))).toEqual(new Set(['kultur']));

		await moveIdea(t.db, { actor: actor.editorA, input: { ideaId: first.id, status: 'discussion' }, ip: '' });
		await moveIdea(t.db, { actor: actor.county, input: { ideaId: first.id, status: 'archived', reason: 'Steht schon am Kirchplatz' }, ip: '' });
		expect((await listIdeas(t.db, query({ status: 'archived', category: 'kultur', village: 'altengeseke' }))).ideas.map((i) => i.id)).toEqual([first.id]);
		expect((await getIdea(t.db, { actor: actor.citizen, ideaId: first.id })).idea.statusReason).toBe('Steht schon am Kirchplatz');
		const notes = await t.db.selectFrom('notifications').select(['title', 'body', 'url']).where('userId', '=', actor.citizen.userId!).orderBy('createdAt').execute();
		expect(notes.slice(-2).map((n) => n.url)).toEqual([`/ideas/${first.id}`, `/ideas/${first.id}`]);
		expect(notes.at(-1)!.body).toBe('Steht schon am Kirchplatz');

		// hidden: gone from the list and the idea for everyone but moderators
		const { id: commentId } = await commentIdea(t.db, { actor: actor.citizen, ideaId: second.id, comment: 'Unsinn', ip: '' });
		await hideComment(t.db, { actor: actor.muniA, input: { ideaId: second.id, commentId, reason: 'Beleidigend' }, ip: '' });
		expect((await getIdea(t.db, { actor: actor.citizen, ideaId: second.id })).comments.map((c) => c.id)).not.toContain(commentId);
		expect((await getIdea(t.db, { actor: actor.muniA, ideaId: second.id })).comments.find((c) => c.id === commentId)?.isHidden).toBe(true);
		await hideIdea(t.db, { actor: actor.county, input: { ideaId: second.id, reason: 'Doppelt eingereicht' }, ip: '' });
		expect((await listIdeas(t.db, query({ village: 'altengeseke' }))).ideas.map((i) => i.id)).not.toContain(second.id);
		for (const who of [ANONYMOUS, actor.citizen, actor.adminA, actor.editorA]) expect(await status(() => getIdea(t.db, { actor: who, ideaId: second.id }))).toBe(404);
		expect(await status(() => supportIdea(t.db, { actor: actor.citizen, ideaId: second.id, ip: '' }))).toBe(404);
		expect((await getIdea(t.db, { actor: actor.muniA, ideaId: second.id })).idea.hiddenReason).toBe('Doppelt eingereicht');

		// the audit log keeps ids, never names or addresses
		const data = await t.db.selectFrom('auditLog').select('data').where('action', 'like', 'idea.%').execute();
		expect(JSON.stringify(data)).not.toMatch(/Dieter|@example\.org/);
	});

	it('pages through the list 20 at a time', async () => {
		for (let i = 0; i < 21; i++) await submit(actor.outsider, { village: 'koerbecke', category: 'bildung', title: `Idee Nummer ${i}` });
		const one = await listIdeas(t.db, query({ village: 'koerbecke', category: 'bildung' }));
		const two = await listIdeas(t.db, query({ village: 'koerbecke', category: 'bildung', page: '2' }));
		expect([one.ideas.length, two.ideas.length, one.total, one.pageCount]).toEqual([20, 1, 21, 2]);
		expect(two.ideas[0]!.title).toBe('Idee Nummer 0');
	});

	it('marks an idea as the project it became', async () => {
		const { id } = await submit(actor.citizen);
		const project = await t.db.selectFrom('projects').select('id').where('tenantId', '=', a.id).executeTakeFirstOrThrow();
		const projectId = project.id;
		await markIdeaBecameProject(t.db, { ideaId: id, projectId });
		expect((await getIdea(t.db, { actor: ANONYMOUS, ideaId: id })).idea).toMatchObject({ status: 'project', projectId });
	});
});

describe('an idea’s optional image', () => {
	const png = () => sharp({ create: { width: 80, height: 60, channels: 3, background: '#1f6f43' } }).png().toBuffer();
	const withImage = async (bytes: Uint8Array, alt?: string, who: Actor = actor.citizen) =>
		submitIdea(t.db, { actor: who, input: { title: 'Bank am Dorfteich', category: 'soziales', village: 'altengeseke', alt }, ip: '127.0.0.1', image: { bytes, fileName: 'teich.png' } });
	const fields = async (run: Promise<unknown>) => {
		const e = await run.then(
			() => null,
			(err: unknown) => err
		);
		expect(e).toBeInstanceOf(AppError);
		return (e as AppError).fields;
	};
	const ideaCount = async () => Number((await t.db.selectFrom('ideas').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
	const fileCount = async () => Number((await t.db.selectFrom('files').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

	it('refuses an image without a description, a script in an SVG, a renamed program and an oversized file; stores nothing', async () => {
		const [ideas, files] = [await ideaCount(), await fileCount()];
		const image = new Uint8Array(await png());
		expect(await status(() => withImage(image, 'Ein Teich', ANONYMOUS))).toBe(401);
		expect(await fields(withImage(new Uint8Array(await png())))).toEqual({ alt: expect.stringMatching(/^Bildbeschreibung: Bitte beschreiben Sie kurz/) });
		expect(await fields(withImage(new Uint8Array(await png()), 'ab'))).toEqual({ alt: 'Bildbeschreibung: Mindestens 3 Zeichen.' });
		const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>');
		expect(await fields(withImage(svg, 'Ein Teich'))).toEqual({ image: expect.stringMatching(/^Bild: Das ist keine Bilddatei/) });
		expect(await fields(withImage(new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03]), 'Ein Teich'))).toEqual({ image: expect.stringMatching(/^Bild: Das ist keine Bilddatei/) });
		const big = new Uint8Array(MAX_UPLOAD_BYTES + 1);
		big.set(await png());
		expect(await fields(withImage(big, 'Ein Teich'))).toEqual({ image: 'Bild: Die Datei ist zu groß (höchstens 10 MB).' });
		expect([await ideaCount(), await fileCount()]).toEqual([ideas, files]);
	});

	it('keeps no image when none is sent (a description alone is ignored)', async () => {
		const { id } = await submitIdea(t.db, { actor: actor.citizen, input: { title: 'Ohne Bild', category: 'soziales', village: 'altengeseke', alt: 'Nichts' }, ip: '', image: null });
		const got = await getIdea(t.db, { actor: actor.citizen, ideaId: id });
		expect(got.idea.image).toBeNull();
		expect(presentIdea(got).image).toBeNull();
	});

	it('stores the image re-encoded in the idea’s village; the idea page, the list and the API show it with its description', async () => {
		const { id } = await withImage(new Uint8Array(await png()), '  Der Dorfteich mit der alten Bank  ');
		const row = await t.db.selectFrom('ideas').select(['imageFileId', 'tenantId']).where('id', '=', id).executeTakeFirstOrThrow();
		const file = await t.db.selectFrom('files').select(['tenantId', 'altText', 'createdBy']).where('id', '=', row.imageFileId!).executeTakeFirstOrThrow();
		expect(file).toEqual({ tenantId: a.id, altText: 'Der Dorfteich mit der alten Bank', createdBy: actor.citizen.userId });
		const got = await getIdea(t.db, { actor: ANONYMOUS, ideaId: id });
		expect(got.idea.image).toMatchObject({ url: `/files/${row.imageFileId}`, alt: 'Der Dorfteich mit der alten Bank' });
		expect(got.idea.image!.sources!.map((s) => s.variant).sort()).toEqual(['page', 'page.webp', 'thumb', 'thumb.webp']);
		expect(presentIdea(got).image).toEqual({ url: `/files/${row.imageFileId}`, alt: 'Der Dorfteich mit der alten Bank' });
		expect(ideaDetailSchema.safeParse(presentIdea(got)).success).toBe(true);
		const listed = (await listIdeas(t.db, query({ village: 'altengeseke' }))).ideas.find((i) => i.id === id)!;
		expect(listed.image).toMatchObject({ alt: 'Der Dorfteich mit der alten Bank' });
	});

	it('shows no image of another village even if an idea pointed at its file', async () => {
		const { id } = await withImage(new Uint8Array(await png()), 'Der Dorfteich');
		const { imageFileId } = await t.db.selectFrom('ideas').select('imageFileId').where('id', '=', id).executeTakeFirstOrThrow();
		const other = (await submit(actor.adminB, { village: 'koerbecke' })).id;
		await t.db.updateTable('ideas').set({ imageFileId }).where('id', '=', other).execute();
		expect((await getIdea(t.db, { actor: ANONYMOUS, ideaId: other })).idea.image).toBeNull();
	});

	it('lets only the author remove the image again, deleting the stored file', async () => {
		const { id } = await withImage(new Uint8Array(await png()), 'Der Dorfteich im Winter');
		const { imageFileId } = await t.db.selectFrom('ideas').select('imageFileId').where('id', '=', id).executeTakeFirstOrThrow();
		expect(await status(() => removeIdeaImage(t.db, { actor: ANONYMOUS, ideaId: id, ip: '' }))).toBe(401);
		for (const who of [actor.editorA, actor.adminA, actor.adminB, actor.county]) expect(await status(() => removeIdeaImage(t.db, { actor: who, ideaId: id, ip: '' }))).toBe(403);
		expect(await status(() => removeIdeaImage(t.db, { actor: actor.citizen, ideaId: '__proto__', ip: '' }))).toBe(404);
		expect((await t.db.selectFrom('files').select('id').where('groupId', '=', imageFileId!).execute()).length).toBe(4);
		await removeIdeaImage(t.db, { actor: actor.citizen, ideaId: id, ip: '' });
		expect((await getIdea(t.db, { actor: actor.citizen, ideaId: id })).idea.image).toBeNull();
		expect((await t.db.selectFrom('files').select('id').where('groupId', '=', imageFileId!).execute()).length).toBe(0);
		expect(await status(() => removeIdeaImage(t.db, { actor: actor.citizen, ideaId: id, ip: '' }))).toBe(404);
		expect((await t.db.selectFrom('auditLog').select('action').where('targetId', '=', id).where('action', '=', 'idea.image.remove').execute()).length).toBe(1);
	});
});
