// The page's side of talking to the village app's service worker (AppWorker.svelte), and reading the published
// version. Kept apart from the offline page's code, so the app shell loads only this.

/** Posts a message to a worker and waits for its { ok } answer; false without a worker, on failure or after the timeout. */
export function ask(worker: ServiceWorker | null | undefined, message: object, timeoutMs: number): Promise<boolean> {
	if (!worker) return Promise.resolve(false);
	return new Promise((resolve) => {
		const channel = new MessageChannel();
		const timer = setTimeout(() => resolve(false), timeoutMs);
		channel.port1.onmessage = (event: MessageEvent<{ ok?: unknown }>) => {
			clearTimeout(timer);
			resolve(event.data?.ok === true);
		};
		worker.postMessage(message, [channel.port2]);
	});
}

/** The published version in a GET /api/v1/villages/<slug>/app answer if it is newer than the one loaded, else null. */
export function newerVersion(body: unknown, loaded: number): number | null {
	const version = typeof body === 'object' && body !== null ? (body as { version?: unknown }).version : undefined;
	return typeof version === 'number' && Number.isSafeInteger(version) && version > loaded ? version : null;
}
