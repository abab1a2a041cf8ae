// Web Push message encryption (RFC 8291) in the aes128gcm content coding (RFC 8188), with node:crypto only.
// The body is one record: salt(16) | rs(4) | idlen(1) | keyid(65 = our ephemeral public key) | ciphertext+tag.
import { createCipheriv, createDecipheriv, createECDH, createHmac, createPublicKey, randomBytes } from 'node:crypto';

/** RFC 8188 record size we announce; one record carries the whole message. */
const RECORD_SIZE = 4096;
const SALT_LENGTH = 16;
const TAG_LENGTH = 16;
const POINT_LENGTH = 65;
const AUTH_LENGTH = 16;
const HEADER_LENGTH = SALT_LENGTH + 4 + 1 + POINT_LENGTH;
/**
 * Push services must accept 4096 bytes of body (RFC 8291 §4); minus the 86-byte header, the tag and the
 * padding delimiter that leaves 3993 bytes of plaintext.
 */
export const MAX_PLAINTEXT = RECORD_SIZE - HEADER_LENGTH - TAG_LENGTH - 1;

const KEY_INFO_PREFIX = Buffer.from('WebPush: info\0');
const CEK_INFO = Buffer.from('Content-Encoding: aes128gcm\0');
const NONCE_INFO = Buffer.from('Content-Encoding: nonce\0');
/** HKDF-Expand's block counter for the first (and only) output block */
const ONE = Buffer.from([0x01]);

const BASE64URL = /^[A-Za-z0-9_-]*$/;

/**
 * Strict base64url: only the URL alphabet, no '=' padding, and the canonical spelling (no stray bits in the last
 * character), so a key has exactly one accepted form. Returns null when the text is not such a string.
 */
export function decodeBase64Url(text: string): Buffer | null {
	if (typeof text !== 'string' || !BASE64URL.test(text) || text.length % 4 === 1) return null;
	const bytes = Buffer.from(text, 'base64url');
	return bytes.toString('base64url') === text ? bytes : null;
}

/** True when the 65 bytes are an uncompressed point on P-256 (OpenSSL refuses points off the curve). */
function isP256Point(point: Buffer): boolean {
	if (point.length !== POINT_LENGTH || point[0] !== 0x04) return false;
	try {
		createPublicKey({
			key: { kty: 'EC', crv: 'P-256', x: point.subarray(1, 33).toString('base64url'), y: point.subarray(33).toString('base64url') },
			format: 'jwk'
		});
		return true;
	} catch {
		return false;
	}
}

/** Checks a subscription's keys as the browser sent them, before they are stored or used. */
export function checkUaKeys(p256dh: string, auth: string): 'ok' | 'bad-p256dh' | 'bad-auth' {
	const point = decodeBase64Url(p256dh);
	if (!point || !isP256Point(point)) return 'bad-p256dh';
	const secret = decodeBase64Url(auth);
	if (!secret || secret.length !== AUTH_LENGTH) return 'bad-auth';
	return 'ok';
}

function hmac(key: Uint8Array, ...data: Uint8Array[]): Buffer {
	const h = createHmac('sha256', key);
	for (const d of data) h.update(d);
	return h.digest();
}

/**
 * The content encryption key and nonce of RFC 8291 §3.3–3.4: HKDF-SHA-256 (RFC 5869) twice, written out as its
 * HMAC steps (every output is at most one hash long, so one expand step each). Five HMACs instead of hkdfSync's
 * six, and without its per-call key objects: about a third of the time, which counts at 10,000 messages.
 */
function deriveKeys(ecdhSecret: Buffer, auth: Uint8Array, uaPublic: Uint8Array, asPublic: Uint8Array, salt: Uint8Array): { cek: Buffer; nonce: Buffer } {
	const prkKey = hmac(auth, ecdhSecret);
	const ikm = hmac(prkKey, KEY_INFO_PREFIX, uaPublic, asPublic, ONE);
	const prk = hmac(salt, ikm);
	const cek = hmac(prk, CEK_INFO, ONE).subarray(0, 16);
	const nonce = hmac(prk, NONCE_INFO, ONE).subarray(0, 12);
	return { cek, nonce };
}

/**
 * Encrypts a push message for one subscription. A fresh ephemeral key pair and salt per call unless given
 * (only the RFC test vector gives them). Throws on bad keys or a plaintext over MAX_PLAINTEXT bytes.
 */
