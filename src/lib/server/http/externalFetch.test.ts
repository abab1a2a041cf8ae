// The fetch modules use for other servers' documents. Unhappy paths first: every kind of address it must never
// reach, as a literal, behind a name and behind a redirect; bodies too large or too slow; errors. The happy
// path goes to a local server that only FETCH_ALLOW (here the `allow` option) lets it reach.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFetchAllow } from '../config.ts';
import { ExternalFetchError, fetchText, guardedLookup, isRefusedAddress, type FetchFailure } from './externalFetch.ts';

let server: Server;
let origin = '';
let closedOrigin = '';
const seen: IncomingMessage[] = [];
const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {
	'/cal.ics': (_, res) => {
		res.setHeader('content-type', 'text/calendar; charset=utf-8');
		res.end('BEGIN:VCALENDAR\r\nSUMMARY:Müllabfuhr\r\nEND:VCALENDAR\r\n');
	},
	'/latin1': (_, res) => {
		res.setHeader('content-type', 'text/calendar; charset=iso-8859-1');
		res.end(Buffer.from('SUMMARY:Schützenfest', 'latin1'));
	},
	'/gzip': (_, res) => {
		res.setHeader('content-encoding', 'gzip');
		res.end(gzipSync('BEGIN:VCALENDAR gezippt'));
	},
	'/bomb': (_, res) => {
		res.setHeader('content-encoding', 'gzip');
		res.end(gzipSync(Buffer.alloc(5_000_000, 65)));
	},
	'/big-declared': (_, res) => {
		res.setHeader('content-length', String(3_000_000));
		res.write('x');
		setTimeout(() => res.destroy(), 50);
	},
	'/big-chunked': (_, res) => {
		const chunk = Buffer.alloc(64 * 1024, 66);
		let sent = 0;
		const more = () => {
			while (sent < 40 && res.write(chunk)) sent++;
			if (sent < 40) res.once('drain', more);
			else res.end();
		};
		more();
	},
	'/slow': () => {
		// never answers
	},
	'/missing': (_, res) => {
		res.statusCode = 404;
		res.end('not here');
	},
	'/to-loopback': (_, res) => redirect(res, 'http://127.0.0.1/admin'),
	'/to-localhost': (_, res) => redirect(res, 'http://localhost/'),
	'/to-metadata': (_, res) => redirect(res, 'http://169.254.169.254/latest/meta-data/'),
	'/to-file': (_, res) => redirect(res, 'file:///etc/passwd'),
	'/to-other-port': (_, res) => redirect(res, 'http://127.0.0.1:9/'),
	'/to-relative': (_, res) => redirect(res, '/cal.ics'),
	'/loop': (_, res) => redirect(res, '/loop')
};
function redirect(res: ServerResponse, location: string) {
	res.statusCode = 302;
	res.setHeader('location', location);
	res.end();
}

beforeAll(async () => {
	server = createServer((req, res) => {
		seen.push(req);
		const route = routes[new URL(req.url ?? '/', 'http://x').pathname];
		if (route) route(req, res);
		else {
			res.statusCode = 500;
			res.end();
		}
	});
	await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
	origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	// a port nothing listens on (closed again at once)
	const closed = createServer();
	await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done));
	closedOrigin = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
	await new Promise((done) => closed.close(done));
});
afterAll(() => {
	server.closeAllConnections();
	return new Promise((done) => server.close(done));
});

async function failure(url: string, options: Parameters<typeof fetchText>[1] = {}): Promise<{ reason: FetchFailure; status?: number; message: string }> {
	try {
		await fetchText(url, { allow: [origin, closedOrigin], ...options });
	} catch (e) {
		expect(e).toBeInstanceOf(ExternalFetchError);
		const err = e as ExternalFetchError;
		return { reason: err.reason, status: err.status, message: err.message };
	}
	throw new Error(`${url} was fetched`);
}

