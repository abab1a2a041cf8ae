// A village's look outside its app shell: the login page reached from a village app (/login?next=/<slug>/…)
// shows that village's name, logo and colours, so people know where they are signing in.
import type { Db } from '../db/index.ts';
import { safeNext } from '../http/forms.ts';
import { isUsableSlug } from '../tenancy/slugs.ts';
import { getTenantBySlug, type Tenant } from '../tenancy/tenants.ts';
import { themeTokens, type ThemeTokens } from '../../ui/theme.ts';
import { iconUrl } from './appIcons.ts';

export interface VillageBrand {
	slug: string;
	name: string;
	/** the village's own logo; null: show its app icon */
	logoUrl: string | null;
	icon: string;
	theme: ThemeTokens;
}

/** What a page needs to look like the village's app. */
export function villageBrand(village: Tenant): VillageBrand {
	return { slug: village.slug, name: village.name, logoUrl: village.logoUrl, icon: iconUrl(village, 'icon-192'), theme: themeTokens(village.colorPrimary, village.colorAccent) };
}

/**
 * The village whose app a `next` parameter leads back to, or null. `next` counts only as a path on our own
 * site (safeNext, as for the redirect after the login) whose first segment names an existing village; a
 * foreign address, a municipality, a platform path or garbage gives the platform's plain look.
 */
export async function villageBrandFromNext(db: Db, next: string | null | undefined, origin: string): Promise<VillageBrand | null> {
	const path = safeNext(next, { origin, fallback: '' });
	if (!path) return null;
	const segment = new URL(path, origin).pathname.split('/')[1] ?? '';
	if (!isUsableSlug(segment)) return null;
	const village = await getTenantBySlug(db, segment);
	return village?.kind === 'village' ? villageBrand(village) : null;
}
