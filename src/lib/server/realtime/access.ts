// "Access may have changed": one hub topic that tells every instance's /ws endpoint to check its open
// subscriptions again (session, then resolveSubscription for each). Auth and the module platform publish here
// after a logout, a membership change or a module switched off; sockets also re-check on their own
// (every subscribe, and every WS_SESSION_CHECK_MS), so a missed event only delays the end.
import { z } from 'zod';
import type { RealtimeHub } from './hub.ts';

/** Module topics start with a village id (a UUID), so this name cannot collide with one. */
export const ACCESS_TOPIC = 'core:access';

export const accessChangeSchema = z
	.object({
		/** every connection of this user */
		userId: z.string().max(64).optional(),
		/** the connections of this session (sessions.id) */
		sessionId: z.string().max(128).optional(),
		/** every connection with a subscription in this village (slug) */
		village: z.string().max(64).optional()
	})
	.refine((c) => c.userId || c.sessionId || c.village, 'name a user, a session or a village');

export type AccessChange = z.infer<typeof accessChangeSchema>;

/** Asks every instance to re-check the subscriptions of a user, a session or a village (after the commit). */
export function publishAccessChange(hub: RealtimeHub, change: AccessChange): Promise<void> {
	return hub.publish(ACCESS_TOPIC, accessChangeSchema.parse(change));
}
