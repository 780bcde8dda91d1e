import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import Redis from 'ioredis';
import { ConfigError } from './app.config';

const LOCAL_HOSTS = ['127.0.0.1', 'localhost', '::1', '[::1]'];

/**
 * The embedded default needs nothing but a reachable Redis. If REDIS_URL points at this machine
 * and nothing answers there, a `redis-server` on the PATH is started for this process (derived
 * state only: it keeps nothing on disk) and returned, for the caller to stop with stopRedisServer
 * when it shuts down (it is also killed when the process exits); otherwise the start fails, naming
 * REDIS_URL, well within 10 s.
 */
export async function ensureRedis(url: string, options: { redisServer?: string } = {}): Promise<ChildProcess | undefined> {
  if (await answers(url)) return undefined;
  const parsed = new URL(url);
  const server = options.redisServer ?? 'redis-server';
  const installed = spawnSync(server, ['--version'], { stdio: 'ignore' }).status === 0;
  if (!LOCAL_HOSTS.includes(parsed.hostname) || !installed) {
    throw new ConfigError(
      `REDIS_URL: nothing answers at ${parsed.host}. Start Redis (Debian: apt-get install redis-server; ` +
        'or docker compose up redis), or point REDIS_URL at a running one.',
    );
  }
  const child = spawn(server, ['--port', parsed.port || '6379', '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
    // Its own process group: a terminal's Ctrl-C (SIGINT to the whole foreground group) must not
    // stop Redis under a process that is still closing. Whoever started it stops it, last.
    detached: true,
  });
  // The last resort (a crash, process.exit): a signal-initiated shutdown calls stopRedisServer.
  process.once('exit', () => child.kill());
  for (let attempt = 0; attempt < 25; attempt++) {
    if (await answers(url)) return child;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  child.kill();
  throw new ConfigError(`REDIS_URL: started ${server} on port ${parsed.port || 6379}, but it did not answer`);
}

/** Stops a redis-server that ensureRedis started; resolves once it has exited (SIGKILL after `graceMs`). */
export async function stopRedisServer(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Whether a Redis answers PING at `url` now (no retries, within 1.5 s). */
export async function answers(url: string): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, connectTimeout: 1500, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}
