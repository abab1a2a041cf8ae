// The answers of /api/v1/projects.csv and /api/v1/projects.json: the filters of /api/v1/projects (its page is
// ignored: an export holds every match), then the file written chunk by chunk as the database hands it over, so a
// county's 10,000 projects never sit in memory twice. The first chunk is read before the answer starts: a database
// that fails at once answers 500, not a 200 with an empty file.
import type { Db } from '../../db/index.ts';
import { parseInput, type Parsed } from '../../http/validate.ts';
import { getRootTenant } from '../../tenancy/tenants.ts';
import { listProjectsSchema } from '../projects/schemas.ts';
import { csvHead, csvHeaders, csvLine } from './csv.ts';
import { attributionText } from './licence.ts';
import { exportProjects, type ExportedProject, type ExportFilters } from './projectExport.ts';
import { LICENCE_JSON, PROJECT_CSV_HEADER, berlinDay, projectCsvRow, projectJson } from './projectFormats.ts';

/**
 * Exports change whenever a project does, and a project hidden by moderation must leave them at once: caches
 * may keep a copy but must ask again before using it.
 */
export const EXPORT_CACHE_CONTROL = 'no-cache';

/** The query string as /api/v1/projects reads it, without `page` (an export has no pages). */
export function parseExportFilters(params: URLSearchParams): Parsed<ExportFilters> {
	const input = Object.fromEntries([...params].filter(([key]) => key !== 'page'));
	const parsed = parseInput(listProjectsSchema, input);
	if (!parsed.ok) return parsed;
	const { page: _page, ...filters } = parsed.data;
	return { ok: true, data: filters };
}

/** Whom the data is to be credited to (the licence asks users to name the source). */
export async function dataSource(db: Db, origin: string): Promise<string> {
	return attributionText((await getRootTenant(db))?.name ?? 'Allmende', origin);
}

function streamOf(first: string, rest: AsyncIterator<string>): ReadableStream<Uint8Array> {
	const encoder = new TextEncoder();
	let started = false;
	return new ReadableStream<Uint8Array>({
		async pull(controller) {
			if (!started) {
				started = true;
				controller.enqueue(encoder.encode(first));
				return;
			}
			const next = await rest.next();
			if (next.done) controller.close();
			else controller.enqueue(encoder.encode(next.value));
		},
		async cancel() {
			await rest.return?.();
		}
	});
}

/** The chunks of projects as text pieces, the first chunk already read (see above). */
async function textPieces(chunks: AsyncGenerator<ExportedProject[]>, write: (chunk: ExportedProject[], index: number) => string, end: (count: number) => string): Promise<{ first: string; rest: AsyncGenerator<string> }> {
	const head = await chunks.next();
	let count = 0;
	const first = head.done ? '' : write(head.value, count);
	if (!head.done) count += head.value.length;
	async function* rest() {
		if (!head.done) {
			for await (const chunk of chunks) {
				yield write(chunk, count);
				count += chunk.length;
			}
		}
		yield end(count);
	}
	return { first, rest: rest() };
}

export async function projectExportResponse(db: Db, filters: ExportFilters, args: { origin: string; format: 'csv' | 'json'; now?: Date; chunkSize?: number }): Promise<Response> {
	const now = args.now ?? new Date();
	const chunks = exportProjects(db, filters, args.chunkSize);
	const name = `projekte-${berlinDay(now.getTime())}`;
	if (args.format === 'csv') {
		const { first, rest } = await textPieces(chunks, (chunk) => chunk.map((p) => csvLine(projectCsvRow(p, args.origin))).join(''), () => '');
		return new Response(streamOf(csvHead(PROJECT_CSV_HEADER) + first, rest), { headers: { ...csvHeaders(`${name}.csv`), 'cache-control': EXPORT_CACHE_CONTROL } });
	}
	const source = await dataSource(db, args.origin);
	const head = `{"licence":${JSON.stringify(LICENCE_JSON)},"source":${JSON.stringify(source)},"generatedAt":"${now.toISOString()}","projects":[`;
	// the count comes last: it is the number of projects actually written, even when a project changes meanwhile
	const { first, rest } = await textPieces(
		chunks,
		(chunk, before) => chunk.map((p, i) => (before + i > 0 ? ',' : '') + JSON.stringify(projectJson(p, args.origin))).join(''),
		(count) => `],"count":${count}}`
	);
	return new Response(streamOf(head + first, rest), {
		headers: { 'content-type': 'application/json; charset=utf-8', 'content-disposition': `attachment; filename="${name}.json"`, 'cache-control': EXPORT_CACHE_CONTROL }
	});
}