describe('addresses it never reaches', () => {
	it('refuses every non-public IPv4 range', () => {
		for (const ip of ['0.0.0.0', '0.1.2.3', '10.0.0.1', '10.255.255.255', '100.64.0.1', '100.127.255.254', '127.0.0.1', '127.255.0.9', '169.254.169.254', '172.16.0.1', '172.31.255.255', '192.0.0.8', '192.0.2.1', '192.168.1.1', '198.18.0.1', '198.51.100.7', '203.0.113.9', '224.0.0.1', '239.255.255.250', '240.0.0.1', '255.255.255.255']) {
			expect(isRefusedAddress(ip), ip).toBe(true);
		}
	});

	it('refuses loopback, unique local, link-local, multicast IPv6 and IPv4 in IPv6 clothing', () => {
		for (const ip of ['::', '::1', 'fc00::1', 'fd12:3456::1', 'fe80::1', 'fe80::1%eth0', 'febf::1', 'ff02::1', '2001:db8::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:10.0.0.1', '::ffff:169.254.169.254', '::127.0.0.1', '64:ff9b::a9fe:a9fe', '2002:7f00:1::1', '2002:c0a8:101::1', 'not an address', '1.2.3']) {
			expect(isRefusedAddress(ip), ip).toBe(true);
		}
	});

	it('lets public addresses through', () => {
		for (const ip of ['8.8.8.8', '93.184.216.34', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '2a00:1450:4001:82b::200e', '::ffff:8.8.8.8', '2002:808:808::1']) {
			expect(isRefusedAddress(ip), ip).toBe(false);
		}
	});

	it('refuses other schemes, ports other than 80 and 443, credentials and what is no address', async () => {
		expect(await failure('file:///etc/passwd')).toMatchObject({ reason: 'bad-scheme' });
		expect(await failure('ftp://example.org/cal.ics')).toMatchObject({ reason: 'bad-scheme' });
		expect(await failure('javascript:alert(1)')).toMatchObject({ reason: 'bad-scheme' });
		expect(await failure('gopher://127.0.0.1:6379/_FLUSHALL')).toMatchObject({ reason: 'bad-scheme' });
		expect(await failure('http://example.org:8080/cal.ics')).toMatchObject({ reason: 'bad-port' });
		expect(await failure('http://example.org:22/')).toMatchObject({ reason: 'bad-port' });
		expect(await failure('https://user:secret@example.org/cal.ics')).toMatchObject({ reason: 'bad-url' });
		expect(await failure('kein link')).toMatchObject({ reason: 'bad-url' });
	});

	it('refuses IP literals of every refused class, however they are written', async () => {
		for (const url of ['http://127.0.0.1/', 'http://127.1/', 'http://2130706433/', 'http://0x7f.0.0.1/', 'http://0.0.0.0/', 'http://10.1.2.3/', 'http://172.20.0.1/', 'http://192.168.178.1/', 'http://100.64.1.1/', 'http://169.254.169.254/latest/meta-data/', 'http://224.0.0.251/', 'http://[::1]/', 'http://[::ffff:127.0.0.1]/', 'http://[::ffff:a9fe:a9fe]/', 'http://[fd00::1]/', 'http://[fe80::1]/']) {
			expect(await failure(url), url).toMatchObject({ reason: 'refused-address' });
		}
	});

	it('refuses a name that resolves to a refused address (localhost), before connecting', async () => {
		expect(await failure('http://localhost/cal.ics')).toMatchObject({ reason: 'refused-address' });
		const answer = await new Promise<unknown>((done) => guardedLookup('localhost', { all: true }, (err) => done(err)));
		expect(answer).toBeInstanceOf(ExternalFetchError);
	});

	it('checks every redirect like the first address', async () => {
		expect(await failure(`${origin}/to-loopback`)).toMatchObject({ reason: 'refused-address' });
		expect(await failure(`${origin}/to-localhost`)).toMatchObject({ reason: 'refused-address' });
		expect(await failure(`${origin}/to-metadata`)).toMatchObject({ reason: 'refused-address' });
		expect(await failure(`${origin}/to-file`)).toMatchObject({ reason: 'bad-scheme' });
		expect(await failure(`${origin}/to-other-port`)).toMatchObject({ reason: 'bad-port' });
		expect(await failure(`${origin}/loop`)).toMatchObject({ reason: 'too-many-redirects' });
	});

	it('reaches a local origin only when it is allowed, and only that origin', async () => {
		expect(await failure(`${origin}/cal.ics`, { allow: [] })).toMatchObject({ reason: 'bad-port' });
		expect(await failure(`${origin}/cal.ics`, { allow: ['http://127.0.0.1:1'] })).toMatchObject({ reason: 'bad-port' });
	});
});

