import { createPrivateKey, createPublicKey, sign } from 'node:crypto';
import webPush from 'web-push';
import { describe, expect, it } from 'vitest';
import { createVapidSigner, generateVapidKeys, verifyVapidAuthorization } from './vapid.ts';

const FCM = 'https://fcm.googleapis.com';
const SUBJECT = 'mailto:push@kreis-soest.example';
const NOW = Date.UTC(2026, 4, 1, 8, 0, 0);
const HOUR = 3600_000;

/** The JWT's claims, read without checking anything. */
function claimsOf(header: string): { aud: string; exp: number; sub: string } {
	const token = /t=([^,\s]+)/.exec(header)![1]!;
	return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
}

/** Re-signs changed claims with a key, to build tokens a push service must refuse for their content. */
function forge(keys: { publicKey: string; privateKey: string }, claims: object): string {
	const point = Buffer.from(keys.publicKey, 'base64url');
	const jwk = { kty: 'EC', crv: 'P-256', x: point.subarray(1, 33).toString('base64url'), y: point.subarray(33).toString('base64url'), d: keys.privateKey };
	const input = `${Buffer.from('{"typ":"JWT","alg":"ES256"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
	const sig = sign('sha256', Buffer.from(input), { key: createPrivateKey({ key: jwk, format: 'jwk' }), dsaEncoding: 'ieee-p1363' });
	return `vapid t=${input}.${sig.toString('base64url')}, k=${keys.publicKey}`;
}

describe('createVapidSigner', () => {
	it('refuses a subject that is neither mailto: nor https:', () => {
		const keys = generateVapidKeys();
		expect(() => createVapidSigner(keys, 'push@kreis-soest.example')).toThrow(/subject/);
		expect(() => createVapidSigner(keys, 'http://kreis-soest.example')).toThrow(/subject/);
		expect(() => createVapidSigner(keys, 'mailto:')).toThrow(/subject/);
	});

	it('refuses keys that are malformed or do not belong together', () => {
		const a = generateVapidKeys();
		const b = generateVapidKeys();
		expect(() => createVapidSigner({ publicKey: a.publicKey, privateKey: b.privateKey }, SUBJECT)).toThrow(/does not belong/);
		expect(() => createVapidSigner({ publicKey: a.publicKey.slice(1), privateKey: a.privateKey }, SUBJECT)).toThrow(/public key/);
		expect(() => createVapidSigner({ publicKey: a.publicKey, privateKey: a.privateKey + '=' }, SUBJECT)).toThrow(/private key/);
	});

	it('refuses an audience that is not an origin', () => {
		const signer = createVapidSigner(generateVapidKeys(), SUBJECT);
		expect(() => signer.authorization(`${FCM}/fcm/send/abc`)).toThrow(/origin/);
		expect(() => signer.authorization('fcm.googleapis.com')).toThrow(/URL/);
	});

	it('answers vapid t=<ES256 JWT>, k=<public key> with aud, exp = now + 12 h and sub', () => {
		const keys = generateVapidKeys();
		const header = createVapidSigner(keys, SUBJECT).authorization(FCM, NOW);
		expect(header).toMatch(/^vapid t=[\w-]+\.[\w-]+\.[\w-]+, k=[\w-]+$/);
		expect(header.endsWith(`, k=${keys.publicKey}`)).toBe(true);
		expect(claimsOf(header)).toEqual({ aud: FCM, exp: NOW / 1000 + 12 * 3600, sub: SUBJECT });
		expect(verifyVapidAuthorization(header, FCM, NOW)).toEqual({ ok: true, publicKey: keys.publicKey });
	});

	it('reuses the header per audience while more than an hour is left, and signs a new one after', () => {
		const signer = createVapidSigner(generateVapidKeys(), SUBJECT);
		const first = signer.authorization(FCM, NOW);
		expect(signer.authorization(FCM, NOW + 10 * HOUR)).toBe(first);
		expect(signer.authorization(FCM, NOW + 11 * HOUR - 1000)).toBe(first);
		// another push service gets its own token
		const mozilla = signer.authorization('https://updates.push.services.mozilla.com', NOW + HOUR);
		expect(claimsOf(mozilla).aud).toBe('https://updates.push.services.mozilla.com');
		// exactly one hour left is not enough
		const renewed = signer.authorization(FCM, NOW + 11 * HOUR);
		expect(renewed).not.toBe(first);
		expect(claimsOf(renewed).exp).toBe((NOW + 11 * HOUR) / 1000 + 12 * 3600);
		expect(verifyVapidAuthorization(renewed, FCM, NOW + 11 * HOUR).ok).toBe(true);
	});
});

describe('verifyVapidAuthorization', () => {
	const keys = generateVapidKeys();
	const header = createVapidSigner(keys, SUBJECT).authorization(FCM, NOW);

	it('refuses a token signed by another key than k', () => {
		const other = generateVapidKeys();
		const swapped = header.replace(`k=${keys.publicKey}`, `k=${other.publicKey}`);
		expect(verifyVapidAuthorization(swapped, FCM, NOW)).toEqual({ ok: false, reason: 'bad signature' });
	});

	it('refuses a token for another audience', () => {
		expect(verifyVapidAuthorization(header, 'https://updates.push.services.mozilla.com', NOW)).toMatchObject({ ok: false, reason: expect.stringMatching(/^aud/) });
	});

	it('refuses an expired token and one that lives longer than 24 h', () => {
		expect(verifyVapidAuthorization(header, FCM, NOW + 12 * HOUR)).toEqual({ ok: false, reason: 'expired' });
		const tooLong = forge(keys, { aud: FCM, exp: NOW / 1000 + 25 * 3600, sub: SUBJECT });
		expect(verifyVapidAuthorization(tooLong, FCM, NOW)).toEqual({ ok: false, reason: 'exp more than 24 h ahead' });
		const noExp = forge(keys, { aud: FCM, sub: SUBJECT });
		expect(verifyVapidAuthorization(noExp, FCM, NOW)).toEqual({ ok: false, reason: 'exp missing' });
	});

	it('refuses a tampered payload', () => {
		const [, token] = /t=([^,]+)/.exec(header)!;
		const [head, , sig] = token!.split('.');
		const claims = Buffer.from(JSON.stringify({ ...claimsOf(header), aud: 'https://evil.example' })).toString('base64url');
		const tampered = `vapid t=${head}.${claims}.${sig}, k=${keys.publicKey}`;
		expect(verifyVapidAuthorization(tampered, 'https://evil.example', NOW)).toEqual({ ok: false, reason: 'bad signature' });
	});

	it('refuses what is not a vapid header at all', () => {
		for (const bad of ['', 'Bearer abc', 'vapid t=abc', `vapid t=a.b, k=${keys.publicKey}`, 'vapid t=a.b.c, k=AAAA', `WebPush ${header.slice(6)}`]) {
			expect(verifyVapidAuthorization(bad, FCM, NOW).ok).toBe(false);
		}
		const noSub = forge(keys, { aud: FCM, exp: NOW / 1000 + 3600 });
		expect(verifyVapidAuthorization(noSub, FCM, NOW).ok).toBe(false);
	});

	it('accepts the parameters in either order', () => {
		const [, t, k] = /^vapid t=(.+), k=(.+)$/.exec(header)!;
		expect(verifyVapidAuthorization(`vapid k=${k},t=${t}`, FCM, NOW).ok).toBe(true);
	});

	it("accepts web-push's own getVapidHeaders output, with keys from either side", () => {
		const ours = generateVapidKeys();
		const fromWebPush = webPush.getVapidHeaders(FCM, SUBJECT, ours.publicKey, ours.privateKey, 'aes128gcm');
		expect(verifyVapidAuthorization(fromWebPush.Authorization, FCM)).toEqual({ ok: true, publicKey: ours.publicKey });
		const theirs = webPush.generateVAPIDKeys();
		const signed = createVapidSigner(theirs, SUBJECT).authorization(FCM);
		expect(verifyVapidAuthorization(signed, FCM)).toEqual({ ok: true, publicKey: theirs.publicKey });
	});

	it('makes keys whose public half is a valid P-256 point and private half 32 bytes', () => {
		const { publicKey, privateKey } = generateVapidKeys();
		const point = Buffer.from(publicKey, 'base64url');
		expect(point.length).toBe(65);
		expect(Buffer.from(privateKey, 'base64url').length).toBe(32);
		const jwk = { kty: 'EC', crv: 'P-256', x: point.subarray(1, 33).toString('base64url'), y: point.subarray(33).toString('base64url') };
		expect(() => createPublicKey({ key: jwk, format: 'jwk' })).not.toThrow();
		expect(generateVapidKeys().publicKey).not.toBe(publicKey);
	});
});
