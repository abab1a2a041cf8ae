// Limits of the /ws endpoint that live in this instance's memory on purpose: they protect this process, and
// a client reaching several instances gets each instance's allowance (see docs/REALTIME.md).
import type { IncomingMessage } from 'node:http';
import type { RealtimeConfig } from '../config.ts';

/** A token bucket: `rate` tokens per second, at most `burst` saved up. */
export function tokenBucket(rate: number, burst: number, now: () => number = Date.now) {
	let tokens = burst;
	let last = now();
	return {
		/** takes one token; false when the bucket is empty */
		take(): boolean {
			const t = now();
			tokens = Math.min(burst, tokens + ((t - last) / 1000) * rate);
			last = t;
			if (tokens < 1) return false;
			tokens -= 1;
			return true;
		}
	};
}

/** Counts open connections per client address. */
export function connectionCounter(max: number) {
	const open = new Map<string, number>();
	return {
		/** reserves a slot for the address; returns the release function, or null when the address is at its cap */
		acquire(address: string): (() => void) | null {
			const n = open.get(address) ?? 0;
			if (n >= max) return null;
			open.set(address, n + 1);
			let released = false;
			return () => {
				if (released) return;
				released = true;
				const left = (open.get(address) ?? 1) - 1;
				if (left <= 0) open.delete(address);
				else open.set(address, left);
			};
		},
		count: (address: string) => open.get(address) ?? 0
	};
}

/**
 * The client's address as adapter-node's getClientAddress() sees it (ADDRESS_HEADER, XFF_DEPTH), so HTTP and
 * WebSocket limits count the same clients. A missing or short header falls back to the peer address.
 */
export function clientAddress(req: IncomingMessage, config: Pick<RealtimeConfig, 'addressHeader' | 'xffDepth'>): string {
	const peer = req.socket.remoteAddress ?? 'unknown';
	if (!config.addressHeader) return peer;
	const raw = req.headers[config.addressHeader];
	const value = (Array.isArray(raw) ? raw.join(',') : raw ?? '').trim();
	if (!value) return peer;
	if (config.addressHeader !== 'x-forwarded-for') return value;
	const addresses = value.split(',');
	if (config.xffDepth > addresses.length) return peer;
	return addresses[addresses.length - config.xffDepth]!.trim() || peer;
}
