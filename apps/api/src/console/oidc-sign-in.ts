import * as client from 'openid-client';
import type { OidcConfig } from '@app/config';
import { HUMAN_ROLES, type HumanRole } from '@app/domain';
import type { ConsoleUser, PendingSignIn } from './sessions';

/** The provider refused the sign-in, or what it sent back does not check out (state, nonce, audience, PKCE, a replayed code). */
export class SignInRefused extends Error {}

/**
 * OpenID Connect authorization code flow with PKCE (openid-client), as a confidential client. The
 * provider is discovered on first use, and again after a failure, so the console starts while the
 * provider is away and signs people in once it is back.
 */
export class OidcSignIn {
  private configuration?: Promise<client.Configuration>;

  constructor(private readonly config: OidcConfig) {}

  private discovered(): Promise<client.Configuration> {
    this.configuration ??= client
      .discovery(this.config.issuer, this.config.clientId, this.config.clientSecret, client.ClientSecretBasic(this.config.clientSecret), {
        // HTTP Basic: the method every provider must support (RFC 6749 §2.3.1), and the registered default.
        // http is refused in production by the configuration; elsewhere a loopback provider is fine.
        execute: this.config.issuer.protocol === 'http:' ? [client.allowInsecureRequests] : [],
      })
      .catch((error: unknown) => {
        this.configuration = undefined;
        throw error;
      });
    return this.configuration;
  }

  /** Where to send the browser, and what its return must match. */
  async start(next: string): Promise<{ url: string; pending: PendingSignIn }> {
    const configuration = await this.discovered();
    const pending = { state: client.randomState(), nonce: client.randomNonce(), codeVerifier: client.randomPKCECodeVerifier(), next };
    const url = client.buildAuthorizationUrl(configuration, {
      redirect_uri: this.config.redirectUri,
      scope: this.config.scope,
      response_type: 'code',
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(pending.codeVerifier),
      code_challenge_method: 'S256',
    });
    return { url: url.href, pending };
  }

  /** The browser came back with `search` (the callback's query): the code is exchanged and the ID token checked. */
  async finish(search: string, pending: PendingSignIn): Promise<{ user: ConsoleUser; idToken: string }> {
    const configuration = await this.discovered();
    const callback = new URL(this.config.redirectUri);
    callback.search = search;
    let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
    try {
      tokens = await client.authorizationCodeGrant(configuration, callback, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
    } catch (error) {
      throw new SignInRefused(error instanceof Error ? error.message : String(error));
    }
    const claims = tokens.claims();
    if (!claims || !tokens.id_token) throw new SignInRefused('The provider sent no ID token');
    // A provider that follows OpenID Connect strictly puts profile claims in userinfo only; it is
    // asked when the ID token has no roles (openid-client checks that userinfo's subject is the token's).
    let all: Record<string, unknown> = claims;
    if (claims[this.config.rolesClaim] === undefined && configuration.serverMetadata().userinfo_endpoint) {
      try {
        all = { ...(await client.fetchUserInfo(configuration, tokens.access_token, claims.sub)), ...claims };
      } catch (error) {
        throw new SignInRefused(`The provider's userinfo could not be read: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return { user: this.userFrom(all), idToken: tokens.id_token };
  }

  /** The provider's end-session address (RP-initiated logout), when it has one. */
  async endSessionUrl(idToken: string | undefined): Promise<string | undefined> {
    const configuration = await this.discovered().catch(() => undefined);
    if (!configuration?.serverMetadata().end_session_endpoint) return undefined;
    return client.buildEndSessionUrl(configuration, {
      post_logout_redirect_uri: this.config.postLogoutRedirectUri,
      ...(idToken ? { id_token_hint: idToken } : {}),
    }).href;
  }

  userFrom(claims: Record<string, unknown>): ConsoleUser {
    const raw = claims[this.config.rolesClaim];
    const listed = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(/\s+/) : [];
    const roles = listed.filter((role): role is HumanRole => (HUMAN_ROLES as readonly unknown[]).includes(role));
    if (roles.length === 0) throw new SignInRefused(`Your account has no role in this service (claim "${this.config.rolesClaim}")`);
    const ministry = claims[this.config.ministryClaim];
    const name = claims[this.config.nameClaim];
    const id = String(claims.sub);
    return {
      id,
      name: typeof name === 'string' && name.trim() ? name.trim().slice(0, 200) : id,
      roles: [...new Set(roles)],
      ...(typeof ministry === 'string' && ministry.trim() ? { ministry: ministry.trim() } : {}),
      via: 'oidc',
    };
  }
}
