import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const TAIL_LINES = 40;
/** Linux clock ticks per second (USER_HZ), in which /proc/<pid>/stat counts CPU time. */
const TICKS_PER_SECOND = 100;

/** utime + stime of a process, in ms (fields 14 and 15 of /proc/<pid>/stat, after the command name). */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

/** A child process of the bench: the api, a baseline's server, or the worker. */
export interface ChildProcess {
  /** CPU time (user + system, ms) the process has used so far, from /proc. */
  cpuMs(): number;
  /** The last lines it wrote to stderr, for error messages. */
  tail(): string;
  /** Whether it has exited (and how), or undefined while it runs. */
  exited(): string | undefined;
  stop(): Promise<void>;
}

export interface ApiProcess extends ChildProcess {
  readonly baseUrl: string;
}

/**
 * `entry` (compiled on load by the bench's swc hook) as a child process with only `env` (and PATH,
 * HOME), so that the bench's CPU is not its own. Its stdout (one access-log line per request) is
 * discarded; stderr is kept as a tail.
 */
export function spawnChild(entry: string, env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ['--require', './bench/support/swc-register.js', entry], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  // Last resort if the bench dies without its finally blocks: no orphaned child.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const lines: string[] = [];
  let exited: string | undefined;
  const gone = new Promise<void>((done) =>
    child.once('exit', (code, signal) => {
      exited = signal ?? `code ${code}`;
      done();
    }),
  );
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    lines.push(...chunk.split('\n').filter(Boolean));
    lines.splice(0, Math.max(0, lines.length - TAIL_LINES));
  });
  return {
    tail: () => lines.join('\n'),
    cpuMs: () => processCpuMs(child.pid!),
    exited: () => exited,
    async stop() {
      process.removeListener('exit', killOnExit);
      if (exited === undefined) {
        child.kill('SIGTERM');
        const forced = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await gone;
        clearTimeout(forced);
      }
    },
  };
}

/**
 * The real api (`apps/api/src/main.ts`), or another server at `entry`, as a child process on
 * `port`. Resolves once /health/ready answers 200.
 */
export async function startApi(env: Record<string, string>, port: number, readyWithinMs = 60_000, entry = 'apps/api/src/main.ts'): Promise<ApiProcess> {
  const api: ApiProcess = { ...spawnChild(entry, { ...env, PORT: String(port), HOST: '127.0.0.1' }), baseUrl: `http://127.0.0.1:${port}` };
  const deadline = Date.now() + readyWithinMs;
  while (Date.now() < deadline) {
    if (api.exited() !== undefined) throw new Error(`the api exited (${api.exited()}) before it was ready:\n${api.tail()}`);
    const status = await fetch(`${api.baseUrl}/health/ready`).then((r) => r.status, () => 0);
    if (status === 200) return api;
    await new Promise((r) => setTimeout(r, 250));
  }
  await api.stop();
  throw new Error(`the api was not ready within ${readyWithinMs} ms:\n${api.tail()}`);
}
