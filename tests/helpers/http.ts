// A tiny cookie-keeping HTTP client for integration tests: logs in with a form post like a browser does.
import { request, type IncomingHttpHeaders } from 'node:http';

export interface RawResponse {
	status: number;
	headers: IncomingHttpHeaders;
	setCookie: string[];
	body: string;
}

/** A request with any Host header (fetch does not let one set it) to the port of the server at `base`. */
export function rawRequest(base: string, args: { path: string; method?: string; headers: Record<string, string>; body?: string }): Promise<RawResponse> {
	return new Promise((resolve, reject) => {
		const req = request({ host: '127.0.0.1', port: new URL(base).port, path: args.path, method: args.method ?? 'GET', headers: args.headers }, (res) => {
			let body = '';
			res.setEncoding('utf8');
			res.on('data', (chunk: string) => (body += chunk));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, setCookie: res.headers['set-cookie'] ?? [], body }));
		});
		req.on('error', reject);
		req.end(args.body);
	});
}

export class Client {
	private cookies = new Map<string, string>();
	/** `headers` go with every request, e.g. `{ authorization: 'Bearer …' }` for a script with an API token */
	constructor(
		readonly base: string,
		private readonly headers: Record<string, string> = {}
	) {}

	cookieHeader(): string {
		return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
	}

	private keep(res: Response) {
		for (const c of res.headers.getSetCookie()) {
			const [pair] = c.split(';');
			const [k, ...v] = pair!.split('=');
			const value = v.join('=');
			if (!value || /expires=Thu, 01 Jan 1970/i.test(c) || /max-age=0/i.test(c)) this.cookies.delete(k!.trim());
			else this.cookies.set(k!.trim(), value);
		}
	}

	/** GET without following redirects. */
	async get(path: string, headers: Record<string, string> = {}): Promise<Response> {
		const res = await fetch(this.base + path, { redirect: 'manual', headers: { accept: 'text/html', cookie: this.cookieHeader(), ...this.headers, ...headers } });
		this.keep(res);
		return res;
	}

	/** A form post as the browser sends it (same Origin). */
	async post(path: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
		const res = await fetch(this.base + path, {
			method: 'POST',
			redirect: 'manual',
			headers: { origin: this.base, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', cookie: this.cookieHeader(), ...this.headers, ...headers },
			body: new URLSearchParams(form).toString()
		});
		this.keep(res);
		return res;
	}

	/** A multipart form post (file uploads) as the browser sends it. */
	async postMultipart(path: string, form: FormData): Promise<Response> {
		const res = await fetch(this.base + path, { method: 'POST', redirect: 'manual', headers: { origin: this.base, accept: 'text/html', cookie: this.cookieHeader(), ...this.headers }, body: form });
		this.keep(res);
		return res;
	}

	/** A JSON API call (no Origin header: a script or app, not a browser page). */
	async api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
		const res = await fetch(this.base + path, {
			method,
			redirect: 'manual',
			headers: { accept: 'application/json', cookie: this.cookieHeader(), ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...this.headers, ...headers },
			body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body)
		});
		this.keep(res);
		return res;
	}

	async login(email: string, password = 'allmende-demo'): Promise<void> {
		const res = await this.post('/login', { email, password });
		if (res.status !== 303) throw new Error(`login of ${email} failed: ${res.status} ${await res.text()}`);
	}

	get loggedIn(): boolean {
		return this.cookies.has('allmende_session');
	}
}

/**
 * Switches a module on or off in a village's App-Baukasten and publishes the draft, as a village admin does: the
 * live app changes only with the publishing. Returns the first answer that is not the builder's 303 (a refusal),
 * else the publishing's 303.
 */
export async function switchModuleAndPublish(client: Client, slug: string, moduleId: string, on: boolean): Promise<Response> {
	const toggled = await client.post(`/${slug}/builder?/moduleToggle`, { moduleId, enabled: on ? 'on' : 'off' });
	if (toggled.status !== 303) return toggled;
	return client.post(`/${slug}/builder?/publish`, { note: '' });
}
