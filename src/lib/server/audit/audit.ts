import type { Db } from '../db/index.ts';
import { newId } from '../ids.ts';
import { bumpContentVersion } from '../db/contentVersion.ts';
import { tellAll } from './describe.ts';

export interface AuditEntry {
	actorId: string | null;
	tenantId: string | null;
	action: string;
	targetType: string;
	targetId?: string | null;
	data?: Record<string, unknown>;
	ip?: string;
	/** the API token that acted (module actions over /api/v1) */
	tokenId?: string | null;
}

/**
 * Writes one audit entry; call it in the transaction of the change it records. An entry about a tenant
 * also bumps that tenant's content version: every audited write changes what its pages show.
 */
export async function audit(db: Db, entry: AuditEntry): Promise<void> {
	if (entry.tenantId) await bumpContentVersion(db, entry.tenantId);
	await db
		.insertInto('auditLog')
		.values({
			id: newId(),
			tenantId: entry.tenantId,
			actorId: entry.actorId,
			action: entry.action,
			targetType: entry.targetType,
			targetId: entry.targetId ?? null,
			data: JSON.stringify(entry.data ?? {}),
			ip: entry.ip ?? '',
			tokenId: entry.tokenId ?? null,
			createdAt: Date.now()
		})
		.execute();
}

/**
 * Audit entries of the given tenants, newest first, each told as a sentence in the reader's language (describe.ts)
 * with its details. Entries keep only ids of people; names are looked up now, so a deleted account leaves no
 * personal data behind in the log ("Ein gelöschtes Konto hat …"). E-mail addresses are not shown: the display name
 * is what the village's admins see of their members elsewhere too. The same goes for the name of the API token an
 * entry was made with (`tokenName` null: the token is gone).
 */
export async function listAudit(db: Db, args: { tenantIds: string[]; limit?: number; before?: number; locale?: 'de' | 'en' }) {
	if (args.tenantIds.length === 0) return [];
	let q = db
		.selectFrom('auditLog')
		.leftJoin('users', 'users.id', 'auditLog.actorId')
		.leftJoin('tenants', 'tenants.id', 'auditLog.tenantId')
		.leftJoin('apiTokens', 'apiTokens.id', 'auditLog.tokenId')
		.select([
			'auditLog.id',
			'auditLog.action',
			'auditLog.targetType',
			'auditLog.targetId',
			'auditLog.data',
			'auditLog.createdAt',
			'auditLog.tenantId',
			'auditLog.tokenId',
			'apiTokens.name as tokenName',
			'auditLog.actorId',
			'users.displayName as actorName',
			'tenants.name as tenantName'
		])
		.where('auditLog.tenantId', 'in', args.tenantIds)
		.orderBy('auditLog.createdAt', 'desc')
		.orderBy('auditLog.id', 'desc')
		.limit(args.limit ?? 100);
	if (args.before) q = q.where('auditLog.createdAt', '<', args.before);
	return tellAll(db, await q.execute(), args.tenantIds, args.locale ?? 'de');
}
