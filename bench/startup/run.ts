/**
 * `npm start`'s process, already built (issue 16): time from spawn to the first 200 of
 * /health/ready, on a fresh DATA_DIR (PGlite's first-time setup and migrations included) and again
 * on the same one (a restart), and the resident memory after each has idled. Builds first if the
 * sources changed (untimed), as `npm start` would.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { freePort } from '../../test/support/free-port';
import { print } from '../support/database';
import { goal } from '../support/goal';

const ROOT = resolve(__dirname, '../..');
const IDLE_SECONDS = Number(process.env.BENCH_STARTUP_IDLE_SECONDS ?? 10);

function rssMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'))!;
  return Number(line.split(/\s+/)[1]) / 1024;
}

async function start(dataDir: string): Promise<{ readyMs: number; rss: number }> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, ['dist/apps/embedded/src/main.js'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, REDIS_KEY_PREFIX: `bench-start-${randomUUID().slice(0, 8)}:`, AUTH_JWT_SECRET: randomUUID() + randomUUID(), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const gone = new Promise((done) => child.once('exit', done));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`npm start's process exited (${child.exitCode}) before it was ready`);
      const status = await fetch(`http://127.0.0.1:${port}/health/ready`).then((r) => r.status, () => 0);
      if (status === 200) break;
      if (performance.now() - started > 120_000) throw new Error('not ready within 120 s');
      await new Promise((r) => setTimeout(r, 25));
    }
    const readyMs = performance.now() - started;
    await new Promise((r) => setTimeout(r, IDLE_SECONDS * 1000));
    return { readyMs, rss: rssMiB(child.pid!) };
  } finally {
    child.kill('SIGTERM');
    await gone;
  }
}

async function main(): Promise<void> {
  const build = spawnSync(process.execPath, ['scripts/build-if-stale.mjs'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('the build failed');
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-start-'));
  try {
    const first = await start(dataDir);
    const again = await start(dataDir);
    print('start_ready_first_s', (first.readyMs / 1000).toFixed(2));
    print('start_ready_restart_s', (again.readyMs / 1000).toFixed(2));
    print('idle_rss_first_mib', first.rss.toFixed(0));
    print('idle_rss_restart_mib', again.rss.toFixed(0));
    // The goals are an `npm start` on a built tree and a DATA_DIR it has run on before, as every start
    // but the very first is; that one also creates PGlite's database and migrates it (the _first_
    // figures above).
    goal('start_ready_s', again.readyMs / 1000, 5, 'atMost');
    goal('idle_rss_mib', again.rss, 350, 'atMost');
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
