// Realtime channels of modules: the check every subscription passes before it counts (topics: realtime/topics.ts)
// (village → module switched on → declared channel → permission → params schema → the module's authorize).
import { MODULES, type AnyModule } from '../../modules/registry.ts';
import type { Db } from '../db/index.ts';
import { loadActor } from '../policy/index.ts';
import type { ResolveSubscription } from '../realtime/socket.ts';
import { channelTopic } from '../realtime/topics.ts';
import { getTenantBySlug } from '../tenancy/tenants.ts';
import { allows, createModuleContext } from './moduleContext.ts';
import { enabledModule } from './villageModules.ts';

/**
 * Decides one subscription. Unknown village, module switched off and undeclared channel all answer
 * not_found (the same as a foreign id would); the actor is loaded fresh, so a changed role counts at once.
 */
export function createSubscriptionResolver(db: Db, modules: readonly AnyModule[] = MODULES): ResolveSubscription {
	return async (who, req) => {
		const [moduleId = '', channelName = '', ...rest] = req.channel.split(':');
		if (rest.length) return { ok: false, code: 'not_found' };
		const village = req.village.length <= 63 ? await getTenantBySlug(db, req.village) : undefined;
		if (!village || village.kind !== 'village') return { ok: false, code: 'not_found' };
		const vm = await enabledModule(db, village.id, moduleId, modules);
		const channels = vm?.module.server.channels;
		if (!vm || !channels || !Object.hasOwn(channels, channelName)) return { ok: false, code: 'not_found' };
		const channel = channels[channelName]!;
		const actor = await loadActor(db, who.userId);
		if (!allows(vm.module, actor, village, channel.permission)) return { ok: false, code: 'forbidden' };
		const params = channel.params.safeParse(req.params);
		if (!params.success) return { ok: false, code: 'invalid', message: params.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
		const data = params.data as Record<string, string>;
		const ctx = () => createModuleContext({ db, village, module: vm.module, settings: vm.settings, actor, locale: who.locale, ip: who.ip, readOnly: true });
		if (channel.authorize && !(await channel.authorize(ctx(), data))) return { ok: false, code: 'forbidden' };
		const topic = channelTopic({ villageId: village.id, moduleId: vm.module.id, channel: channelName, params: data });
		// a resumable channel: the connection replays what a reconnecting client missed (realtime/connection.ts)
		const { replay, position } = channel;
		if (replay && position) return { ok: true, topic, replay: (after, limit) => replay(ctx(), { ...data }, { after, limit }), position };
		return { ok: true, topic };
	};
}
