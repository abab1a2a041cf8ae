import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryCaches } from '../../appWorker/memoryCaches.ts';
import { forgetOnViewerChange } from './viewerCaches.ts';

class MemoryStorage {
	map = new Map<string, string>();
	getItem = (key: string) => this.map.get(key) ?? null;
	setItem = (key: string, value: string) => void this.map.set(key, value);
	removeItem = (key: string) => void this.map.delete(key);
}

describe('forgetting what the last person saw', () => {
	let caches: MemoryCaches;
	let storage: MemoryStorage;
	let refilled: number;
	const env = () => ({
		storage: storage as unknown as Storage,
		caches: caches as unknown as CacheStorage,
		registrations: async () => [{ active: { postMessage: () => refilled++ } }, { active: null }] as unknown as ServiceWorkerRegistration[]
	});

	beforeEach(async () => {
		caches = new MemoryCaches();
		storage = new MemoryStorage();
		refilled = 0;
		for (const name of ['allmende:koerbecke:v1:pages', 'allmende:altengeseke:v1:shell', 'someone-elses-cache']) await caches.open(name);
	});

	it('deletes every village app’s caches when the signed-in person signs out, and asks the workers to refill their shell', async () => {
		expect(await forgetOnViewerChange('user-a', env())).toBe(false);
		expect(await forgetOnViewerChange(null, env())).toBe(true);
		expect(await caches.keys()).toEqual(['someone-elses-cache']);
		expect(refilled).toBe(1);
		expect(storage.map.size).toBe(0);
	});

	it('deletes them when someone else signs in on the device', async () => {
		await forgetOnViewerChange('user-a', env());
		expect(await forgetOnViewerChange('user-b', env())).toBe(true);
		expect(await caches.keys()).toEqual(['someone-elses-cache']);
	});

	it('keeps them while the same person stays, and from nobody to somebody (what nobody saw is public)', async () => {
		expect(await forgetOnViewerChange(null, env())).toBe(false);
		expect(await forgetOnViewerChange('user-a', env())).toBe(false);
		expect(await forgetOnViewerChange('user-a', env())).toBe(false);
		expect(await caches.keys()).toHaveLength(3);
	});

	it('remembers only a fingerprint, not the user id', async () => {
		await forgetOnViewerChange('0190abcd-user-id', env());
		expect([...storage.map.values()].join()).not.toContain('0190abcd');
		expect([...storage.map.values()][0]).toMatch(/^[0-9a-f]{24}$/);
	});
});
