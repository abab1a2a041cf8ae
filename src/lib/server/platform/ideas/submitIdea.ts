import type { z } from 'zod';
import { audit } from '../../audit/audit.ts';
import type { Db } from '../../db/index.ts';
import { inTransaction } from '../../db/inTransaction.ts';
import { prepareUpload, savePreparedUpload, type PreparedUpload } from '../../files/uploads.ts';
import { AppError, fieldError } from '../../http/errors.ts';
import { newId } from '../../ids.ts';
import type { Actor } from '../../policy/index.ts';
import { listCategories } from '../categories.ts';
import type { submitIdeaSchema } from './schemas.ts';
import { reindexIdea } from '../search/searchIndex.ts';

/** A village by slug or id; municipalities and the county are not places an idea belongs to. */
export async function findVillage(db: Db, ref: string) {
	const row = await db
		.selectFrom('tenants')
		.selectAll()
		.where((eb) => eb.or([eb('id', '=', ref), eb('slug', '=', ref)]))
		.where('kind', '=', 'village')
		.executeTakeFirst();
	return row;
}

const MIN_ALT = 3;
const MAX_ALT = 300;

/**
 * A signed-in person submits an idea for a village (optionally for one of its clubs, optionally with an image
 * that the upload service checks and re-encodes; its description, 3–300 characters, is then required), audit-logged.
 */
export async function submitIdea(
	db: Db,
	args: { actor: Actor; input: z.infer<typeof submitIdeaSchema>; ip: string; image?: { bytes: Uint8Array; fileName: string } | null }
): Promise<{ id: string }> {
	if (!args.actor.userId) throw new AppError(401, 'unauthorized');
	const { input } = args;
	const categories = await listCategories(db);
	if (!categories.some((c) => c.key === input.category)) throw fieldError('category', 'err_choice');
	const village = await findVillage(db, input.village);
	if (!village) throw fieldError('village', 'err_choice');
	// an API token acts in its one place: ideas for villages there, not elsewhere
	if (args.actor.token && !village.path.split('/').includes(args.actor.token.tenantId)) throw fieldError('village', 'err_project_place_forbidden', { status: 403 });
	if (input.club) {
		const club = await db.selectFrom('clubs').select('id').where('tenantId', '=', village.id).where('id', '=', input.club).executeTakeFirst();
		if (!club) throw fieldError('club', 'err_choice');
	}
	let prepared: PreparedUpload | null = null;
	if (args.image && args.image.bytes.byteLength > 0) {
		const alt = input.alt ?? '';
		if (!alt) throw fieldError('alt', 'err_upload_alt_required');
		if (alt.length < MIN_ALT) throw fieldError('alt', 'err_too_short', { params: { min: String(MIN_ALT) } });
		if (alt.length > MAX_ALT) throw fieldError('alt', 'err_too_long', { params: { max: String(MAX_ALT) } });
		// re-encoding takes a while: before the transaction, which then only writes
		prepared = await prepareUpload({ tenantId: village.id, bytes: args.image.bytes, fileName: args.image.fileName || 'idee', alt, accept: 'image', createdBy: args.actor.userId, field: 'image', altField: 'alt' });
	}
	const now = Date.now();
	const id = newId(now);
	await inTransaction(db, async (trx) => {
		const image = prepared && (await savePreparedUpload(trx, prepared));
		await trx
			.insertInto('ideas')
			.values({ id, tenantId: village.id, clubId: input.club ?? null, authorId: args.actor.userId, title: input.title, description: input.description ?? '', categoryKey: input.category, imageFileId: image?.id ?? null, status: 'new', projectId: null, hiddenAt: null, createdAt: now, updatedAt: now })
			.execute();
		await reindexIdea(trx, id);
		await audit(trx, { actorId: args.actor.userId, tenantId: village.id, action: 'idea.submit', targetType: 'idea', targetId: id, data: { category: input.category, clubId: input.club ?? null, imageFileId: image?.id ?? null }, ip: args.ip });
	});
	return { id };
}
