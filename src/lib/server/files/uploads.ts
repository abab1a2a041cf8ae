import type { Insertable } from 'kysely';
import type { Db } from '../db/index.ts';
import type { FilesTable } from '../db/types.ts';
import { fieldError, type AppError } from '../http/errors.ts';
import { newId } from '../ids.ts';
import { ImageRefused, MAX_IMAGE_PIXELS, renderImage, type ImagePreset, type Rendition } from './images.ts';
import { hasPdfTrailer, safeFileName, sniffType } from './sniff.ts';
import { formatBytes, MAX_UPLOAD_BYTES } from '../../uploadLimits.ts';

// One upload service for the core and every module. Files live in the database (base64 text), so that every
// app instance serves them without shared disk; see docs/OPERATIONS.md "Files and uploads".

export { formatBytes, MAX_UPLOAD_BYTES };
const MAX_ALT_LENGTH = 300;

/** what a file field takes: stored images and PDFs, or a calendar file read as text (see calendarUpload.ts) */
export type UploadAccept = 'image' | 'pdf' | 'image-or-pdf' | 'calendar';
/** the kinds that are stored as files */
export type StoredAccept = Exclude<UploadAccept, 'calendar'>;

export interface StoreUploadArgs {
	/** the village (or other tenant) the file belongs to; null for platform files */
	tenantId: string | null;
	bytes: Uint8Array;
	/** the name the file had on the user's device (only shown and used for downloads, never trusted) */
	fileName: string;
	/** what the image shows, for people who cannot see it; required for images (a logo passes the village's name) */
	alt?: string;
	accept: StoredAccept;
	/** at most MAX_UPLOAD_BYTES (10 MB), which is also the default */
	maxBytes?: number;
	createdBy: string | null;
	/** the form field the file came in: every refusal names it */
	field: string;
	/** the field's label when it is not one of the core's ("field_<name>" messages), e.g. a module's own field */
	label?: string;
	/** the alt text field's label, likewise (a module's "Bildbeschreibung" instead of its bare field name) */
	altLabel?: string;
	/** the form field of the alt text, if it has its own (else its refusal goes to `field`) */
	altField?: string;
	/** "photo" (default): page and thumbnail sizes; "logo": one PNG of at most 512 px */
	preset?: ImagePreset;
}

/** One stored size of an image, for `<picture>` (see src/lib/ui/Picture.svelte). */
export interface StoredFileSource {
	/** "page", "page.webp", "thumb", "thumb.webp", "logo", "logo.webp" */
	variant: string;
	url: string;
	type: string;
	width: number;
	height: number;
	size: number;
}

export interface StoredFile {
	id: string;
	kind: 'image' | 'pdf';
	/** the file (PDF) or the image's main rendition; it never changes, so it may be cached for good */
	url: string;
	type: string;
	fileName: string;
	/** bytes of what `url` serves */
	size: number;
	alt: string;
	width?: number;
	height?: number;
	/** every rendition of an image (none for PDFs and for logos stored before uploads v2) */
	sources?: StoredFileSource[];
}

/** The refusal for a file over the limit, also for bodies that adapter-node refused before our code ran (413). */
export function uploadTooLarge(field: string, options: { maxBytes?: number; label?: string } = {}): AppError {
	return fieldError(field, 'err_file_too_large', { params: { max: formatBytes(options.maxBytes ?? MAX_UPLOAD_BYTES) }, label: options.label });
}

/** True for the error adapter-node gives a request body over BODY_SIZE_LIMIT (status 413). */
export function isTooLarge(e: unknown): boolean {
	return typeof e === 'object' && e !== null && (e as { status?: unknown }).status === 413;
}

const TYPE_MESSAGE: Record<StoredAccept, string> = { image: 'err_upload_type_image', pdf: 'err_upload_type_pdf', 'image-or-pdf': 'err_upload_type_any' };
const IMAGE_MESSAGE: Record<ImageRefused['problem'], string> = {
	unreadable: 'err_image',
	mismatch: 'err_image',
	heic: 'err_upload_heic',
	too_many_pixels: 'err_upload_too_many_pixels'
};

