// A project's pictures (with a description for people who cannot see them) and documents (PDFs with a title).
// The team keeps them (rights.edit); the upload service checks each file by its first bytes and re-encodes images
// (files/uploads.ts). Files belong to the project's tenant; removing one deletes the stored file too. Adoption
// does not copy them: they show the origin's own place and people.
import { z } from 'zod';
import { audit } from '../../audit/audit.ts';
import type { Db } from '../../db/index.ts';
import type { ProjectFileKind } from '../../db/types.ts';
import { AppError, fieldError, forbidden, notFound } from '../../http/errors.ts';
import { newId } from '../../ids.ts';
import type { Actor } from '../../policy/index.ts';
import { loadStoredFiles } from '../../files/storedFiles.ts';
import { deleteStoredFile, prepareUpload, savePreparedUpload, type StoredFileSource } from '../../files/uploads.ts';
import { loadProjectForWrite } from './saveProject.ts';

/** How many pictures and documents together a project may have. */
export const MAX_PROJECT_FILES = 20;
const MIN_TEXT = 3;
const MAX_ALT = 300;
const MAX_TITLE = 200;

/** The form field of the file of each kind (the refusals name it). */
export const FILE_FIELD: Record<ProjectFileKind, 'image' | 'document'> = { image: 'image', document: 'document' };

const ref = z.string().trim().min(1).max(64);
/** The text fields of "add a file" (the file itself comes as a multipart part, the kind in the action's URL). */
export const addProjectFileSchema = z.object({ alt: z.string().trim().max(2000).optional(), title: z.string().trim().max(2000).optional() });
export const removeProjectFileSchema = z.object({ fileId: ref });
export const moveProjectFileSchema = z.object({ fileId: ref, direction: z.enum(['up', 'down']) });

export interface ProjectImage {
	id: string;
	url: string;
	alt: string;
	width?: number;
	height?: number;
	sources?: StoredFileSource[];
}
export interface ProjectDocument {
	id: string;
	url: string;
	title: string;
	fileName: string;
	bytes: number;
}

interface Who {
	actor: Actor;
	ip: string;
	projectId: string;
}

async function editableProject(db: Db, projectId: string, actor: Actor) {
	if (!actor.userId) throw new AppError(401, 'unauthorized');
	const project = await loadProjectForWrite(db, projectId, actor);
	if (!project.rights.edit) throw forbidden();
	return project;
}

function checkText(field: string, value: string | undefined, max: number): string {
	const text = (value ?? '').trim();
	if (!text) throw fieldError(field, 'err_required');
	if (text.length < MIN_TEXT) throw fieldError(field, 'err_too_short', { params: { min: String(MIN_TEXT) } });
	if (text.length > max) throw fieldError(field, 'err_too_long', { params: { max: String(max) } });
	return text;
}

/**
 * Adds a picture (alt text 3–300 characters, re-encoded) or a PDF (title 3–200 characters) to the project,
 * at the end of its kind. Refusals name the form field: "image"/"alt" or "document"/"title".
 */
