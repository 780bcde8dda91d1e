import { auditConfig, type AuditConfig } from './audit.config';
import { authConfig, type AuthConfig } from './auth.config';
import { deadlineConfig, type DeadlineConfig } from './deadlines.config';
import { EnvReader, type Env } from './env.reader';
import { httpConfig, type HttpConfig } from './http.config';
import { consoleConfig, type ConsoleConfig } from './console.config';
import { listsConfig, type ListsConfig } from './lists.config';
import { logConfig, type LogConfig } from './log.config';
import { metricsConfig, type MetricsConfig } from './metrics.config';
import { rateLimitConfig, type RateLimitConfig } from './rate-limit.config';
import { redisConfig, type RedisConfig } from './redis.config';
import { storeConfig, type StoreConfig } from './store.config';

export { ConfigError } from './config.errors';

/**
 * Configuration from the environment, validated once at boot. A bad value stops the process with a
 * message naming the variable; secrets come only from here and are never logged.
 */
export interface AppConfig extends StoreConfig, RedisConfig, HttpConfig {
  nodeEnv: string;
  auth: AuthConfig;
  policyFile?: string;
  /** Who issues the sanctions, as named in the public register's exports. */
  registerAuthority: string;
  deadlines: DeadlineConfig;
  audit: AuditConfig;
  rateLimit: RateLimitConfig;
  log: LogConfig;
  metrics: MetricsConfig;
  lists: ListsConfig;
  console: ConsoleConfig;
}

export interface LoadConfigOptions {
  /** The api needs a way to verify tokens; the worker and the command-line tools do not. */
  requireAuth?: boolean;
}

export const APP_CONFIG = Symbol('APP_CONFIG');

export function loadConfig(env: Env = process.env, options: LoadConfigOptions = {}): AppConfig {
  const read = new EnvReader(env);
  const store = storeConfig(read);
  const redis = redisConfig(read);
  const http = httpConfig(read);
  const auth = authConfig(read, options.requireAuth !== false);
  const nodeEnv = read.text('NODE_ENV') ?? 'development';
  return {
    ...store,
    ...redis,
    ...http,
    nodeEnv,
    auth,
    deadlines: deadlineConfig(read),
    audit: auditConfig(read, { nodeEnv, publicBaseUrl: http.publicBaseUrl }),
    rateLimit: rateLimitConfig(read),
    log: logConfig(read),
    metrics: metricsConfig(read),
    lists: listsConfig(read),
    console: consoleConfig(read, { nodeEnv, publicBaseUrl: http.publicBaseUrl }),
    policyFile: read.text('SANCTIONS_POLICY_FILE'),
    registerAuthority: read.text('REGISTER_AUTHORITY') ?? 'Sanctions Lifecycle Service (unnamed authority: set REGISTER_AUTHORITY)',
  };
}
