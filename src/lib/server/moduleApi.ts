// The core's public API for village-app modules: everything a module's server code may import from the core.
// Modules import this file (and src/lib/modules/types.ts, src/lib/ui/*), never other core files, never each other.
export { newId } from './ids.ts';
export { parseInput, type FieldErrors, type ParseOptions } from './http/validate.ts';
export { slugify } from './tenancy/slugs.ts';
export type { Tenant } from './tenancy/tenants.ts';
export { actionFor, defineModule, ICON_LABELS, ICONS, iconOptions, type IconName, type ModuleAction, type ModuleUndo, type ModuleActionResult, type ModuleBanner, type ModuleContext, type ModuleData, type ModuleManifest, type ModuleOverview, type ModuleSchedule, type ModuleServer, type OverviewItem, type OverviewKind, type Localized, type Locale, type PermissionRef, type ModulePool, type PoolIdea, type PoolProject, type PoolProjectCard, type PoolProjectStatus } from '../modules/types.ts';

import type { FieldErrors } from './http/validate.ts';
import type { ModuleActionResult } from '../modules/types.ts';

/** A failed action: 400 with the field errors and what was typed (without secrets). */
export function invalid(errors: FieldErrors, values?: Record<string, string | undefined>): ModuleActionResult {
	return { ok: false, status: 400, errors, values };
}

/** The thing to change is not there (or belongs to another village: same answer). */
export function missing(message: string): ModuleActionResult {
	return { ok: false, status: 404, errors: { _form: message } };
}
export { renderMarkdown, renderChatMarkdown, plainText, MAX_MARKDOWN_LENGTH } from './richtext/markdown.ts';
export { escapeHtml } from '../escapeHtml.ts';
// Uploads reach a module through an action's `uploads` and ctx.files, always bound to the village.
export type { StoredFile, StoredFileSource } from './files/uploads.ts';
// Other servers' documents reach a module through ctx.fetchText; its failures carry a reason to translate.
export { ExternalFetchError, fetchTargetProblem, type FetchFailure } from './http/externalFetch.ts';
