// The baseline of the pages bench: bare node:http answering each path with the bytes Allmende sent for it.
// `node bench/bareHttp.mjs <port> <pages.json>` (pages.json: [{ path, body (base64), type }]).
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const [port, file] = process.argv.slice(2);
const pages = new Map(JSON.parse(readFileSync(file, 'utf8')).map((p) => [p.path, { body: Buffer.from(p.body, 'base64'), type: p.type }]));
createServer((req, res) => {
	const page = pages.get(req.url);
	if (!page) {
		res.writeHead(404, { 'content-type': 'text/plain' });
		res.end('not found');
		return;
	}
	res.writeHead(200, { 'content-type': page.type, 'content-length': page.body.length });
	res.end(page.body);
}).listen(Number(port), '127.0.0.1');
