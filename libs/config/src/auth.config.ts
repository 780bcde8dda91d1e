import { fail } from './config.errors';
import { parseUrl, type EnvReader } from './env.reader';

export interface AuthConfig {
  jwtSecret?: string;
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
}

const MIN_SECRET_BYTES = 32;

/** `required`: the api needs a way to verify tokens; the worker and the command-line tools do not. */
export function authConfig(env: EnvReader, required: boolean): AuthConfig {
  const auth: AuthConfig = {
    jwtSecret: env.text('AUTH_JWT_SECRET'),
    jwksUrl: env.text('AUTH_JWKS_URL'),
    issuer: env.text('AUTH_ISSUER'),
    audience: env.text('AUTH_AUDIENCE'),
  };
  if (required && !auth.jwtSecret && !auth.jwksUrl) fail('AUTH_JWT_SECRET', 'set it (or AUTH_JWKS_URL): every mutating endpoint needs authentication');
  if (auth.jwtSecret && Buffer.byteLength(auth.jwtSecret) < MIN_SECRET_BYTES) {
    fail('AUTH_JWT_SECRET', `must be at least ${MIN_SECRET_BYTES} bytes for HS256`);
  }
  if (auth.jwksUrl) parseUrl('AUTH_JWKS_URL', auth.jwksUrl, ['https:', 'http:']);
  return auth;
}
