// The contract between the core and a village-app module. A module's module.ts exports one
// `defineModule({...})`; registry.ts lists the modules. See docs/MODULES.md.
import type { Migration } from 'kysely';
import type { z } from 'zod';
import type { Db } from '../server/db/index.ts';
import type { Role } from '../server/db/types.ts';
import type { Actor } from '../server/policy/index.ts';
import type { Tenant } from '../server/tenancy/tenants.ts';
import type { FieldErrors } from '../server/http/validate.ts';

export type Localized = { de: string; en: string };
export type Locale = 'de' | 'en';

/** Icons every module may use (drawn by src/lib/ui/Icon.svelte). */
export const ICONS = ['link', 'calendar', 'news', 'megaphone', 'bell', 'chat', 'folder', 'phone', 'info', 'home', 'users', 'heart', 'star', 'map'] as const;
export type IconName = (typeof ICONS)[number];

/** A permission a module checks: who may do it, at least (roles are inherited down the tenant tree). */
export interface ModulePermission {
	id: string;
	role: Role;
	description: Localized;
}

/** A page of the module, served at /<village>/<module>/<path>. `path` may hold ":params". */
export interface ModulePage {
	path: string;
	/** Svelte component in the module's ui/ folder, e.g. "Page" for ui/Page.svelte */
	component: string;
	title: Localized;
}

/** What a module's server code gets for one request in one village. */
export interface ModuleContext<Settings = Record<string, unknown>> {
	db: Db;
	village: Tenant;
	actor: Actor;
	locale: Locale;
	/** the village's settings for this module, parsed by its schema (defaults filled in) */
	settings: Settings;
	/** true when the actor holds the module permission `id` in this village */
	can: (permissionId: string) => boolean;
	/** writes an audit entry for this village, in the given transaction or the module's db */
	audit: (db: Db, entry: { action: string; targetType: string; targetId?: string | null; data?: Record<string, unknown> }) => Promise<void>;
	/** the client's address (for audit entries) */
	ip: string;
}

/** The answer of a module's form action: fields with errors (status 400/403/404) or data for the page. */
export type ModuleActionResult = { ok: true; data?: Record<string, unknown> } | { ok: false; status: 400 | 403 | 404; errors: FieldErrors; values?: Record<string, string | undefined> };

export interface ModuleServer<Settings> {
	/** data for one of the module's pages; `params` are the page path's ":params" */
	load: (ctx: ModuleContext<Settings>, page: ModulePage, params: Record<string, string>) => Promise<Record<string, unknown>>;
	/** data for the home-screen widget (only when the manifest has one) */
	widget?: (ctx: ModuleContext<Settings>) => Promise<Record<string, unknown>>;
	/** form actions, posted to a module page with a hidden field "_action" naming one of these */
	actions?: Record<string, (ctx: ModuleContext<Settings>, form: Record<string, string | undefined>) => Promise<ModuleActionResult>>;
	/** read-only JSON at GET /api/v1/villages/<village>/<module>/<name> */
	api?: Record<string, (ctx: ModuleContext<Settings>) => Promise<unknown>>;
}

export interface ModuleManifest<S extends z.ZodObject = z.ZodObject> {
	/** URL segment and key; lower-case letters, digits and hyphens */
	id: string;
	name: Localized;
	description: Localized;
	icon: IconName;
	/** settings per village, with defaults; the builder renders its form from this schema (labels in .meta({ label })) */
	settings: S;
	/** settings that anyone may read (GET /api/v1/villages/<slug>/app) */
	publicSettings: (keyof z.infer<S> & string)[];
	permissions: ModulePermission[];
	pages: ModulePage[];
	/** home-screen widget: a Svelte component in ui/, fed by server.widget() */
	widget?: { component: string };
	/** the module's own migrations (run as "mod_<id>_<name>"); its tables should start with the module id */
	migrations: Record<string, Migration>;
	/** realtime channels the module offers, e.g. "chat:room" (declared now, used by later modules) */
	realtimeChannels: string[];
	/** push topics people can subscribe to */
	pushTopics: { id: string; name: Localized }[];
	server: ModuleServer<z.infer<S>>;
	/** labels of the module's audit actions (e.g. "links.add"), shown in the village's audit log */
	auditActions?: Record<string, Localized>;
	/** demo content for a village (npm start with the demo) */
	seed?: (args: { db: Db; village: Tenant }) => Promise<void>;
}

/** Declares a module; only a typing aid (returns its argument). */
export function defineModule<S extends z.ZodObject>(manifest: ModuleManifest<S>): ModuleManifest<S> {
	return manifest;
}
