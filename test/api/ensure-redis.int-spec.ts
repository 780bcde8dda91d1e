import { createServer } from 'node:net';
import Redis from 'ioredis';
import { ConfigError, ensureRedis, stopRedisServer } from '@app/config';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('ensureRedis (the embedded default needs nothing but a reachable Redis)', () => {
  it('uses a Redis that answers, starting nothing', async () => {
    expect(await ensureRedis('redis://127.0.0.1:6379')).toBeUndefined();
  });

  it('starts redis-server for itself when none answers on this machine', async () => {
    const port = await freePort();
    const child = await ensureRedis(`redis://127.0.0.1:${port}`);
    try {
      expect(child).toBeDefined();
      const client = new Redis(`redis://127.0.0.1:${port}`);
      expect(await client.ping()).toBe('PONG');
      client.disconnect();
    } finally {
      child?.kill();
    }
  });

  it('stops the redis-server it started when asked, resolving once it has exited', async () => {
    const port = await freePort();
    const child = (await ensureRedis(`redis://127.0.0.1:${port}`))!;
    await stopRedisServer(child);
    expect(child.exitCode !== null || child.signalCode !== null).toBe(true);
    expect(() => process.kill(child.pid!, 0)).toThrow();
    await expect(ensureRedis(`redis://127.0.0.1:${port}`, { redisServer: 'no-such-redis-server' })).rejects.toThrow(/nothing answers/);
  });

  it('fails within 10 s naming REDIS_URL when Redis cannot be had', async () => {
    const port = await freePort();
    const started = Date.now();
    const attempt = ensureRedis(`redis://127.0.0.1:${port}`, { redisServer: 'no-such-redis-server' });
    await expect(attempt).rejects.toThrow(ConfigError);
    await expect(attempt).rejects.toThrow(/^REDIS_URL: nothing answers/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
