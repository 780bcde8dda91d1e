import { fail } from './config.errors';
import { parseUrl, type EnvReader } from './env.reader';

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

export function deadlineConfig(env: EnvReader): DeadlineConfig {
  return {
    reconcileIntervalMs: env.integer('DEADLINE_RECONCILE_MS', 60_000, 100, 86_400_000),
    jobLockMs: env.integer('DEADLINE_JOB_LOCK_MS', 30_000, 500, 600_000),
    webhooks: parseWebhooks(env.text('REMINDER_WEBHOOKS')),
    webhookAttempts: env.integer('WEBHOOK_ATTEMPTS', 8, 1, 100),
    webhookBackoffMs: env.integer('WEBHOOK_BACKOFF_MS', 2_000, 1, 3_600_000),
    webhookTimeoutMs: env.integer('WEBHOOK_TIMEOUT_MS', 5_000, 100, 120_000),
  };
}

/** `REMINDER_WEBHOOKS='{"foreign-affairs":{"url":"https://…","secret":"…"}}'`: one entry per ministry. */
function parseWebhooks(text: string | undefined): Record<string, WebhookTarget> {
  if (!text) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return fail('REMINDER_WEBHOOKS', 'is not JSON: expected {"<ministry>": {"url": "https://…", "secret": "…"}}');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) fail('REMINDER_WEBHOOKS', 'must be a JSON object keyed by ministry');
  const webhooks: Record<string, WebhookTarget> = {};
  for (const [ministry, target] of Object.entries(parsed as Record<string, unknown>)) {
    const { url, secret } = (target ?? {}) as Partial<WebhookTarget>;
    if (typeof url !== 'string') fail('REMINDER_WEBHOOKS', `${ministry}: url is missing`);
    parseUrl('REMINDER_WEBHOOKS', url, ['https:', 'http:']);
    if (typeof secret !== 'string' || Buffer.byteLength(secret) < 16) fail('REMINDER_WEBHOOKS', `${ministry}: secret must be at least 16 bytes`);
    webhooks[ministry] = { url, secret };
  }
  return webhooks;
}
