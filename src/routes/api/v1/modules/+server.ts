import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { z } from 'zod';
import type { moduleListSchema } from '$lib/server/builder/appConfig';
import { MODULES } from '$lib/modules/registry';

/** The installed modules with their settings as JSON Schema. */
export const GET: RequestHandler = () => {
	const body: z.infer<typeof moduleListSchema> = {
		modules: MODULES.map((mod) => ({
			id: mod.id,
			name: mod.name,
			description: mod.description,
			icon: mod.icon,
			permissions: mod.permissions,
			pages: mod.pages.map((p) => ({ path: p.path, title: p.title })),
			widget: !!mod.widget,
			realtimeChannels: Object.keys(mod.server.channels ?? {}),
			pushTopics: mod.pushTopics,
			settingsSchema: z.toJSONSchema(mod.settings, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>
		}))
	};
	return json(body, { headers: { 'cache-control': 'public, max-age=60' } });
};
