// The live memory of a bench's server, read through the Node inspector (the server runs with
// `--inspect=127.0.0.1:<port>`): a full garbage collection first, then process.memoryUsage(). RSS alone says
// little about growth: V8 keeps garbage and freed pages for a while, more or less depending on when it last collected.
import WebSocket from 'ws';

export interface LiveMemory {
	/** the JavaScript heap's live objects after a full collection */
	heapMb: number;
	/** memory outside the heap that objects hold (Buffers: the render cache's kept bytes) */
	externalMb: number;
	/** the resident set right after the collection */
	rssMb: number;
}

const MB = 1024 * 1024;

export async function liveMemory(inspectPort: number): Promise<LiveMemory> {
	const targets = (await (await fetch(`http://127.0.0.1:${inspectPort}/json/list`)).json()) as { webSocketDebuggerUrl: string }[];
	const ws = new WebSocket(targets[0]!.webSocketDebuggerUrl);
	await new Promise<void>((resolve, reject) => {
		ws.once('open', () => resolve());
		ws.once('error', reject);
	});
	let nextId = 0;
	const call = (method: string, params: object = {}) =>
		new Promise<{ result?: { value?: unknown } }>((resolve, reject) => {
			const id = ++nextId;
			const onMessage = (data: WebSocket.RawData) => {
				const message = JSON.parse(String(data)) as { id?: number; result?: { result?: { value?: unknown } }; error?: { message: string } };
				if (message.id !== id) return;
				ws.off('message', onMessage);
				if (message.error) reject(new Error(`${method}: ${message.error.message}`));
				else resolve(message.result ?? {});
			};
			ws.on('message', onMessage);
			ws.send(JSON.stringify({ id, method, params }));
		});
	try {
		await call('HeapProfiler.collectGarbage');
		const usage = await call('Runtime.evaluate', { expression: 'JSON.stringify(process.memoryUsage())', returnByValue: true });
		const { heapUsed, external, rss } = JSON.parse(String(usage.result?.value)) as NodeJS.MemoryUsage;
		return { heapMb: heapUsed / MB, externalMb: external / MB, rssMb: rss / MB };
	} finally {
		ws.close();
	}
}
