// The one list of village-app modules. A new module is one folder plus one line here
// (`npm run new-module -- <id>` adds both). The core never imports a module by name; it reads this list.
import type { z } from 'zod';
import type { ModuleManifest } from './types.ts';
import calendar from './calendar/module.ts';
import chat from './chat/module.ts';
import links from './links/module.ts';
import news from './news/module.ts';
import projects from './projects/module.ts';

export type AnyModule = ModuleManifest<z.ZodObject, Record<string, unknown>>;

export const MODULES: readonly AnyModule[] = [
	links as unknown as AnyModule,
	calendar as unknown as AnyModule,
	news as unknown as AnyModule,
	projects as unknown as AnyModule,
	chat as unknown as AnyModule
];

/** The installed module with this id, if any. */
export function getModule(id: string): AnyModule | undefined {
	return MODULES.find((m) => m.id === id);
}
