// The /ws protocol, shared by the server (src/lib/server/realtime/) and browser code: what a client may send and
// what the server answers, as zod schemas. It imports only zod, so client code may import it (the server's copy
// under $lib/server cannot be). docs/REALTIME.md describes it for client authors; keep the two in step.
import { z } from 'zod';

const requestId = z.string().min(1).max(64);
const villageSlug = z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'expected a village slug');

/** Subscription parameters: a flat object of short values (the module's own schema checks them further). */
export const subscriptionParamsSchema = z
	.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/), z.union([z.string().max(200), z.number().finite(), z.boolean()]))
	.refine((p) => Object.keys(p).length <= 10, { message: 'at most 10 parameters' });

export const clientMessageSchema = z.discriminatedUnion('type', [
	z.object({
		type: z.literal('subscribe'),
		id: requestId,
		/** `<module>:<channel>`, e.g. `chat:room` */
		channel: z.string().regex(/^[a-z][a-z0-9-]{0,39}:[a-z][A-Za-z0-9_-]{0,39}$/, 'expected "<module>:<channel>"'),
		/** the village's slug */
		village: villageSlug,
		params: subscriptionParamsSchema.default({}),
		/**
		 * resume: the position of the last event the client has seen on this channel; the server first sends the
		 * events after it (channels that declare replay), then the live ones
		 */
		after: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional()
	}),
	z.object({ type: z.literal('unsubscribe'), id: requestId }),
	z.object({ type: z.literal('ping'), id: requestId.optional() }),
	z.object({
		type: z.literal('action'),
		/** the client's name for this request; the `result` carries it back */
		ref: requestId,
		village: villageSlug,
		/** the module's id, e.g. `chat` */
		module: z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'expected a module id'),
		/** the action's name as the module declares it (any other name answers not_found) */
		action: z.string().min(1).max(64),
		/** the action's input: a JSON object (the action's own schema checks it) */
		input: z.record(z.string(), z.unknown()).default({})
	})
]);

/** a message as the server reads it (defaults filled in) */
export type ClientMessage = z.infer<typeof clientMessageSchema>;
/** a message as a client may write it */
export type ClientMessageInput = z.input<typeof clientMessageSchema>;
export type SubscriptionParams = z.infer<typeof subscriptionParamsSchema>;

/** Error codes of `error` messages; `id` names the subscription, `ref` the action when the error concerns one. */
export const errorCodes = [
	'invalid_json',
	'invalid_message',
	'not_found',
	'forbidden',
	'invalid',
	'duplicate_id',
	'unknown_id',
	'too_many_subscriptions',
	'too_many_actions',
	'session_ended',
	'rate_limited',
	'internal'
] as const;
export type ErrorCode = (typeof errorCodes)[number];

/** Why a subscription ended without the client asking, or `client` when it asked. */
export const unsubscribeReasons = ['client', 'session_ended', 'not_found', 'forbidden', 'invalid', 'internal'] as const;
export type UnsubscribeReason = (typeof unsubscribeReasons)[number];

/** Why an action was refused; `status` is the HTTP status the same call over the JSON API answers. */
export const actionErrorCodes = ['invalid', 'unauthenticated', 'forbidden', 'not_found', 'conflict', 'rate_limited', 'internal'] as const;
export type ActionErrorCode = (typeof actionErrorCodes)[number];

const issues = z.array(z.object({ path: z.string(), message: z.string() }));

const actionResultSchema = z.discriminatedUnion('ok', [
	/** sent only after the action's transaction has committed */
	z.object({ type: z.literal('result'), ref: z.string(), ok: z.literal(true), result: z.unknown() }),
	z.object({
		type: z.literal('result'),
		ref: z.string(),
		ok: z.literal(false),
		status: z.number().int(),
		code: z.enum(actionErrorCodes),
		message: z.string(),
		issues: issues.optional()
	})
]);

const otherServerMessageSchema = z.discriminatedUnion('type', [
	z.object({ type: z.literal('welcome'), authenticated: z.boolean() }),
	z.object({ type: z.literal('pong'), id: z.string().optional() }),
	z.object({ type: z.literal('subscribed'), id: z.string() }),
	z.object({ type: z.literal('unsubscribed'), id: z.string(), reason: z.enum(unsubscribeReasons) }),
	z.object({ type: z.literal('event'), id: z.string(), event: z.unknown() }),
	/** the events after `after` could not all be sent: load the channel's state over HTTP; live events follow */
	z.object({ type: z.literal('resync'), id: z.string() }),
	z.object({
		type: z.literal('error'),
		id: z.string().optional(),
		ref: z.string().optional(),
		code: z.enum(errorCodes),
		message: z.string(),
		issues: issues.optional()
	})
]);

export const serverMessageSchema = z.union([otherServerMessageSchema, actionResultSchema]);

export type ServerMessage = z.infer<typeof serverMessageSchema>;
export type ActionResultMessage = Extract<ServerMessage, { type: 'result' }>;

/** Reads one text frame from the server; null for anything that is not a message of this protocol. */
export function parseServerMessage(text: string): ServerMessage | null {
	let data: unknown;
	try {
		data = JSON.parse(text);
	} catch {
		return null;
	}
	const parsed = serverMessageSchema.safeParse(data);
	return parsed.success ? parsed.data : null;
}
