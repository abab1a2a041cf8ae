// The chat's inputs, one schema per boundary. Bodies are markdown (rendered by the core's renderMarkdown).
import { z } from 'zod';
import { text } from './messages.ts';

/** The longest message body, in characters after trimming. */
export const MAX_BODY = 4000;
/** The largest page of history. */
export const MAX_PAGE = 100;
/** The reactions people can give: a small fixed set, so that nobody posts a message through emoji. */
export const REACTIONS = ['👍', '❤️', '😂', '😮', '😢', '🙏'] as const;

const id = z.string().min(1).max(64);
const flag = z.union([z.boolean(), z.enum(['0', '1', 'on', 'true', 'false'])]).transform((v) => v === true || v === '1' || v === 'on' || v === 'true');

export const settingsSchema = z.object({
	rateLimitPerMinute: z.coerce.number().int().min(1).max(120).default(20).meta({ label: text.settingRateLimit })
});
export type ChatSettings = z.infer<typeof settingsSchema>;

// A slug is lower-case letters, digits and hyphens; names of the prototype are refused by the rules (they would
// be harmless in SQL, but a room must never be looked up in a plain object by them).
export const roomSchema = z.object({
	name: z.string().trim().min(1).max(60),
	slug: z.string().trim().toLowerCase().min(2).max(40).regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/),
	description: z.string().trim().max(500).default(''),
	rules: z.string().trim().max(2000).default(''),
	kind: z.enum(['open', 'club', 'announcements']).default('open'),
	clubId: id.optional(),
	holdNewAccounts: flag.default(false)
});
export type RoomInput = z.input<typeof roomSchema>;

export const roomUpdateSchema = roomSchema.omit({ kind: true, clubId: true }).partial().extend({ roomId: id });

export const bodySchema = z.string().trim().min(1).max(MAX_BODY);

// clientId: the sender's own id for the message (letters, digits, "-" and "_"), so that a resend is not posted twice
export const clientIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);
// a message has words or an image (with its description for people who cannot see it), or both
export const postSchema = z
	.object({ roomId: id, body: z.string().trim().max(MAX_BODY).default(''), replyTo: id.optional(), clientId: clientIdSchema.optional(), imageId: id.optional(), imageAlt: z.string().trim().max(300).optional() })
	.refine((v) => v.body.length > 0 || v.imageId !== undefined, { path: ['body'], message: 'errEmpty' });
export const editSchema = z.object({ messageId: id, body: bodySchema });
export const reactionSchema = z.object({ messageId: id, emoji: z.enum(REACTIONS) });
export const reasonSchema = z.string().trim().min(1).max(500);

export const historySchema = z.object({
	roomId: id,
	before: z.coerce.number().int().min(1).optional(),
	after: z.coerce.number().int().min(0).optional(),
	limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(50)
});
export const searchSchema = z.object({ roomId: id, query: z.string().trim().min(1).max(100), limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(50) });
