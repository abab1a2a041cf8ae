// An in-memory Cache Storage for the tests of the app worker and of the page's side of it (Node has none).

/** One cache, keyed by URL. */
export class MemoryCache {
	entries = new Map<string, Response>();
	private key = (request: RequestInfo | URL) => (typeof request === 'string' ? request : request instanceof URL ? request.href : request.url);
	async put(request: RequestInfo | URL, response: Response) {
		const key = this.key(request);
		this.entries.delete(key); // a replaced entry goes to the end, as in browsers
		this.entries.set(key, response);
	}
	async match(request: RequestInfo | URL) {
		return this.entries.get(this.key(request))?.clone();
	}
	async keys() {
		return [...this.entries.keys()].map((url) => new Request(url));
	}
	async delete(request: RequestInfo | URL) {
		return this.entries.delete(this.key(request));
	}
}

/** A Cache Storage in memory. */
export class MemoryCaches {
	map = new Map<string, MemoryCache>();
	async open(name: string) {
		if (!this.map.has(name)) this.map.set(name, new MemoryCache());
		return this.map.get(name)!;
	}
	async has(name: string) {
		return this.map.has(name);
	}
	async keys() {
		return [...this.map.keys()];
	}
	async delete(name: string) {
		return this.map.delete(name);
	}
	async match() {
		throw new Error('the worker must look only into its own village’s caches');
	}
	/** every URL kept, as "bucket url" */
	list() {
		return [...this.map].flatMap(([name, cache]) => [...cache.entries.keys()].map((url) => `${name.split(':').at(-1)} ${url}`)).sort();
	}
}
