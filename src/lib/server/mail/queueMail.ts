import type { Db } from '../db/index.ts';
import { enqueueJob } from '../jobs/queue.ts';
import type { MailPayload } from './sendMail.ts';

/** Queues a mail in the caller's transaction; the worker sends it after the commit. */
export async function queueMail(db: Db, mail: MailPayload, idempotencyKey?: string): Promise<void> {
	await enqueueJob(db, { kind: 'mail', payload: mail, idempotencyKey });
}
