// The map's tiles are images from the tile server (MAP_TILE_URL): the page that shows the map lets the browser
// load images from there. The CSP's img-src already allows https: in general, but an installation may run its
// own tile server on plain http in the county's network, so the tile source is named explicitly.

/** The CSP with `source` added to img-src (unchanged when it has no img-src or already names the source). */
export function withTileSource(csp: string, source: string): string {
	return csp
		.split(';')
		.map((part) => {
			const words = part.trim().split(/\s+/);
			if (words[0] !== 'img-src' || words.includes(source)) return part;
			return `${part.trimEnd()} ${source}`;
		})
		.join(';');
}

/** The pages that show a map (route ids). */
export const MAP_ROUTES = new Set(['/(platform)/map']);
