// A tiny cookie-keeping HTTP client for integration tests: logs in with a form post like a browser does.

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
