// The allmende command line: `npm run allmende -- <command> [options]`.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { loadConfig } from '../src/lib/server/config.ts';
import { migrateToLatest, openDb } from '../src/lib/server/db/index.ts';
import { createCountyAdmin } from '../src/lib/server/seed/createAdmin.ts';
import { createTokenCommand } from './createToken.ts';
import { isEmpty, seedDemo } from '../src/lib/server/seed/demo.ts';
import { demoLogins } from '../src/lib/server/welcome.ts';

const HELP = `Usage: npm run allmende -- <command> [options]

Commands:
  migrate                          bring the database schema up to date
  seed-demo                        seed the demo county (only into an empty database)
  create-admin --email <address> [--name <name>] [--county <county name>]
                                   make an account county admin (creating the county and the account
                                   if needed) and print a one-time link to set its password
  create-token --email <address> --tenant <slug> --role <role> [--days <1-365>] [--name <name>]
                                   create an API token for the account at that tenant (role: member,
                                   moderator, editor or admin; at most the account's own role there;
                                   90 days unless --days) and print it once on stdout

The database comes from DATABASE_URL (unset: SQLite under ./data).`;

async function main(argv: string[]): Promise<number> {
	const [command, ...rest] = argv;
	if (!command || command === 'help' || command === '--help') {
		console.log(HELP);
		return command ? 0 : 1;
	}
	const config = loadConfig();
	const { db } = openDb(config.database);
	try {
		await migrateToLatest(db);
		if (command === 'migrate') {
			console.log('Database is up to date.');
			return 0;
		}
		if (command === 'seed-demo') {
			if (!(await isEmpty(db))) {
				console.error('The database is not empty; the demo is seeded only into an empty database.');
				return 1;
			}
			await seedDemo(db);
			console.log(demoLogins(config.origin, true).join('\n'));
			return 0;
		}
		if (command === 'create-admin') {
			const { values } = parseArgs({ args: rest, options: { email: { type: 'string' }, name: { type: 'string' }, county: { type: 'string' } } });
			const email = z.email().safeParse(values.email?.trim().toLowerCase());
			if (!email.success) {
				console.error('create-admin needs --email <address> with a valid e-mail address.');
				return 1;
			}
			const res = await createCountyAdmin(db, { email: email.data, name: values.name, countyName: values.county, origin: config.origin });
			console.log(`${email.data} is now admin of ${res.county}${res.created ? ' (new account)' : ''}.`);
			console.log(`Set the password within 7 days: ${res.link}`);
			return 0;
		}
		if (command === 'create-token') return await createTokenCommand(db, rest);
		console.error(`Unknown command "${command}".\n\n${HELP}`);
		return 1;
	} finally {
		await db.destroy();
	}
}

main(process.argv.slice(2)).then(
	(code) => process.exit(code),
	(e: unknown) => {
		console.error(e instanceof Error ? e.message : e);
		process.exit(1);
	}
);
