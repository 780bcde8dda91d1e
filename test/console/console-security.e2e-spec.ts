import { token } from '../api/support/api-test-app';
import { exampleProposal } from '../api/support/example-proposal';
import { seedDesignation, startConsole, type ConsoleApp } from './support/browser';
import { Visitor, type Answer } from './support/visitor';

/**
 * The console's defences, over plain HTTP against the real app on a loopback port:
 * - a form post without this session's CSRF token (none, a wrong one, another session's) is a 403
 *   page and changes nothing: the visitor is still signed out, or still signed in;
 * - every page path (pages, error pages, the stylesheet) carries helmet's headers with a strict CSP;
 *   signed-in pages and the sign-in page are never stored;
 * - signing in issues a new session id, and the old id opens nothing (no session fixation);
 * - the JSON API still refuses a form body (415 problem+json) while page paths take forms;
 * - a return address after sign-in is always one of our pages, never another site;
 * - no page has an inline script, a style attribute or an event-handler attribute (the CSP would
 *   block them, so a page that had one would be broken as well as unsafe).
 */
jest.setTimeout(60_000);

const SESSION_COOKIE = '__Host-console-session';

/** Who the console thinks this visitor is: the name it shows, or 'signed out' when /console sends them to sign in. */
async function who(visitor: Visitor): Promise<string> {
  const home = await visitor.get('/console');
  if (home.status === 303 && home.headers.get('location')?.startsWith('/console/sign-in')) return 'signed out';
  expect(home.status).toBe(200);
  return /Signed in as ([^ ]+) \(/.exec(home.body)?.[1] ?? 'unknown';
}

/** Where an answer sends the browser, as the console says it (a 303 to a path of ours). */
const sentTo = (answer: Answer) => ({ status: answer.status, location: answer.headers.get('location') });

let consoleApp: ConsoleApp;
let baseUrl: string;
let entryId: string;
const visitor = () => new Visitor(baseUrl);

beforeAll(async () => {
  consoleApp = await startConsole();
  baseUrl = consoleApp.baseUrl;
  entryId = (await seedDesignation(baseUrl, { target: { kind: 'entity', name: 'Fancy Bear', aliases: ['APT 28'], country: 'RU', identifiers: [] } })).id;
});
afterAll(() => consoleApp?.close());

function expectRefusalPage(answer: Answer): void {
  expect(answer.status).toBe(403);
  expect(answer.headers.get('content-type')).toMatch(/^text\/html/);
  expect(answer.body).toContain('Your form could not be sent');
  // The refusal neither starts nor ends a session.
  expect(answer.headers.getSetCookie()).toEqual([]);
}

describe('CSRF: a form post without this session’s token is refused and changes nothing', () => {
  const userFields: [string, string][] = [['userId', 'mallory'], ['name', 'Mallory'], ['roles', 'senior_official']];

  it('refuses a sign-in without a token, with a wrong one, with another session’s, and without a session', async () => {
    const alice = visitor();
    const aliceToken = await alice.csrf('/console/sign-in');
    const other = visitor();
    const othersToken = await other.csrf('/console/sign-in');
    const cookieBefore = alice.cookie(SESSION_COOKIE);

    expectRefusalPage(await alice.post('/console/sign-in', userFields));
    expectRefusalPage(await alice.post('/console/sign-in', [['_csrf', 'x'.repeat(aliceToken.length)], ...userFields]));
    expectRefusalPage(await alice.post('/console/sign-in', [['_csrf', othersToken], ...userFields]));
    expectRefusalPage(await visitor().post('/console/sign-in', [['_csrf', aliceToken], ...userFields]));

    expect(alice.cookie(SESSION_COOKIE)).toBe(cookieBefore);
    expect(await who(alice)).toBe('signed out');
    // Her own session is intact: its token still signs her in.
    const signedIn = await alice.post('/console/sign-in', [['_csrf', aliceToken], ...userFields]);
    expect(signedIn.status).toBe(303);
    expect(await who(alice)).toBe('Mallory');
  });

  it('refuses a sign-out without a token, with a wrong one and with another session’s; the user stays signed in', async () => {
    const bob = visitor();
    await bob.signIn('bob', ['official']);
    const bobsToken = await bob.csrf('/console');
    const carol = visitor();
    await carol.signIn('carol', ['court']);
    const carolsToken = await carol.csrf('/console');
    const cookieBefore = bob.cookie(SESSION_COOKIE);

    expectRefusalPage(await bob.post('/console/sign-out', []));
    expectRefusalPage(await bob.post('/console/sign-out', [['_csrf', `${bobsToken.slice(0, -1)}${bobsToken.endsWith('A') ? 'B' : 'A'}`]]));
    expectRefusalPage(await bob.post('/console/sign-out', [['_csrf', carolsToken]]));

    expect(bob.cookie(SESSION_COOKIE)).toBe(cookieBefore);
    expect(await who(bob)).toBe('bob');
    expect(await who(carol)).toBe('carol');
    // With his own token he signs out.
    const out = await bob.post('/console/sign-out', [['_csrf', bobsToken]]);
    expect(sentTo(out)).toEqual({ status: 303, location: '/console/signed-out' });
    expect(await who(bob)).toBe('signed out');
  });
});

describe('security headers on every page path', () => {
  /** Each page path, fetched the way a browser would reach it. */
  const PAGES: { name: string; fetch: () => Promise<Answer>; status: number }[] = [
    { name: 'the sign-in page', status: 200, fetch: () => visitor().get('/console/sign-in') },
    { name: 'the sign-in page with errors', status: 400, fetch: async () => { const v = visitor(); return v.post('/console/sign-in', [['_csrf', await v.csrf('/console/sign-in')]]); } },
    { name: 'an unknown page (404)', status: 404, fetch: () => visitor().get('/console/no-such-page') },
    { name: 'a refused form (403)', status: 403, fetch: () => visitor().post('/console/sign-out', []) },
    { name: 'the register', status: 200, fetch: () => visitor().get('/register') },
    { name: 'a register entry', status: 200, fetch: () => visitor().get(`/register/${entryId}`) },
    { name: 'the console home, signed in', status: 200, fetch: async () => { const v = visitor(); await v.signIn('dave', ['official']); return v.get('/console'); } },
    { name: 'the signed-out page', status: 200, fetch: () => visitor().get('/console/signed-out') },
    { name: 'the stylesheet', status: 200, fetch: () => visitor().get('/console/assets/console.css') },
  ];

  const directives = (csp: string) => new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...values]) => [name, values]));

  it.each(PAGES.map((page) => [page.name, page] as const))('%s', async (_name, page) => {
    const answer = await page.fetch();
    expect(answer.status).toBe(page.status);
    const csp = answer.headers.get('content-security-policy') ?? '';
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|unsafe-hashes|\*/);
    const policy = directives(csp);
    expect(policy.get('default-src')).toEqual(["'self'"]);
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('style-src')).toEqual(["'self'"]);
    expect(policy.get('form-action')).toEqual(["'self'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.headers.get('referrer-policy')).toMatch(/^(no-referrer|same-origin|strict-origin|strict-origin-when-cross-origin)$/);
    const hsts = /^max-age=(\d+); includeSubDomains/.exec(answer.headers.get('strict-transport-security') ?? '');
    expect(Number(hsts?.[1])).toBeGreaterThanOrEqual(180 * 24 * 3600);
  });

  it('the JSON API is not a page: it keeps its own headers (no page CSP)', async () => {
    const answer = await visitor().get('/public/register');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-security-policy')).toBeNull();
  });
});

