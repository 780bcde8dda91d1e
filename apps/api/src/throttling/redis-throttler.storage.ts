import { Logger } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import type Redis from 'ioredis';

/**
 * One fixed window per key: the first hit starts it, and the count and its expiry move together in
 * one script, so concurrent api instances share one count and a crash cannot leave a key that never
 * expires.
 */
const HIT = `
local hits = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {hits, ttl}
`;

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** How long a request waits for the count before it is let through uncounted. */
const REDIS_BUDGET_MS = 250;

/**
 * `@nestjs/throttler` storage in Redis. Rate limiting protects the service; it must not become a
 * way to stop it: when Redis does not answer in time the request is let through (fail open) and a
 * warning is logged once per outage. Commands need only the event store, so they keep working
 * while Redis is away.
 */
export class RedisThrottlerStorage implements ThrottlerStorage {
  private readonly logger = new Logger('RateLimit');
  private failing = false;

  constructor(private readonly redis: Redis) {}

  async increment(key: string, ttlMs: number, limit: number): Promise<ThrottlerStorageRecord> {
    try {
      const [hits, remainingMs] = (await withinBudget(this.redis.eval(HIT, 1, key, String(ttlMs)))) as [number, number];
      if (this.failing) this.logger.log('Rate limiting is counting again');
      this.failing = false;
      const seconds = Math.max(1, Math.ceil(remainingMs / 1000));
      return { totalHits: hits, timeToExpire: seconds, isBlocked: hits > limit, timeToBlockExpire: hits > limit ? seconds : 0 };
    } catch (error) {
      if (!this.failing) this.logger.warn({ message: 'Rate limiting is not counting: Redis did not answer', error: (error as Error).name });
      this.failing = true;
      return { totalHits: 0, timeToExpire: Math.ceil(ttlMs / 1000), isBlocked: false, timeToBlockExpire: 0 };
    }
  }
}

function withinBudget<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('Redis did not answer within the rate-limit budget')), REDIS_BUDGET_MS);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
