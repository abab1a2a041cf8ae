// `npm start`: build the app and the server when needed (first start or changed sources), then run the
// compiled server (build/allmende/serve.js) — plain JavaScript, no TypeScript loader at runtime.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildIfNeeded } from './buildIfNeeded.mjs';

if (process.env.ALLMENDE_SKIP_BUILD !== '1') buildIfNeeded();
const { serve } = await import(pathToFileURL(join(process.cwd(), 'build/allmende/serve.js')).href);
serve().catch((e) => {
	console.error(e instanceof Error ? e.message : e);
	process.exit(1);
});
