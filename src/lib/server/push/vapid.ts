// VAPID (RFC 8292): the application server signs a short JWT (ES256) per push service origin, so a push
// service can tie a subscription to our key. Keys travel as base64url raw bytes, as the browsers' Push API
// expects them (applicationServerKey = the 65-byte public point).
import { createECDH, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { decodeBase64Url } from './crypto.ts';

/** Lifetime of a token we sign; push services accept at most 24 h (RFC 8292 §2). */
const TOKEN_SECONDS = 12 * 3600;
const MAX_TOKEN_SECONDS = 24 * 3600;
/** A cached token is reused while it has more than this left, so a push service never sees one expire. */
const REUSE_MARGIN_SECONDS = 3600;

const JWT_HEADER = Buffer.from(JSON.stringify({ typ: 'JWT', alg: 'ES256' })).toString('base64url');

export type VapidKeys = { publicKey: string; privateKey: string };
export type VapidSigner = { readonly publicKey: string; authorization(audience: string, now?: number): string };

/** A new VAPID key pair: the public key as a 65-byte uncompressed point, the private key as its 32-byte d. */
export function generateVapidKeys(): VapidKeys {
	const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
	const jwk = privateKey.export({ format: 'jwk' });
	const point = Buffer.concat([Buffer.from([0x04]), Buffer.from(jwk.x!, 'base64url'), Buffer.from(jwk.y!, 'base64url')]);
	return { publicKey: point.toString('base64url'), privateKey: jwk.d! };
}

/** The public point as a KeyObject; throws when it is not a point on P-256. */
function publicKeyObject(publicKey: string): KeyObject {
	const point = decodeBase64Url(publicKey);
	if (!point || point.length !== 65 || point[0] !== 0x04) throw new Error('VAPID public key is not a base64url 65-byte P-256 point');
	return createPublicKey({ key: pointJwk(point), format: 'jwk' });
}

function pointJwk(point: Buffer) {
	return { kty: 'EC', crv: 'P-256', x: point.subarray(1, 33).toString('base64url'), y: point.subarray(33, 65).toString('base64url') };
}

/** The origin of a URL given as an origin; throws for anything else (a path would make push services refuse). */
function asOrigin(audience: string): string {
	let origin: string;
	try {
		origin = new URL(audience).origin;
	} catch {
		throw new Error(`VAPID audience is not a URL: ${audience}`);
	}
	if (origin !== audience) throw new Error(`VAPID audience must be an origin like ${origin}, not ${audience}`);
	return origin;
}

/**
 * Signs VAPID Authorization headers for one key pair and contact (`mailto:…` or an https URL). Headers are
 * cached per audience (push service origin) and reused while they have more than an hour left: signing is
 * the costly part of a send, and a fan-out of 10,000 messages mostly goes to two or three origins.
 */
export function createVapidSigner(keys: VapidKeys, subject: string): VapidSigner {
	if (!/^mailto:[^\s@]+@[^\s@]+$/.test(subject) && !/^https:\/\/\S+$/.test(subject)) {
		throw new Error('VAPID subject must be a mailto: address or an https: URL');
	}
	const point = decodeBase64Url(keys.publicKey);
	const d = decodeBase64Url(keys.privateKey);
	if (!point || point.length !== 65 || point[0] !== 0x04) throw new Error('VAPID public key is not a base64url 65-byte P-256 point');
	if (!d || d.length !== 32) throw new Error('VAPID private key is not 32 bytes of base64url');
	// OpenSSL imports an x, y, d that do not belong together without complaint: derive the point from d instead
	const ecdh = createECDH('prime256v1');
	try {
		ecdh.setPrivateKey(d);
	} catch {
		throw new Error('VAPID private key is not a P-256 key');
	}
	if (!ecdh.getPublicKey().equals(point)) throw new Error('VAPID public key does not belong to the private key');
	const key = createPrivateKey({ key: { ...pointJwk(point), d: keys.privateKey }, format: 'jwk' });
	const cache = new Map<string, { header: string; exp: number }>();

	return {
		publicKey: keys.publicKey,
		authorization(audience, now = Date.now()) {
			const aud = asOrigin(audience);
			const nowSeconds = Math.floor(now / 1000);
			const cached = cache.get(aud);
			if (cached && cached.exp - nowSeconds > REUSE_MARGIN_SECONDS) return cached.header;
			const exp = nowSeconds + TOKEN_SECONDS;
			const claims = Buffer.from(JSON.stringify({ aud, exp, sub: subject })).toString('base64url');
			const signingInput = `${JWT_HEADER}.${claims}`;
			// JOSE wants r||s (64 bytes), not the DER that node:crypto produces by default
			const signature = sign('sha256', Buffer.from(signingInput), { key, dsaEncoding: 'ieee-p1363' });
			const header = `vapid t=${signingInput}.${signature.toString('base64url')}, k=${keys.publicKey}`;
			cache.set(aud, { header, exp });
			return header;
		}
	};
}

/** Splits `vapid t=…, k=…` into its parameters (any order, optional spaces); null when it is not that scheme. */
function parseVapidHeader(header: string): { t: string; k: string } | null {
	const match = /^vapid\s+(.*)$/i.exec(header.trim());
	if (!match) return null;
	const params = new Map<string, string>();
	for (const part of match[1]!.split(',')) {
		const eq = part.indexOf('=');
		if (eq < 0) return null;
		params.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).trim());
	}
	const t = params.get('t');
	const k = params.get('k');
	return t && k ? { t, k } : null;
}

