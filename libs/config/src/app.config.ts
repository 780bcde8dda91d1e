import type { EventStoreConfig } from '@app/event-store';

/**
 * Configuration from the environment, validated once at boot. A bad value stops the process with a
 * message naming the variable; secrets come only from here and are never logged.
 */
export type EventStoreKind = 'pglite' | 'postgres' | 'esdb';

export interface AuthConfig {
  jwtSecret?: string;
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
}

export interface AppConfig {
  nodeEnv: string;
  eventStore: EventStoreKind;
  databaseUrl?: string;
  eventStoreConnectionString?: string;
  dataDir: string;
  redisUrl: string;
  port: number;
  auth: AuthConfig;
  policyFile?: string;
  /** Every Redis key of this deployment starts with it, so deployments (and tests) can share a Redis. */
  redisKeyPrefix: string;
  /** Where the public reaches this service; links in the public register and its exports use it. */
  publicBaseUrl: string;
  /** Who issues the sanctions, as named in the public register's exports. */
  registerAuthority: string;
  deadlines: DeadlineConfig;
  audit: AuditConfig;
  rateLimit: RateLimitConfig;
  /** TRUST_PROXY: whose X-Forwarded-For to believe for the caller's address (Fastify's trustProxy). */
  trustProxy: boolean | string;
}

/** Requests per minute before 429; 0 turns a limit off. Counted in Redis, so shared by every api instance. */
export interface RateLimitConfig {
  /** RATE_LIMIT_PER_MINUTE: per authenticated caller (the token's subject), across all routes. */
  perCallerPerMinute: number;
  /** RATE_LIMIT_ANONYMOUS_PER_MINUTE: per client address, for requests without credentials (the public register). */
  anonymousPerMinute: number;
}

export interface AuditConfig {
  /** AUDIT_SIGNING_KEYS: a JSON array of Ed25519 private JWKs with `kid`; the first signs. Absent: an ephemeral key (not in production). */
  signingKeys?: string;
  /** Names this log in its checkpoints. */
  origin: string;
  checkpointEveryMs: number;
  checkpointEveryEvents: number;
}

export interface WebhookTarget {
  url: string;
  /** HMAC-SHA256 key for `X-Signature`; from the environment only. */
  secret: string;
}

export interface DeadlineConfig {
  /** How often the reconciler re-adds every pending deadline's job (a no-op for those present). */
  reconcileIntervalMs: number;
  /** How long a worker may hold a job before another takes it over (after a crash). */
  jobLockMs: number;
  /** Review-reminder webhooks by ministry. */
  webhooks: Record<string, WebhookTarget>;
  webhookAttempts: number;
  /** First retry delay; doubles each attempt, capped at 10 minutes. */
  webhookBackoffMs: number;
  webhookTimeoutMs: number;
}

export interface LoadConfigOptions {
  /** The api needs a way to verify tokens; the worker and the command-line tools do not. */
  requireAuth?: boolean;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

const EVENT_STORES: readonly EventStoreKind[] = ['pglite', 'postgres', 'esdb'];
const MIN_SECRET_BYTES = 32;

export function loadConfig(env: Env = process.env, options: LoadConfigOptions = {}): AppConfig {
  const value = (name: string): string | undefined => (env[name]?.trim() ? env[name]!.trim() : undefined);
  const fail = (name: string, problem: string): never => {
    throw new ConfigError(`${name}: ${problem}`);
  };

  const eventStore = (value('EVENT_STORE') ?? 'pglite') as EventStoreKind;
  if (!EVENT_STORES.includes(eventStore)) fail('EVENT_STORE', `must be one of ${EVENT_STORES.join(', ')}`);
  const databaseUrl = value('DATABASE_URL');
  if (eventStore === 'postgres' && !databaseUrl) fail('DATABASE_URL', 'is required when EVENT_STORE=postgres');
  if (databaseUrl) parseUrl('DATABASE_URL', databaseUrl, ['postgres:', 'postgresql:'], fail);
  const eventStoreConnectionString = value('EVENTSTORE_CONNECTION_STRING');
  if (eventStore === 'esdb' && !eventStoreConnectionString) {
    fail('EVENTSTORE_CONNECTION_STRING', 'is required when EVENT_STORE=esdb');
  }
  if (eventStoreConnectionString) {
    parseUrl('EVENTSTORE_CONNECTION_STRING', eventStoreConnectionString, ['esdb:', 'esdb+discover:', 'kurrentdb:', 'kurrentdb+discover:'], fail);
  }
  const redisUrl = value('REDIS_URL') ?? 'redis://127.0.0.1:6379';
  parseUrl('REDIS_URL', redisUrl, ['redis:', 'rediss:'], fail);

  const portText = value('PORT') ?? '3000';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port < 1 || port > 65535) fail('PORT', 'must be a port number between 1 and 65535');

