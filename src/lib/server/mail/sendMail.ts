import nodemailer from 'nodemailer';
import type { Config } from '../config.ts';
import type { Db } from '../db/index.ts';
import { newId } from '../ids.ts';
import { log } from '../log.ts';

export interface MailPayload {
	to: string;
	subject: string;
	text: string;
}

// One SMTP transport (connection settings) per SMTP_URL, made on first use.
const transports = new Map<string, nodemailer.Transporter>();

/**
 * Delivers one mail: through SMTP_URL when set; otherwise it is logged and, outside production, kept
 * for the dev mailbox page. `messageId` makes a retried delivery recognisable to the receiving server.
 */
export async function deliverMail(args: { db: Db; config: Config; mail: MailPayload; messageId: string }): Promise<void> {
	const { mail, config } = args;
	if (config.smtpUrl) {
		let transport = transports.get(config.smtpUrl);
		if (!transport) transports.set(config.smtpUrl, (transport = nodemailer.createTransport(config.smtpUrl)));
		await transport.sendMail({ from: config.mailFrom, to: mail.to, subject: mail.subject, text: mail.text, messageId: `<${args.messageId}@allmende>` });
		return;
	}
	log.info({ to: mail.to, subject: mail.subject }, 'mail (no SMTP_URL set, not sent)');
	if (config.devMailbox) {
		await args.db.insertInto('devMailbox').values({ id: newId(), toAddress: mail.to, subject: mail.subject, bodyText: mail.text, createdAt: Date.now() }).execute();
	}
}