export async function addProjectFile(
	db: Db,
	args: Who & { kind: ProjectFileKind; file: { bytes: Uint8Array; fileName: string } | null; alt?: string; title?: string }
): Promise<{ id: string; fileId: string }> {
	const project = await editableProject(db, args.projectId, args.actor);
	const field = FILE_FIELD[args.kind];
	const count = async (q: Db) => Number((await q.selectFrom('projectFiles').select((eb) => eb.fn.countAll<number>().as('n')).where('projectId', '=', project.id).executeTakeFirstOrThrow()).n);
	if ((await count(db)) >= MAX_PROJECT_FILES) throw fieldError(field, 'err_project_files_full', { params: { max: String(MAX_PROJECT_FILES) } });
	const text = args.kind === 'image' ? checkText('alt', args.alt, MAX_ALT) : checkText('title', args.title, MAX_TITLE);
	if (!args.file || args.file.bytes.byteLength === 0) throw fieldError(field, 'err_required');
	// re-encoding takes a while: before the transaction, which then only writes
	const prepared = await prepareUpload({
		tenantId: project.tenantId,
		bytes: args.file.bytes,
		fileName: args.file.fileName || (args.kind === 'image' ? 'bild' : 'dokument'),
		alt: args.kind === 'image' ? text : undefined,
		accept: args.kind === 'image' ? 'image' : 'pdf',
		createdBy: args.actor.userId,
		field,
		altField: 'alt'
	});
	const id = newId();
	const now = Date.now();
	await db.transaction().execute(async (trx) => {
		// counted again inside: two uploads at once must not make a 21st
		if ((await count(trx)) >= MAX_PROJECT_FILES) throw fieldError(field, 'err_project_files_full', { params: { max: String(MAX_PROJECT_FILES) } });
		const last = await trx.selectFrom('projectFiles').select((eb) => eb.fn.max('position').as('n')).where('projectId', '=', project.id).where('kind', '=', args.kind).executeTakeFirst();
		const stored = await savePreparedUpload(trx, prepared);
		await trx
			.insertInto('projectFiles')
			.values({ id, tenantId: project.tenantId, projectId: project.id, fileId: stored.id, kind: args.kind, title: text, position: Number(last?.n ?? -1) + 1, createdBy: args.actor.userId, createdAt: now })
			.execute();
		await trx.updateTable('projects').set({ updatedAt: now }).where('id', '=', project.id).where('tenantId', '=', project.tenantId).execute();
		await audit(trx, { actorId: args.actor.userId, tenantId: project.tenantId, action: 'project.file.add', targetType: 'project', targetId: project.id, data: { projectFileId: id, fileId: stored.id, kind: args.kind, size: stored.size }, ip: args.ip });
	});
	return { id, fileId: prepared.file.id };
}

async function fileOfProject(db: Db, project: { id: string; tenantId: string }, projectFileId: string) {
	const row = await db
		.selectFrom('projectFiles')
		.select(['id', 'fileId', 'kind', 'position'])
		.where('id', '=', projectFileId)
		.where('projectId', '=', project.id)
		.where('tenantId', '=', project.tenantId)
		.executeTakeFirst();
	if (!row) throw notFound();
	return row;
}

/** Removes a picture or document from the project and deletes the stored file (another project's → 404). */
export async function removeProjectFile(db: Db, args: Who & { projectFileId: string }): Promise<void> {
	const project = await editableProject(db, args.projectId, args.actor);
	const row = await fileOfProject(db, project, args.projectFileId);
	await db.transaction().execute(async (trx) => {
		await trx.deleteFrom('projectFiles').where('id', '=', row.id).where('tenantId', '=', project.tenantId).execute();
		await deleteStoredFile(trx, project.tenantId, row.fileId);
		await trx.updateTable('projects').set({ updatedAt: Date.now() }).where('id', '=', project.id).where('tenantId', '=', project.tenantId).execute();
		await audit(trx, { actorId: args.actor.userId, tenantId: project.tenantId, action: 'project.file.remove', targetType: 'project', targetId: project.id, data: { projectFileId: row.id, fileId: row.fileId, kind: row.kind }, ip: args.ip });
	});
}

/** Moves a picture or document one place up or down among those of its kind (at the edge: nothing changes). */
export async function moveProjectFile(db: Db, args: Who & { projectFileId: string; direction: 'up' | 'down' }): Promise<void> {
	const project = await editableProject(db, args.projectId, args.actor);
	const row = await fileOfProject(db, project, args.projectFileId);
	await db.transaction().execute(async (trx) => {
		const siblings = await trx
			.selectFrom('projectFiles')
			.select(['id', 'position'])
			.where('projectId', '=', project.id)
			.where('tenantId', '=', project.tenantId)
			.where('kind', '=', row.kind)
			.orderBy('position')
			.orderBy('id')
			.execute();
		const at = siblings.findIndex((s) => s.id === row.id);
		const to = args.direction === 'up' ? at - 1 : at + 1;
		if (at < 0 || to < 0 || to >= siblings.length) return;
		[siblings[at], siblings[to]] = [siblings[to]!, siblings[at]!];
		// renumbered 0..n-1, which also mends equal positions
		for (const [position, s] of siblings.entries()) await trx.updateTable('projectFiles').set({ position }).where('id', '=', s.id).where('tenantId', '=', project.tenantId).execute();
		await audit(trx, { actorId: args.actor.userId, tenantId: project.tenantId, action: 'project.file.move', targetType: 'project', targetId: project.id, data: { projectFileId: row.id, kind: row.kind, direction: args.direction }, ip: args.ip });
	});
}

