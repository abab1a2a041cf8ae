// What the start prints to the console. Operators read it, so it is English throughout, like the CLI and the
// logs (docs/OPERATIONS.md); the app's own pages speak German first.
import type { Config } from './config.ts';
import type { Db } from './db/index.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './seed/demo.ts';

/** What the start found: the demo seeded now or on an earlier start (its accounts are there), or an empty database. */
export interface StartState {
	demo: 'seeded' | 'present' | null;
	empty: boolean;
}

/** True when the demo's accounts exist: the demo was seeded on this or an earlier start. */
export async function demoPresent(db: Db): Promise<boolean> {
	const emails = DEMO_ACCOUNTS.map((a) => a.email);
	const found = await db.selectFrom('users').select('email').where('email', 'in', emails).execute();
	return found.length === emails.length;
}

/** The demo's logins, one a line with what each may do (the start and `allmende seed-demo` print them). */
export function demoLogins(origin: string, seeded: boolean): string[] {
	return [`${seeded ? 'Demo county seeded.' : 'Demo county.'} Log in at ${origin}/login with the password "${DEMO_PASSWORD}":`, ...DEMO_ACCOUNTS.map((a) => `  ${a.email.padEnd(24)} ${a.what}`)];
}

/** The start-up message: where Allmende runs, the demo logins on every start of the demo, mail and warnings. */
export function welcomeText(config: Pick<Config, 'origin' | 'database' | 'devMailbox' | 'smtpUrl' | 'warnings'>, state: StartState): string {
	const lines = [`Allmende is running at ${config.origin}  (database: ${config.database.kind})`];
	if (state.demo) lines.push('', ...demoLogins(config.origin, state.demo === 'seeded'));
	else if (state.empty) {
		lines.push('', 'The database is empty. Create the first county admin:', '  npm run allmende -- create-admin --email you@example.org --county "Kreis …"');
	}
	if (config.devMailbox) lines.push('', `Mails are not sent (no SMTP_URL); they are shown at ${config.origin}/dev/mailbox`);
	else if (!config.smtpUrl) lines.push('', 'WARNING: SMTP_URL is not set: confirmation and password mails reach nobody.');
	for (const warning of config.warnings) lines.push('', `WARNING: ${warning}`);
	return lines.join('\n');
}
