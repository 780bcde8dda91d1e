import { loadConfig } from './app.config';
import { configFailure as failure } from '../testing/config-failure';

const secret = { AUTH_JWT_SECRET: 'a-development-secret-of-32-bytes-or-more' };

describe('METRICS_TOKEN', () => {
  it('is unset by default: /metrics is then not served', () => {
    expect(loadConfig(secret).metrics).toEqual({ token: undefined });
  });

  it('takes a long random token', () => {
    const token = 'f'.repeat(64);
    expect(loadConfig({ ...secret, METRICS_TOKEN: token }).metrics.token).toBe(token);
  });

  it.each(['short-token', `${'a'.repeat(40)} with spaces`, `${'a'.repeat(40)}"`])('refuses %p', (token) => {
    expect(failure(() => loadConfig({ ...secret, METRICS_TOKEN: token }))).toMatch(/^METRICS_TOKEN:/);
  });
});
