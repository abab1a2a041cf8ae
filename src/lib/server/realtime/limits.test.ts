// Limits of the /ws endpoint and their settings.
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { clientAddress, connectionCounter, tokenBucket } from './limits.ts';

describe('realtime settings', () => {
	it('refuse bad values with the variable name and default to 20 connections, 50 subscriptions, 20/s burst 40, 30 s heartbeat', () => {
		expect(() => loadConfig({ WS_MAX_CONNECTIONS_PER_IP: '0' })).toThrow(/WS_MAX_CONNECTIONS_PER_IP/);
		expect(() => loadConfig({ WS_MAX_MESSAGE_BYTES: '10' })).toThrow(/WS_MAX_MESSAGE_BYTES/);
		expect(() => loadConfig({ REALTIME_CHANNEL: 'drop table;' })).toThrow(/REALTIME_CHANNEL/);
		expect(loadConfig({}).realtime).toEqual({
			maxConnectionsPerIp: 20,
			maxSubscriptions: 50,
			messagesPerSecond: 20,
			messageBurst: 40,
			maxMessageBytes: 16_384,
			heartbeatMs: 30_000,
			sessionCheckMs: 60_000,
			channel: 'allmende_realtime',
			addressHeader: '',
			xffDepth: 1
		});
	});
});

describe('tokenBucket', () => {
	it('allows the burst, then the rate', () => {
		let now = 0;
		const bucket = tokenBucket(20, 40, () => now);
		expect(Array.from({ length: 41 }, () => bucket.take()).filter(Boolean)).toHaveLength(40);
		now += 100; // 0.1 s: two tokens
		expect([bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, false]);
		now += 60_000; // never more than the burst
		expect(Array.from({ length: 50 }, () => bucket.take()).filter(Boolean)).toHaveLength(40);
	});
});

describe('connectionCounter', () => {
	it('caps per address; releasing twice frees one slot only', () => {
		const c = connectionCounter(2);
		const a = c.acquire('1.2.3.4')!;
		const b = c.acquire('1.2.3.4')!;
		expect(c.acquire('1.2.3.4')).toBeNull();
		expect(c.acquire('5.6.7.8')).not.toBeNull();
		a();
		a();
		expect(c.count('1.2.3.4')).toBe(1);
		b();
		expect(c.count('1.2.3.4')).toBe(0);
	});
});

describe('clientAddress', () => {
	const req = (headers: Record<string, string>) => ({ headers, socket: { remoteAddress: '10.0.0.1' } }) as unknown as IncomingMessage;
	it('reads ADDRESS_HEADER and XFF_DEPTH as adapter-node does, and falls back to the peer', () => {
		expect(clientAddress(req({ 'x-forwarded-for': '1.1.1.1' }), { addressHeader: '', xffDepth: 1 })).toBe('10.0.0.1');
		expect(clientAddress(req({ 'x-forwarded-for': '9.9.9.9, 1.1.1.1, 2.2.2.2' }), { addressHeader: 'x-forwarded-for', xffDepth: 1 })).toBe('2.2.2.2');
		expect(clientAddress(req({ 'x-forwarded-for': '9.9.9.9, 1.1.1.1, 2.2.2.2' }), { addressHeader: 'x-forwarded-for', xffDepth: 2 })).toBe('1.1.1.1');
		expect(clientAddress(req({ 'x-forwarded-for': '2.2.2.2' }), { addressHeader: 'x-forwarded-for', xffDepth: 3 })).toBe('10.0.0.1');
		expect(clientAddress(req({ 'x-real-ip': '3.3.3.3' }), { addressHeader: 'x-real-ip', xffDepth: 1 })).toBe('3.3.3.3');
		expect(clientAddress(req({}), { addressHeader: 'x-real-ip', xffDepth: 1 })).toBe('10.0.0.1');
	});
});
