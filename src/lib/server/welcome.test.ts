// The start-up message: English throughout (operators read it), and the demo's logins on every start of the
// demo, not only on the start that seeded it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../tests/helpers/testDb.ts';
import { loadConfig } from './config.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemo } from './seed/demo.ts';
import { demoPresent, welcomeText } from './welcome.ts';

let t: TestDb;
beforeAll(async () => {
	t = await createTestDb();
});
afterAll(() => t.cleanup());

/** Words of German sentences (the names of places and the example county are names, not sentences). */
const GERMAN = /\b(ist|sind|und|der|die|das|mit|nicht|unter|werden|angelegt|Anmelden|Datenbank|WARNUNG|Passwort|läuft|leer)\b/;

describe('the start-up message', () => {
	const config = loadConfig({ ORIGIN: 'http://localhost:3000' });

	it('names every demo login with the password when the demo was seeded on an earlier start', async () => {
		expect(await demoPresent(t.db)).toBe(false);
		await seedDemo(t.db);
		expect(await demoPresent(t.db)).toBe(true);
		const text = welcomeText(config, { demo: 'present', empty: false });
		for (const a of DEMO_ACCOUNTS) expect(text).toContain(`${a.email.padEnd(24)} ${a.what}`);
		expect(text).toContain(`"${DEMO_PASSWORD}"`);
		expect(text).toContain('http://localhost:3000/login');
	});

	it('says "seeded" only on the start that seeded it', () => {
		expect(welcomeText(config, { demo: 'seeded', empty: false })).toContain('Demo county seeded.');
		expect(welcomeText(config, { demo: 'present', empty: false })).not.toContain('seeded');
	});

	it('is English in every state, warnings included', () => {
		const states = [
			welcomeText(config, { demo: 'seeded', empty: false }),
			welcomeText(config, { demo: null, empty: true }),
			welcomeText(loadConfig({ ORIGIN: 'https://allmende.kreis-soest.de', DEV_MAILBOX: '1', DEMO: '0' }), { demo: null, empty: false }),
			welcomeText(loadConfig({ DEV_MAILBOX: '1', SMTP_URL: 'smtp://mail.example:587' }), { demo: null, empty: false })
		];
		for (const text of states) expect(text).not.toMatch(GERMAN);
		expect(states[1]).toContain('The database is empty. Create the first county admin:');
		expect(states[2]).toContain('WARNING: DEV_MAILBOX=1 is ignored');
		expect(states[2]).toContain('WARNING: SMTP_URL is not set');
	});

	it('describes the demo accounts in English', () => {
		for (const a of DEMO_ACCOUNTS) expect(a.what, a.email).not.toMatch(GERMAN);
	});
});
