// The pages of a village app kept on this device, for the offline page (OfflinePage.svelte).
import { parseCacheName, STORED_AT } from '../../appWorker/cacheNames.ts';
import { pathInApp, type AppScope } from '../../appWorker/rules.ts';

export interface SavedPage {
	url: string;
	title: string;
	storedAt: number;
	/** the app's home page */
	home: boolean;
}

/** A page's title without what every page of the app repeats ("… – Körbecke – Allmende"). */
export function pageLabel(title: string, villageName: string): string {
	let label = title.replace(/\s+–\s+Allmende$/, '');
	if (label.endsWith(` – ${villageName}`) && label.length > villageName.length + 3) label = label.slice(0, -(villageName.length + 3));
	return label.trim() || title;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** The text of a page's <title> (entities decoded), or '' when it has none. */
export function titleOf(html: string): string {
	const raw = /<title\b[^>]*>([^<]*)<\/title>/i.exec(html)?.[1] ?? '';
	return raw
		.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (entity, name: string) => {
			if (name[0] === '#') {
				const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
				return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
			}
			return ENTITIES[name.toLowerCase()] ?? entity;
		})
		.trim();
}

/**
 * The pages of this village's app kept on this device (its shell and the pages visited), newest copy of each,
 * the home page first and then by title; not the offline page itself, nor manifest, icons or API reads.
 */
export async function savedPages(caches: CacheStorage, scope: AppScope): Promise<SavedPage[]> {
	const found = new Map<string, SavedPage>();
	for (const name of await caches.keys()) {
		const parsed = parseCacheName(name);
		if (!parsed || parsed.slug !== scope.slug || parsed.bucket === 'assets') continue;
		const cache = await caches.open(name);
		for (const request of await cache.keys()) {
			const url = new URL(request.url);
			const rest = pathInApp(scope, url);
			if (rest === null || rest === 'offline') continue;
			const response = await cache.match(request);
			if (!response || !(response.headers.get('content-type') ?? '').startsWith('text/html')) continue;
			const storedAt = Number(response.headers.get(STORED_AT)) || 0;
			const known = found.get(url.href);
			if (known && known.storedAt >= storedAt) continue;
			found.set(url.href, { url: url.pathname + url.search, title: titleOf(await response.text()) || url.pathname, storedAt, home: rest === '' && !url.search });
		}
	}
	return [...found.values()].sort((a, b) => Number(b.home) - Number(a.home) || a.title.localeCompare(b.title, 'de'));
}
