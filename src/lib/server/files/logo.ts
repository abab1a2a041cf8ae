import sharp from 'sharp';
import { audit } from '../audit/audit.ts';
import type { Db } from '../db/index.ts';
import { fieldError, forbidden } from '../http/errors.ts';
import { newId } from '../ids.ts';
import { can, type Actor } from '../policy/index.ts';
import type { Tenant } from '../tenancy/tenants.ts';

export const MAX_LOGO_BYTES = 900 * 1024;
const ACCEPTED = new Set(['png', 'jpeg', 'webp', 'gif', 'svg', 'avif', 'heif']);

/**
 * Re-encodes an uploaded image as a square-fitting PNG of at most 512 px. Nothing of the upload survives but
 * its pixels: no metadata (location, camera), no scripts (SVG). Throws a field error for anything unreadable.
 */
export async function reencodeLogo(bytes: Uint8Array): Promise<Buffer> {
	if (bytes.byteLength === 0) throw fieldError('logo', 'err_required');
	if (bytes.byteLength > MAX_LOGO_BYTES) throw fieldError('logo', 'err_file_too_large');
	try {
		const image = sharp(bytes, { limitInputPixels: 40_000_000, failOn: 'error' });
		const meta = await image.metadata();
		if (!meta.format || !ACCEPTED.has(meta.format)) throw new Error(`format ${meta.format}`);
		return await image.rotate().resize(512, 512, { fit: 'inside', withoutEnlargement: true }).png({ compressionLevel: 9 }).toBuffer();
	} catch {
		throw fieldError('logo', 'err_image');
	}
}

/** Stores a village's (or any tenant's) new logo and removes the old one, audit-logged. */
export async function setLogo(db: Db, args: { actor: Actor; tenant: Tenant; bytes: Uint8Array; ip: string }): Promise<string> {
	if (!can(args.actor, 'tenant.update', args.tenant)) throw forbidden();
	const png = await reencodeLogo(args.bytes);
	return db.transaction().execute(async (trx) => {
		const id = newId();
		await trx.insertInto('files').values({ id, tenantId: args.tenant.id, contentType: 'image/png', dataBase64: png.toString('base64'), size: png.length, createdAt: Date.now() }).execute();
		await removeStoredLogo(trx, args.tenant);
		const logoUrl = `/files/${id}`;
		await trx.updateTable('tenants').set({ logoUrl, updatedAt: Date.now() }).where('id', '=', args.tenant.id).execute();
		await audit(trx, { actorId: args.actor.userId, tenantId: args.tenant.id, action: 'tenant.logo', targetType: 'tenant', targetId: args.tenant.id, data: { size: png.length }, ip: args.ip });
		return logoUrl;
	});
}

/** Removes a tenant's logo, audit-logged. */
export async function removeLogo(db: Db, args: { actor: Actor; tenant: Tenant; ip: string }): Promise<void> {
	if (!can(args.actor, 'tenant.update', args.tenant)) throw forbidden();
	await db.transaction().execute(async (trx) => {
		await removeStoredLogo(trx, args.tenant);
		await trx.updateTable('tenants').set({ logoUrl: null, updatedAt: Date.now() }).where('id', '=', args.tenant.id).execute();
		await audit(trx, { actorId: args.actor.userId, tenantId: args.tenant.id, action: 'tenant.logo.remove', targetType: 'tenant', targetId: args.tenant.id, ip: args.ip });
	});
}

async function removeStoredLogo(db: Db, tenant: Tenant) {
	const old = /^\/files\/([\w-]+)$/.exec(tenant.logoUrl ?? '')?.[1];
	if (old) await db.deleteFrom('files').where('id', '=', old).where('tenantId', '=', tenant.id).execute();
}

/** A stored file for the /files/<id> route. */
export async function getFile(db: Db, id: string) {
	return db.selectFrom('files').select(['contentType', 'dataBase64']).where('id', '=', id).executeTakeFirst();
}