  const auth: AuthConfig = {
    jwtSecret: value('AUTH_JWT_SECRET'),
    jwksUrl: value('AUTH_JWKS_URL'),
    issuer: value('AUTH_ISSUER'),
    audience: value('AUTH_AUDIENCE'),
  };
  if (options.requireAuth !== false && !auth.jwtSecret && !auth.jwksUrl) fail('AUTH_JWT_SECRET', 'set it (or AUTH_JWKS_URL): every mutating endpoint needs authentication');
  if (auth.jwtSecret && Buffer.byteLength(auth.jwtSecret) < MIN_SECRET_BYTES) {
    fail('AUTH_JWT_SECRET', `must be at least ${MIN_SECRET_BYTES} bytes for HS256`);
  }
  if (auth.jwksUrl) parseUrl('AUTH_JWKS_URL', auth.jwksUrl, ['https:', 'http:'], fail);

  const redisKeyPrefix = value('REDIS_KEY_PREFIX') ?? 'sls:';
  if (!/^[A-Za-z0-9_.:-]{1,64}$/.test(redisKeyPrefix)) fail('REDIS_KEY_PREFIX', 'must be 1-64 letters, digits or _ . : -');
  const publicBaseUrl = value('PUBLIC_BASE_URL') ?? `http://localhost:${port}`;
  parseUrl('PUBLIC_BASE_URL', publicBaseUrl, ['https:', 'http:'], fail);

  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const text = value(name);
    if (text === undefined) return fallback;
    const n = Number(text);
    if (!/^\d+$/.test(text) || n < min || n > max) fail(name, `must be a whole number between ${min} and ${max}`);
    return n;
  };
  const deadlines: DeadlineConfig = {
    reconcileIntervalMs: integer('DEADLINE_RECONCILE_MS', 60_000, 100, 86_400_000),
    jobLockMs: integer('DEADLINE_JOB_LOCK_MS', 30_000, 500, 600_000),
    webhooks: parseWebhooks(value('REMINDER_WEBHOOKS'), fail),
    webhookAttempts: integer('WEBHOOK_ATTEMPTS', 8, 1, 100),
    webhookBackoffMs: integer('WEBHOOK_BACKOFF_MS', 2_000, 1, 3_600_000),
    webhookTimeoutMs: integer('WEBHOOK_TIMEOUT_MS', 5_000, 100, 120_000),
  };

  const audit: AuditConfig = {
    signingKeys: value('AUDIT_SIGNING_KEYS'),
    origin: value('AUDIT_LOG_ORIGIN') ?? `${publicBaseUrl.replace(/\/+$/, '')}/log`,
    checkpointEveryMs: integer('CHECKPOINT_EVERY_MS', 60_000, 100, 3_600_000),
    checkpointEveryEvents: integer('CHECKPOINT_EVERY_EVENTS', 1_000, 1, 1_000_000),
  };
  if ((value('NODE_ENV') ?? 'development') === 'production' && !audit.signingKeys) {
    fail('AUDIT_SIGNING_KEYS', 'is required in production: checkpoints must be signed with a key that outlives the process');
  }

  const rateLimit: RateLimitConfig = {
    perCallerPerMinute: integer('RATE_LIMIT_PER_MINUTE', 600, 0, 1_000_000),
    anonymousPerMinute: integer('RATE_LIMIT_ANONYMOUS_PER_MINUTE', 300, 0, 1_000_000),
  };

  return {
    audit,
    deadlines,
    rateLimit,
    trustProxy: parseTrustProxy(value('TRUST_PROXY'), fail),
    nodeEnv: value('NODE_ENV') ?? 'development',
    eventStore,
    databaseUrl,
    eventStoreConnectionString,
    dataDir: value('DATA_DIR') ?? './data',
    redisUrl,
    port,
    auth,
    policyFile: value('SANCTIONS_POLICY_FILE'),
    redisKeyPrefix,
    publicBaseUrl: publicBaseUrl.replace(/\/+$/, ''),
    registerAuthority: value('REGISTER_AUTHORITY') ?? 'Sanctions Lifecycle Service (unnamed authority: set REGISTER_AUTHORITY)',
  };
}