/**
 * A project's pictures and documents in their order. Those of a hidden project only with `includeHidden` (for
 * the moderators who may see it): elsewhere (API, lists) they are not listed.
 */
export async function listProjectFiles(db: Db, projectId: string, options: { includeHidden?: boolean } = {}): Promise<{ images: ProjectImage[]; documents: ProjectDocument[] }> {
	let q = db
		.selectFrom('projectFiles')
		.innerJoin('projects', 'projects.id', 'projectFiles.projectId')
		.select(['projectFiles.id', 'projectFiles.fileId', 'projectFiles.kind', 'projectFiles.title', 'projectFiles.tenantId'])
		.where('projectFiles.projectId', '=', projectId)
		.whereRef('projects.tenantId', '=', 'projectFiles.tenantId');
	if (!options.includeHidden) q = q.where('projects.hiddenAt', 'is', null);
	const rows = await q.orderBy('projectFiles.position').orderBy('projectFiles.id').execute();
	const stored = await loadStoredFiles(db, rows.map((r) => ({ tenantId: r.tenantId, fileId: r.fileId })));
	const images: ProjectImage[] = [];
	const documents: ProjectDocument[] = [];
	for (const r of rows) {
		const file = stored.get(r.fileId);
		if (!file) continue;
		if (r.kind === 'image') images.push({ id: r.id, url: file.url, alt: r.title, width: file.width, height: file.height, sources: file.sources });
		else documents.push({ id: r.id, url: file.url, title: r.title, fileName: file.fileName, bytes: file.size });
	}
	return { images, documents };
}

/** The first picture of each of some projects, in its small size (≤ 400 px), for the list's cards; hidden projects have none. */
export async function projectThumbnails(db: Db, projectIds: string[]): Promise<Map<string, { url: string; alt: string; width?: number; height?: number }>> {
	const thumbs = new Map<string, { url: string; alt: string; width?: number; height?: number }>();
	if (!projectIds.length) return thumbs;
	const rows = await db
		.selectFrom('projectFiles')
		.innerJoin('projects', 'projects.id', 'projectFiles.projectId')
		.select(['projectFiles.projectId', 'projectFiles.fileId', 'projectFiles.title', 'projectFiles.tenantId'])
		.where('projectFiles.projectId', 'in', projectIds)
		.where('projectFiles.kind', '=', 'image')
		.where('projects.hiddenAt', 'is', null)
		.whereRef('projects.tenantId', '=', 'projectFiles.tenantId')
		.orderBy('projectFiles.position')
		.orderBy('projectFiles.id')
		.execute();
	const first = new Map<string, (typeof rows)[number]>();
	for (const r of rows) if (!first.has(r.projectId)) first.set(r.projectId, r);
	const stored = await loadStoredFiles(db, [...first.values()].map((r) => ({ tenantId: r.tenantId, fileId: r.fileId })));
	for (const [projectId, r] of first) {
		const file = stored.get(r.fileId);
		if (!file) continue;
		const small = file.sources?.find((s) => s.variant === 'thumb');
		thumbs.set(projectId, small ? { url: small.url, alt: r.title, width: small.width, height: small.height } : { url: file.url, alt: r.title, width: file.width, height: file.height });
	}
	return thumbs;
}
