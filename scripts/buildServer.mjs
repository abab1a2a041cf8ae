// Compiles the server entry and the command line to plain JavaScript (build/allmende/), so that `npm start` and
// `npm run allmende` run without a TypeScript loader: under `--import tsx` every import — the app's own route
// chunks too — went through the loader's hooks thread (a quarter of a page request's time, decision 019).
// Packages stay imports of node_modules; the app's own TypeScript is bundled. Part of `npm run build`.
import { build } from 'esbuild';
import { writeStamp } from './buildIfNeeded.mjs';

await build({
	entryPoints: { serve: 'src/lib/server/serve.ts', cli: 'cli/allmende.ts' },
	outdir: 'build/allmende',
	bundle: true,
	splitting: true,
	format: 'esm',
	platform: 'node',
	target: 'node20',
	packages: 'external',
	sourcemap: 'linked',
	// the chunk names stay readable in a stack trace
	chunkNames: 'chunks/[name]-[hash]',
	logLevel: 'warning'
});

writeStamp();
