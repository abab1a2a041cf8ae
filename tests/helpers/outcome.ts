import { AppError } from '../../src/lib/server/http/errors.ts';

/** How a command ended, as one comparable string: "ok", or the status and each field's message ("403", "400 host:…"). */
export async function outcome(p: Promise<unknown>): Promise<string> {
	try {
		await p;
		return 'ok';
	} catch (e) {
		if (e instanceof AppError) return `${e.status} ${Object.entries(e.fields).map(([k, m]) => `${k}:${m}`).join(',')}`.trim();
		throw e;
	}
}
