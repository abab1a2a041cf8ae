// A project's pictures and documents: who may add, move and remove them; what the upload refuses (by field);
// the limit of 20; that another project's or village's file cannot be touched through this one; that a hidden
// project's files are not listed; that adoption leaves them with the origin.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../../../tests/helpers/testDb.ts';
import { createUser } from '../../auth/accounts.ts';
import { MAX_UPLOAD_BYTES } from '../../files/uploads.ts';
import { AppError } from '../../http/errors.ts';
import { newId } from '../../ids.ts';
import type { Actor } from '../../policy/index.ts';
import { insertTenant, type Tenant } from '../../tenancy/tenants.ts';
import { adoptProject } from './adoptProject.ts';
import { addProjectFile, listProjectFiles, MAX_PROJECT_FILES, moveProjectFile, projectThumbnails, removeProjectFile } from './projectFiles.ts';
import { createProject, setProjectHidden } from './saveProject.ts';
import { createProjectSchema } from './schemas.ts';

let t: TestDb;
const v = {} as Record<'county' | 'muni' | 'A' | 'B', Tenant>;
const ip = '127.0.0.1';
const actor = (userId: string | null, memberships: Actor['memberships'] = []): Actor => ({ userId, memberships, clubRoles: [] });
const who = {} as Record<'editorA' | 'editorB' | 'adminB' | 'memberA' | 'lead' | 'teamMember' | 'helper' | 'moderator', Actor>;
const anonymous = actor(null);
let project = '';
let otherProject = '';
let projectB = '';