/**
 * `TRUST_PROXY`: unset or `false` (the socket's address is the client's), `true`, or
 * comma-separated addresses/CIDRs of the proxies in front. Behind a proxy, without it every anonymous
 * caller would share the proxy's rate limit.
 */
function parseTrustProxy(text: string | undefined, fail: (name: string, problem: string) => never): boolean | string {
  if (text === undefined || text === 'false') return false;
  if (text === 'true') return true;
  if (/^[0-9A-Fa-f.:/]+(,\s*[0-9A-Fa-f.:/]+)*$/.test(text)) return text;
  return fail('TRUST_PROXY', 'must be true, false, or comma-separated proxy addresses/CIDRs');
}

/** `REMINDER_WEBHOOKS='{"foreign-affairs":{"url":"https://…","secret":"…"}}'`: one entry per ministry. */
function parseWebhooks(text: string | undefined, fail: (name: string, problem: string) => never): Record<string, WebhookTarget> {
  if (!text) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    fail('REMINDER_WEBHOOKS', 'is not JSON: expected {"<ministry>": {"url": "https://…", "secret": "…"}}');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) fail('REMINDER_WEBHOOKS', 'must be a JSON object keyed by ministry');
  const webhooks: Record<string, WebhookTarget> = {};
  for (const [ministry, target] of Object.entries(parsed as Record<string, unknown>)) {
    const { url, secret } = (target ?? {}) as Partial<WebhookTarget>;
    if (typeof url !== 'string') fail('REMINDER_WEBHOOKS', `${ministry}: url is missing`);
    parseUrl('REMINDER_WEBHOOKS', url!, ['https:', 'http:'], fail);
    if (typeof secret !== 'string' || Buffer.byteLength(secret) < 16) fail('REMINDER_WEBHOOKS', `${ministry}: secret must be at least 16 bytes`);
    webhooks[ministry] = { url: url!, secret: secret! };
  }
  return webhooks;
}

function parseUrl(name: string, text: string, protocols: string[], fail: (name: string, problem: string) => never): URL {
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    fail(name, 'is not a valid URL');
  }
  if (!protocols.includes(url!.protocol)) fail(name, `must use ${protocols.join(' or ')}`);
  return url!;
}
export const APP_CONFIG = Symbol('APP_CONFIG');

/** Which event-store adapter the configuration selects. */
export function eventStoreConfig(config: AppConfig): EventStoreConfig {
  switch (config.eventStore) {
    case 'pglite':
      return { kind: 'pglite', dataDir: config.dataDir };
    case 'postgres':
      return { kind: 'postgres', connectionString: config.databaseUrl! };
    case 'esdb':
      return { kind: 'esdb', connectionString: config.eventStoreConnectionString! };
  }
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
