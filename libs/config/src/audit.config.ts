import { fail } from './config.errors';
import type { EnvReader } from './env.reader';

export interface AuditConfig {
  /** AUDIT_SIGNING_KEYS: a JSON array of Ed25519 private JWKs with `kid`; the first signs. Absent: the development key kept in DATA_DIR (not in production). */
  signingKeys?: string;
  /** Names this log in its checkpoints. */
  origin: string;
  checkpointEveryMs: number;
  checkpointEveryEvents: number;
}

export function auditConfig(env: EnvReader, deployment: { nodeEnv: string; publicBaseUrl: string }): AuditConfig {
  const audit: AuditConfig = {
    signingKeys: env.text('AUDIT_SIGNING_KEYS'),
    origin: env.text('AUDIT_LOG_ORIGIN') ?? `${deployment.publicBaseUrl}/log`,
    checkpointEveryMs: env.integer('CHECKPOINT_EVERY_MS', 60_000, 100, 3_600_000),
    checkpointEveryEvents: env.integer('CHECKPOINT_EVERY_EVENTS', 1_000, 1, 1_000_000),
  };
  if (deployment.nodeEnv === 'production' && !audit.signingKeys) {
    fail('AUDIT_SIGNING_KEYS', 'is required in production: checkpoints must be signed with a key that outlives the process');
  }
  return audit;
}
