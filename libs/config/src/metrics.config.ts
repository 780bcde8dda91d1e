import { fail } from './config.errors';
import type { EnvReader } from './env.reader';

export interface MetricsConfig {
  /**
   * METRICS_TOKEN: the bearer token a scraper sends for GET /metrics. Unset, /metrics is not served
   * at all, in every environment: the operator's numbers are never open by accident.
   */
  token?: string;
}

/** Long enough not to be guessed, and characters a bearer token may carry (RFC 6750 b64token). */
const TOKEN = /^[A-Za-z0-9\-._~+/]{32,512}=*$/;

export function metricsConfig(env: EnvReader): MetricsConfig {
  const token = env.text('METRICS_TOKEN');
  if (token !== undefined && !TOKEN.test(token)) {
    fail('METRICS_TOKEN', 'must be at least 32 characters of A-Z a-z 0-9 - . _ ~ + / (e.g. `openssl rand -hex 32`)');
  }
  return { token };
}
