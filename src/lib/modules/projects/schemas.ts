import { z } from 'zod';
import { text } from './messages.ts';

export const settingsSchema = z.object({
	title: z.string().trim().min(1).max(60).default('Unsere Projekte').meta({ label: text.settingTitle }),
	widgetCount: z.coerce.number().int().min(1).max(10).default(3).meta({ label: text.settingWidgetCount }),
	showIdeas: z.boolean().default(true).meta({ label: text.settingShowIdeas })
});

/** "Idee einreichen": the Projektpool's limits (the core checks them again); the village is the app's own. */
export const ideaSchema = z.object({
	title: z.string().trim().min(3).max(120),
	description: z.string().trim().max(5000).optional(),
	category: z.string().trim().min(1).max(64)
});
