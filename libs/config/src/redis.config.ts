import { fail } from './config.errors';
import { parseUrl, type EnvReader } from './env.reader';

export interface RedisConfig {
  redisUrl: string;
  /** Every Redis key of this deployment starts with it, so deployments (and tests) can share a Redis. */
  redisKeyPrefix: string;
}

export function redisConfig(env: EnvReader): RedisConfig {
  const redisUrl = env.text('REDIS_URL') ?? 'redis://127.0.0.1:6379';
  parseUrl('REDIS_URL', redisUrl, ['redis:', 'rediss:']);
  const redisKeyPrefix = env.text('REDIS_KEY_PREFIX') ?? 'sls:';
  if (!/^[A-Za-z0-9_.:-]{1,64}$/.test(redisKeyPrefix)) fail('REDIS_KEY_PREFIX', 'must be 1-64 letters, digits or _ . : -');
  return { redisUrl, redisKeyPrefix };
}

/** ioredis options for a REDIS_URL, for clients that take options rather than a URL (BullMQ). */
export function redisOptionsFrom(url: string): { host: string; port: number; username?: string; password?: string; db?: number; tls?: object } {
  const parsed = new URL(url);
  const db = parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : undefined;
  return {
    host: parsed.hostname.replace(/^\[|\]$/g, ''),
    port: parsed.port ? Number(parsed.port) : 6379,
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(db !== undefined && Number.isInteger(db) ? { db } : {}),
    ...(parsed.protocol === 'rediss:' ? { tls: {} } : {}),
  };
}
