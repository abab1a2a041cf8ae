// The /ws protocol as the server uses it: the shared schemas (src/lib/realtime/protocol.ts, which browser code
// imports too) and the close codes. docs/REALTIME.md describes it for client authors; keep the two in step.
export {
	actionErrorCodes,
	clientMessageSchema,
	errorCodes,
	serverMessageSchema,
	subscriptionParamsSchema,
	unsubscribeReasons,
	type ActionErrorCode,
	type ActionResultMessage,
	type ClientMessage,
	type ErrorCode,
	type ServerMessage,
	type SubscriptionParams,
	type UnsubscribeReason
} from '../../realtime/protocol.ts';

// Close codes beyond the standard ones (1007 invalid UTF-8 and 1009 too big come from the ws library).
export const CLOSE = {
	goingAway: 1001,
	policyViolation: 1008,
	internalError: 1011,
	tryAgainLater: 1013,
	sessionEnded: 4001
} as const;
