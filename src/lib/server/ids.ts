import { randomBytes, createHash } from 'node:crypto';

/** A UUIDv7 (RFC 9562): time-ordered, so primary keys sort by creation in both SQLite and PostgreSQL. */
export function newId(now = Date.now()): string {
	const bytes = randomBytes(16);
	bytes[0] = Math.floor(now / 2 ** 40) & 0xff;
	bytes[1] = Math.floor(now / 2 ** 32) & 0xff;
	bytes[2] = (now >>> 24) & 0xff;
	bytes[3] = (now >>> 16) & 0xff;
	bytes[4] = (now >>> 8) & 0xff;
	bytes[5] = now & 0xff;
	bytes[6] = (bytes[6]! & 0x0f) | 0x70;
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
