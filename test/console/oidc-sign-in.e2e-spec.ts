import { createHash, randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { startApi } from '../api/support/api-test-app';
import { freePort } from '../support/free-port';
import { startOidcProvider, type TestAccount, type TestProvider } from './support/oidc-provider';
import { hidden, Visitor, type Answer } from './support/visitor';

/**
 * Signing in to the console through a real OpenID provider (oidc-provider on loopback, the real
 * openid-client in the console, nothing mocked), driven over HTTP by cookie jars standing in for
 * browsers (support/visitor.ts: cookies per origin, redirects followed by hand). It proves: the code flow signs a person in with a new session id (no fixation); roles
 * come from the configured claim and a person without a role of ours is refused; an ID token the
 * provider signed but for another audience (or nonce, issuer, or past its expiry) is refused; a
 * callback works once, another sign-in's state is refused before its code is spent, and a used
 * code in a fresh sign-in is refused by the provider; signing out needs the CSRF token and ends the
 * session here and at the provider; and with a provider configured there is no development sign-in.
 */

const SESSION = '__Host-console-session';

/** Where a 3xx sends the browser. */
function location(answer: Answer): URL {
  expect([302, 303]).toContain(answer.status);
  return new URL(answer.location!);
}

interface Setup {
  base: string;
  provider: TestProvider;
  redis: Redis;
  prefix: string;
  close(): Promise<void>;
}

/** A provider and a console that trust each other, each on its own free loopback port. */
async function startConsoleWithProvider(accounts: TestAccount[], env: Record<string, string> = {}, providerOptions: { conformIdTokenClaims?: boolean } = {}): Promise<Setup> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const prefix = `test-${randomUUID().slice(0, 8)}:`;
  const provider = await startOidcProvider(base, accounts, providerOptions);
  const api = await startApi({ PORT: String(port), PUBLIC_BASE_URL: base, REDIS_KEY_PREFIX: prefix, ...provider.consoleEnv, ...env });
  await api.app.listen(port, '127.0.0.1');
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  return {
    base,
    provider,
    redis,
    prefix,
    async close() {
      redis.disconnect();
      await api.close();
      await provider.close();
    },
  };
}

const sessionKey = (setup: Setup, id: string) => `${setup.prefix}console:session:${createHash('sha256').update(id).digest('base64url')}`;

async function storedSession(setup: Setup, id: string | undefined): Promise<{ csrf: string; user?: { id: string }; idToken?: string } | null> {
  const text = id ? await setup.redis.get(sessionKey(setup, id)) : null;
  return text ? JSON.parse(text) : null;
}

/** The console sends the browser to the provider's authorization endpoint. */
async function startSignIn(setup: Setup, browser: Visitor, next = '/console'): Promise<URL> {
  const start = await browser.get(`/console/sign-in/start?next=${encodeURIComponent(next)}`);
  const authorize = location(start);
  expect(authorize.origin + authorize.pathname).toBe(`${setup.provider.issuer}/auth`);
  return authorize;
}

/** At the provider: its login page, `sub` chosen, and back towards the console with a code. */
async function atProvider(browser: Visitor, authorize: URL, sub: string): Promise<URL> {
  const interaction = location(await browser.get(authorize));
  expect((await browser.get(interaction)).status).toBe(200);
  const resume = location(await browser.post(interaction, { account: sub }));
  return location(await browser.get(resume));
}

/** The whole round trip: the console's answer to the provider's callback. */
async function signIn(setup: Setup, browser: Visitor, sub: string, next = '/console'): Promise<Answer> {
  return browser.get(await atProvider(browser, await startSignIn(setup, browser, next), sub));
}

/** What /console answers this browser: 200 with the page when signed in, else 303 to sign in. */
async function consoleHome(browser: Visitor): Promise<{ status: number; text: string; location: string | null }> {
  const response = await browser.get('/console');
  return { status: response.status, text: response.body, location: response.headers.get('location') };
}

