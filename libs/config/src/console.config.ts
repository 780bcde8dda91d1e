import { fail } from './config.errors';
import { parseUrl, type EnvReader } from './env.reader';

/** Signing in to the console through the government's OpenID provider (authorization code + PKCE). */
export interface OidcConfig {
  issuer: URL;
  clientId: string;
  clientSecret: string;
  /** Where the provider sends the browser back: PUBLIC_BASE_URL + /console/sign-in/callback. */
  redirectUri: string;
  /** Where the provider sends the browser after signing out there. */
  postLogoutRedirectUri: string;
  /** The ID token's claims that carry the user's roles (a list or one space-separated text), ministry and display name. */
  rolesClaim: string;
  ministryClaim: string;
  nameClaim: string;
  scope: string;
}

export interface ConsoleConfig {
  /** With a provider configured, the only way in; without one, the development sign-in page (never in production). */
  oidc?: OidcConfig;
  developmentSignIn: boolean;
  /** A session ends after this long without a request… */
  sessionIdleMinutes: number;
  /** …and in any case this long after signing in. */
  sessionMaxHours: number;
}

const CLAIM = /^[A-Za-z0-9_:./-]{1,100}$/;

export function consoleConfig(env: EnvReader, deployment: { nodeEnv: string; publicBaseUrl: string }): ConsoleConfig {
  const issuer = env.text('OIDC_ISSUER');
  const clientId = env.text('OIDC_CLIENT_ID');
  const clientSecret = env.text('OIDC_CLIENT_SECRET');
  const sessionIdleMinutes = env.integer('CONSOLE_SESSION_IDLE_MINUTES', 30, 1, 24 * 60);
  const sessionMaxHours = env.integer('CONSOLE_SESSION_MAX_HOURS', 8, 1, 24 * 7);
  const claim = (name: string, fallback: string): string => {
    const value = env.text(name) ?? fallback;
    if (!CLAIM.test(value)) fail(name, 'must name a claim: 1-100 letters, digits or _ : . / -');
    return value;
  };
  if (!issuer) {
    if (clientId || clientSecret) fail('OIDC_ISSUER', 'is required when OIDC_CLIENT_ID or OIDC_CLIENT_SECRET is set');
    // Production without a provider has no console sign-in at all: there is nobody to vouch for a user.
    return { developmentSignIn: deployment.nodeEnv !== 'production', sessionIdleMinutes, sessionMaxHours };
  }
  const issuerUrl = parseUrl('OIDC_ISSUER', issuer, ['https:', 'http:']);
  if (issuerUrl.protocol === 'http:' && deployment.nodeEnv === 'production') fail('OIDC_ISSUER', 'must use https in production');
  if (!clientId) fail('OIDC_CLIENT_ID', 'is required with OIDC_ISSUER');
  if (!clientSecret) fail('OIDC_CLIENT_SECRET', 'is required with OIDC_ISSUER');
  return {
    oidc: {
      issuer: issuerUrl,
      clientId,
      clientSecret,
      redirectUri: `${deployment.publicBaseUrl}/console/sign-in/callback`,
      postLogoutRedirectUri: `${deployment.publicBaseUrl}/console/signed-out`,
      rolesClaim: claim('OIDC_ROLES_CLAIM', 'roles'),
      ministryClaim: claim('OIDC_MINISTRY_CLAIM', 'ministry'),
      nameClaim: claim('OIDC_NAME_CLAIM', 'name'),
      scope: env.text('OIDC_SCOPE') ?? 'openid profile',
    },
    developmentSignIn: false,
    sessionIdleMinutes,
    sessionMaxHours,
  };
}
