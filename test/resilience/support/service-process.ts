import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { freePort } from '../../support/free-port';
import { resolve } from 'node:path';
import { TEST_SECRET } from '../../api/support/api-test-app';

const ROOT = resolve(__dirname, '../../..');
const TAIL_LINES = 40;
const HOOK = ['--require', './bench/support/swc-register.js'];

/**
 * The real API as its own process (`node apps/api/src/main.ts`, compiled on load by the bench's swc
 * hook), for tests that SIGKILL it as a crashed container would be, or cut its database from under it.
 * Restarts reuse the port, database and Redis prefix, so clients keep one base URL.
 */
export interface ServiceProcess {
  readonly baseUrl: string;
  readonly port: number;
  /** The pid of the current process (changes with every restart). */
  readonly pid: number;
  readonly running: boolean;
  /** How many times it was started (1 after `startService`). */
  readonly starts: number;
  /** ms from spawn to the first 200 of /health/ready, of the first start. */
  readonly startupMs: number;
  /** Resolves once the warm standby has loaded everything (at once without one). */
  standbyLoaded(): Promise<void>;
  /** SIGKILL, and resolves when the process is gone. */
  kill(): Promise<void>;
  /** Kills it if running and starts it again on the same port and database; resolves with ms until ready. */
  restart(): Promise<number>;
  /** The last lines of output, for failure messages. */
  tail(): string;
  /** Kills the process and its standby. */
  stop(): Promise<void>;
}

export interface ServiceOptions {
  databaseUrl: string;
  /** Extra or overriding environment. */
  env?: Record<string, string>;
  /** Wait at most this long for /health/ready. Default 60 s (a cold swc compile on a loaded 2-core machine). */
  readyTimeoutMs?: number;
  /**
   * Keep a next process loaded and waiting (see service-main.ts), so a restart skips the ~2 s of
   * compiling TypeScript on load. Default false: every restart is a cold `node apps/api/src/main.ts`.
   */
  warmStandby?: boolean;
}

interface Child {
  process: ChildProcess;
  exited: Promise<void>;
  gone: boolean;
  loaded: boolean;
}

const children = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Starts the API and waits until GET /health/ready answers 200. */
export async function startService(options: ServiceOptions): Promise<ServiceProcess> {
  if (!exitHookInstalled) {
    // Last resort if the runner dies without afterAll: no orphaned API processes.
    process.once('exit', () => children.forEach((child) => child.kill('SIGKILL')));
    exitHookInstalled = true;
  }
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const readyTimeoutMs = options.readyTimeoutMs ?? 60_000;
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    NODE_ENV: 'test',
    EVENT_STORE: 'postgres',
    DATABASE_URL: options.databaseUrl,
    AUTH_JWT_SECRET: TEST_SECRET,
    PORT: String(port),
    HOST: '127.0.0.1',
    REDIS_KEY_PREFIX: `resilience-${randomUUID().slice(0, 8)}:`,
    LOG_FORMAT: 'json',
    RATE_LIMIT_PER_MINUTE: '0',
    RATE_LIMIT_ANONYMOUS_PER_MINUTE: '0',
    ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
    ...options.env,
  };
  const lines: string[] = [];
  const log = (line: string) => {
    lines.push(line);
    if (lines.length > TAIL_LINES) lines.shift();
  };

  const spawnChild = (entry: string, stdin: 'ignore' | 'pipe'): Child => {
    const process_ = spawn(process.execPath, [...HOOK, entry], { cwd: ROOT, env, stdio: [stdin, 'pipe', 'pipe'] });
    children.add(process_);
    const child: Child = { process: process_, gone: false, loaded: false, exited: Promise.resolve() };
    child.exited = new Promise((done) =>
      process_.once('exit', (code, signal) => {
        child.gone = true;
        children.delete(process_);
        log(`[pid ${process_.pid} exited: ${signal ?? `code ${code}`}]`);
        done();
      }),
    );
    for (const stream of [process_.stdout!, process_.stderr!]) {
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        if (chunk.includes('standby loaded')) child.loaded = true;
        chunk.split('\n').filter(Boolean).forEach(log);
      });
    }
    return child;
  };
  const spawnStandby = () => spawnChild('test/resilience/support/service-main.ts', 'pipe');

  let current: Child | undefined;
  let standby: Child | undefined = options.warmStandby ? spawnStandby() : undefined;
  let starts = 0;

  const waitReady = async (child: Child, began: number): Promise<number> => {
    for (;;) {
      if (child.gone) throw new Error(`API exited during startup\n${service.tail()}`);
      if (Date.now() - began > readyTimeoutMs) throw new Error(`API not ready after ${readyTimeoutMs} ms\n${service.tail()}`);
      if (await isReady(baseUrl)) return Date.now() - began;
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  const launch = async (): Promise<number> => {
    const began = Date.now();
    if (standby && !standby.gone) {
      current = standby;
      standby = undefined;
      current.process.stdin!.end('start\n');
    } else {
      current = spawnChild('apps/api/src/main.ts', 'ignore');
    }
    starts++;
    const ms = await waitReady(current, began);
    // The next standby compiles while this one serves.
    if (options.warmStandby) standby = spawnStandby();
    return ms;
  };

  const kill = async (child: Child | undefined) => {
    if (!child) return;
    if (!child.gone) child.process.kill('SIGKILL');
    await child.exited;
  };

  let startupMs = 0;
  const service: ServiceProcess = {
    baseUrl,
    port,
    get startupMs() {
      return startupMs;
    },
    get pid() {
      return current?.process.pid ?? -1;
    },
    get running() {
      return current !== undefined && !current.gone;
    },
    get starts() {
      return starts;
    },
    async standbyLoaded() {
      while (standby && !standby.loaded && !standby.gone) await new Promise((r) => setTimeout(r, 20));
    },
    kill: () => kill(current),
    async restart() {
      await kill(current);
      return launch();
    },
    tail() {
      return `--- API on port ${port} (pid ${current?.process.pid}), last ${lines.length} lines ---\n${lines.join('\n')}`;
    },
    async stop() {
      await Promise.all([kill(current), kill(standby)]);
    },
  };
  try {
    startupMs = await launch();
  } catch (error) {
    await service.stop();
    throw error;
  }
  return service;
}

async function isReady(baseUrl: string): Promise<boolean> {
  try {
    const response = await fetch(`${baseUrl}/health/ready`, { signal: AbortSignal.timeout(3000) });
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}

