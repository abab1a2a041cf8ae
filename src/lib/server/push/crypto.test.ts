import { createECDH, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import webPush from 'web-push';
import { describe, expect, it } from 'vitest';
import { MAX_PLAINTEXT, checkUaKeys, decodeBase64Url, decryptPayload, encryptPayload } from './crypto.ts';

// http_ece (web-push's own encryption) ships no types; only its two functions are used here.
const ece = createRequire(import.meta.url)('http_ece') as {
	encrypt(data: Buffer, params: Record<string, unknown>): Buffer;
	decrypt(data: Buffer, params: Record<string, unknown>): Buffer;
};

// RFC 8291 Appendix A: the worked example, every input fixed.
const RFC = {
	plaintext: 'When I grow up, I want to be a watermelon',
	asPrivate: 'yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw',
	asPublic: 'BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8',
	uaPrivate: 'q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94',
	uaPublic: 'BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4',
	salt: 'DGv6ra1nlYgDCS1FRnbzlw',
	auth: 'BTBZMqHH6r4Tts7J_aSIgg',
	body:
		'DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN'
};
const b = (text: string) => Buffer.from(text, 'base64url');

/** A browser-side subscription: its key pair and auth secret, and the strings it would hand out. */
function newUa() {
	const ecdh = createECDH('prime256v1');
	const publicKey = ecdh.generateKeys();
	const auth = randomBytes(16);
	return {
		ecdh,
		keys: { p256dh: publicKey.toString('base64url'), auth: auth.toString('base64url') },
		secret: { privateKey: ecdh.getPrivateKey(), publicKey, auth }
	};
}

/** A 65-byte 0x04 point with coordinates that are not on P-256 (the real y plus one). */
function offCurvePoint(): string {
	const point = Buffer.from(newUa().secret.publicKey);
	point[64] = (point[64]! + 1) & 0xff;
	return point.toString('base64url');
}

describe('checkUaKeys', () => {
	const good = newUa().keys;

	it('refuses a p256dh that is not a point on P-256', () => {
		expect(checkUaKeys(offCurvePoint(), good.auth)).toBe('bad-p256dh');
		// right length, wrong first byte (a compressed-point prefix)
		const prefixed = b(good.p256dh);
		prefixed[0] = 0x02;
		expect(checkUaKeys(prefixed.toString('base64url'), good.auth)).toBe('bad-p256dh');
		// all zeros: the point at infinity is not accepted either
		expect(checkUaKeys(Buffer.alloc(65, 0).toString('base64url'), good.auth)).toBe('bad-p256dh');
	});

	it('refuses a p256dh of the wrong length', () => {
		expect(checkUaKeys(b(good.p256dh).subarray(0, 64).toString('base64url'), good.auth)).toBe('bad-p256dh');
		expect(checkUaKeys(Buffer.concat([b(good.p256dh), Buffer.from([0])]).toString('base64url'), good.auth)).toBe('bad-p256dh');
		expect(checkUaKeys('', good.auth)).toBe('bad-p256dh');
	});

	it('refuses padding, plain base64 characters and other junk', () => {
		expect(checkUaKeys(good.p256dh + '=', good.auth)).toBe('bad-p256dh');
		// the same key in plain base64 (a key whose base64url spelling has '-' or '_', so the two differ)
		let key = good.p256dh;
		while (!/[-_]/.test(key)) key = newUa().keys.p256dh;
		expect(checkUaKeys(b(key).toString('base64').replace(/=+$/, ''), good.auth)).toBe('bad-p256dh');
		expect(checkUaKeys(good.p256dh.slice(0, 40) + '+' + good.p256dh.slice(41), good.auth)).toBe('bad-p256dh');
		expect(checkUaKeys(good.p256dh.slice(0, 40) + ' ' + good.p256dh.slice(41), good.auth)).toBe('bad-p256dh');
		expect(checkUaKeys(good.p256dh, good.auth + '==')).toBe('bad-auth');
		expect(checkUaKeys(good.p256dh, good.auth.slice(0, 10) + '.' + good.auth.slice(11))).toBe('bad-auth');
	});

	it('refuses an auth secret that is not exactly 16 bytes', () => {
		expect(checkUaKeys(good.p256dh, randomBytes(15).toString('base64url'))).toBe('bad-auth');
		expect(checkUaKeys(good.p256dh, randomBytes(17).toString('base64url'))).toBe('bad-auth');
		expect(checkUaKeys(good.p256dh, '')).toBe('bad-auth');
	});

	it('accepts the keys a browser hands out, and the RFC example', () => {
		expect(checkUaKeys(good.p256dh, good.auth)).toBe('ok');
		expect(checkUaKeys(RFC.uaPublic, RFC.auth)).toBe('ok');
	});
});

describe('decodeBase64Url', () => {
	it('refuses a non-canonical last character (stray low bits)', () => {
		// 'BTBZMqHH6r4Tts7J_aSIgg' ends in 'g' (bits 100000); 'h' decodes to the same bytes with a stray bit
		expect(decodeBase64Url(RFC.auth)).not.toBeNull();
		expect(decodeBase64Url(RFC.auth.slice(0, -1) + 'h')).toBeNull();
		expect(decodeBase64Url('A')).toBeNull();
	});
});

describe('encryptPayload', () => {
	it('refuses a plaintext over 3993 bytes, and takes exactly 3993', () => {
		const ua = newUa();
		expect(MAX_PLAINTEXT).toBe(3993);
		expect(() => encryptPayload('x'.repeat(3994), ua.keys)).toThrow(/3994 bytes, at most 3993/);
		// multi-byte characters count as bytes, not as characters
		expect(() => encryptPayload('ä'.repeat(1997), ua.keys)).toThrow(/3994 bytes/);
		const body = encryptPayload('x'.repeat(3993), ua.keys);
		expect(body.length).toBe(4096);
		expect(decryptPayload(body, ua.secret).toString()).toBe('x'.repeat(3993));
	});

	it('refuses bad subscription keys', () => {
		const ua = newUa();
		expect(() => encryptPayload('hi', { p256dh: offCurvePoint(), auth: ua.keys.auth })).toThrow();
		expect(() => encryptPayload('hi', { p256dh: ua.keys.p256dh + '=', auth: ua.keys.auth })).toThrow(/p256dh/);
		expect(() => encryptPayload('hi', { p256dh: ua.keys.p256dh, auth: randomBytes(8).toString('base64url') })).toThrow(/auth/);
	});

	it('refuses server keys that do not belong together', () => {
		const other = createECDH('prime256v1');
		other.generateKeys();
		expect(() =>
			encryptPayload(RFC.plaintext, { p256dh: RFC.uaPublic, auth: RFC.auth }, { salt: b(RFC.salt), serverKeys: { privateKey: b(RFC.asPrivate), publicKey: other.getPublicKey() } })
		).toThrow(/does not belong/);
	});

	it('produces the RFC 8291 Appendix A body byte for byte', () => {
		const body = encryptPayload(
			RFC.plaintext,
			{ p256dh: RFC.uaPublic, auth: RFC.auth },
			{ salt: b(RFC.salt), serverKeys: { privateKey: b(RFC.asPrivate), publicKey: b(RFC.asPublic) } }
		);
		expect(body.toString('base64url')).toBe(RFC.body);
	});

	it('uses a fresh salt and ephemeral key for every message', () => {
		const ua = newUa();
		const one = encryptPayload('same', ua.keys);
		const two = encryptPayload('same', ua.keys);
		expect(one.subarray(0, 16).equals(two.subarray(0, 16))).toBe(false);
		expect(one.subarray(21, 86).equals(two.subarray(21, 86))).toBe(false);
		// header: record size 4096, a 65-byte key id
		expect(one.readUInt32BE(16)).toBe(4096);
		expect(one[20]).toBe(65);
	});
});

describe('decryptPayload', () => {
	it('refuses a tampered body, a wrong auth secret and a truncated body', () => {
		const ua = newUa();
		const body = encryptPayload('{"title":"Dorffest"}', ua.keys);
		const tampered = Buffer.from(body);
		tampered[tampered.length - 20]! ^= 1;
		expect(() => decryptPayload(tampered, ua.secret)).toThrow();
		expect(() => decryptPayload(body, { ...ua.secret, auth: randomBytes(16) })).toThrow();
		expect(() => decryptPayload(body.subarray(0, 90), ua.secret)).toThrow(/too short/);
	});

	it('decrypts the RFC 8291 Appendix A body', () => {
		const ua = { privateKey: b(RFC.uaPrivate), publicKey: b(RFC.uaPublic), auth: b(RFC.auth) };
		expect(decryptPayload(b(RFC.body), ua).toString()).toBe(RFC.plaintext);
	});

	it('round-trips text and binary payloads, the empty one included', () => {
		const ua = newUa();
		for (const payload of ['', 'Grüße aus Körbecke 🌻', JSON.stringify({ title: 'Müllabfuhr', url: '/koerbecke/news/1' })]) {
			expect(decryptPayload(encryptPayload(payload, ua.keys), ua.secret).toString('utf8')).toBe(payload);
		}
		const bytes = randomBytes(1000);
		expect(decryptPayload(encryptPayload(bytes, ua.keys), ua.secret).equals(bytes)).toBe(true);
	});
});

describe('interoperability with web-push / http_ece', () => {
	it('decrypts what web-push encrypts', () => {
		const ua = newUa();
		const payload = JSON.stringify({ title: 'Ratssitzung', body: 'Heute 19 Uhr im Dorfgemeinschaftshaus' });
		const { cipherText } = webPush.encrypt(ua.keys.p256dh, ua.keys.auth, payload, 'aes128gcm');
		expect(decryptPayload(cipherText, ua.secret).toString()).toBe(payload);
	});

	it('is decrypted by http_ece, the library web-push uses', () => {
		const ua = newUa();
		const payload = JSON.stringify({ title: 'Straßensperrung', body: 'Hauptstraße ab Montag' });
		const plain = ece.decrypt(encryptPayload(payload, ua.keys), { version: 'aes128gcm', privateKey: ua.ecdh, authSecret: ua.keys.auth });
		expect(plain.toString()).toBe(payload);
	});

	it('decrypts http_ece output with padding inside the record', () => {
		const ua = newUa();
		const sender = createECDH('prime256v1');
		sender.generateKeys();
		const body = ece.encrypt(Buffer.from('gepolstert'), {
			version: 'aes128gcm',
			dh: ua.keys.p256dh,
			privateKey: sender,
			salt: randomBytes(16).toString('base64url'),
			authSecret: ua.keys.auth,
			pad: 30
		});
		expect(decryptPayload(body, ua.secret).toString()).toBe('gepolstert');
	});
});
