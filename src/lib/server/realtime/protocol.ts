// The /ws protocol: what a client may send (validated with zod, sizes capped) and what the server answers.
// docs/REALTIME.md describes it for client authors; keep the two in step.
import { z } from 'zod';

const requestId = z.string().min(1).max(64);

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
		village: z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'expected a village slug'),
		params: subscriptionParamsSchema.default({})
	}),
	z.object({ type: z.literal('unsubscribe'), id: requestId }),
	z.object({ type: z.literal('ping'), id: requestId.optional() })
]);

export type ClientMessage = z.infer<typeof clientMessageSchema>;
export type SubscriptionParams = z.infer<typeof subscriptionParamsSchema>;

/** Error codes the server sends; `id` names the subscription when the error concerns one. */
export type ErrorCode =
	| 'invalid_json'
	| 'invalid_message'
	| 'not_found'
	| 'forbidden'
	| 'invalid'
	| 'duplicate_id'
	| 'unknown_id'
	| 'too_many_subscriptions'
	| 'session_ended'
	| 'rate_limited'
	| 'internal';

/** Why a subscription ended without the client asking, or `client` when it asked. */
export type UnsubscribeReason = 'client' | 'session_ended' | 'not_found' | 'forbidden' | 'invalid' | 'internal';

export type ServerMessage =
	| { type: 'welcome'; authenticated: boolean }
	| { type: 'pong'; id?: string }
	| { type: 'subscribed'; id: string }
	| { type: 'unsubscribed'; id: string; reason: UnsubscribeReason }
	| { type: 'error'; id?: string; code: ErrorCode; message: string; issues?: { path: string; message: string }[] };

// Close codes beyond the standard ones (1007 invalid UTF-8 and 1009 too big come from the ws library).
export const CLOSE = {
	goingAway: 1001,
	policyViolation: 1008,
	internalError: 1011,
	tryAgainLater: 1013,
	sessionEnded: 4001
} as const;
