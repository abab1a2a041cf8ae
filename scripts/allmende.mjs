// `npm run allmende -- <command>`: the command line, compiled with the server (build/allmende/cli.js); builds
// first when needed, like `npm start`.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildIfNeeded } from './buildIfNeeded.mjs';

// a command's own output (e.g. a token) stays alone on stdout
buildIfNeeded({ toStderr: true });
await import(pathToFileURL(join(process.cwd(), 'build/allmende/cli.js')).href);
