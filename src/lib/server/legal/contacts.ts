// A tenant's contact data for its legal pages: the county's for the platform's pages, a village's for its app's.
// The tenant's own admins (and the admins above it) keep it, audit-logged.
import { audit } from '../audit/audit.ts';
import type { Db } from '../db/index.ts';
import type { TenantContactsTable } from '../db/types.ts';
import { forbidden } from '../http/errors.ts';
import type { Actor } from '../policy/index.ts';
import type { Tenant } from '../tenancy/tenants.ts';
import { canEditLegal } from './access.ts';
import type { ContactInput } from './schemas.ts';

export type Contact = Omit<TenantContactsTable, 'tenantId' | 'hostRequestedBy'>;

const EMPTY: Contact = { body: '', person: '', address: '', email: '', phone: '', privacyContact: '', requestedHost: null, hostRequestedAt: null, updatedAt: 0 };

/** The tenant's contact data; empty fields where none was given yet. */
export async function getContact(db: Db, tenantId: string): Promise<Contact> {
	const row = await db
		.selectFrom('tenantContacts')
		.select(['body', 'person', 'address', 'email', 'phone', 'privacyContact', 'requestedHost', 'hostRequestedAt', 'updatedAt'])
		.where('tenantId', '=', tenantId)
		.executeTakeFirst();
	return row ? { ...row, hostRequestedAt: row.hostRequestedAt === null ? null : Number(row.hostRequestedAt), updatedAt: Number(row.updatedAt) } : { ...EMPTY };
}

/** Writes (part of) a tenant's contact row, creating it when there is none; in the caller's transaction. */
export async function upsertContact(db: Db, tenantId: string, values: Partial<Omit<TenantContactsTable, 'tenantId' | 'updatedAt'>>, now = Date.now()): Promise<void> {
	const updated = await db.updateTable('tenantContacts').set({ ...values, updatedAt: now }).where('tenantId', '=', tenantId).executeTakeFirst();
	if (Number(updated.numUpdatedRows) === 0) await db.insertInto('tenantContacts').values({ ...EMPTY, hostRequestedBy: null, ...values, tenantId, updatedAt: now }).execute();
}

/** Saves the contact data of a tenant the actor administers; which fields changed goes into the audit log. */
export async function saveContact(db: Db, args: { actor: Actor; tenant: Tenant; input: ContactInput; ip: string }): Promise<void> {
	const { actor, tenant, input } = args;
	if (!canEditLegal(actor, tenant)) throw forbidden();
	const next = { body: input.contactBody, person: input.contactPerson, address: input.contactAddress, email: input.contactEmail, phone: input.contactPhone, privacyContact: input.privacyContact };
	await db.transaction().execute(async (trx) => {
		const before = await getContact(trx, tenant.id);
		const changed = (Object.keys(next) as (keyof typeof next)[]).filter((k) => before[k] !== next[k]);
		if (changed.length === 0) return;
		await upsertContact(trx, tenant.id, next);
		await audit(trx, { actorId: actor.userId, tenantId: tenant.id, action: 'legal.contact', targetType: 'tenant', targetId: tenant.id, data: { changed }, ip: args.ip });
	});
}
