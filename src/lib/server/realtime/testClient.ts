// Test helpers for /ws (not used by the app): a real ws client that records every message it gets and waits
// for the one that matches.
import WebSocket from 'ws';

export type Msg = { type: string; id?: string; ref?: string; code?: string; reason?: string; event?: unknown; message?: string; ok?: boolean; status?: number; result?: unknown; issues?: { path: string; message: string }[]; authenticated?: boolean };

export const settle = (ms = 30) => new Promise((r) => setTimeout(r, ms));

/** Opens /ws on `base` (an http:// address) with the page's Origin. */
export function connect(base: string, headers: Record<string, string> = {}) {
	const messages: Msg[] = [];
	const ws = new WebSocket(base.replace('http', 'ws') + '/ws', { headers: { origin: base, ...headers } });
	ws.on('message', (d) => messages.push(JSON.parse(d.toString()) as Msg));
	const closed = new Promise<{ code: number }>((r) => ws.once('close', (code) => r({ code })));
	const opened = new Promise<void>((resolve, reject) => {
		ws.once('open', () => resolve());
		ws.once('error', reject);
	});
	const matches = (m: Msg, match: Partial<Msg>) => Object.entries(match).every(([k, v]) => (m as Record<string, unknown>)[k] === v);
	/** the first message (after `from`) that matches */
	const waitFor = async (match: Partial<Msg>, from = 0) => {
		const deadline = Date.now() + 4000;
		const hit = () => messages.slice(from).find((m) => matches(m, match));
		while (!hit() && Date.now() < deadline) await settle(5);
		const found = hit();
		if (!found) throw new Error(`no message like ${JSON.stringify(match)}; got ${JSON.stringify(messages)}`);
		return found;
	};
	const all = (match: Partial<Msg>) => messages.filter((m) => matches(m, match));
	const send = (m: unknown) => ws.send(JSON.stringify(m));
	return { ws, messages, opened: opened.then(() => waitFor({ type: 'welcome' })), closed, waitFor, all, send };
}
