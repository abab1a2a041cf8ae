// Compiles the translations with Paraglide and checks the result. Paraglide reports success even when it
// could not load the message-format plugin (it then emits no messages), so we verify the output ourselves.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';

const outdir = 'src/lib/paraglide';
execFileSync('npx', ['paraglide-js', 'compile', '--project', './project.inlang', '--outdir', outdir, '--strategy', 'cookie', 'baseLocale', '--silent'], { stdio: 'inherit' });

const de = JSON.parse(readFileSync('messages/de.json', 'utf8'));
const en = JSON.parse(readFileSync('messages/en.json', 'utf8'));
const keys = (o) => Object.keys(o).filter((k) => !k.startsWith('$'));
const problems = [];
for (const k of keys(de)) if (!(k in en)) problems.push(`messages/en.json lacks "${k}"`);
for (const k of keys(en)) if (!(k in de)) problems.push(`messages/de.json lacks "${k}"`);
const dir = `${outdir}/messages`;
const index = existsSync(dir) ? readdirSync(dir).map((f) => readFileSync(`${dir}/${f}`, 'utf8')).join('\n') : '';
const missing = keys(de).filter((k) => !index.includes(k));
if (missing.length) problems.push(`Paraglide emitted no code for ${missing.length} messages (is the plugin in node_modules?), e.g. ${missing.slice(0, 3).join(', ')}`);
if (problems.length) {
	console.error(`i18n check failed:\n  ${problems.join('\n  ')}`);
	process.exit(1);
}
