import type { EnvReader } from './env.reader';

/** Requests per minute before 429; 0 turns a limit off. Counted in Redis, so shared by every api instance. */
export interface RateLimitConfig {
  /** RATE_LIMIT_PER_MINUTE: per authenticated caller (the token's subject), across all routes. */
  perCallerPerMinute: number;
  /** RATE_LIMIT_ANONYMOUS_PER_MINUTE: per client address, for requests without credentials (the public register). */
  anonymousPerMinute: number;
}

export function rateLimitConfig(env: EnvReader): RateLimitConfig {
  return {
    perCallerPerMinute: env.integer('RATE_LIMIT_PER_MINUTE', 600, 0, 1_000_000),
    anonymousPerMinute: env.integer('RATE_LIMIT_ANONYMOUS_PER_MINUTE', 300, 0, 1_000_000),
  };
}