/** An upload that passed every check and is re-encoded, ready to be saved (see prepareUpload). */
export interface PreparedUpload {
	file: StoredFile;
	rows: Insertable<FilesTable>[];
}

/**
 * Checks, re-encodes and stores an upload; returns what pages need to show it. The type comes from the file's
 * first bytes: PNG, JPEG, GIF, WebP and AVIF images (re-encoded, metadata stripped) and PDFs (kept as they are,
 * always served as a download). Every refusal is a field error naming `field`. Uses `db` as given, so it may
 * be the caller's transaction (on SQLite, better prepareUpload before the transaction and savePreparedUpload in it).
 */
export async function storeUpload(db: Db, args: StoreUploadArgs): Promise<StoredFile> {
	return savePreparedUpload(db, await prepareUpload(args));
}

/** Saves a prepared upload (fast: one insert), e.g. in the transaction that also references it. */
export async function savePreparedUpload(db: Db, prepared: PreparedUpload): Promise<StoredFile> {
	await db.insertInto('files').values(prepared.rows).execute();
	return prepared.file;
}

/**
 * The slow part of storeUpload without the database: checks and re-encoding (hundreds of milliseconds for a
 * phone photo), so that it need not hold a transaction open.
 */
export async function prepareUpload(args: StoreUploadArgs): Promise<PreparedUpload> {
	const refuse = (key: string, params?: Record<string, string>, field = args.field) => fieldError(field, key, { params, label: field === args.field ? args.label : field === args.altField ? args.altLabel : undefined });
	const maxBytes = Math.min(args.maxBytes ?? MAX_UPLOAD_BYTES, MAX_UPLOAD_BYTES);
	if (args.bytes.byteLength === 0) throw refuse('err_upload_empty');
	if (args.bytes.byteLength > maxBytes) throw uploadTooLarge(args.field, { maxBytes, label: args.label });

	const type = sniffType(args.bytes);
	const isImage = type !== null && type !== 'pdf';
	const wanted = type === 'pdf' ? args.accept !== 'image' : isImage && args.accept !== 'pdf';
	if (!wanted) throw refuse(TYPE_MESSAGE[args.accept]);

	const id = newId();
	const common = { tenantId: args.tenantId, groupId: id, createdBy: args.createdBy, createdAt: Date.now() };
	if (type === 'pdf') {
		if (!hasPdfTrailer(args.bytes)) throw refuse('err_upload_pdf_broken');
		const fileName = safeFileName(args.fileName, 'pdf');
		const bytes = Buffer.from(args.bytes);
		const row = { ...common, id, kind: 'pdf' as const, variant: 'original', contentType: 'application/pdf', dataBase64: bytes.toString('base64'), size: bytes.length, fileName, altText: '', width: null, height: null };
		return { rows: [row], file: { id, kind: 'pdf', url: `/files/${id}`, type: 'application/pdf', fileName, size: bytes.length, alt: '' } };
	}

	// eslint-disable-next-line no-control-regex -- control characters (PostgreSQL refuses NUL in text) go
	const alt = (args.alt ?? '').replace(/[\s\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
	const altField = args.altField ?? args.field;
	if (!alt) throw refuse('err_upload_alt_required', undefined, altField);
	if (alt.length > MAX_ALT_LENGTH) throw refuse('err_too_long', { max: String(MAX_ALT_LENGTH) }, altField);

	let renditions: Rendition[];
	try {
		renditions = await renderImage(args.bytes, type!, args.preset ?? 'photo');
	} catch (e) {
		if (e instanceof ImageRefused) throw refuse(IMAGE_MESSAGE[e.problem], { max: String(MAX_IMAGE_PIXELS / 1_000_000) });
		throw e;
	}
	const main = renditions[0]!;
	const fileName = safeFileName(args.fileName, main.contentType === 'image/png' ? 'png' : 'jpg');
	const rows = renditions.map((r, i) => ({
		...common,
		id: i === 0 ? id : newId(),
		kind: 'image' as const,
		variant: r.variant,
		contentType: r.contentType,
		dataBase64: r.bytes.toString('base64'),
		size: r.bytes.length,
		fileName,
		altText: alt,
		width: r.width,
		height: r.height
	}));
	const sources = renditions.map((r) => ({ variant: r.variant, url: `/files/${id}/${r.variant}`, type: r.contentType, width: r.width, height: r.height, size: r.bytes.length }));
	return { rows, file: { id, kind: 'image', url: `/files/${id}`, type: main.contentType, fileName, size: main.bytes.length, alt, width: main.width, height: main.height, sources } };
}

const ID = /^[A-Za-z0-9-]{1,64}$/;
const VARIANT = /^[a-z0-9.-]{1,32}$/;

/** A tenant's stored file by id (a file of another tenant is not found: same answer as a missing one). */
export async function getStoredFile(db: Db, tenantId: string | null, id: string): Promise<StoredFile | undefined> {
	if (!ID.test(id)) return undefined;
	let query = db
		.selectFrom('files')
		.select(['id', 'groupId', 'variant', 'kind', 'contentType', 'size', 'fileName', 'altText', 'width', 'height'])
		.where((eb) => eb.or([eb('id', '=', id), eb('groupId', '=', id)]));
	query = tenantId === null ? query.where('tenantId', 'is', null) : query.where('tenantId', '=', tenantId);
	const rows = await query.execute();
	const main = rows.find((r) => r.id === id && (r.groupId === null || r.groupId === id));
	if (!main) return undefined;
	const kind = main.kind ?? 'image';
	const file: StoredFile = { id, kind, url: `/files/${id}`, type: main.contentType, fileName: main.fileName, size: main.size, alt: main.altText };
	if (main.width !== null && main.height !== null) Object.assign(file, { width: main.width, height: main.height });
	if (kind === 'image' && main.groupId !== null) {
		file.sources = rows
			.filter((r) => r.variant !== null && r.width !== null && r.height !== null)
			.map((r) => ({ variant: r.variant!, url: `/files/${id}/${r.variant}`, type: r.contentType, width: r.width!, height: r.height!, size: r.size }));
	}
	return file;
}

/** Deletes a tenant's stored file with all its renditions; false when there was none (or it is another tenant's). */
export async function deleteStoredFile(db: Db, tenantId: string | null, id: string): Promise<boolean> {
	if (!ID.test(id)) return false;
	let query = db.deleteFrom('files').where((eb) => eb.or([eb('id', '=', id), eb('groupId', '=', id)]));
	query = tenantId === null ? query.where('tenantId', 'is', null) : query.where('tenantId', '=', tenantId);
	const result = await query.executeTakeFirst();
	return Number(result.numDeletedRows) > 0;
}

/** What the /files routes send: one stored rendition (or an old single-row file), found by id and variant. */
export async function readFileForServing(db: Db, id: string, variant?: string) {
	if (!ID.test(id) || (variant !== undefined && !VARIANT.test(variant))) return undefined;
	const query = db.selectFrom('files').select(['id', 'kind', 'contentType', 'dataBase64', 'fileName']);
	return variant === undefined ? query.where('id', '=', id).executeTakeFirst() : query.where('groupId', '=', id).where('variant', '=', variant).executeTakeFirst();
}

/**
 * The bytes of a tenant's stored image (its main rendition, e.g. a logo's PNG), for server-side rendering such
 * as app icons. An image of another tenant, a PDF or a missing file is not found.
 */
export async function readStoredImage(db: Db, tenantId: string, id: string): Promise<{ bytes: Buffer; contentType: string } | undefined> {
	if (!ID.test(id)) return undefined;
	const row = await db
		.selectFrom('files')
		.select(['contentType', 'dataBase64'])
		.where('id', '=', id)
		.where('tenantId', '=', tenantId)
		.where((eb) => eb.or([eb('groupId', 'is', null), eb('groupId', '=', id)]))
		.executeTakeFirst();
	if (!row || !row.contentType.startsWith('image/')) return undefined;
	return { bytes: Buffer.from(row.dataBase64, 'base64'), contentType: row.contentType };
}
