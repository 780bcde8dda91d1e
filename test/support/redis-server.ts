import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { freePort } from './free-port';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';

/**
 * A Redis server of the test's own, on a free loopback port, for tests that flush, restart or kill
 * Redis: doing that to the shared server would pull the floor from under tests running beside them.
 * It keeps nothing on disk, like the machine's own.
 */
export interface PrivateRedis {
  url: string;
  port: number;
  /** A new client; closed by `stop()`. */
  client(): Redis;
  /** Kills the server (SIGKILL) and starts an empty one on the same port. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startRedisServer(extraArgs: string[] = []): Promise<PrivateRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'redis-test-'));
  const clients: Redis[] = [];
  let child: ChildProcess = await launch(port, dir, extraArgs);
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    client() {
      const redis = new Redis({ host: '127.0.0.1', port, maxRetriesPerRequest: null, lazyConnect: false });
      clients.push(redis);
      return redis;
    },
    async restart() {
      await kill(child);
      child = await launch(port, dir, extraArgs);
    },
    async stop() {
      for (const redis of clients) redis.disconnect();
      await kill(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function launch(port: number, dir: string, extraArgs: string[]): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, ...extraArgs], {
    stdio: 'ignore',
  });
  const probe = new Redis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    for (let attempt = 0; attempt < 100; attempt++) {
      if (child.exitCode !== null) throw new Error(`redis-server on port ${port} exited with ${child.exitCode}`);
      try {
        await probe.connect();
        await probe.ping();
        return child;
      } catch {
        probe.disconnect();
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  } finally {
    probe.disconnect();
  }
  child.kill('SIGKILL');
  throw new Error(`redis-server did not answer on port ${port}`);
}

function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

