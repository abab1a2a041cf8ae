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