export function encryptPayload(
	plaintext: string | Uint8Array,
	ua: { p256dh: string; auth: string },
	opts: { salt?: Uint8Array; serverKeys?: { privateKey: Uint8Array; publicKey: Uint8Array } } = {}
): Buffer {
	const data = typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext;
	if (data.length > MAX_PLAINTEXT) {
		throw new Error(`push payload is ${data.length} bytes, at most ${MAX_PLAINTEXT} fit into one message`);
	}
	const uaPublic = decodeBase64Url(ua.p256dh);
	if (!uaPublic || uaPublic.length !== POINT_LENGTH || uaPublic[0] !== 0x04) throw new Error('p256dh is not a base64url P-256 point');
	const auth = decodeBase64Url(ua.auth);
	if (!auth || auth.length !== AUTH_LENGTH) throw new Error('auth is not 16 bytes of base64url');
	const salt = opts.salt ?? randomBytes(SALT_LENGTH);
	if (salt.length !== SALT_LENGTH) throw new Error('salt must be 16 bytes');

	const ecdh = createECDH('prime256v1');
	let asPublic: Buffer;
	if (opts.serverKeys) {
		ecdh.setPrivateKey(opts.serverKeys.privateKey);
		asPublic = ecdh.getPublicKey();
		if (!asPublic.equals(opts.serverKeys.publicKey)) throw new Error('serverKeys: the public key does not belong to the private key');
	} else {
		asPublic = ecdh.generateKeys();
	}
	// computeSecret throws for a point that is not on the curve
	const ecdhSecret = ecdh.computeSecret(uaPublic);
	const { cek, nonce } = deriveKeys(ecdhSecret, auth, uaPublic, asPublic, salt);

	const header = Buffer.alloc(HEADER_LENGTH);
	Buffer.from(salt).copy(header, 0);
	header.writeUInt32BE(RECORD_SIZE, SALT_LENGTH);
	header[SALT_LENGTH + 4] = POINT_LENGTH;
	asPublic.copy(header, SALT_LENGTH + 5);

	const cipher = createCipheriv('aes-128-gcm', cek, nonce);
	// 0x02 marks the last (and only) record; no further padding
	const body = Buffer.concat([cipher.update(data), cipher.update(Buffer.from([0x02])), cipher.final()]);
	return Buffer.concat([header, body, cipher.getAuthTag()]);
}

/**
 * Decrypts an aes128gcm push message as the browser would (for tests and the mock push service).
 * Throws when the body is malformed, does not authenticate, or is not a single final record.
 */
export function decryptPayload(body: Uint8Array, ua: { privateKey: Uint8Array; publicKey: Uint8Array; auth: Uint8Array }): Buffer {
	const buf = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
	if (buf.length < HEADER_LENGTH + TAG_LENGTH + 1) throw new Error('push body too short');
	const salt = buf.subarray(0, SALT_LENGTH);
	const rs = buf.readUInt32BE(SALT_LENGTH);
	const idlen = buf[SALT_LENGTH + 4];
	if (idlen !== POINT_LENGTH) throw new Error('push body: key id is not a 65-byte point');
	const asPublic = buf.subarray(SALT_LENGTH + 5, HEADER_LENGTH);
	const record = buf.subarray(HEADER_LENGTH);
	if (rs < TAG_LENGTH + 2 || record.length > rs) throw new Error('push body: more than one record');

	const ecdh = createECDH('prime256v1');
	ecdh.setPrivateKey(ua.privateKey);
	const ecdhSecret = ecdh.computeSecret(asPublic);
	const { cek, nonce } = deriveKeys(ecdhSecret, ua.auth, ua.publicKey, asPublic, salt);

	const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
	decipher.setAuthTag(record.subarray(record.length - TAG_LENGTH));
	const padded = Buffer.concat([decipher.update(record.subarray(0, record.length - TAG_LENGTH)), decipher.final()]);
	// strip the padding: trailing zeros, then the delimiter, which must say "last record"
	let end = padded.length - 1;
	while (end >= 0 && padded[end] === 0) end--;
	if (end < 0 || padded[end] !== 0x02) throw new Error('push body: no last-record delimiter');
	return padded.subarray(0, end);
}
