// Reading a QR code drawn as an SVG path back into its modules, to compare with the code of the address we
// expect (tests of the village poster).

/**
 * Reads a QR drawing back into its modules: a module is dark when the path's outlines wind around its centre
 * (the SVG "nonzero" fill rule the <path> uses). Only the drawing counts, not how it was made.
 */
export function modulesOf(path: string, size: number): boolean[][] {
	const edges: { x: number; y0: number; y1: number }[] = [];
	for (const sub of path.split('Z').filter(Boolean)) {
		const points = [...sub.matchAll(/[ML](-?\d+) (-?\d+)/g)].map((m) => [Number(m[1]), Number(m[2])] as const);
		for (let i = 0; i < points.length; i++) {
			const [ax, ay] = points[i]!;
			const [bx, by] = points[(i + 1) % points.length]!;
			if (ax === bx && ay !== by) edges.push({ x: ax, y0: ay, y1: by });
		}
	}
	return Array.from({ length: size }, (_, y) =>
		Array.from({ length: size }, (_, x) => {
			const cy = y + 0.5;
			let winding = 0;
			// a ray from the centre to the right crosses the vertical edges right of it
			for (const e of edges) if (e.x > x + 0.5 && Math.min(e.y0, e.y1) < cy && cy < Math.max(e.y0, e.y1)) winding += e.y1 > e.y0 ? 1 : -1;
			return winding !== 0;
		})
	);
}

/** The modules of a generated code (lean-qr's Bitmap2D), row by row. */
export function qrModules(code: { size: number; get: (x: number, y: number) => boolean }): boolean[][] {
	return Array.from({ length: code.size }, (_, y) => Array.from({ length: code.size }, (_, x) => code.get(x, y)));
}
