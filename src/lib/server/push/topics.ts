// The push topics of a village: the core's own (urgent messages from the village's editors, news from its
// projects) and those of the modules it has switched on (`pushTopics` in a module's manifest), named
// "<module>.<topic>" so that two modules never clash.
import type { Locale, Localized } from '../../modules/types.ts';
import { MODULES } from '../../modules/registry.ts';
import type { Db } from '../db/index.ts';
import { enabledModules } from '../builder/villageModules.ts';

export interface PushTopic {
	id: string;
	name: Localized;
	/** the module that declared it; null for the core's */
	moduleId: string | null;
}

export const CORE_TOPICS: readonly PushTopic[] = [
	{ id: 'alerts', name: { de: 'Eilmeldungen aus dem Dorf', en: 'Urgent messages from the village' }, moduleId: null },
	{ id: 'projects', name: { de: 'Neues aus unseren Projekten', en: 'News from our projects' }, moduleId: null }
];

/** The topic id a module's declared topic has in the village: "news.important". */
export const moduleTopicId = (moduleId: string, topic: string) => `${moduleId}.${topic}`;

/** Every topic people can subscribe to in this village, the core's first, then by the modules' order. */
export async function villageTopics(db: Db, villageId: string): Promise<PushTopic[]> {
	const modules = await enabledModules(db, villageId);
	return [...CORE_TOPICS, ...modules.flatMap((vm) => vm.module.pushTopics.map((t) => ({ id: moduleTopicId(vm.module.id, t.id), name: t.name, moduleId: vm.module.id })))];
}

/**
 * The name of a topic for pages that show past messages and existing subscriptions: unlike villageTopics, this
 * also names the topic of a module the village has switched off since (its subscriptions and messages stay). An
 * id no installed module declares is shown as it is.
 */
export function pushTopicName(id: string, locale: Locale): string {
	const core = CORE_TOPICS.find((t) => t.id === id);
	if (core) return core.name[locale];
	for (const module of MODULES) for (const t of module.pushTopics) if (moduleTopicId(module.id, t.id) === id) return t.name[locale];
	return id;
}
