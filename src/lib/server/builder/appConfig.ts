import { z } from 'zod';
import type { Db } from '../db/index.ts';
import type { Tenant } from '../tenancy/tenants.ts';
import { vapidKeys } from '../push/keys.ts';
import { villageTopics } from '../push/topics.ts';
import { themeTokens } from '../../ui/theme.ts';
import { enabledModules } from './villageModules.ts';

const localized = z.object({ de: z.string(), en: z.string() });

/** The published configuration of a village app: what a native shell or another site could render from. */
export const villageAppSchema = z
	.object({
		version: z.number().int().describe('the published version of the app (1, 2, …), raised by every "Veröffentlichen" in the builder; 0 before the first'),
		village: z.object({ slug: z.string(), name: z.string(), description: z.string(), url: z.string(), contentVersion: z.number().int().describe('bumped by every write in the village; equal numbers mean equal content') }),
		theme: z.object({
			colorPrimary: z.string().nullable(),
			colorAccent: z.string().nullable(),
			logoUrl: z.string().nullable(),
			tokens: z.object({ light: z.record(z.string(), z.string()), dark: z.record(z.string(), z.string()) }).describe('CSS custom properties, contrast-checked')
		}),
		modules: z.array(
			z.object({
				id: z.string(),
				name: localized,
				icon: z.string(),
				url: z.string(),
				settings: z.record(z.string(), z.unknown()).describe('the settings the module publishes')
			})
		),
		push: z
			.object({
				vapidPublicKey: z.string().describe('the applicationServerKey to subscribe with (base64url, an uncompressed P-256 point)'),
				topics: z.array(z.object({ id: z.string(), name: localized })).describe('what a device can subscribe to, the core topics first, then the modules\' in their order')
			})
			.describe('Web Push: subscribe at POST /api/v1/villages/{village}/push/subscriptions')
	})
	.meta({ id: 'VillageApp' });

export type VillageApp = z.infer<typeof villageAppSchema>;

/** Builds the published app configuration: theme, the switched-on modules in order with their public settings, push topics. */
export async function villageApp(db: Db, village: Tenant, origin: string): Promise<VillageApp> {
	const [modules, topics, keys] = await Promise.all([enabledModules(db, village.id), villageTopics(db, village.id), vapidKeys(db)]);
	return {
		version: village.appVersion,
		village: { slug: village.slug, name: village.name, description: village.description, url: `${origin}/${village.slug}/`, contentVersion: Number(village.contentVersion) },
		theme: { colorPrimary: village.colorPrimary, colorAccent: village.colorAccent, logoUrl: village.logoUrl, tokens: themeTokens(village.colorPrimary, village.colorAccent) },
		modules: modules.map(({ module, settings }) => ({
			id: module.id,
			name: module.name,
			icon: module.icon,
			url: `${origin}/${village.slug}/${module.id}`,
			settings: Object.fromEntries(module.publicSettings.map((k) => [k, settings[k]]))
		})),
		push: { vapidPublicKey: keys.publicKey, topics: topics.map((t) => ({ id: t.id, name: t.name })) }
	};
}

/** The installed modules with their settings as JSON Schema (GET /api/v1/modules). */
export const moduleListSchema = z
	.object({
		modules: z.array(
			z.object({
				id: z.string(),
				name: localized,
				description: localized,
				icon: z.string(),
				permissions: z.array(z.object({ id: z.string(), role: z.string(), description: localized })),
				pages: z.array(z.object({ path: z.string(), title: localized })),
				widget: z.boolean(),
				realtimeChannels: z.array(z.string()),
				pushTopics: z.array(z.object({ id: z.string(), name: localized })),
				settingsSchema: z.record(z.string(), z.unknown()).describe('JSON Schema (draft 2020-12) of the settings, with defaults and labels')
			})
		)
	})
	.meta({ id: 'ModuleList' });
