import type { Provider } from '@nestjs/common';
import Redis from 'ioredis';
import { APP_CONFIG, type AppConfig } from '@app/config';

export const REDIS = Symbol('REDIS');

/** Redis holds only derived state; requests fail fast while it is away instead of queueing. */
export const redisProvider: Provider = {
  provide: REDIS,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig) => {
    const redis = new Redis(config.redisUrl, { lazyConnect: true, enableOfflineQueue: true, maxRetriesPerRequest: 1, connectTimeout: 2000 });
    // Its errors reach the callers (503 READ_MODEL.UNAVAILABLE, health checks); without a listener
    // ioredis would print "Unhandled error event" on every reconnect while Redis is away.
    redis.on('error', () => undefined);
    return redis;
  },
};
