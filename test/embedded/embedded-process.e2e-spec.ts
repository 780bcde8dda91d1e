import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { exampleProposal } from '../api/support/example-proposal';
import { TEST_SECRET, token } from '../api/support/api-test-app';
import { freePort } from '../support/free-port';

/**
 * `npm start`'s entry as a real process on PGlite: the api answers and the worker in the same
 * process projects what it writes. The api entry alone refuses PGlite, naming `npm start`.
 */
jest.setTimeout(120_000);

const ROOT = resolve(__dirname, '../..');

function spawnEntry(entry: string, env: Record<string, string>): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--require', './bench/support/swc-register.js', entry], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NODE_ENV: 'test',
      AUTH_JWT_SECRET: TEST_SECRET,
      ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  for (const stream of [child.stdout!, child.stderr!]) stream.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return { child, output: () => output, exited };
}

describe('the embedded entry (npm start) as a process', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'embedded-'));
  let service: ReturnType<typeof spawnEntry> | undefined;
  let baseUrl = '';

  beforeAll(async () => {
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    service = spawnEntry('apps/embedded/src/main.ts', {
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      REDIS_KEY_PREFIX: `embedded-${randomUUID().slice(0, 8)}:`,
    });
    let gone = false;
    void service.exited.then(() => (gone = true));
    const began = Date.now();
    while ((await fetch(`${baseUrl}/health/ready`).then((r) => r.status, () => 0)) !== 200) {
      if (gone) throw new Error(`the embedded entry exited during startup\n${service.output()}`);
      if (Date.now() - began > 90_000) throw new Error(`not ready after 90 s\n${service.output()}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  });

  afterAll(async () => {
    if (service && service.child.exitCode === null) {
      service.child.kill('SIGKILL');
      await service.exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('projects a command it took: the worker runs beside the api on the one PGlite store', async () => {
    const bearer = `Bearer ${await token('official-1', ['official'])}`;
    const proposed = await fetch(`${baseUrl}/designations`, {
      method: 'POST',
      headers: { authorization: bearer, 'content-type': 'application/json' },
      body: JSON.stringify(exampleProposal()),
    });
    expect({ status: proposed.status, output: proposed.status === 201 ? '' : service!.output() }).toEqual({ status: 201, output: '' });
    const { id, position } = (await proposed.json()) as { id: string; position: string };
    const read = await fetch(`${baseUrl}/designations?status=proposed&minPosition=${position}`, { headers: { authorization: bearer } });
    expect(read.status).toBe(200);
    expect(JSON.stringify(await read.json())).toContain(id);
  });

  it('the api entry alone refuses PGlite, pointing to npm start', async () => {
    const api = spawnEntry('apps/api/src/main.ts', { DATA_DIR: dataDir });
    expect(await api.exited).toBe(78);
    expect(api.output()).toMatch(/EVENT_STORE: pglite .*`npm start`/);
  });
});
