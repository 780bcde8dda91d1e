import { webcrypto } from 'node:crypto';
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { AuthConfig } from '@app/config';
import { isHumanRole, type Principal } from './principal';

export class AuthenticationError extends Error {
  override readonly name = 'AuthenticationError';
}

const MAX_TOKEN_LENGTH = 8192;

/**
 * Verifies bearer tokens with explicit algorithms: HS256 with a shared secret (the embedded
 * default), or RS256/ES256 keys published at a JWKS URL (production). Never `none`, never a key
 * type chosen by the token.
 */
export class JwtVerifier {
  /**
   * The HMAC key imported into WebCrypto once: given raw bytes or a KeyObject, jose imports it
   * again on every request (issue 16's profile). Verify-only.
   */
  private readonly secret?: Promise<webcrypto.CryptoKey>;
  private readonly jwks?: JWTVerifyGetKey;

  constructor(private readonly config: AuthConfig) {
    if (config.jwtSecret) {
      this.secret = webcrypto.subtle.importKey('raw', new TextEncoder().encode(config.jwtSecret), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
    }
    if (config.jwksUrl) this.jwks = createRemoteJWKSet(new URL(config.jwksUrl));
  }

  async verify(token: string): Promise<Principal> {
    if (token.length > MAX_TOKEN_LENGTH) throw new AuthenticationError('Token too long');
    // `exp` is required: a token without one would be good for ever (found by the JWT-attack sweep).
    const options = { issuer: this.config.issuer, audience: this.config.audience, requiredClaims: ['exp'] };
    let payload: JWTPayload;
    try {
      payload = this.jwks
        ? (await jwtVerify(token, this.jwks, { ...options, algorithms: ['RS256', 'ES256'] })).payload
        : (await jwtVerify(token, await this.secret!, { ...options, algorithms: ['HS256'] })).payload;
    } catch (error) {
      throw new AuthenticationError(error instanceof errors.JOSEError ? describe(error) : 'Invalid token');
    }
    return toPrincipal(payload);
  }
}

function describe(error: InstanceType<typeof errors.JOSEError>): string {
  if (error instanceof errors.JWTExpired) return 'Token expired';
  if (error instanceof errors.JWTClaimValidationFailed) return `Token claim "${error.claim}" is not accepted`;
  return 'Token signature or format is not valid';
}

function toPrincipal(payload: JWTPayload): Principal {
  const { sub, roles, ministry } = payload as JWTPayload & { roles?: unknown; ministry?: unknown };
  if (typeof sub !== 'string' || sub.length === 0 || sub.length > 200) throw new AuthenticationError('Token has no subject');
  if (!Array.isArray(roles) || !roles.every(isHumanRole)) throw new AuthenticationError('Token roles are not recognised');
  if (ministry !== undefined && (typeof ministry !== 'string' || ministry.length > 200)) {
    throw new AuthenticationError('Token ministry is not valid');
  }
  return { id: sub, roles, ...(ministry ? { ministry } : {}) };
}
