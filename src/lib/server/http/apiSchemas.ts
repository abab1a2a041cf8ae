import { z } from 'zod';

// Response shapes of the JSON API. The handlers return these, and openapi.ts documents them.

export const errorSchema = z.object({
	error: z.object({ status: z.number().int(), message: z.string(), fields: z.record(z.string(), z.string()).optional() })
}).meta({ id: 'Error' });

export const healthSchema = z.object({
	status: z.literal('ok'),
	database: z.enum(['sqlite', 'postgres']),
	version: z.string(),
	uptimeSeconds: z.number()
}).meta({ id: 'Health' });

export interface TenantNodeShape {
	id: string;
	slug: string;
	name: string;
	kind: 'county' | 'municipality' | 'village';
	children: TenantNodeShape[];
}

export const tenantNodeSchema: z.ZodType<TenantNodeShape> = z
	.object({
		id: z.string().describe('UUIDv7'),
		slug: z.string().describe('URL segment; a village app lives at /<slug>/'),
		name: z.string(),
		kind: z.enum(['county', 'municipality', 'village']),
		get children() {
			return z.array(tenantNodeSchema);
		}
	})
	.meta({ id: 'TenantNode' });

export const tenantTreeSchema = z.object({ tenants: z.array(tenantNodeSchema) }).meta({ id: 'TenantTree' });

export const accountExportSchema = z
	.object({
		format: z.literal('allmende-account-export/1'),
		exportedAt: z.string(),
		account: z.object({ id: z.string(), email: z.string(), displayName: z.string(), locale: z.string(), emailVerifiedAt: z.string().nullable(), createdAt: z.string().nullable(), updatedAt: z.string().nullable() }),
		sessions: z.array(z.record(z.string(), z.unknown())),
		memberships: z.array(z.record(z.string(), z.unknown())),
		clubMemberships: z.array(z.record(z.string(), z.unknown())),
		auditLogEntriesAsActor: z.array(z.record(z.string(), z.unknown())),
		/** invitations to the account's address that are still kept (open, or accepted and not yet expired) */
		invitations: z.array(z.record(z.string(), z.unknown())),
		mailsInDevMailbox: z.array(z.record(z.string(), z.unknown()))
	})
	.meta({ id: 'AccountExport' });
