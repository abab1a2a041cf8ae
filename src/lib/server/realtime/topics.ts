// The hub topic of a module channel. The subscription resolver and ctx.publish must build the same string
// for the same channel and parameters, so both use this one function.
import type { SubscriptionParams } from './protocol.ts';

/**
 * `<villageId>:<moduleId>:<channel>:<params as sorted key=value, joined by &>`; values are URI-encoded, so a
 * value with `:`, `&` or `=` cannot make two channels meet. Pass the params as the channel's schema parsed them.
 */
export function channelTopic(args: { villageId: string; moduleId: string; channel: string; params: SubscriptionParams }): string {
	const params = Object.keys(args.params)
		.sort()
		.map((k) => `${k}=${encodeURIComponent(String(args.params[k]))}`)
		.join('&');
	return `${args.villageId}:${args.moduleId}:${args.channel}:${params}`;
}
