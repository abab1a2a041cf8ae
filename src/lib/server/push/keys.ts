// The installation's VAPID key pair (RFC 8292). Made once, on first start, and kept in the database: every
// instance signs with the same key, and a browser's subscription — made with the public key — keeps working
// after a restart, an update or a move to another machine.
import type { Db } from '../db/index.ts';
import { generateVapidKeys } from './vapid.ts';

export interface VapidKeys {
	publicKey: string;
	privateKey: string;
}

const KEY_ID = 'vapid';
// one lookup per process: the pair never changes once made
let cached: { db: Db; keys: VapidKeys } | undefined;

/** The key pair, made and stored when there is none yet. Two instances starting at once keep the first one written. */
export async function vapidKeys(db: Db): Promise<VapidKeys> {
	if (cached?.db === db) return cached.keys;
	const read = () => db.selectFrom('pushKeys').select(['publicKey', 'privateKey']).where('id', '=', KEY_ID).executeTakeFirst();
	let keys = await read();
	if (!keys) {
		const made = generateVapidKeys();
		await db
			.insertInto('pushKeys')
			.values({ id: KEY_ID, publicKey: made.publicKey, privateKey: made.privateKey, createdAt: Date.now() })
			.onConflict((oc) => oc.column('id').doNothing())
			.execute();
		keys = await read();
		if (!keys) throw new Error('the VAPID key pair could not be stored');
	}
	cached = { db, keys };
	return keys;
}
