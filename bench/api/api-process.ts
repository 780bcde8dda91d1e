import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const TAIL_LINES = 40;

export interface ApiProcess {
  readonly baseUrl: string;
  /** The last lines the api wrote to stderr, for error messages. */
  tail(): string;
  stop(): Promise<void>;
}


/**
 * The real api (`apps/api/src/main.ts`, compiled on load by the bench's swc hook) as a child process,
 * so that autocannon's CPU is not the api's. Its stdout (one access-log line per request) is
 * discarded; stderr is kept as a tail. Resolves once /health/ready answers 200.
 */
export async function startApi(env: Record<string, string>, port: number, readyWithinMs = 60_000): Promise<ApiProcess> {
  const child = spawn(process.execPath, ['--require', './bench/support/swc-register.js', 'apps/api/src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  // Last resort if the bench dies without its finally blocks: no orphaned api.
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

  const api: ApiProcess = {
    baseUrl: `http://127.0.0.1:${port}`,
    tail: () => lines.join('\n'),
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

  const deadline = Date.now() + readyWithinMs;
  while (Date.now() < deadline) {
    if (exited !== undefined) throw new Error(`the api exited (${exited}) before it was ready:\n${api.tail()}`);
    const status = await fetch(`${api.baseUrl}/health/ready`).then((r) => r.status, () => 0);
    if (status === 200) return api;
    await new Promise((r) => setTimeout(r, 250));
  }
  await api.stop();
  throw new Error(`the api was not ready within ${readyWithinMs} ms:\n${api.tail()}`);
}