describe('caching', () => {
  it('signed-in pages and the sign-in page are never stored; the public register may be', async () => {
    const erin = visitor();
    expect((await erin.get('/console/sign-in')).headers.get('cache-control')).toBe('no-store');
    await erin.signIn('erin', ['senior_official']);
    for (const path of ['/console', '/console/no-such-page', '/console/sign-in']) {
      expect({ path, cacheControl: (await erin.get(path)).headers.get('cache-control') }).toEqual({ path, cacheControl: 'no-store' });
    }
    expect((await visitor().get('/register')).headers.get('cache-control')).toBe('public, max-age=10');
    expect((await visitor().get(`/register/${entryId}`)).headers.get('cache-control')).toBe('public, max-age=10');
  });

  it('a signed-in user’s view of the register (their name and CSRF token in its header) is not stored either', async () => {
    const frank = visitor();
    await frank.signIn('frank', ['official']);
    for (const path of ['/register', `/register/${entryId}`]) {
      const page = await frank.get(path);
      expect(page.body).toContain('name="_csrf"');
      expect({ path, cacheControl: page.headers.get('cache-control') }).toEqual({ path, cacheControl: 'no-store' });
    }
  });
});

describe('session fixation', () => {
  it('signing in issues a new session id; the id from before opens nothing', async () => {
    const grace = visitor();
    await grace.get('/console/sign-in');
    const planted = grace.cookie(SESSION_COOKIE);
    expect(planted).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const signedIn = await grace.signIn('grace', ['official']);
    expect(signedIn.status).toBe(303);
    expect(grace.cookie(SESSION_COOKIE)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(grace.cookie(SESSION_COOKIE)).not.toBe(planted);
    expect(await who(grace)).toBe('grace');

    const planter = visitor();
    planter.setCookie(SESSION_COOKIE, planted!);
    expect(await who(planter)).toBe('signed out');
  });
});

describe('form bodies', () => {
  it('the JSON API refuses a form body with 415 problem+json, even with a valid token', async () => {
    const bearer = await token('official-1', ['official']);
    const answer = await visitor().post('/designations', { proposal: JSON.stringify(exampleProposal()) }, { authorization: `Bearer ${bearer}` });
    expect(answer.status).toBe(415);
    expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(answer.body)).toMatchObject({ status: 415 });
  });

  it('page paths take form bodies', async () => {
    const answer = await visitor().signIn('heidi', ['court']);
    expect(sentTo(answer)).toEqual({ status: 303, location: '/console' });
  });
});

