import { audit } from '../audit/audit.ts';
import type { Db } from '../db/index.ts';
import { forbidden } from '../http/errors.ts';
import { can, type Actor } from '../policy/index.ts';
import type { Tenant } from '../tenancy/tenants.ts';
import { deleteStoredFile, prepareUpload, savePreparedUpload } from './uploads.ts';

/**
 * Stores a village's (or any tenant's) new logo and removes the old one, audit-logged. The upload service
 * re-encodes it as a PNG of at most 512 px (plus WebP) without metadata; its alt text is the tenant's name.
 */
export async function setLogo(db: Db, args: { actor: Actor; tenant: Tenant; bytes: Uint8Array; fileName?: string; ip: string }): Promise<string> {
	if (!can(args.actor, 'tenant.update', args.tenant)) throw forbidden();
	// Re-encoding takes a while: before the transaction, which then only writes.
	const prepared = await prepareUpload({
		tenantId: args.tenant.id,
		bytes: args.bytes,
		fileName: args.fileName || 'logo',
		alt: args.tenant.name,
		accept: 'image',
		createdBy: args.actor.userId,
		field: 'logo',
		preset: 'logo'
	});
	return db.transaction().execute(async (trx) => {
		const file = await savePreparedUpload(trx, prepared);
		await removeStoredLogo(trx, args.tenant);
		await trx.updateTable('tenants').set({ logoUrl: file.url, updatedAt: Date.now() }).where('id', '=', args.tenant.id).execute();
		await audit(trx, { actorId: args.actor.userId, tenantId: args.tenant.id, action: 'tenant.logo', targetType: 'tenant', targetId: args.tenant.id, data: { size: file.size }, ip: args.ip });
		return file.url;
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
	if (old) await deleteStoredFile(db, tenant.id, old);
}
