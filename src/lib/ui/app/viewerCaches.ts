// Forgetting what the village apps kept when the person using the device changes (ViewerCacheGuard.svelte).
import { parseCacheName } from '../../appWorker/cacheNames.ts';

const VIEWER_KEY = 'allmende:viewer';

async function fingerprint(userId: string): Promise<string> {
	const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`allmende-viewer:${userId}`));
	return [...new Uint8Array(digest).slice(0, 12)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Keeps the village apps' caches to the person who saw them: when the one signed in on this device changes —
 * signed out, or someone else signed in — every village app's caches on this host are deleted and their workers
 * fetch the shell again (as it now looks). From nobody to somebody nothing is deleted: what an anonymous visitor
 * saw is public. Only a fingerprint of the user id is remembered (localStorage). Returns whether it deleted.
 */
export async function forgetOnViewerChange(userId: string | null, env: { storage: Storage; caches: CacheStorage; registrations: () => Promise<readonly ServiceWorkerRegistration[]> }): Promise<boolean> {
	const viewer = userId ? await fingerprint(userId) : '';
	const last = env.storage.getItem(VIEWER_KEY) ?? '';
	if (viewer === last) return false;
	if (viewer) env.storage.setItem(VIEWER_KEY, viewer);
	else env.storage.removeItem(VIEWER_KEY);
	if (!last) return false;
	for (const name of await env.caches.keys()) if (parseCacheName(name)) await env.caches.delete(name);
	for (const registration of await env.registrations()) registration.active?.postMessage({ type: 'refill' });
	return true;
}