describe('the return address after sign-in', () => {
  const ELSEWHERE = ['https://evil.example/', '//evil.example', '/\\evil.example', '\\\\evil.example', 'javascript:alert(1)', '/console\\@evil.example'];

  it.each(ELSEWHERE)('next=%s lands on /console', async (next) => {
    const ivan = visitor();
    const page = await ivan.get(`/console/sign-in?next=${encodeURIComponent(next)}`);
    expect(page.body).toContain('<input type="hidden" name="next" value="/console">');
    const signedIn = await ivan.signIn('ivan', ['official'], { next });
    expect(sentTo(signedIn)).toEqual({ status: 303, location: '/console' });
    // Signed in already, the sign-in page sends them on: to /console as well.
    const again = await ivan.get(`/console/sign-in?next=${encodeURIComponent(next)}`);
    expect(sentTo(again)).toEqual({ status: 303, location: '/console' });
  });

  it('a page of ours is kept', async () => {
    const signedIn = await visitor().signIn('judy', ['official'], { next: '/register?q=apt' });
    expect(signedIn.headers.get('location')).toBe('/register?q=apt');
  });
});

describe('no inline script or style in any page', () => {
  const PAGES: { name: string; html: () => Promise<string> }[] = [
    { name: 'sign-in', html: async () => (await visitor().get('/console/sign-in')).body },
    { name: 'sign-in with errors', html: async () => { const v = visitor(); return (await v.post('/console/sign-in', [['_csrf', await v.csrf('/console/sign-in')], ['roles', 'reviewer']])).body; } },
    { name: 'home, with every role', html: async () => { const v = visitor(); const signedIn = await v.signIn('kim', ['official', 'senior_official', 'reviewer', 'court'], { ministry: 'foreign-affairs' }); expect(signedIn.status).toBe(303); return (await v.get('/console')).body; } },
    { name: 'register', html: async () => (await visitor().get('/register')).body },
    { name: 'register, a search with none', html: async () => (await visitor().get('/register?q=nobody&category=cyber_espionage')).body },
    { name: 'register entry', html: async () => (await visitor().get(`/register/${entryId}`)).body },
    { name: '404', html: async () => (await visitor().get('/console/no-such-page')).body },
    { name: '403', html: async () => (await visitor().post('/console/sign-out', [])).body },
    { name: 'signed out', html: async () => (await visitor().get('/console/signed-out')).body },
  ];

  it.each(PAGES.map((page) => [page.name, page] as const))('%s', async (_name, page) => {
    const html = await page.html();
    expect(html).toMatch(/^<!DOCTYPE html>/);
    const tags = html.match(/<[a-z][^>]*>/gi) ?? [];
    expect(tags.filter((tag) => /^<script\b/i.test(tag) && !/\ssrc="/i.test(tag))).toEqual([]);
    expect(tags.filter((tag) => /\sstyle\s*=/i.test(tag))).toEqual([]);
    expect(tags.filter((tag) => /\son[a-z]+\s*=/i.test(tag))).toEqual([]);
    expect(tags.filter((tag) => /javascript:/i.test(tag))).toEqual([]);
    expect(html).not.toMatch(/<style\b/i);
  });
});
