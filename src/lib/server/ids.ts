import { randomBytes, createHash } from 'node:crypto';

/** The last millisecond an id was made for, and the counter within it (RFC 9562, 6.2 method 1). */
let lastMs = -1;
let counter = 0;

/**
 * A UUIDv7 (RFC 9562): time-ordered, so primary keys sort by creation in both SQLite and PostgreSQL.
 * Ids made in the same millisecond by this process still sort in the order they were made: the 12 bits after
 * the version hold a counter that starts at a random value below 2048 and counts up within the millisecond.
 */
export function newId(now = Date.now()): string {
	if (now === lastMs && counter < 0xfff) counter++;
	else {
		lastMs = now;
		counter = randomBytes(2).readUInt16BE(0) & 0x7ff;
	}
	const bytes = randomBytes(16);
	bytes[0] = Math.floor(now / 2 ** 40) & 0xff;
	bytes[1] = Math.floor(now / 2 ** 32) & 0xff;
	bytes[2] = (now >>> 24) & 0xff;
	bytes[3] = (now >>> 16) & 0xff;
	bytes[4] = (now >>> 8) & 0xff;
	bytes[5] = now & 0xff;
	bytes[6] = 0x70 | (counter >> 8);
	bytes[7] = counter & 0xff;
	bytes[8] = (bytes[8]! & 0x3f) | 0x80;
	const hex = bytes.toString('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A random secret for links and cookies (256 bits, URL-safe). */
export function newSecret(): string {
	return randomBytes(32).toString('base64url');
}

/** Secrets are stored hashed, so a leaked database does not leak live sessions or reset links. */
export function hashSecret(secret: string): string {
	return createHash('sha256').update(secret).digest('hex');
}
