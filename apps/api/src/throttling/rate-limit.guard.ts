import { Injectable, type ExecutionContext, type Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { getOptionsToken, getStorageToken, ThrottlerGuard, type ThrottlerModuleOptions, type ThrottlerOptions } from '@nestjs/throttler';
import type Redis from 'ioredis';
import type { AppConfig } from '@app/config';
import { REDIS } from '../health/redis.provider';
import { RedisThrottlerStorage } from './redis-throttler.storage';

const MINUTE_MS = 60_000;

const principalOf = (context: ExecutionContext): { id: string } | undefined => context.switchToHttp().getRequest().principal;

/**
 * Runs after the AuthGuard, so a request with a valid token is counted against its subject (one
 * budget across every route and every api instance), and a request without one against its
 * address. A request refused with 401 is not counted: it did no work beyond a signature check.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override async getTracker(request: Record<string, any>): Promise<string> {
    return request.principal ? `caller:${request.principal.id}` : `address:${request.ip}`;
  }
}

/** The guard and what it needs, or nothing when both limits are 0. Register after the AuthGuard. */
export function rateLimitProviders(config: AppConfig): Provider[] {
  const { perCallerPerMinute, anonymousPerMinute } = config.rateLimit;
  const throttlers: ThrottlerOptions[] = [];
  if (perCallerPerMinute > 0) {
    throttlers.push({ name: 'caller', limit: perCallerPerMinute, ttl: MINUTE_MS, skipIf: (context) => !principalOf(context) });
  }
  if (anonymousPerMinute > 0) {
    throttlers.push({ name: 'anonymous', limit: anonymousPerMinute, ttl: MINUTE_MS, skipIf: (context) => !!principalOf(context) });
  }
  if (throttlers.length === 0) return [];
  const options: ThrottlerModuleOptions = {
    throttlers,
    errorMessage: 'Too many requests: wait the seconds given in Retry-After-Caller (or, without credentials, Retry-After-Anonymous) before trying again',
    // One key per caller and window, under the service's Redis prefix, whatever the route.
    generateKey: (_context, tracker, name) => `${config.redisKeyPrefix}ratelimit:${name}:${tracker}`,
  };
  return [
    { provide: getOptionsToken(), useValue: options },
    { provide: getStorageToken(), inject: [REDIS], useFactory: (redis: Redis) => new RedisThrottlerStorage(redis) },
    { provide: APP_GUARD, useClass: RateLimitGuard },
  ];
}
