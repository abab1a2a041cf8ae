// The web app manifest of a village app (/<village>/manifest.webmanifest): what makes the app installable
// from the browser — its names, its scope /<village>/, its colours and icons (see appIcons.ts).
import { readAppSettings } from './appDraft.ts';
import { createHash } from 'node:crypto';
import { matchesIfNoneMatch } from '../http/conditional.ts';
import type { Tenant } from '../tenancy/tenants.ts';
import { themeTokens } from '../../ui/theme.ts';
import * as m from '../../paraglide/messages.js';
import { APP_BACKGROUND, APP_ICONS, iconUrl, type AppIconName } from './appIcons.ts';
import { shortAppName } from './appNames.ts';
import { appBase } from './appScope.ts';

export interface AppManifestIcon {
	src: string;
	sizes: string;
	type: 'image/png';
	purpose: 'any' | 'maskable';
}

/** The members we write (W3C Web App Manifest); Chromium needs name, icons 192 and 512, start_url and display. */
export interface AppManifest {
	id: string;
	name: string;
	short_name: string;
	description: string;
	lang: 'de';
	dir: 'ltr';
	start_url: string;
	scope: string;
	display: 'standalone';
	theme_color: string;
	background_color: string;
	icons: AppManifestIcon[];
}

// The Apple icon is linked from the page (<link rel="apple-touch-icon">), not listed in the manifest.
const MANIFEST_ICONS: AppIconName[] = ['icon-192', 'icon-512', 'maskable-512'];

/** The colour of the browser's and the system's bars: the primary colour as the app shell's header shows it. */
export function themeColours(village: Tenant): { light: string; dark: string } {
	const { light, dark } = themeTokens(village.colorPrimary, village.colorAccent);
	return { light: light['--color-primary']!, dark: dark['--color-primary']! };
}

/** The name under the app's icon: the one the builder set, else one made from the village's name. */
export function villageShortName(village: Tenant): string {
	return readAppSettings(village.appSettings).shortName || shortAppName(village.name, village.slug);
}

/**
 * The manifest of a village's app (German: the app's language; the name is the village's own). `base` is where the
 * app lives: /<village>/ on the platform's host, / on the village's own host name (appScope.ts).
 */
export function appManifest(village: Tenant, base = `/${village.slug}/`): AppManifest {
	return {
		// the app's identity stays with its address, also when the village is renamed
		id: base,
		name: village.name,
		short_name: villageShortName(village),
		description: village.description.trim() || m.app_footer({ name: village.name }, { locale: 'de' }),
		lang: 'de',
		dir: 'ltr',
		start_url: base,
		scope: base,
		display: 'standalone',
		theme_color: themeColours(village).light,
		background_color: APP_BACKGROUND,
		icons: MANIFEST_ICONS.map((name) => {
			const { size, shape } = APP_ICONS[name];
			return { src: iconUrl(village, name), sizes: `${size}x${size}`, type: 'image/png', purpose: shape === 'maskable' ? 'maskable' : 'any' };
		})
	};
}

/**
 * The manifest as a response, with an ETag and 304 for a current copy. Browsers look at it on every start of the
 * installed app; "no-cache" lets them keep it and only ask whether it changed (a renamed village, a new logo).
 */
export function appManifestResponse(village: Tenant, request: Request): Response {
	const body = JSON.stringify(appManifest(village, appBase(village, request)));
	const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
	const headers = { etag, 'cache-control': 'public, no-cache' };
	if (matchesIfNoneMatch(request, etag)) return new Response(null, { status: 304, headers });
	return new Response(body, { headers: { ...headers, 'content-type': 'application/manifest+json; charset=utf-8' } });
}
