// Child processes of the benches: a server pinned to core 0 (`taskset -c 0`), its memory and CPU time, and
// waiting for it to answer.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface Child {
	proc: ChildProcess;
	rssKiB: () => number;
	/** CPU seconds the server used so far (user + system) */
	cpuSeconds: () => number;
	stop: () => Promise<void>;
	output: () => string;
}

export function startChild(args: string[], env: Record<string, string>): Child {
	const proc = spawn('taskset', ['-c', '0', process.execPath, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
	let out = '';
	proc.stdout?.on('data', (d) => (out += d));
	proc.stderr?.on('data', (d) => (out += d));
	return {
		proc,
		// taskset execs node: the child's pid is the server's
		rssKiB: () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${proc.pid}/status`, 'utf8'))?.[1] ?? 0),
		// /proc/<pid>/stat: utime and stime are fields 14 and 15, in clock ticks (100 a second on Linux)
		cpuSeconds: () => {
			const fields = readFileSync(`/proc/${proc.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
			return (Number(fields[11]) + Number(fields[12])) / 100;
		},
		output: () => out,
		stop: async () => {
			if (proc.exitCode !== null || proc.signalCode !== null) return;
			const exited = new Promise((r) => proc.once('exit', r));
			proc.kill('SIGTERM');
			await Promise.race([exited, sleep(8000)]);
			if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
		}
	};
}

export async function waitFor(check: () => Promise<boolean>, what: string, child: Child, ms = 120_000): Promise<void> {
	const deadline = Date.now() + ms;
	while (Date.now() < deadline) {
		if (child.proc.exitCode !== null) break;
		if (await check().catch(() => false)) return;
		await sleep(150);
	}
	throw new Error(`${what} did not start:\n${child.output()}`);
}

