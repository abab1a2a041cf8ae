// The chat's realtime messages as zod schemas, for both sides: the server's tests check every event it sends
// against them, the room page parses what arrives with them (and ignores what does not fit). Only zod here, so
// the browser can import it. The envelope (subscribe, event, result …) is the core's: src/lib/realtime/protocol.ts.
import { z } from 'zod';

const count = z.number().int().min(0);

/** A message as the room shows it (reading.ts ShownMessage). */
export const shownMessageSchema = z.object({
	id: z.string().min(1).max(64),
	seq: z.number().int().min(1),
	rev: z.number().int().min(1),
	authorId: z.string().nullable(),
	authorName: z.string(),
	html: z.string(),
	image: z.object({ url: z.string(), alt: z.string(), width: z.number().nullable(), height: z.number().nullable() }).nullable(),
	replyTo: z.string().nullable(),
	reply: z.object({ id: z.string(), seq: z.number().int().nullable(), authorName: z.string(), excerpt: z.string() }).nullable(),
	editedAt: z.number().nullable(),
	deleted: z.boolean(),
	removedReason: z.string().nullable(),
	createdAt: z.number(),
	reactions: z.array(z.object({ emoji: z.string(), count, mine: z.boolean() }))
});
export type ShownMessageWire = z.infer<typeof shownMessageSchema>;

/**
 * An event of the channel `chat:room` (params { roomId }): a message as it is now — new, edited, deleted, removed,
 * reacted to, approved. Keep per id the one with the highest `rev`; `rev` is the event's position for resuming.
 * A message too large for an event comes as a stub with `large: true`: load it from
 * GET /api/v1/villages/<village>/chat/messages/<id>.
 */
export const roomEventSchema = z.union([
	z.object({ kind: z.literal('message'), rev: z.number().int().min(1), message: shownMessageSchema }),
	z.object({ kind: z.literal('message'), rev: z.number().int().min(1), id: z.string().min(1).max(64), seq: z.number().int().min(1), large: z.literal(true) })
]);
export type RoomEventWire = z.infer<typeof roomEventSchema>;

/** The `result` of the action `post` (over /ws, and the JSON API's body). */
export const postResultSchema = z.object({ id: z.string(), seq: z.number().int().nullable(), rev: z.number().int().nullable(), held: z.boolean(), roomId: z.string() });
