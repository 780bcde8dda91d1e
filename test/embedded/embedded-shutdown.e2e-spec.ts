import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Redis from 'ioredis';
import { exampleProposal } from '../api/support/example-proposal';
import { TEST_SECRET, token } from '../api/support/api-test-app';
import { freePort } from '../support/free-port';
import { redisAnswers as answers } from '@app/config';

/**
 * `npm start` with no Redis answering on its REDIS_URL starts a redis-server of its own; a SIGTERM
 * (a supervisor) or a SIGINT (Ctrl-C in a terminal, sent to the whole foreground process group)
 * closes the worker, then the api and its store, then that redis-server, and exits 0: no orphaned
 * redis-server, and no warning from a checkpointer or projection finding the store closed under it.
 */
jest.setTimeout(150_000);

const ROOT = resolve(__dirname, '../..');

interface Embedded {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  baseUrl: string;
  redisPort: number;
  dataDir: string;
}

async function startEmbedded(): Promise<Embedded> {
  const [port, redisPort] = [await freePort(), await freePort()];
  const dataDir = mkdtempSync(join(tmpdir(), 'embedded-shutdown-'));
  const child = spawn(process.execPath, ['--require', './bench/support/swc-register.js', 'apps/embedded/src/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NODE_ENV: 'test',
      AUTH_JWT_SECRET: TEST_SECRET,
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      // The checkpointer and the projection busy on the store right up to the signal.
      CHECKPOINT_EVERY_MS: '100',
      CHECKPOINT_EVERY_EVENTS: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    // A process group of its own, so a test can signal the group as a terminal does.
    detached: true,
  });
  let output = '';
  for (const stream of [child.stdout!, child.stderr!]) stream.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.once('exit', (code, signal) => done({ code, signal })));
  const baseUrl = `http://127.0.0.1:${port}`;
  let gone = false;
  void exited.then(() => (gone = true));
  const began = Date.now();
  while ((await fetch(`${baseUrl}/health/ready`).then((r) => r.status, () => 0)) !== 200) {
    if (gone) throw new Error(`the embedded entry exited during startup\n${output}`);
    if (Date.now() - began > 90_000) throw new Error(`not ready after 90 s\n${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return { child, output: () => output, exited, baseUrl, redisPort, dataDir };
}

async function redisServerPid(port: number): Promise<number> {
  const client = new Redis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 0 });
  try {
    await client.connect();
    return Number(/process_id:(\d+)/.exec(await client.info('server'))![1]);
  } finally {
    client.disconnect();
  }
}

const redisAnswers = (port: number) => answers(`redis://127.0.0.1:${port}`);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function proposeOne(baseUrl: string): Promise<void> {
  const response = await fetch(`${baseUrl}/designations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await token('official-1', ['official'])}`, 'content-type': 'application/json' },
    body: JSON.stringify(exampleProposal()),
  });
  expect(response.status).toBe(201);
}

const STACK_TRACE = /^\s+at .+:\d+:\d+\)?$/m;

describe.each([
  { signal: 'SIGTERM' as const, to: 'the process', group: false },
  { signal: 'SIGINT' as const, to: 'its process group, as Ctrl-C in a terminal', group: true },
])('npm start on $signal to $to', ({ signal, group }) => {
  let embedded: Embedded;
  let redisPid = 0;

  beforeAll(async () => {
    embedded = await startEmbedded();
    redisPid = await redisServerPid(embedded.redisPort);
  });

  afterAll(async () => {
    if (embedded?.child.exitCode === null && embedded.child.signalCode === null) {
      embedded.child.kill('SIGKILL');
      await embedded.exited;
    }
    // What a failing run would otherwise leave behind.
    if (redisPid && alive(redisPid)) process.kill(redisPid, 'SIGKILL');
    if (embedded) rmSync(embedded.dataDir, { recursive: true, force: true });
  });

  it('names the URL it serves, and its docs, in one start line', () => {
    const line = embedded.output().split('\n').find((l) => l.includes('"listening"'));
    expect(line).toContain(`"url":"${embedded.baseUrl}"`);
    expect(line).toContain(`"docs":"${embedded.baseUrl}/docs"`);
  });

  it('closes, stops the redis-server it started, and exits 0 with nothing but a clean log', async () => {
    expect(alive(redisPid)).toBe(true);
    await proposeOne(embedded.baseUrl);
    await proposeOne(embedded.baseUrl);
    process.kill(group ? -embedded.child.pid! : embedded.child.pid!, signal);

    let timer: NodeJS.Timeout | undefined;
    const exit = await Promise.race([embedded.exited, new Promise((r) => (timer = setTimeout(() => r('still running after 20 s'), 20_000)))]);
    clearTimeout(timer);
    expect(exit).not.toBe('still running after 20 s');
    expect(alive(redisPid)).toBe(false);
    expect(await redisAnswers(embedded.redisPort)).toBe(false);

    const output = embedded.output();
    expect(output).not.toMatch(/checkpointer paused|projection paused|is closed/);
    expect(output).not.toMatch(/"level":"error"/);
    expect(output).not.toMatch(STACK_TRACE);
    expect(output).toContain('"shutting down"');
    expect(exit).toEqual({ code: 0, signal: null });
  });
});