const text = (s: string) => new TextEncoder().encode(s);
const pdf = text('%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
let png: Uint8Array;

/** "status field,field: message" of a refusal, or "ok". */
async function outcome(p: Promise<unknown>): Promise<string> {
	try {
		await p;
		return 'ok';
	} catch (e) {
		if (!(e instanceof AppError)) throw e;
		return `${e.status} ${Object.entries(e.fields)
			.map(([k, msg]) => `${k}: ${msg}`)
			.join(' | ')}`.trim();
	}
}

const image = (a: Actor, over: Partial<Parameters<typeof addProjectFile>[1]> = {}) =>
	addProjectFile(t.db, { actor: a, ip, projectId: project, kind: 'image', file: { bytes: png, fileName: 'dorfladen.png' }, alt: 'Der Dorfladen von außen mit Blumenkübeln', ...over });
const document = (a: Actor, over: Partial<Parameters<typeof addProjectFile>[1]> = {}) =>
	addProjectFile(t.db, { actor: a, ip, projectId: project, kind: 'document', file: { bytes: pdf, fileName: 'satzung.pdf' }, title: 'Satzung des Dorfladen-Vereins', ...over });
const filesOfTenant = async (tenantId: string) => (await t.db.selectFrom('files').select('id').where('tenantId', '=', tenantId).execute()).length;
const rowsOf = async (projectId: string) => t.db.selectFrom('projectFiles').select(['id', 'kind', 'title', 'position', 'fileId']).where('projectId', '=', projectId).orderBy('kind').orderBy('position').execute();

beforeAll(async () => {
	t = await createTestDb();
	v.county = await insertTenant(t.db, { kind: 'county', slug: 'kreis', name: 'Kreis', parent: null });
	v.muni = await insertTenant(t.db, { kind: 'municipality', slug: 'gemeinde', name: 'Gemeinde', parent: v.county });
	v.A = await insertTenant(t.db, { kind: 'village', slug: 'dorf-a', name: 'Dorf A', parent: v.muni });
	v.B = await insertTenant(t.db, { kind: 'village', slug: 'dorf-b', name: 'Dorf B', parent: v.muni });
	const user = async (name: string) => (await createUser(t.db, { email: `${name.toLowerCase()}@example.org`, password: 'ein langes passwort', displayName: name, verified: true })).id;
	who.editorA = actor(await user('editorA'), [{ tenantId: v.A.id, role: 'editor' }]);
	who.editorB = actor(await user('editorB'), [{ tenantId: v.B.id, role: 'editor' }]);
	who.adminB = actor(await user('adminB'), [{ tenantId: v.B.id, role: 'admin' }]);
	who.memberA = actor(await user('memberA'), [{ tenantId: v.A.id, role: 'member' }]);
	who.lead = actor(await user('lead'));
	who.teamMember = actor(await user('teamMember'));
	who.helper = actor(await user('helper'), [{ tenantId: v.A.id, role: 'member' }]);
	who.moderator = actor(await user('county'), [{ tenantId: v.county.id, role: 'admin' }]);
	const input = (village: string, title: string) => createProjectSchema.parse({ village, title, summary: 'Ein Laden, den das Dorf selbst betreibt.', categoryKey: 'soziales' });
	project = (await createProject(t.db, { actor: who.editorA, ip, input: input('dorf-a', 'Dorfladen in Bürgerhand') })).id;
	otherProject = (await createProject(t.db, { actor: who.editorA, ip, input: input('dorf-a', 'Bücherzelle') })).id;
	projectB = (await createProject(t.db, { actor: who.editorB, ip, input: input('dorf-b', 'Mitfahrbank') })).id;
	for (const [a, role] of [
		[who.lead, 'lead'],
		[who.teamMember, 'member'],
		[who.helper, 'helper']
	] as const) {
		await t.db.insertInto('projectMembers').values({ id: newId(), tenantId: v.A.id, projectId: project, userId: a.userId!, role, createdAt: Date.now() }).execute();
	}
	png = new Uint8Array(await sharp({ create: { width: 64, height: 48, channels: 3, background: '#1f6f43' } }).png().toBuffer());
});
afterAll(() => t.cleanup());

describe('who may add pictures and documents', () => {
	it('refuses anonymous visitors, plain members, helpers and the editors and admins of another village; stores nothing', async () => {
		expect(await outcome(image(anonymous))).toBe('401');
		expect(await outcome(image(who.memberA))).toBe('403');
		expect(await outcome(image(who.helper))).toBe('403');
		expect(await outcome(document(who.editorB))).toBe('403');
		expect(await outcome(document(who.adminB))).toBe('403');
		expect(await outcome(image(who.editorA, { projectId: 'no-such-project' }))).toBe('404');
		expect(await outcome(image(who.editorA, { projectId: '__proto__' }))).toBe('404');
		expect(await rowsOf(project)).toEqual([]);
		expect(await filesOfTenant(v.A.id)).toBe(0);
	});
});

describe('what the upload refuses, naming the field', () => {
	it('an .exe renamed .pdf, a PDF as a picture, an SVG with a script as a picture', async () => {
		const exe = new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, ...text('This program cannot be run in DOS mode.')]);
		expect(await outcome(document(who.editorA, { file: { bytes: exe, fileName: 'satzung.pdf' } }))).toBe('400 document: Dokument (PDF): Das ist keine PDF-Datei. Bitte ein PDF hochladen.');
		expect(await outcome(image(who.editorA, { file: { bytes: pdf, fileName: 'bild.png' } }))).toBe('400 image: Bild: Das ist keine Bilddatei. Bitte PNG, JPEG, WebP, GIF oder AVIF hochladen.');
		const svg = text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>');
		expect(await outcome(image(who.editorA, { file: { bytes: svg, fileName: 'bild.svg' } }))).toBe('400 image: Bild: Das ist keine Bilddatei. Bitte PNG, JPEG, WebP, GIF oder AVIF hochladen.');
		expect(await rowsOf(project)).toEqual([]);
	});

	it('a file over the size limit, with the limit, not as a missing field', async () => {
		const big = new Uint8Array(MAX_UPLOAD_BYTES + 1);
		big.set(png);
		expect(await outcome(image(who.editorA, { file: { bytes: big, fileName: 'riesig.png' } }))).toBe('400 image: Bild: Die Datei ist zu groß (höchstens 10 MB).');
		expect(await outcome(document(who.editorA, { file: { bytes: big, fileName: 'riesig.pdf' } }))).toBe('400 document: Dokument (PDF): Die Datei ist zu groß (höchstens 10 MB).');
	});

	it('a picture without (or with too short or too long) a description, a document without title, no file', async () => {
		expect(await outcome(image(who.editorA, { alt: undefined }))).toBe('400 alt: Bildbeschreibung: Bitte ausfüllen.');
		expect(await outcome(image(who.editorA, { alt: '   ' }))).toBe('400 alt: Bildbeschreibung: Bitte ausfüllen.');
		expect(await outcome(image(who.editorA, { alt: 'ab' }))).toBe('400 alt: Bildbeschreibung: Mindestens 3 Zeichen.');
		expect(await outcome(image(who.editorA, { alt: 'x'.repeat(301) }))).toBe('400 alt: Bildbeschreibung: Höchstens 300 Zeichen.');
		expect(await outcome(document(who.editorA, { title: undefined }))).toBe('400 title: Titel: Bitte ausfüllen.');
		expect(await outcome(image(who.editorA, { file: null }))).toBe('400 image: Bild: Bitte ausfüllen.');
		expect(await outcome(document(who.editorA, { file: { bytes: new Uint8Array(), fileName: 'leer.pdf' } }))).toBe('400 document: Dokument (PDF): Bitte ausfüllen.');
		expect(await rowsOf(project)).toEqual([]);
		expect(await filesOfTenant(v.A.id)).toBe(0);
	});
});

