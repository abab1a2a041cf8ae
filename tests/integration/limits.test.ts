// Rate limits for real (defect 5 of the test review): every other server test switches the write limit off.
// Here one server has a low write limit, and the reset-mail limit is counted in the server's own database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/lib/server/db/index.ts';
import { Client } from '../helpers/http.ts';
import { openServerDb, startServer, type TestServer } from '../helpers/server.ts';

const WRITES = 6;
let limited: TestServer;
let plain: TestServer;
let db: Db;

beforeAll(async () => {
	[limited, plain] = await Promise.all([startServer({ RATE_LIMIT_WRITES_PER_MINUTE: String(WRITES) }), startServer()]);
	const url = plain.databaseUrl;
	db = openServerDb(url).db;
}, 60_000);
afterAll(async () => {
	await db?.destroy();
	await Promise.all([limited?.stop(), plain?.stop()]);
});

describe('the write limit per client address', () => {
	it(`allows ${WRITES} writes a minute, then answers 429 with Retry-After and a translated message`, async () => {
		const client = new Client(limited.url);
		const statuses: number[] = [];
		for (let i = 0; i < WRITES + 2; i++) statuses.push((await client.post('/locale', { locale: 'de', redirectTo: '/' })).status);
		expect(statuses.slice(0, WRITES).every((s) => s === 303)).toBe(true);
		expect(statuses.slice(WRITES)).toEqual([429, 429]);
		const refused = await client.post('/locale', { locale: 'de', redirectTo: '/' });
		const retryAfter = Number(refused.headers.get('retry-after'));
		expect(retryAfter).toBeGreaterThanOrEqual(1);
		expect(retryAfter).toBeLessThanOrEqual(60);
		expect(await refused.text()).toBe('Zu viele Anfragen. Bitte warten Sie kurz.');
		// reads are not limited by it
		expect((await client.get('/')).status).toBe(200);
	});
});

describe('the reset-mail limit per address', () => {
	it('sends at most 3 reset links an hour to one address, and answers the 4th request the same way', async () => {
		const client = new Client(plain.url);
		const pages: string[] = [];
		for (let i = 0; i < 4; i++) {
			const res = await client.post('/reset', { email: 'dorf1@example.org' });
			expect(res.status).toBe(200);
			pages.push(await res.text());
		}
		// the same answer every time: the page does not tell that the limit was hit
		const sentMessage = (html: string) => /<div class="alert ok"[^>]*>[\s\S]*?<\/div>/.exec(html)?.[0];
		expect(sentMessage(pages[0]!)).toContain('Falls zu dieser Adresse ein Konto gehört');
		expect(new Set(pages.map(sentMessage)).size).toBe(1);
		const mails = await db.selectFrom('jobs').select('payload').where('kind', '=', 'mail').execute();
		const resets = mails.map((m) => JSON.parse(m.payload) as { to: string; text: string }).filter((m) => m.to === 'dorf1@example.org' && /\/reset\/[\w-]+/.test(m.text));
		expect(resets).toHaveLength(3);
	});
});
