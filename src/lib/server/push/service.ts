// Push in a running server: the key pair, the sender and the fan-out loop, started once by serve.ts. The job
// worker prepares a queued message ("push.prepare") and then wakes the fan-out.
import type { Config } from '../config.ts';
import type { Db, DialectName } from '../db/index.ts';
import type { JobHandler } from '../jobs/worker.ts';
import { startPushFanOut, preparePushMessage } from './fanout.ts';
import { vapidKeys } from './keys.ts';
import { PREPARE_JOB } from './messages.ts';
import { createPushSender } from './sender.ts';
import { createVapidSigner } from './vapid.ts';

export async function startPush(args: { db: Db; dialect: DialectName; config: Config }) {
	const keys = await vapidKeys(args.db);
	// plain http only to origins the operator allowed (PUSH_ENDPOINT_ALLOW: a private push service, the tests' mock)
	const sender = createPushSender({ vapid: createVapidSigner(keys, args.config.push.subject), allowHttpOrigins: args.config.push.endpointAllow });
	const fanOut = startPushFanOut({ db: args.db, dialect: args.dialect, send: (r) => sender.send(r), endpointAllow: args.config.push.endpointAllow });
	await fanOut.start();
	const prepare: JobHandler = async (payload) => {
		const messageId = typeof payload === 'object' && payload && typeof (payload as { messageId?: unknown }).messageId === 'string' ? (payload as { messageId: string }).messageId : null;
		if (!messageId) return;
		await preparePushMessage(args.db, messageId);
		fanOut.kick();
	};
	return {
		handlers: { [PREPARE_JOB]: prepare } as Record<string, JobHandler>,
		kick: fanOut.kick,
		async stop() {
			await fanOut.stop();
			sender.close();
		}
	};
}