/** Signs `sub` in and expects /console to greet them with `greeting` ("Signed in as …"). */
async function expectSignedIn(setup: Setup, sub: string, greeting: string): Promise<void> {
  const browser = new Visitor(setup.base);
  expect((await signIn(setup, browser, sub)).status).toBe(303);
  const home = await consoleHome(browser);
  expect(home.status).toBe(200);
  expect(home.text).toContain(greeting);
}

/** Signs `sub` in and expects it refused: a 403, after which /console still sends the browser to sign in. */
async function expectRefused(setup: Setup, sub: string): Promise<{ page: Answer; browser: Visitor }> {
  const browser = new Visitor(setup.base);
  const page = await signIn(setup, browser, sub);
  expect(page.status).toBe(403);
  expect(await consoleHome(browser)).toMatchObject({ status: 303 });
  return { page, browser };
}

/** A provider and a console for the tests of the enclosing block: started before them, closed after. */
function consoleWithProvider(...args: Parameters<typeof startConsoleWithProvider>): () => Setup {
  let setup: Setup | undefined;
  beforeAll(async () => {
    setup = await startConsoleWithProvider(...args);
  });
  afterAll(async () => {
    await setup?.close();
  });
  return () => setup!;
}

const REVIEWER: TestAccount = { sub: 'rita', claims: { name: 'Rita Reviewer', roles: ['reviewer', 'auditor'], ministry: 'ministry-of-foreign-affairs' } };
const NO_ROLE: TestAccount = { sub: 'nora', claims: { name: 'Nora Nobody', roles: ['auditor', 'admin'] } };
// For the console that reads roles from https://gov.example/roles: the usual `roles` claim is a decoy.
const CLAIMED: TestAccount = { sub: 'casey', claims: { name: 'Casey Claimed', roles: ['court'], 'https://gov.example/roles': 'official senior_official' } };
const CLAIMED_NONE: TestAccount = { sub: 'dana', claims: { name: 'Dana Decoy', roles: ['reviewer'], 'https://gov.example/roles': 'auditor' } };

