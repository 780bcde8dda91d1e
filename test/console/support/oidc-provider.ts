import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { decodeJwt, decodeProtectedHeader, importJWK, SignJWT, type JWK, type JWTPayload } from 'jose';
// @ts-expect-error oidc-provider ships no type declarations (and @types/oidc-provider is not installed); the little used here is typed below.
import { Provider as UntypedProvider } from 'oidc-provider';
import { freePort } from '../../support/free-port';

/**
 * A real OpenID provider (oidc-provider) on a loopback port, for the console to sign in against:
 * one confidential client registered with the provider's defaults (client_secret_basic, RS256 ID
 * tokens, PKCE required), a static RS256 key made here, accounts with roles, ministry and name, and
 * its own login page: GET /interaction/<uid> shows it, POST /interaction/<uid> with `account=<sub>`
 * signs that account in and grants the requested scopes (as a person pressing "Allow" would).
 */

export interface TestAccount {
  sub: string;
  claims: Record<string, unknown>;
}

export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** What the console needs to use this provider (OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET). */
  consoleEnv: Record<string, string>;
  /**
   * When set, every ID token the token endpoint answers is re-signed with the provider's own key
   * after this change to its claims: a token the provider really signed, saying something else.
   */
  tamperIdToken?: (claims: JWTPayload) => JWTPayload;
  /** How many requests the token endpoint has had, and its refusals as `error (detail)`, oldest first. */
  tokenRequests: number;
  readonly grantErrors: string[];
  close(): Promise<void>;
}

/** The claims the `profile` scope releases: the standard name, and the console's roles and ministry under the names tests use. */
export const PROFILE_CLAIMS = ['name', 'ministry', 'roles', 'https://gov.example/roles'];

interface Interaction {
  uid: string;
  params: { client_id: string; scope: string };
}

interface ProviderInstance {
  Grant: new (init: { accountId: string; clientId: string }) => { addOIDCScope(scope: string): void; save(): Promise<string> };
  callback(): (req: IncomingMessage, res: ServerResponse) => void;
  use(middleware: (ctx: KoaContext, next: () => Promise<void>) => Promise<void>): void;
  on(event: 'grant.error', listener: (ctx: unknown, error: { error: string; error_detail?: string; error_description?: string }) => void): void;
  interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<Interaction>;
  interactionFinished(req: IncomingMessage, res: ServerResponse, result: unknown, options?: { mergeWithLastSubmission?: boolean }): Promise<void>;
}

interface KoaContext {
  path: string;
  status: number;
  body: unknown;
}

const Provider = UntypedProvider as new (issuer: string, configuration: Record<string, unknown>) => ProviderInstance;

/** Starts the provider for a console served at `consoleBaseUrl` (its PUBLIC_BASE_URL). */
export async function startOidcProvider(consoleBaseUrl: string, accounts: TestAccount[], options: { conformIdTokenClaims?: boolean } = {}): Promise<TestProvider> {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const clientId = `console-${randomUUID().slice(0, 8)}`;
  const clientSecret = randomBytes(32).toString('base64url');
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const signingKey: JWK = { ...privateKey.export({ format: 'jwk' }), kid: 'test-signing-key', alg: 'RS256', use: 'sig' };
  const known = new Map(accounts.map((account) => [account.sub, account]));

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [`${consoleBaseUrl}/console/sign-in/callback`],
        post_logout_redirect_uris: [`${consoleBaseUrl}/console/signed-out`],
        response_types: ['code'],
        grant_types: ['authorization_code'],
      },
    ],
    jwks: { keys: [signingKey] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    claims: { openid: ['sub'], profile: PROFILE_CLAIMS },
    // By default profile claims go in the ID token, as providers configured for the console release
    // them; `conformIdTokenClaims` puts them in userinfo only, as OpenID Connect strictly says.
    conformIdTokenClaims: options.conformIdTokenClaims ?? false,
    pkce: { required: () => true },
    ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Session: 600, Grant: 600 },
    findAccount: async (_ctx: unknown, sub: string) => {
      const account = known.get(sub);
      return account && { accountId: sub, claims: async () => ({ sub, ...account.claims }) };
    },
    interactions: { url: (_ctx: unknown, interaction: Interaction) => `/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx: KoaContext, form: string) => {
          ctx.body = `<!DOCTYPE html><title>Sign out</title>${form}<button form="op.logoutForm" name="logout" value="yes">Sign out</button>`;
        },
        postLogoutSuccessSource: async (ctx: KoaContext) => {
          ctx.body = '<!DOCTYPE html><title>Signed out</title><p>You have signed out.</p>';
        },
      },
    },
  });

  const grantErrors: string[] = [];
  provider.on('grant.error', (_ctx, error) => grantErrors.push(`${error.error} (${error.error_detail ?? error.error_description})`));

  const handle: TestProvider = {
    issuer,
    clientId,
    clientSecret,
    consoleEnv: { OIDC_ISSUER: issuer, OIDC_CLIENT_ID: clientId, OIDC_CLIENT_SECRET: clientSecret },
    tokenRequests: 0,
    grantErrors,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  // After the token endpoint answered: the ID token re-signed with the provider's key, changed as asked.
  const key = await importJWK(signingKey, 'RS256');
  provider.use(async (ctx, next) => {
    if (ctx.path === '/token') handle.tokenRequests += 1;
    await next();
    const body = ctx.body as { id_token?: string } | undefined;
    if (ctx.path !== '/token' || ctx.status !== 200 || !handle.tamperIdToken || !body?.id_token) return;
    const { kid, alg } = decodeProtectedHeader(body.id_token);
    const claims = handle.tamperIdToken(decodeJwt(body.id_token));
    ctx.body = { ...body, id_token: await new SignJWT(claims).setProtectedHeader({ alg: alg ?? 'RS256', kid }).sign(key) };
  });

  const oidc = provider.callback();
  const server = createServer((req, res) => {
    if (/^\/interaction\/[^/?]+$/.test(req.url ?? '')) {
      login(provider, known, req, res).catch((error: unknown) => {
        res.writeHead(400, { 'content-type': 'text/plain' }).end(`interaction failed: ${(error as Error).message}`);
      });
      return;
    }
    oidc(req, res);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  return handle;
}

/** The provider's login page and its form: the interaction cookie the provider set must come with both. */
async function login(provider: ProviderInstance, known: Map<string, TestAccount>, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const interaction = await provider.interactionDetails(req, res);
  if (req.method === 'GET') {
    const options = [...known.keys()].map((sub) => `<option>${sub}</option>`).join('');
    res.writeHead(200, { 'content-type': 'text/html' }).end(`<!DOCTYPE html><title>Sign in</title><form method="post"><select name="account">${options}</select><button>Sign in</button></form>`);
    return;
  }
  let text = '';
  for await (const chunk of req) text += chunk;
  const accountId = new URLSearchParams(text).get('account') ?? '';
  if (!known.has(accountId)) throw new Error(`no account ${accountId}`);
  const grant = new provider.Grant({ accountId, clientId: interaction.params.client_id });
  grant.addOIDCScope(interaction.params.scope);
  const grantId = await grant.save();
  await provider.interactionFinished(req, res, { login: { accountId }, consent: { grantId } }, { mergeWithLastSubmission: false });
}
