import type { Db } from '../db/index.ts';
import type { StoredFile } from './uploads.ts';

/**
 * Several stored files at once (one query), by id, with their renditions: what a list of pictures needs
 * (getStoredFile reads one). Each id counts only with the tenant it is asked with: a file of another tenant,
 * or no file, is left out.
 */
export async function loadStoredFiles(db: Db, refs: { tenantId: string; fileId: string }[]): Promise<Map<string, StoredFile>> {
	const found = new Map<string, StoredFile>();
	const tenantOf = new Map(refs.map((r) => [r.fileId, r.tenantId]));
	const wanted = [...tenantOf.keys()];
	if (!wanted.length) return found;
	const rows = await db
		.selectFrom('files')
		.select(['id', 'tenantId', 'groupId', 'variant', 'kind', 'contentType', 'size', 'fileName', 'altText', 'width', 'height'])
		.where((eb) => eb.or([eb('id', 'in', wanted), eb('groupId', 'in', wanted)]))
		.execute();
	for (const main of rows) {
		if (tenantOf.get(main.id) !== main.tenantId || (main.groupId !== null && main.groupId !== main.id)) continue;
		const kind = main.kind ?? 'image';
		const file: StoredFile = { id: main.id, kind, url: `/files/${main.id}`, type: main.contentType, fileName: main.fileName, size: main.size, alt: main.altText };
		if (main.width !== null && main.height !== null) Object.assign(file, { width: main.width, height: main.height });
		if (kind === 'image' && main.groupId !== null) {
			file.sources = rows
				.filter((r) => r.groupId === main.id && r.tenantId === main.tenantId && r.variant !== null && r.width !== null && r.height !== null)
				.map((r) => ({ variant: r.variant!, url: `/files/${main.id}/${r.variant}`, type: r.contentType, width: r.width!, height: r.height!, size: r.size }));
		}
		found.set(main.id, file);
	}
	return found;
}