describe('console sign-in through a real OpenID provider', () => {
  let setup: Setup;

  beforeAll(async () => {
    setup = await startConsoleWithProvider([REVIEWER, NO_ROLE]);
  });

  afterAll(async () => {
    await setup?.close();
  });

  afterEach(() => {
    setup.provider.tamperIdToken = undefined;
  });

  it('signs a reviewer in with a new session id; the id held before sign-in opens nothing', async () => {
    const browser = new Visitor(setup.base);
    const authorize = await startSignIn(setup, browser, '/console/reviews');
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('state')).toBeTruthy();
    expect(authorize.searchParams.get('nonce')).toBeTruthy();
    const before = browser.cookie(SESSION)!;
    expect(await storedSession(setup, before)).toMatchObject({ pending: { next: '/console/reviews' } });

    const callback = await browser.get(await atProvider(browser, authorize, REVIEWER.sub));
    expect(callback.status).toBe(303);
    expect(callback.headers.get('location')).toBe('/console/reviews');
    const after = browser.cookie(SESSION)!;
    expect(after).not.toBe(before);
    expect(await storedSession(setup, after)).toMatchObject({ user: { id: 'rita', name: 'Rita Reviewer', roles: ['reviewer'], ministry: 'ministry-of-foreign-affairs', via: 'oidc' } });

    const home = await consoleHome(browser);
    expect(home.status).toBe(200);
    expect(home.text).toContain('Signed in as Rita Reviewer (reviewer, ministry-of-foreign-affairs)');

    // Whoever planted or saw the pre-sign-in id is signed in to nothing.
    const planter = new Visitor(setup.base);
    planter.setCookie(SESSION, before);
    expect(await consoleHome(planter)).toMatchObject({ status: 303, location: '/console/sign-in?next=%2Fconsole' });
    expect(await storedSession(setup, before)).toBeNull();
  });

  it('refuses an account with no role of this service: a 403 page and no session that opens /console', async () => {
    const { page, browser } = await expectRefused(setup, NO_ROLE.sub);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.body).toContain('no role in this service');
    expect((await storedSession(setup, browser.cookie(SESSION)))?.user).toBeUndefined();
  });

  it('accepts an ID token re-signed unchanged: what the next cases refuse is their change, not the re-signing', async () => {
    setup.provider.tamperIdToken = (claims) => claims;
    expect((await signIn(setup, new Visitor(setup.base), REVIEWER.sub)).status).toBe(303);
  });

  const anHourAgo = Math.floor(Date.now() / 1000) - 3600;
  it.each([
    ['another audience', { aud: 'some-other-client' }],
    ['another nonce', { nonce: 'not-this-sign-in' }],
    ['another issuer', { iss: 'http://127.0.0.1:9' }],
    ['an expiry past', { iat: anHourAgo - 600, exp: anHourAgo }],
  ])('refuses an ID token for %s, though the provider signed it', async (_case, change) => {
    setup.provider.tamperIdToken = (claims) => ({ ...claims, ...change });
    const { page, browser } = await expectRefused(setup, REVIEWER.sub);
    expect(page.body).toContain('The sign-in was refused');
    expect((await storedSession(setup, browser.cookie(SESSION)))?.user).toBeUndefined();
  });

  it('refuses a callback fetched a second time, in the same browser or another, without asking the provider again', async () => {
    const browser = new Visitor(setup.base);
    const callbackUrl = await atProvider(browser, await startSignIn(setup, browser), REVIEWER.sub);
    expect((await browser.get(callbackUrl)).status).toBe(303);
    const signedIn = browser.cookie(SESSION);
    const exchanged = setup.provider.tokenRequests;

    expect((await browser.get(callbackUrl)).status).toBe(403);
    expect(browser.cookie(SESSION)).toBe(signedIn);
    const other = new Visitor(setup.base);
    expect((await other.get(callbackUrl)).status).toBe(403);
    expect(await consoleHome(other)).toMatchObject({ status: 303 });

    // A refused sign-in spends its callback too: the browser keeps its session, the callback is dead.
    const refused = new Visitor(setup.base);
    const refusedUrl = await atProvider(refused, await startSignIn(setup, refused), NO_ROLE.sub);
    expect((await refused.get(refusedUrl)).status).toBe(403);
    const again = await refused.get(refusedUrl);
    expect(again.status).toBe(403);
    expect(again.body).toContain('already been used');
    expect(setup.provider.tokenRequests).toBe(exchanged + 1);
  });

  it('refuses a used code presented in a fresh sign-in: the provider says invalid_grant', async () => {
    const victim = new Visitor(setup.base);
    const used = await atProvider(victim, await startSignIn(setup, victim), REVIEWER.sub);
    expect((await victim.get(used)).status).toBe(303);

    // The attacker starts a sign-in of their own (their state, nonce and verifier) and swaps the code in.
    const attacker = new Visitor(setup.base);
    const theirs = await startSignIn(setup, attacker);
    const forged = new URL(used);
    forged.searchParams.set('state', theirs.searchParams.get('state')!);
    const errorsBefore = setup.provider.grantErrors.length;
    const callback = await attacker.get(forged);
    expect(callback.status).toBe(403);
    // oidc-provider checks the verifier before the code's use, so its detail is PKCE's: either way, invalid_grant.
    expect(setup.provider.grantErrors.slice(errorsBefore)).toEqual([expect.stringMatching(/^invalid_grant /)]);
    expect(await consoleHome(attacker)).toMatchObject({ status: 303 });
    expect((await storedSession(setup, attacker.cookie(SESSION)))?.user).toBeUndefined();
  });

  it("refuses a callback carrying another sign-in's state (login CSRF) before the code reaches the provider", async () => {
    // The attacker gets a code for their own account and has the victim's browser, mid-sign-in, bring it back.
    const attacker = new Visitor(setup.base);
    const planted = await atProvider(attacker, await startSignIn(setup, attacker), REVIEWER.sub);
    const victim = new Visitor(setup.base);
    await startSignIn(setup, victim);
    const exchanged = setup.provider.tokenRequests;
    const callback = await victim.get(planted);
    expect(callback.status).toBe(403);
    expect(setup.provider.tokenRequests).toBe(exchanged);
    expect(await consoleHome(victim)).toMatchObject({ status: 303 });
  });

  it('signs out only with the CSRF token, here and at the provider', async () => {
    const browser = new Visitor(setup.base);
    expect((await signIn(setup, browser, REVIEWER.sub)).status).toBe(303);
    const home = await consoleHome(browser);
    const csrf = hidden(home.text, '_csrf');
    const id = browser.cookie(SESSION)!;
    const { idToken } = (await storedSession(setup, id))!;
    expect(idToken).toBeTruthy();

    const forged = await browser.post('/console/sign-out', {});
    expect(forged.status).toBe(403);
    expect((await consoleHome(browser)).status).toBe(200);

    const signOut = await browser.post('/console/sign-out', { _csrf: csrf });
    const endSession = location(signOut);
    const discovery = (await (await fetch(`${setup.provider.issuer}/.well-known/openid-configuration`)).json()) as { end_session_endpoint: string };
    expect(endSession.origin + endSession.pathname).toBe(discovery.end_session_endpoint);
    expect(endSession.searchParams.get('id_token_hint')).toBe(idToken);
    expect(endSession.searchParams.get('post_logout_redirect_uri')).toBe(`${setup.base}/console/signed-out`);
    expect(await setup.redis.exists(sessionKey(setup, id))).toBe(0);
    expect(browser.cookie(SESSION)).toBeUndefined();
    browser.setCookie(SESSION, id); // even a browser that kept the cookie
    expect(await consoleHome(browser)).toMatchObject({ status: 303, location: '/console/sign-in?next=%2Fconsole' });

    // The provider accepts the hint and the return address, and sends the browser back to the console.
    const confirm = await browser.get(endSession);
    expect(confirm.status).toBe(200);
    const page = confirm.body;
    const action = /action="([^"]+)"/.exec(page)![1];
    const xsrf = hidden(page, 'xsrf');
    const back = location(await browser.post(new URL(action, setup.provider.issuer), { xsrf, logout: 'yes' }));
    expect(back.href).toBe(`${setup.base}/console/signed-out`);
    expect((await browser.get(back)).status).toBe(200);
  });

  it('has no development sign-in when a provider is configured, even with a valid CSRF token', async () => {
    const browser = new Visitor(setup.base);
    const page = await browser.get('/console/sign-in');
    const html = page.body;
    expect(html).toContain('Continue to sign in');
    expect(html).not.toContain('action="/console/sign-in"');
    const { csrf } = (await storedSession(setup, browser.cookie(SESSION)))!;

    const posted = await browser.post('/console/sign-in', { _csrf: csrf, userId: 'mallory', name: 'Mallory', roles: 'senior_official' });
    expect(posted.status).toBe(404);
    expect(posted.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await consoleHome(browser)).toMatchObject({ status: 303 });
  });
});

describe('console sign-in with the roles claim configured', () => {
  const setup = consoleWithProvider([CLAIMED, CLAIMED_NONE], { OIDC_ROLES_CLAIM: 'https://gov.example/roles' });

  it('takes the roles from that claim, a space-separated text', async () => {
    await expectSignedIn(setup(), CLAIMED.sub, 'Signed in as Casey Claimed (official, senior official)');
  });

  it('refuses an account whose configured claim has no role of ours, whatever its `roles` says', async () => {
    const { page } = await expectRefused(setup(), CLAIMED_NONE.sub);
    expect(page.body).toContain('claim &quot;https://gov.example/roles&quot;');
  });
});

describe('console sign-in with a provider that releases profile claims only in userinfo', () => {
  const setup = consoleWithProvider([REVIEWER, NO_ROLE], {}, { conformIdTokenClaims: true });

  it('reads the roles, ministry and name from userinfo when the ID token has no roles', async () => {
    await expectSignedIn(setup(), REVIEWER.sub, 'Signed in as Rita Reviewer (reviewer, ministry-of-foreign-affairs)');
  });

  it('still refuses an account with no role of ours', async () => {
    await expectRefused(setup(), NO_ROLE.sub);
  });
});
