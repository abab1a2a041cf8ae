// The room channel's events. One kind: a message as it is now, keyed by its id and ordered by the room's `rev`
// (decision 016). A new message, an edit, a deletion, a removal, a reaction and an approval all send it; a client
// keeps, per id, the state with the highest rev. Its position (for resuming) is the rev.
import { z } from 'zod';
import type { ChatCtx, ChatMessagesTable } from './queries.ts';
import { present, shownMessage, type ShownMessage } from './reading.ts';

/** Events larger than this are sent as a stub that the client loads over HTTP (the hub's limit is 7,000 bytes). */
export const MAX_INLINE_EVENT_BYTES = 6000;

export type RoomEvent =
	| { kind: 'message'; rev: number; message: ShownMessage }
	/** a message too large to travel as an event: load it from GET …/chat/messages/<id> */
	| { kind: 'message'; rev: number; id: string; seq: number; large: true };

/** The event's position in the room (its rev), or null for anything else. */
export function positionOf(event: unknown): number | null {
	const rev = (event as { rev?: unknown } | null)?.rev;
	return typeof rev === 'number' && Number.isSafeInteger(rev) ? rev : null;
}

/**
 * The event for a message: everyone subscribed gets the same one, so `mine` in reactions is false (the client
 * knows its own reactions); too large a message becomes a stub.
 */
export function messageEvent(message: ShownMessage): RoomEvent {
	const shared = { ...message, reactions: message.reactions.map((r) => ({ ...r, mine: false })) };
	const event: RoomEvent = { kind: 'message', rev: message.rev, message: shared };
	if (Buffer.byteLength(JSON.stringify(event)) <= MAX_INLINE_EVENT_BYTES) return event;
	return { kind: 'message', rev: message.rev, id: message.id, seq: message.seq, large: true };
}

type Publisher = ChatCtx & { publish: (channel: string, params: Record<string, string>, event: unknown) => void };

/** Sends the message's current state to the room's subscribers after the action commits. */
export async function announceMessage(ctx: Publisher, messageId: string): Promise<void> {
	const message = await shownMessage(ctx, messageId);
	if (!message) return;
	const row = await ctx.data.selectFrom('chatMessages').select('roomId').where('id', '=', messageId).executeTakeFirstOrThrow();
	ctx.publish('room', { roomId: row.roomId }, messageEvent(message));
}

/** Sends a message written just now, from the row as it was inserted (no reading back). */
export async function announceNew(ctx: Publisher, row: ChatMessagesTable): Promise<void> {
	const [message] = await present(ctx, [row], { fresh: true });
	ctx.publish('room', { roomId: row.roomId }, messageEvent(message!));
}

export const roomParams = z.object({ roomId: z.string().min(1).max(64) });
