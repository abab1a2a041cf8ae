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
	lat: number | null;
	lon: number | null;
	children: TenantNodeShape[];
}

export const tenantNodeSchema: z.ZodType<TenantNodeShape> = z
	.object({
		id: z.string().describe('UUIDv7'),
		slug: z.string().describe('URL segment; a village app lives at /<slug>/'),
		name: z.string(),
		kind: z.enum(['county', 'municipality', 'village']),
		lat: z.number().min(-90).max(90).nullable().describe('latitude, WGS84 degrees; null when not set (then lon is null too)'),
		lon: z.number().min(-180).max(180).nullable().describe('longitude, WGS84 degrees; null when not set'),
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
		mailsInDevMailbox: z.array(z.record(z.string(), z.unknown())),
		/** the Projektpool: ideas the person submitted, their comments, the ideas they support */
		ideas: z.array(z.record(z.string(), z.unknown())),
		ideaComments: z.array(z.record(z.string(), z.unknown())),
		ideaSupports: z.array(z.record(z.string(), z.unknown())),
		/** projects and ideas the person follows; projects they created (which stay, without them, after deletion) */
		follows: z.array(z.record(z.string(), z.unknown())),
		projectsCreated: z.array(z.record(z.string(), z.unknown())),
		projectNews: z.array(z.record(z.string(), z.unknown())),
		/** devices subscribed to a village's push messages while signed in: village, device, topics, dates (no endpoint, no keys) */
		pushSubscriptions: z.array(z.object({ village: z.string(), villageSlug: z.string(), device: z.string(), topics: z.array(z.string()), createdAt: z.string().nullable(), updatedAt: z.string().nullable() }))
	})
	.meta({ id: 'AccountExport' });

// The Projektpool's ideas (GET /api/v1/ideas, /api/v1/ideas/{id}). People appear only by display name
// (null: the account was deleted); e-mail addresses never.
const ideaFields = {
	id: z.string().describe('UUIDv7'),
	title: z.string().describe('plain text: escape it where it goes into HTML'),
	category: z.string().describe('category key (see the categories of the county)'),
	status: z.enum(['new', 'discussion', 'project', 'archived']),
	statusReason: z.string().describe('why it was archived; empty otherwise'),
	projectId: z.string().nullable().describe('the project it became'),
	village: z.object({ id: z.string(), slug: z.string(), name: z.string(), municipality: z.string().nullable() }),
	club: z.string().nullable().describe('the club it comes from'),
	authorName: z.string().nullable().describe("the author's display name; null once the account is deleted"),
	supportCount: z.number().int(),
	commentCount: z.number().int(),
	createdAt: z.string(),
	updatedAt: z.string()
};

export const ideaListSchema = z
	.object({
		ideas: z.array(z.object({ ...ideaFields, summary: z.string().describe('the start of the markdown description') }).meta({ id: 'IdeaSummary' })),
		page: z.number().int(),
		pageSize: z.number().int(),
		total: z.number().int(),
		pageCount: z.number().int()
	})
	.meta({ id: 'IdeaList' });

export const ideaDetailSchema = z
	.object({
		...ideaFields,
		descriptionHtml: z.string().describe('the description rendered from markdown and sanitised'),
		image: z
			.object({ url: z.string().describe('the image (re-encoded JPEG or PNG, at most 1600 px), relative to the site'), alt: z.string().describe('what the image shows') })
			.nullable()
			.describe('the picture the author added, if any'),
		comments: z.array(z.object({ id: z.string(), authorName: z.string().nullable(), bodyHtml: z.string(), hidden: z.boolean().describe('true only for moderators, who still see hidden comments'), createdAt: z.string() }))
	})
	.meta({ id: 'Idea' });

// Web Push (src/lib/server/push/routes.ts): the key browsers subscribe with, a saved subscription, a queued
// message and its figures. A message's figures: sent (the push service took it), failed (it refused it for
// good), gone (the device ended its subscription: it is deleted), pending (not settled yet).
export const vapidPublicKeySchema = z.object({ publicKey: z.string().describe('the VAPID public key (65-byte P-256 point, base64url): applicationServerKey for pushManager.subscribe') }).meta({ id: 'VapidPublicKey' });

export const pushSubscriptionSavedSchema = z.object({ id: z.string().describe('UUIDv7'), topics: z.array(z.string()).describe('the topics the device now gets') }).meta({ id: 'PushSubscriptionSaved' });

export const pushMessageQueuedSchema = z.object({ id: z.string().describe('UUIDv7 of the message; its progress is at …/push/messages/{id}') }).meta({ id: 'PushMessageQueued' });

const pushFigures = {
	id: z.string(),
	total: z.number().int().describe('devices it goes to'),
	sent: z.number().int(),
	failed: z.number().int(),
	gone: z.number().int().describe('devices whose subscription had ended (it is deleted)'),
	pending: z.number().int(),
	state: z.enum(['queued', 'sending', 'done']).describe('queued: the devices are not counted yet; done: every delivery is settled')
};

export const pushProgressSchema = z.object(pushFigures).meta({ id: 'PushProgress' });

export const pushMessageListSchema = z
	.object({
		messages: z.array(
			z.object({
				...pushFigures,
				topics: z.array(z.string()),
				title: z.string().describe('plain text: escape it where it goes into HTML'),
				body: z.string(),
				url: z.string().describe('a path of this site or an https address; empty: the village app'),
				urgency: z.enum(['very-low', 'low', 'normal', 'high']),
				moduleId: z.string().nullable().describe('the module that sent it (e.g. news for an important article); null: an editor'),
				createdBy: z.string().nullable().describe("the sender's display name; null for a module's message or a deleted account"),
				createdAt: z.number().int().describe('epoch ms')
			})
		)
	})
	.meta({ id: 'PushMessageList' });
