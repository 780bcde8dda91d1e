import { createVerifier, TokenError } from 'fast-jwt';
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
 * type chosen by the token. `exp` is required: a token without one would be good for ever (found by
 * the JWT-attack sweep).
 */
export class JwtVerifier {
  /**
   * HS256 through fast-jwt, on node:crypto's HMAC: jose verifies through WebCrypto, whose
   * asynchronous job cost about 60 µs of CPU per token here against fast-jwt's 11 (issue 16). No
   * cache of verified tokens: every request is verified.
   */
  private readonly secret?: (token: string) => JWTPayload;
  /** Keys from a JWKS through jose, which fetches, caches and rotates them. */
  private readonly jwks?: JWTVerifyGetKey;

  constructor(private readonly config: AuthConfig) {
    if (config.jwtSecret) {
      // fast-jwt checks an allowed issuer or audience only when the token has one: required too.
      this.secret = createVerifier({
        key: config.jwtSecret,
        algorithms: ['HS256'],
        requiredClaims: ['exp', ...(config.issuer ? ['iss'] : []), ...(config.audience ? ['aud'] : [])],
        cache: false,
        ...(config.issuer ? { allowedIss: config.issuer } : {}),
        ...(config.audience ? { allowedAud: config.audience } : {}),
      });
    }
    if (config.jwksUrl) this.jwks = createRemoteJWKSet(new URL(config.jwksUrl));
  }

  async verify(token: string): Promise<Principal> {
    if (token.length > MAX_TOKEN_LENGTH) throw new AuthenticationError('Token too long');
    return toPrincipal(this.jwks ? await this.fromJwks(token) : this.withSecret(token));
  }

  private withSecret(token: string): JWTPayload {
    try {
      return this.secret!(token);
    } catch (error) {
      throw new AuthenticationError(error instanceof TokenError ? describeTokenError(error) : 'Invalid token');
    }
  }

  private async fromJwks(token: string): Promise<JWTPayload> {
    const options = { issuer: this.config.issuer, audience: this.config.audience, requiredClaims: ['exp'], algorithms: ['RS256', 'ES256'] };
    try {
      return (await jwtVerify(token, this.jwks!, options)).payload;
    } catch (error) {
      throw new AuthenticationError(error instanceof errors.JOSEError ? describeJoseError(error) : 'Invalid token');
    }
  }
}

function describeJoseError(error: InstanceType<typeof errors.JOSEError>): string {
  if (error instanceof errors.JWTExpired) return 'Token expired';
  if (error instanceof errors.JWTClaimValidationFailed) return `Token claim "${error.claim}" is not accepted`;
  return 'Token signature or format is not valid';
}

/** fast-jwt's refusals in jose's words, so that both kinds of key answer alike. */
function describeTokenError(error: TokenError): string {
  switch (error.code) {
    case TokenError.codes.expired:
      return 'Token expired';
    case TokenError.codes.inactive:
      return 'Token claim "nbf" is not accepted';
    case TokenError.codes.invalidClaimValue:
    case TokenError.codes.invalidClaimType:
    case TokenError.codes.missingRequiredClaim:
      return `Token claim "${claimOf(error.message)}" is not accepted`;
    default:
      return 'Token signature or format is not valid';
  }
}

/** fast-jwt names the claim in its message: "The iss claim value is not allowed.", "None of aud claim values are allowed." */
function claimOf(message: string): string {
  return /\b(\w+) claim\b/.exec(message)?.[1] ?? 'unknown';
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