export type VapidVerdict = { ok: true; publicKey: string } | { ok: false; reason: string };

/**
 * Checks a VAPID Authorization header as a push service does (for the mock push service and tests): the JWT is
 * ES256-signed by the key in `k`, its audience is the push service's origin, and it expires in the future but
 * within 24 h.
 */
export function verifyVapidAuthorization(header: string, expectedAudience: string, now = Date.now()): VapidVerdict {
	const params = parseVapidHeader(header);
	if (!params) return { ok: false, reason: 'not a vapid t=…, k=… header' };
	let key: KeyObject;
	try {
		key = publicKeyObject(params.k);
	} catch {
		return { ok: false, reason: 'k is not a P-256 public key' };
	}
	const parts = params.t.split('.');
	if (parts.length !== 3) return { ok: false, reason: 't is not a JWT' };
	const [head, body, sig] = parts as [string, string, string];
	let jwtHeader: { alg?: unknown };
	let claims: { aud?: unknown; exp?: unknown; sub?: unknown };
	try {
		jwtHeader = JSON.parse(Buffer.from(head, 'base64url').toString('utf8'));
		claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
	} catch {
		return { ok: false, reason: 't is not a JWT' };
	}
	if (jwtHeader?.alg !== 'ES256') return { ok: false, reason: 'alg is not ES256' };
	const signature = decodeBase64Url(sig);
	if (!signature || signature.length !== 64) return { ok: false, reason: 'signature is not 64 bytes' };
	if (!verify('sha256', Buffer.from(`${head}.${body}`), { key, dsaEncoding: 'ieee-p1363' }, signature)) {
		return { ok: false, reason: 'bad signature' };
	}
	if (claims?.aud !== expectedAudience) return { ok: false, reason: `aud is ${String(claims?.aud)}, expected ${expectedAudience}` };
	const nowSeconds = Math.floor(now / 1000);
	if (typeof claims.exp !== 'number' || !Number.isInteger(claims.exp)) return { ok: false, reason: 'exp missing' };
	if (claims.exp <= nowSeconds) return { ok: false, reason: 'expired' };
	if (claims.exp > nowSeconds + MAX_TOKEN_SECONDS) return { ok: false, reason: 'exp more than 24 h ahead' };
	if (typeof claims.sub !== 'string' || !/^(mailto:|https:)/.test(claims.sub)) return { ok: false, reason: 'sub is not mailto: or https:' };
	return { ok: true, publicKey: params.k };
}
