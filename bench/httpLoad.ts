// A small HTTP/1.1 load generator for the pages bench: keep-alive connections on raw sockets, each sending a
// prepared GET and reading the answer (Content-Length or chunked) before sending the next. Raw sockets, because
// node:http's client costs more per request than the servers it measures.
import { connect, type Socket } from 'node:net';

export interface LoadResult {
	requests: number;
	seconds: number;
	perSecond: number;
	p50: number;
	p99: number;
	/** answers with another status than expected */
	errors: number;
}

export interface LoadOptions {
	port: number;
	/** the path, or a function giving the n-th request's path (distinct URLs: cache misses) */
	path: string | ((n: number) => string);
	connections: number;
	durationMs: number;
	/** requests per second for an open-loop run (latency at a given load); unset: as fast as answered */
	rate?: number;
	headers?: Record<string, string>;
	expectStatus?: number;
}

/** Reads one HTTP response from the buffered bytes; the number of bytes it took, or 0 when incomplete. */
function responseLength(buf: Buffer): { length: number; status: number } | null {
	const headEnd = buf.indexOf('\r\n\r\n');
	if (headEnd < 0) return null;
	const head = buf.toString('latin1', 0, headEnd);
	const status = Number(head.slice(9, 12));
	const cl = /\r\ncontent-length:\s*(\d+)/i.exec(head);
	if (cl) {
		const total = headEnd + 4 + Number(cl[1]);
		return buf.length >= total ? { length: total, status } : null;
	}
	if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) {
		let at = headEnd + 4;
		for (;;) {
			const lineEnd = buf.indexOf('\r\n', at);
			if (lineEnd < 0) return null;
			const size = parseInt(buf.toString('latin1', at, lineEnd), 16);
			at = lineEnd + 2 + size + 2;
			if (at > buf.length) return null;
			if (size === 0) return { length: at, status };
		}
	}
	// 304 and friends: no body
	return { length: headEnd + 4, status };
}

function percentile(sorted: number[], p: number): number {
	if (!sorted.length) return 0;
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
	const expect = options.expectStatus ?? 200;
	const extra = Object.entries(options.headers ?? {})
		.map(([k, v]) => `${k}: ${v}\r\n`)
		.join('');
	const requestFor = (n: number) => {
		const path = typeof options.path === 'string' ? options.path : options.path(n);
		return Buffer.from(`GET ${path} HTTP/1.1\r\nhost: localhost:${options.port}\r\naccept: text/html,*/*\r\n${extra}\r\n`, 'latin1');
	};
	const latencies: number[] = [];
	let sent = 0;
	let done = 0;
	let errors = 0;
	const started = performance.now();
	const endsAt = started + options.durationMs;
	let finished = false;

	// open loop: request k is due at started + k / rate, whether or not a connection is free then
	const due = (k: number) => started + (k * 1000) / options.rate!;
	const waiting: number[] = [];

	const sockets: Socket[] = [];
	await new Promise<void>((resolve, reject) => {
		let open = 0;
		for (let i = 0; i < options.connections; i++) {
			const socket = connect(options.port, '127.0.0.1', () => {
				socket.setNoDelay(true);
				if (++open === options.connections) resolve();
			});
			socket.on('error', reject);
			sockets.push(socket);
		}
	});

	await new Promise<void>((resolve) => {
		const idle: Socket[] = [];
		const startTimes = new Map<Socket, number>();
		const send = (socket: Socket, from: number) => {
			startTimes.set(socket, from);
			socket.write(requestFor(sent++));
		};
		const next = (socket: Socket) => {
			if (performance.now() >= endsAt) {
				if (!finished) {
					finished = true;
					resolve();
				}
				return;
			}
			if (options.rate === undefined) return send(socket, performance.now());
			const from = waiting.shift();
			if (from === undefined) idle.push(socket);
			else send(socket, from);
		};
		for (const socket of sockets) {
			let buf: Buffer = Buffer.alloc(0);
			socket.on('data', (chunk: Buffer) => {
				buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
				for (;;) {
					const res = responseLength(buf);
					if (!res) return;
					buf = buf.subarray(res.length);
					latencies.push(performance.now() - startTimes.get(socket)!);
					done++;
					if (res.status !== expect) errors++;
					next(socket);
				}
			});
		}
		if (options.rate === undefined) {
			for (const socket of sockets) next(socket);
			return;
		}
		idle.push(...sockets);
		let scheduled = 0;
		const tick = () => {
			const now = performance.now();
			if (now >= endsAt) {
				if (!finished) {
					finished = true;
					resolve();
				}
				return;
			}
			while (due(scheduled) <= now) {
				const from = due(scheduled++);
				const socket = idle.pop();
				if (socket) send(socket, from);
				else waiting.push(from);
			}
			setImmediate(tick);
		};
		tick();
	});
	const seconds = (performance.now() - started) / 1000;
	for (const socket of sockets) socket.destroy();
	latencies.sort((a, b) => a - b);
	return { requests: done, seconds, perSecond: done / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), errors };
}
