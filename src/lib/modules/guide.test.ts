// docs/MODULES.md teaches with the links module's real code and the contract as it is. Checked here: every
// code block marked "<!-- from <file> -->" is still in that file (line by line, in order; a line "// …" marks
// a cut), every field of the contract's main interfaces is named in the guide, and v1 idioms are gone.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const guide = readFileSync('docs/MODULES.md', 'utf8');
const excerpts = [...guide.matchAll(/<!-- from (\S+) -->\n```\w*\n([\s\S]*?)\n```/g)].map((m) => ({ file: m[1]!, code: m[2]! }));

/** The first line of the excerpt that the file does not have (in this order), or null. */
function firstMissingLine(code: string, source: string): string | null {
	const lines = source.split('\n').map((l) => l.trim());
	let at = -1;
	for (const line of code.split('\n').map((l) => l.trim())) {
		if (line === '' || /^(\/\/|<!--) …/.test(line)) continue;
		const found = lines.indexOf(line, at + 1);
		if (found < 0) return line;
		at = found;
	}
	return null;
}

/** The field names of an exported interface in a TypeScript file. */
function fieldsOf(source: string, name: string): string[] {
	const body = new RegExp(`export interface ${name}\\b[^{]*\\{\\n([\\s\\S]*?)\\n\\}`).exec(source)?.[1] ?? '';
	return [...body.matchAll(/^\t(\w+)\??:/gm)].map((m) => m[1]!);
}

describe('docs/MODULES.md', () => {
	it('has code excerpts from the links module', () => {
		expect(excerpts.length).toBeGreaterThan(10);
	});

	it.each(excerpts.map((e, i) => [i + 1, e.file, e.code] as const))('excerpt %i (%s) is still in its file', (_, file, code) => {
		expect(existsSync(file), file).toBe(true);
		expect(firstMissingLine(code, readFileSync(file, 'utf8'))).toBeNull();
	});

	it('names every field of the contract', () => {
		const types = readFileSync('src/lib/modules/types.ts', 'utf8');
		const missing: string[] = [];
		for (const name of ['ModuleManifest', 'ModuleContext', 'ModuleServer', 'ModuleAction', 'ModuleRead', 'ModulePage', 'ModuleFeed', 'ModuleChannel', 'ModuleSchedule']) {
			const fields = fieldsOf(types, name);
			expect(fields.length, name).toBeGreaterThan(0);
			for (const field of fields) if (!new RegExp(`\`[^\`]*\\b${field}\\b[^\`]*\``).test(guide)) missing.push(`${name}.${field}`);
		}
		expect(missing).toEqual([]);
	});

	it('teaches no v1 idioms', () => {
		for (const v1 of ['ctx.db', 'denied(', 'db.withTables<', 'ctx.audit(trx', 'realtimeChannels: [']) expect(guide.includes(v1), v1).toBe(false);
	});
});
