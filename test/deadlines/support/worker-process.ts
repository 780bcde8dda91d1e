import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');
const TAIL_LINES = 60;

/**
 * The real worker as its own process (`node apps/worker/src/main.ts`, compiled on load by the
 * bench's swc hook), for tests that kill it: SIGKILL leaves its BullMQ jobs locked and active,
 * as a crashed container would. Output is kept as a tail and as counts of chosen messages.
 */
export interface WorkerProcess {
  readonly name: string;
  readonly pid: number;
  /** True once the process has exited (by itself or killed). */
  readonly exited: boolean;
  /** Lines of output (stdout and stderr) containing `text`, counted from the start. */
  count(text: string): number;
  /** The last lines of output, for failure messages. */
  tail(): string;
  /** Resolves once the worker has booted (its deadline reconciler ran once); rejects if it exits first. */
  ready(timeoutMs?: number): Promise<void>;
  /** Sends the signal (SIGKILL by default) and resolves when the process is gone. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Messages counted for every worker; `count` of anything else only sees lines from then on. */
const COUNTED = ['deadline applied', 'reconciled deadline jobs'];

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

export function spawnWorkerProcess(name: string, env: Record<string, string>): WorkerProcess {
  if (!exitHookInstalled) {
    // Last resort if a test runner dies without running afterAll: no orphaned workers.
    process.once('exit', () => running.forEach((child) => child.kill('SIGKILL')));
    exitHookInstalled = true;
  }
  const child = spawn(process.execPath, ['--require', './bench/support/swc-register.js', 'apps/worker/src/main.ts'], {
    cwd: ROOT,
    // Readiness is read from the reconciler's debug line ('reconciled deadline jobs'): LOG_LEVEL defaults to info.
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'test', LOG_LEVEL: 'debug', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const counts = new Map<string, number>(COUNTED.map((text) => [text, 0]));
  const lines: string[] = [];
  let exitedWith: string | undefined;
  const gone = new Promise<void>((done) =>
    child.once('exit', (code, signal) => {
      exitedWith = signal ?? `code ${code}`;
      running.delete(child);
      done();
    }),
  );
  const onLine = (line: string) => {
    for (const [text, n] of counts) if (line.includes(text)) counts.set(text, n + 1);
    lines.push(line);
    if (lines.length > TAIL_LINES) lines.shift();
  };
  for (const stream of [child.stdout!, child.stderr!]) {
    let partial = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const parts = (partial + chunk).split('\n');
      partial = parts.pop()!;
      parts.forEach(onLine);
    });
  }

  const worker: WorkerProcess = {
    name,
    pid: child.pid!,
    get exited() {
      return exitedWith !== undefined;
    },
    count(text) {
      if (!counts.has(text)) counts.set(text, 0);
      return counts.get(text)!;
    },
    tail() {
      return `--- worker ${name} (pid ${child.pid}${exitedWith ? `, exited: ${exitedWith}` : ''}), last ${lines.length} lines ---\n${lines.join('\n')}`;
    },
    async ready(timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (counts.get('reconciled deadline jobs')! === 0) {
        if (exitedWith !== undefined) throw new Error(`worker ${name} exited during startup\n${worker.tail()}`);
        if (Date.now() > deadline) throw new Error(`worker ${name} not ready after ${timeoutMs} ms\n${worker.tail()}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async kill(signal = 'SIGKILL') {
      if (exitedWith === undefined) child.kill(signal);
      await gone;
    },
  };
  return worker;
}

/** Kills every given worker still running (SIGKILL) and waits for them to be gone. */
export async function killWorkerProcesses(workers: readonly (WorkerProcess | undefined)[]): Promise<void> {
  await Promise.all(workers.map((worker) => worker?.kill('SIGKILL')));
}
