import Redis from 'ioredis';
import { ConfigError } from './app.config';

/**
 * BullMQ keeps deadline jobs in Redis; a Redis that evicts keys under memory pressure would drop
 * them silently (the reconciler brings them back, but late). `noeviction` makes Redis refuse writes
 * instead, which the service sees and retries. Production refuses to start on anything else;
 * elsewhere it is a warning.
 */
export async function checkEvictionPolicy(url: string, nodeEnv: string, warn: (message: string) => void = console.warn): Promise<string> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 2_000, retryStrategy: () => null });
  redis.on('error', () => undefined);
  let policy: string;
  try {
    await redis.connect();
    policy = await readPolicy(redis);
  } finally {
    redis.disconnect();
  }
  if (policy !== 'noeviction') {
    const message = `REDIS_URL: Redis' maxmemory-policy is ${policy}; it must be noeviction, or Redis may drop deadline jobs under memory pressure (set maxmemory-policy noeviction)`;
    if (nodeEnv === 'production') throw new ConfigError(message);
    warn(`${message}. Continuing because NODE_ENV is not production.`);
  }
  return policy;
}

async function readPolicy(redis: Redis): Promise<string> {
  try {
    const [, value] = (await redis.config('GET', 'maxmemory-policy')) as [string, string];
    if (value) return value;
  } catch {
    // CONFIG is often disabled on managed Redis; INFO still tells.
  }
  const info = await redis.info('memory');
  return /^maxmemory_policy:(\S+)/m.exec(info)?.[1] ?? 'unknown';
}
