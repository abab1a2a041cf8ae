import type { PageServerLoad } from './$types';
import { error } from '@sveltejs/kit';
import { vapidKeys } from '$lib/server/push/keys';
import { villageTopics } from '$lib/server/push/topics';
import * as m from '$lib/paraglide/messages.js';

/** Ticked on a first visit: what most people want from their village, without a flood. */
const SUGGESTED_TOPICS = ['alerts', 'news.important'];

// Notifications for this device (/<village>/push): public, no account needed. The topics come from the server;
// switching on happens in the browser (PushSettings.svelte), which needs the installation's VAPID key.
export const load: PageServerLoad = async ({ locals }) => {
	const village = locals.tenant;
	if (!village || village.kind !== 'village') error(404, m.err_not_found());
	const [topics, keys] = await Promise.all([villageTopics(locals.rt.db, village.id), vapidKeys(locals.rt.db)]);
	return {
		topics: topics.map((t) => ({ id: t.id, name: t.name[locals.locale], moduleId: t.moduleId })),
		suggested: SUGGESTED_TOPICS.filter((id) => topics.some((t) => t.id === id)),
		publicKey: keys.publicKey
	};
};
