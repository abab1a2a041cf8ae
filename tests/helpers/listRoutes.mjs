// Prints, as JSON, every route of the built app as SvelteKit's server manifest knows it: its id, whether it is a
// page (with the names of its form actions) and which HTTP methods its endpoint exports. Run after `npm run
// build`; tests/helpers/routeDiscovery.ts calls it in a child process, so the built server code stays out of
// the test process.
const { manifest } = await import(new URL('../../.svelte-kit/output/server/manifest.js', import.meta.url).href);
const routes = [];
for (const route of manifest._.routes) {
	const entry = { id: route.id, page: null, methods: [] };
	if (route.page) {
		const leaf = await manifest._.nodes[route.page.leaf]();
		entry.page = { actions: Object.keys(leaf.server?.actions ?? {}) };
	}
	if (route.endpoint) {
		const endpoint = await route.endpoint();
		entry.methods = Object.keys(endpoint).filter((name) => /^[A-Z]+$/.test(name) || name === 'fallback');
	}
	routes.push(entry);
}
process.stdout.write(JSON.stringify(routes));
process.exit(0);