describe('failures on the way', () => {
	it('stops a body over the limit, declared, streamed or unpacked', async () => {
		expect(await failure(`${origin}/big-declared`)).toMatchObject({ reason: 'too-large' });
		expect(await failure(`${origin}/big-chunked`)).toMatchObject({ reason: 'too-large' });
		expect(await failure(`${origin}/bomb`)).toMatchObject({ reason: 'too-large' });
		expect(await failure(`${origin}/cal.ics`, { maxBytes: 10 })).toMatchObject({ reason: 'too-large' });
	});

	it('gives up on a server that does not answer in time', async () => {
		const started = Date.now();
		expect(await failure(`${origin}/slow`, { timeoutMs: 300 })).toMatchObject({ reason: 'timeout' });
		expect(Date.now() - started).toBeLessThan(3000);
	});

	it('names the status of an answer that is not 2xx, and a server that cannot be reached', async () => {
		expect(await failure(`${origin}/missing`)).toMatchObject({ reason: 'http-status', status: 404 });
		expect(await failure(`${closedOrigin}/cal.ics`)).toMatchObject({ reason: 'network' });
	});
});

describe('fetching', () => {
	it('returns the text in its charset, unpacked, after a redirect on the same origin; sends no cookie', async () => {
		const got = await fetchText(`${origin}/to-relative`, { allow: [origin], accept: 'text/calendar' });
		expect(got).toEqual({ text: 'BEGIN:VCALENDAR\r\nSUMMARY:Müllabfuhr\r\nEND:VCALENDAR\r\n', url: `${origin}/cal.ics`, contentType: 'text/calendar; charset=utf-8' });
		const last = seen.at(-1)!;
		expect(last.headers.accept).toBe('text/calendar');
		expect(last.headers.cookie).toBeUndefined();
		expect(last.headers.authorization).toBeUndefined();
		expect((await fetchText(`${origin}/latin1`, { allow: [origin] })).text).toBe('SUMMARY:Schützenfest');
		expect((await fetchText(`${origin}/gzip`, { allow: [origin] })).text).toBe('BEGIN:VCALENDAR gezippt');
	});

	it('reads the allowed origins from FETCH_ALLOW when none are given', async () => {
		const before = process.env.FETCH_ALLOW;
		try {
			process.env.FETCH_ALLOW = `${origin}, https://kalender.example`;
			expect((await fetchText(`${origin}/cal.ics`)).text).toContain('Müllabfuhr');
			process.env.FETCH_ALLOW = '';
			await expect(fetchText(`${origin}/cal.ics`)).rejects.toMatchObject({ reason: 'bad-port' });
		} finally {
			if (before === undefined) delete process.env.FETCH_ALLOW;
			else process.env.FETCH_ALLOW = before;
		}
	});
});

describe('FETCH_ALLOW', () => {
	it('takes origins only', () => {
		expect(parseFetchAllow('http://127.0.0.1:8099, https://Kalender.example/')).toEqual(['http://127.0.0.1:8099', 'https://kalender.example']);
		expect(parseFetchAllow('')).toEqual([]);
		for (const bad of ['127.0.0.1:8099', 'ftp://x.example', 'http://x.example/pfad', 'http://u:p@x.example', 'http://x.example/?a=1']) {
			expect(() => parseFetchAllow(bad), bad).toThrow(/FETCH_ALLOW|Invalid URL/);
		}
	});
});