describe('keeping the pictures and documents', () => {
	let first = '';
	let second = '';
	let doc = '';
	let fileOfOther = '';
	let fileOfB = '';

	it('lets the team (lead, member) and the village editors add them, re-encoded, audited, in the project tenant', async () => {
		first = (await image(who.lead)).id;
		second = (await image(who.teamMember, { alt: 'Die Theke mit regionalem Gemüse' })).id;
		doc = (await document(who.editorA)).id;
		const listed = await listProjectFiles(t.db, project);
		expect(listed.images.map((i) => i.alt)).toEqual(['Der Dorfladen von außen mit Blumenkübeln', 'Die Theke mit regionalem Gemüse']);
		expect(listed.images[0]!.sources!.map((s) => s.variant).sort()).toEqual(['page', 'page.webp', 'thumb', 'thumb.webp']);
		expect(listed.documents).toEqual([{ id: doc, url: expect.stringMatching(/^\/files\//), title: 'Satzung des Dorfladen-Vereins', fileName: 'satzung.pdf', bytes: pdf.length }]);
		const rows = await t.db.selectFrom('projectFiles').select(['tenantId', 'createdBy']).where('projectId', '=', project).execute();
		expect(rows.every((r) => r.tenantId === v.A.id)).toBe(true);
		expect(rows.map((r) => r.createdBy).sort()).toEqual([who.lead.userId, who.teamMember.userId, who.editorA.userId].sort());
		const audit = await t.db.selectFrom('auditLog').select(['action', 'tenantId', 'data']).where('targetId', '=', project).where('action', 'like', 'project.file.%').execute();
		expect(audit.map((a) => [a.action, a.tenantId])).toEqual([
			['project.file.add', v.A.id],
			['project.file.add', v.A.id],
			['project.file.add', v.A.id]
		]);
		expect(JSON.stringify(audit)).not.toContain('dorfladen.png');
	});

	it("refuses another project's or another village's file through this project, and names that are not ids", async () => {
		fileOfOther = (await addProjectFile(t.db, { actor: who.editorA, ip, projectId: otherProject, kind: 'document', file: { bytes: pdf, fileName: 'a.pdf' }, title: 'Plan der Bücherzelle' })).id;
		fileOfB = (await addProjectFile(t.db, { actor: who.editorB, ip, projectId: projectB, kind: 'document', file: { bytes: pdf, fileName: 'b.pdf' }, title: 'Plan der Mitfahrbank' })).id;
		for (const id of [fileOfOther, fileOfB, '__proto__', 'constructor']) {
			expect(await outcome(removeProjectFile(t.db, { actor: who.editorA, ip, projectId: project, projectFileId: id }))).toBe('404');
			expect(await outcome(moveProjectFile(t.db, { actor: who.editorA, ip, projectId: project, projectFileId: id, direction: 'up' }))).toBe('404');
		}
		// and the other village's editor cannot reach this project's files through their own project
		expect(await outcome(removeProjectFile(t.db, { actor: who.editorB, ip, projectId: projectB, projectFileId: first }))).toBe('404');
		expect(await outcome(removeProjectFile(t.db, { actor: who.editorB, ip, projectId: project, projectFileId: first }))).toBe('403');
		expect(await outcome(moveProjectFile(t.db, { actor: who.helper, ip, projectId: project, projectFileId: second, direction: 'up' }))).toBe('403');
		expect(await outcome(removeProjectFile(t.db, { actor: anonymous, ip, projectId: project, projectFileId: first }))).toBe('401');
		expect((await rowsOf(otherProject)).length).toBe(1);
		expect((await rowsOf(projectB)).length).toBe(1);
		expect((await rowsOf(project)).length).toBe(3);
	});

	it('moves a picture up and down among the pictures; at the edge nothing changes', async () => {
		await moveProjectFile(t.db, { actor: who.lead, ip, projectId: project, projectFileId: second, direction: 'up' });
		expect((await listProjectFiles(t.db, project)).images.map((i) => i.id)).toEqual([second, first]);
		await moveProjectFile(t.db, { actor: who.lead, ip, projectId: project, projectFileId: second, direction: 'up' });
		expect((await listProjectFiles(t.db, project)).images.map((i) => i.id)).toEqual([second, first]);
		await moveProjectFile(t.db, { actor: who.editorA, ip, projectId: project, projectFileId: second, direction: 'down' });
		expect((await listProjectFiles(t.db, project)).images.map((i) => i.id)).toEqual([first, second]);
		await moveProjectFile(t.db, { actor: who.editorA, ip, projectId: project, projectFileId: doc, direction: 'down' });
		expect((await listProjectFiles(t.db, project)).documents.map((d) => d.id)).toEqual([doc]);
	});

	it('removes a picture with its stored file and every rendition', async () => {
		const row = (await rowsOf(project)).find((r) => r.id === second)!;
		expect((await t.db.selectFrom('files').select('id').where('groupId', '=', row.fileId).execute()).length).toBe(4);
		await removeProjectFile(t.db, { actor: who.teamMember, ip, projectId: project, projectFileId: second });
		expect((await t.db.selectFrom('files').select('id').where((eb) => eb.or([eb('id', '=', row.fileId), eb('groupId', '=', row.fileId)])).execute()).length).toBe(0);
		expect((await listProjectFiles(t.db, project)).images.map((i) => i.id)).toEqual([first]);
		const removed = await t.db.selectFrom('auditLog').select('data').where('action', '=', 'project.file.remove').executeTakeFirstOrThrow();
		expect(JSON.parse(String(removed.data))).toMatchObject({ projectFileId: second, fileId: row.fileId, kind: 'image' });
	});

	it('takes at most 20 files a project (pictures and documents together)', async () => {
		while ((await rowsOf(project)).length < MAX_PROJECT_FILES) await document(who.editorA, { title: `Protokoll ${(await rowsOf(project)).length}` });
		expect(await outcome(image(who.editorA))).toBe('400 image: Bild: Ein Projekt kann höchstens 20 Bilder und Dokumente haben. Bitte entfernen Sie zuerst eines.');
		expect(await outcome(document(who.editorA))).toBe('400 document: Dokument (PDF): Ein Projekt kann höchstens 20 Bilder und Dokumente haben. Bitte entfernen Sie zuerst eines.');
		expect((await rowsOf(project)).length).toBe(MAX_PROJECT_FILES);
		// another project is not affected by this one's limit
		expect(await outcome(addProjectFile(t.db, { actor: who.editorA, ip, projectId: otherProject, kind: 'image', file: { bytes: png, fileName: 'z.png' }, alt: 'Die Bücherzelle' }))).toBe('ok');
	});

	it('adoption leaves them with the origin: the copy has none and the adopting village stores no file', async () => {
		const before = await filesOfTenant(v.B.id);
		const copy = await adoptProject(t.db, { actor: who.editorB, ip, projectId: project, village: 'dorf-b' });
		expect(await listProjectFiles(t.db, copy.id)).toEqual({ images: [], documents: [] });
		expect(await rowsOf(copy.id)).toEqual([]);
		expect(await filesOfTenant(v.B.id)).toBe(before);
		expect((await listProjectFiles(t.db, project)).images.length).toBe(1);
	});

	it("does not list a hidden project's files, except for those who may see it", async () => {
		await setProjectHidden(t.db, { actor: who.moderator, ip, projectId: otherProject, hidden: true, reason: 'Doppelt eingetragen' });
		expect(await listProjectFiles(t.db, otherProject)).toEqual({ images: [], documents: [] });
		const forModerators = await listProjectFiles(t.db, otherProject, { includeHidden: true });
		expect(forModerators.documents.map((d) => d.title)).toEqual(['Plan der Bücherzelle']);
		// and its team cannot add to it while hidden (it is not found for them)
		expect(await outcome(addProjectFile(t.db, { actor: who.editorA, ip, projectId: otherProject, kind: 'document', file: { bytes: pdf, fileName: 'c.pdf' }, title: 'Noch ein Plan' }))).toBe('404');
	});
});

describe('thumbnails for the list', () => {
	it('gives the first picture of each project in its small size; none for a hidden project or one without pictures', async () => {
		const thumbs = await projectThumbnails(t.db, [project, otherProject, projectB, '__proto__']);
		expect([...thumbs.keys()]).toEqual([project]);
		expect(thumbs.get(project)).toMatchObject({ url: expect.stringMatching(/^\/files\/[\w-]+\/thumb$/), alt: 'Der Dorfladen von außen mit Blumenkübeln' });
	});
});
