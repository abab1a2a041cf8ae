// A village app's icons (/<village>/icons/<name>.png): rendered from the village's stored logo (read through the
// files code, scoped to the village) or as a monogram, kept in a small in-memory cache, revalidated by ETag.
// Every instance renders the same bytes from the same inputs, so the cache is only a speed-up: nothing another
// instance must see (docs/ARCHITECTURE.md, "The installable app").
import { createHash } from 'node:crypto';
import type { Db } from '../db/index.ts';
import { readStoredImage } from '../files/uploads.ts';
import { matchesIfNoneMatch } from '../http/conditional.ts';
import { log } from '../log.ts';
import type { Tenant } from '../tenancy/tenants.ts';
import { themeTokens } from '../../ui/theme.ts';
import { renderLogoIcon, renderMonogramIcon, type IconColours, type IconShape } from './appIconRender.ts';
import { monogramOf } from './appNames.ts';

/** The icons a village app has, by file name (without ".png"). */
export const APP_ICONS = {
	'icon-192': { size: 192, shape: 'any' },
	'icon-512': { size: 512, shape: 'any' },
	'maskable-512': { size: 512, shape: 'maskable' },
	'apple-touch-icon': { size: 180, shape: 'apple' }
} as const satisfies Record<string, { size: number; shape: IconShape }>;
export type AppIconName = keyof typeof APP_ICONS;

/** Raise when the drawing changes, so that browsers and caches fetch the icons anew. */
const RENDER_VERSION = 1;
/** The app's background (--color-bg of the light scheme): the manifest's background_color, under logos. */
export const APP_BACKGROUND = '#ffffff';

export function isAppIconName(name: string): name is AppIconName {
	return Object.hasOwn(APP_ICONS, name);
}

/** The colours of a village's icons: its primary colour as the app shell shows it, with the text colour for it. */
export function iconColours(village: Tenant): IconColours {
	const { light } = themeTokens(village.colorPrimary, village.colorAccent);
	return { primary: light['--color-primary']!, onPrimary: light['--color-primary-text']!, background: APP_BACKGROUND };
}

/** The stored logo's file id when the logo is one of our files (never an address to fetch). */
const logoFileId = (village: Tenant) => /^\/files\/([\w-]+)$/.exec(village.logoUrl ?? '')?.[1] ?? null;

/**
 * A short hash of everything an icon is drawn from (logo, initials, colours, drawing): it changes exactly when
 * the icons do, so it serves as their ETag and as the `?v=` that makes browsers pick up a new logo.
 */
export function iconVersion(village: Tenant): string {
	const inputs = [RENDER_VERSION, village.id, logoFileId(village), monogramOf(village.name, village.slug), iconColours(village)];
	return createHash('sha256').update(JSON.stringify(inputs)).digest('base64url').slice(0, 16);
}

/** The address of one of a village's icons, versioned. */
export const iconUrl = (village: Tenant, name: AppIconName) => `/${village.slug}/icons/${name}.png?v=${iconVersion(village)}`;

/** Rendered icons, least recently used first; bounded by bytes (a 512 px icon is some 5–50 KB). */
const MAX_CACHE_BYTES = 8 * 1024 * 1024;
const cache = new Map<string, Buffer>();
const rendering = new Map<string, Promise<Buffer>>();
let cachedBytes = 0;

function remember(key: string, png: Buffer) {
	cache.set(key, png);
	cachedBytes += png.length;
	for (const [oldKey, old] of cache) {
		if (cachedBytes <= MAX_CACHE_BYTES) break;
		cache.delete(oldKey);
		cachedBytes -= old.length;
	}
}

/** Draws one icon: from the village's own logo when it has a readable one, else its monogram. */
async function draw(db: Db, village: Tenant, name: AppIconName): Promise<Buffer> {
	const { size, shape } = APP_ICONS[name];
	const colours = iconColours(village);
	const fileId = logoFileId(village);
	// scoped to the village: a logo address that names another village's file is no logo
	const logo = fileId ? await readStoredImage(db, village.id, fileId) : undefined;
	if (logo) {
		try {
			return await renderLogoIcon({ logo: logo.bytes, size, shape, colours });
		} catch (e) {
			log.warn({ village: village.slug, err: String(e) }, 'logo could not be drawn as an app icon; using the monogram');
		}
	}
	return renderMonogramIcon({ letters: monogramOf(village.name, village.slug), size, shape, colours });
}

/** One of a village's icons as PNG, from the cache or drawn (one drawing at a time per icon). */
export async function appIcon(db: Db, village: Tenant, name: AppIconName): Promise<Buffer> {
	const key = `${village.id}:${iconVersion(village)}:${name}`;
	const hit = cache.get(key);
	if (hit) {
		// most recently used goes to the end
		cache.delete(key);
		cache.set(key, hit);
		return hit;
	}
	let pending = rendering.get(key);
	if (!pending) {
		pending = draw(db, village, name).finally(() => rendering.delete(key));
		rendering.set(key, pending);
	}
	const png = await pending;
	if (!cache.has(key)) remember(key, png);
	return png;
}

/**
 * The response for /<village>/icons/<name>.png: 304 to a current ETag without drawing anything. With the
 * current `?v=` (as the manifest and the page link it) the icon may be kept for good; without, it is revalidated.
 */
export async function appIconResponse(args: { db: Db; village: Tenant; name: AppIconName; request: Request; version: string | null }): Promise<Response> {
	const version = iconVersion(args.village);
	const headers = {
		etag: `"${version}-${args.name}"`,
		'cache-control': args.version === version ? 'public, max-age=31536000, immutable' : 'public, no-cache'
	};
	if (matchesIfNoneMatch(args.request, headers.etag)) return new Response(null, { status: 304, headers });
	const png = await appIcon(args.db, args.village, args.name);
	return new Response(new Uint8Array(png), { headers: { ...headers, 'content-type': 'image/png', 'content-length': String(png.length) } });
}

/** For tests: forget every rendered icon. */
export function clearAppIconCache() {
	cache.clear();
	cachedBytes = 0;
}
