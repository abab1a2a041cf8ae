// Mail through SMTP_URL, against a minimal SMTP server on loopback that records what it receives.
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../../tests/helpers/testDb.ts';
import { loadConfig } from '../config.ts';
import { deliverMail } from './sendMail.ts';

let t: TestDb;
let smtp: Server;
let port = 0;
const received: { from: string; to: string[]; data: string }[] = [];

/** Just enough SMTP (RFC 5321) for one client: EHLO, MAIL, RCPT, DATA, QUIT. */
function startSmtp(): Promise<void> {
	smtp = createServer((socket) => {
		let mail = { from: '', to: [] as string[], data: '' };
		let inData = false;
		let buffer = '';
		socket.write('220 test ESMTP\r\n');
		socket.on('data', (chunk) => {
			buffer += chunk.toString();
			let i: number;
			while ((i = buffer.indexOf('\r\n')) >= 0) {
				const line = buffer.slice(0, i);
				buffer = buffer.slice(i + 2);
				if (inData) {
					if (line === '.') {
						inData = false;
						received.push(mail);
						mail = { from: '', to: [], data: '' };
						socket.write('250 queued\r\n');
					} else mail.data += `${line}\n`;
					continue;
				}
				const cmd = line.slice(0, 4).toUpperCase();
				if (cmd === 'EHLO' || cmd === 'HELO') socket.write('250 test\r\n');
				else if (cmd === 'MAIL') {
					mail.from = line;
					socket.write('250 ok\r\n');
				} else if (cmd === 'RCPT') {
					mail.to.push(line);
					socket.write('250 ok\r\n');
				} else if (cmd === 'DATA') {
					inData = true;
					socket.write('354 go ahead\r\n');
				} else if (cmd === 'QUIT') {
					socket.end('221 bye\r\n');
				} else socket.write('250 ok\r\n');
			}
		});
	});
	return new Promise((resolve) =>
		smtp.listen(0, '127.0.0.1', () => {
			port = (smtp.address() as { port: number }).port;
			resolve();
		})
	);
}

beforeAll(async () => {
	t = await createTestDb();
	await startSmtp();
});
afterAll(async () => {
	smtp.close();
	await t.cleanup();
});

describe('deliverMail', () => {
	it('sends through SMTP_URL, not into the dev mailbox', async () => {
		const config = loadConfig({ SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: 'Allmende <noreply@kreis.example>' });
		await deliverMail({ db: t.db, config, mail: { to: 'anna@example.org', subject: 'Bitte bestätigen', text: 'Hallo Anna,\nhier ist der Link.' }, messageId: 'job-1' });
		expect(received).toHaveLength(1);
		expect(received[0]!.to).toEqual(['RCPT TO:<anna@example.org>']);
		expect(received[0]!.from).toContain('noreply@kreis.example');
		expect(received[0]!.data).toContain('Message-ID: <job-1@allmende>');
		expect(received[0]!.data).toContain('Hallo Anna,');
		expect(await t.db.selectFrom('devMailbox').selectAll().execute()).toEqual([]);
	});

	it('keeps mails for the dev mailbox when there is no SMTP_URL', async () => {
		const config = loadConfig({});
		await deliverMail({ db: t.db, config, mail: { to: 'bernd@example.org', subject: 'Test', text: 'Text' }, messageId: 'job-2' });
		const rows = await t.db.selectFrom('devMailbox').select(['toAddress', 'subject']).execute();
		expect(rows).toEqual([{ toAddress: 'bernd@example.org', subject: 'Test' }]);
	});
});
