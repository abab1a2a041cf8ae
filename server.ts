// Production entry (`npm start` runs it with tsx): build the app if needed — which also compiles the
// translations the server code imports — then start it. The imports come after the build on purpose.
import { buildIfNeeded } from './scripts/buildIfNeeded.mjs';

if (process.env.ALLMENDE_SKIP_BUILD !== '1') buildIfNeeded();
const { serve } = await import('./src/lib/server/serve.ts');
serve().catch((e: unknown) => {
	console.error(e instanceof Error ? e.message : e);
	process.exit(1);
});
