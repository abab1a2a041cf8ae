import { z } from 'zod';
import { coordinateFields, refineBothOrNeither } from '../platform/map/coordinates.ts';
import { hostFormatProblem, normalizeHost } from './hostNames.ts';
import { isUsableSlug, SLUG_PATTERN } from './slugs.ts';

const color = z.string().trim().regex(/^#[0-9a-fA-F]{6}$/, { message: 'err_color' });
const optional = <T extends z.ZodType>(s: T) => s.optional().nullable();

export const slugSchema = z
	.string()
	.trim()
	.toLowerCase()
	.min(2)
	.max(63)
	.regex(SLUG_PATTERN, { message: 'err_slug_format' })
	.refine(isUsableSlug, { message: 'err_slug_reserved' });

/** A village's own host name; whether it belongs to the platform is checked with ORIGIN in updateTenant. */
export const hostSchema = z
	.string()
	.max(253)
	.transform(normalizeHost)
	.superRefine((host, ctx) => {
		const problem = hostFormatProblem(host);
		if (problem) ctx.addIssue({ code: 'custom', message: problem });
	});

/** Creating a municipality or village below a tenant. */
export const createTenantSchema = z.object({
	name: z.string().trim().min(2).max(100),
	slug: optional(slugSchema),
	description: z.string().trim().max(2000).optional()
});

/** Editing a tenant's public details, branding and place on the map. */
export const updateTenantSchema = z
	.object({
		name: z.string().trim().min(2).max(100),
		slug: slugSchema,
		description: z.string().trim().max(2000).optional(),
		host: optional(hostSchema),
		colorPrimary: optional(color),
		colorAccent: optional(color),
		...coordinateFields
	})
	.superRefine(refineBothOrNeither);

export const roleSchema = z.enum(['admin', 'editor', 'moderator', 'member']);

export const addMemberSchema = z.object({
	email: z.string().trim().toLowerCase().pipe(z.email().max(254)),
	role: roleSchema
});

export const changeRoleSchema = z.object({ userId: z.string().min(1).max(64), role: roleSchema });
export const removeMemberSchema = z.object({ userId: z.string().min(1).max(64) });

export const clubSchema = z.object({
	name: z.string().trim().min(2).max(100),
	description: z.string().trim().max(2000).optional()
});
export const clubIdSchema = z.object({ clubId: z.string().min(1).max(64) });
export const addClubMemberSchema = z.object({
	clubId: z.string().min(1).max(64),
	email: z.string().trim().toLowerCase().pipe(z.email().max(254)),
	role: z.enum(['admin', 'member'])
});
export const withdrawInvitationSchema = z.object({ invitationId: z.string().min(1).max(64) });
export const removeClubMemberSchema = z.object({ clubId: z.string().min(1).max(64), userId: z.string().min(1).max(64) });
