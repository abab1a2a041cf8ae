import type { ModulePage } from '../../modules/types.ts';

/** Finds the module page for a path below the module ("" is its main page); ":name" segments become params. */
export function matchPage(pages: readonly ModulePage[], path: string): { page: ModulePage; params: Record<string, string> } | null {
	const parts = path.split('/').filter(Boolean);
	for (const page of pages) {
		const pattern = page.path.split('/').filter(Boolean);
		if (pattern.length !== parts.length) continue;
		const params: Record<string, string> = {};
		const ok = pattern.every((seg, i) => {
			if (seg.startsWith(':')) {
				try {
					params[seg.slice(1)] = decodeURIComponent(parts[i]!);
					return true;
				} catch {
					return false; // malformed escape: no such page
				}
			}
			return seg === parts[i];
		});
		if (ok) return { page, params };
	}
	return null;
}

// A module's own sub-path: segments of letters, digits, "_" and "-", and an optional simple query.
const MODULE_SUBPATH = /^(?:[A-Za-z0-9_-]+(?:\/[A-Za-z0-9_-]+)*)?(?:\?[A-Za-z0-9_.=&%-]*)?$/;

/**
 * The address of a page below a module's main page (an action's `redirect`): "event/abc" → "/koerbecke/calendar/event/abc".
 * Anything else ("//host", "..", a scheme, a backslash) leads to the module's main page, never off the village.
 */
export function modulePath(villageSlug: string, moduleId: string, rest: string): string {
	const tail = MODULE_SUBPATH.test(rest) ? rest : '';
	return `/${villageSlug}/${moduleId}${tail && !tail.startsWith('?') ? '/' : ''}${tail}`;
}
