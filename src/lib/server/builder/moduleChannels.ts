// Realtime channels of modules: the topic names, and the check every subscription passes before it counts
// (village → module switched on → declared channel → permission → params schema → the module's authorize).
import type { Locale } from '../../modules/types.ts';
import type { Db } from '../db/index.ts';
import { loadActor } from '../policy/index.ts';
import { getTenantBySlug } from '../tenancy/tenants.ts';
import { allows, createModuleContext } from './moduleContext.ts';
import { enabledModule } from './villageModules.ts';

/** The hub topic of one channel instance: `<villageId>:<moduleId>:<channel>:<params as sorted key=value>`. */
export function channelTopic(villageId: string, moduleId: string, channel: string, params: Record<string, unknown>): string {
	const query = Object.keys(params)
		.sort()
		.map((k) => `${encodeURIComponent(k)}=${encodeURIComponent(String(params[k]))}`)
		.join('&');
	return `${villageId}:${moduleId}:${channel}:${query}`;
}

export interface Subscriber {
	userId: string | null;
	ip: string;
	locale?: Locale;
}

export interface SubscriptionRequest {
	/** the village's slug */
	village: string;
	/** "<module>:<channel>", e.g. "chat:room" */
	channel: string;
	params: Record<string, unknown>;
}

export type SubscriptionAnswer = { ok: true; topic: string } | { ok: false; code: 'not_found' | 'forbidden' | 'invalid'; message?: string };

/**
 * Decides one subscription. Unknown village, module switched off and undeclared channel all answer
 * not_found (the same as a foreign id would); the actor is loaded fresh, so a changed role counts at once.
 */
export function createSubscriptionResolver(db: Db) {
	return async (who: Subscriber, req: SubscriptionRequest): Promise<SubscriptionAnswer> => {
		const [moduleId = '', channelName = '', ...rest] = req.channel.split(':');
		if (rest.length) return { ok: false, code: 'not_found' };
		const village = req.village.length <= 63 ? await getTenantBySlug(db, req.village) : undefined;
		if (!village || village.kind !== 'village') return { ok: false, code: 'not_found' };
		const vm = await enabledModule(db, village.id, moduleId);
		const channels = vm?.module.server.channels;
		if (!vm || !channels || !Object.hasOwn(channels, channelName)) return { ok: false, code: 'not_found' };
		const channel = channels[channelName]!;
		const actor = await loadActor(db, who.userId);
		if (!allows(vm.module, actor, village, channel.permission)) return { ok: false, code: 'forbidden' };
		const params = channel.params.safeParse(req.params);
		if (!params.success) return { ok: false, code: 'invalid', message: params.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
		const data = params.data as Record<string, string>;
		if (channel.authorize) {
			const ctx = createModuleContext({ db, village, module: vm.module, settings: vm.settings, actor, locale: who.locale ?? 'de', ip: who.ip, readOnly: true });
			if (!(await channel.authorize(ctx, data))) return { ok: false, code: 'forbidden' };
		}
		return { ok: true, topic: channelTopic(village.id, vm.module.id, channelName, data) };
	};
}
