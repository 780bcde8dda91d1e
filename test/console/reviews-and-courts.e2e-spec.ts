import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Designations } from '@app/application';
import { newPrivateJwk } from '@app/audit';
import { startApiWithWorker, token } from '../api/support/api-test-app';
import { days, exampleProposal } from '../api/support/example-proposal';
import { freePort } from '../support/free-port';

/**
 * Ministries and courts in the console, over HTTP as a browser would (a cookie jar, the development
 * sign-in), against the real api and worker: a reviewer's inbox holds their own ministry's reviews
 * only; the review form refuses a review that leaves a received representation unticked (shown at
 * the checkbox, nothing recorded) and records one that considers it; a reviewer of another ministry
 * is refused in words. A court's bundle page gives the root hash the offline verifier reports for
 * the file it downloads (the bytes the API sends), never stored; the as-of page tells a designation
 * approved for a later date as proposed before it and active after. No session: sign in first.
 */
jest.setTimeout(120_000);

const run = promisify(execFile);
const verifier = join(__dirname, '../../bin/sanctions-verify.js');
const dir = mkdtempSync(join(tmpdir(), 'console-courts-'));
const ymd = (iso: string) => iso.slice(0, 10);

/** A browser, as far as these tests need one: one origin's cookies, redirects not followed. */
class Browser {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly base: string) {}

  get(path: string): Promise<Response> {
    return this.send(path, { method: 'GET' });
  }

  post(path: string, form: [string, string][]): Promise<Response> {
    return this.send(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });
  }

  /** Signs in through the development sign-in form, as `userId` with these roles (and ministry). */
  async signIn(userId: string, roles: string[], ministry = ''): Promise<this> {
    const page = await (await this.get('/console/sign-in')).text();
    const fields: [string, string][] = [['_csrf', hidden(page, '_csrf')], ['userId', userId], ['name', userId], ['ministry', ministry], ['next', '/console']];
    const response = await this.post('/console/sign-in', [...fields, ...roles.map((role): [string, string] => ['roles', role])]);
    expect(response.status).toBe(303);
    return this;
  }

  private async send(path: string, init: RequestInit): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const response = await fetch(`${this.base}${path}`, { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const pair = line.split(';')[0];
      this.cookies.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
    }
    return response;
  }
}

/** The value of a hidden field of the page. */
function hidden(html: string, name: string): string {
  const match = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  if (!match) throw new Error(`no ${name} on the page`);
  return match[1];
}

/** Text as a reader sees it: tags out, whitespace collapsed. */
const words = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/\s+/g, ' ');

async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

let base: string;
let close: () => Promise<void>;
let designations: Designations;
let bearer: Record<'official' | 'senior' | 'court', string>;
/** Reviewed by foreign-affairs, with a representation received; reviewed by justice; approved to take effect in ten days. */
let ours: string;
let theirs: string;
let later: string;

async function api(path: string, who: keyof typeof bearer, body?: object): Promise<Response> {
  const response = await fetch(`${base}${path}`, {
    method: body ? 'POST' : 'GET',
    headers: { authorization: `Bearer ${bearer[who]}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  expect(response.status).toBeLessThan(300);
  return response;
}

async function designate(name: string, reviewingMinistries: string[], approval: object = {}): Promise<string> {
  const proposal = exampleProposal();
  const { id } = await (await api('/designations', 'official', { ...proposal, target: { ...proposal.target, name }, reviewingMinistries })).json();
  await api(`/designations/${id}/approve`, 'senior', approval);
  return id;
}

beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const started = await startApiWithWorker({ PORT: String(port), PUBLIC_BASE_URL: base, AUDIT_SIGNING_KEYS: JSON.stringify([newPrivateJwk('console-court-key')]), CHECKPOINT_EVERY_MS: '200' });
  await started.app.listen(port, '127.0.0.1');
  close = started.close;
  designations = started.app.get(Designations);
  bearer = { official: await token('official-1', ['official']), senior: await token('senior-1', ['senior_official']), court: await token('court-1', ['court']) };
  ours = await designate('Foreign Affairs Review Group', ['foreign-affairs']);
  theirs = await designate('Justice Review Group', ['justice']);
  later = await designate('Later Effect Group', ['foreign-affairs'], { effectiveAt: days(10) });
  await api(`/designations/${ours}/representations`, 'official', { representationId: 'rep-1', receivedAt: new Date(Date.now() - 1000).toISOString(), submittedBy: 'Counsel for the group', summary: 'The infrastructure was sold in 2025.' });
});

afterAll(async () => {
  await close?.();
  rmSync(dir, { recursive: true, force: true });
});

describe('a ministry', () => {
  it("lists its own ministry's due reviews in its inbox, not another ministry's", async () => {
    const reviewer = await new Browser(base).signIn('reviewer-fa', ['reviewer'], 'foreign-affairs');
    const html = await eventually(async () => {
      const text = await (await reviewer.get('/console/reviews')).text();
      return text.includes('Later Effect Group') && text.includes('Foreign Affairs Review Group') ? text : undefined;
    }, 'the inbox to show the reviews');
    expect(html).toContain(`href="/console/designations/${ours}/reviews"`);
    expect(html).not.toContain('Justice Review Group');
    expect(html).not.toContain(theirs);
    // Six months out, in words and relative.
    expect(words(html)).toMatch(/\d{1,2} \w{3} \d{4} \(in 1\d\d days\)/);
    expect(words(html)).toContain('Reminders received');
  });

  it('refuses a review that leaves a received representation unticked, at the checkbox, and records nothing', async () => {
    const reviewer = await new Browser(base).signIn('reviewer-fa', ['reviewer'], 'foreign-affairs');
    const form = await (await reviewer.get(`/console/designations/${ours}/reviews`)).text();
    expect(words(form)).toContain('Representations considered');
    expect(words(form)).toContain('rep-1, received');
    expect(words(form)).toContain('From Counsel for the group: The infrastructure was sold in 2025.');
    expect(form).toMatch(/id="representationsConsidered" name="representationsConsidered" type="checkbox" value="rep-1"/);
    const before = (await designations.events(ours)).length;
    const refused = await reviewer.post(`/console/designations/${ours}/reviews`, reviewFields(form));
    expect(refused.status).toBe(409);
    const page = await refused.text();
    expect(page).toMatch(/govuk-error-summary[\s\S]*href="#representationsConsidered"[^>]*>\s*Every representation received since the last review must be considered\. Tick each one you have considered\./);
    expect(page).toMatch(/govuk-error-message[\s\S]*Tick each one you have considered/);
    expect((await designations.events(ours)).length).toBe(before);

    const recorded = await reviewer.post(`/console/designations/${ours}/reviews`, [...reviewFields(form), ['representationsConsidered', 'rep-1']]);
    expect(recorded.status).toBe(303);
    const last = (await designations.events(ours)).at(-1)!;
    expect(last.type).toBe('ReviewCompleted');
    expect(last.data).toMatchObject({ outcome: 'maintain', representationsConsidered: ['rep-1'], ministry: 'foreign-affairs' });
  });

  it('refuses a reviewer of another ministry, in words', async () => {
    const reviewer = await new Browser(base).signIn('reviewer-justice', ['reviewer'], 'justice');
    const form = await (await reviewer.get(`/console/designations/${later}/reviews`)).text();
    expect(words(form)).toContain('Your ministry (justice) is not one of the reviewing ministries of this designation (foreign-affairs)');
    const before = (await designations.events(later)).length;
    const refused = await reviewer.post(`/console/designations/${later}/reviews`, reviewFields(form));
    expect(refused.status).toBe(409);
    expect(words(await refused.text())).toContain('Your ministry is not one of the reviewing ministries of this designation. Only a reviewing ministry can complete its review.');
    expect((await designations.events(later)).length).toBe(before);
  });
});

/** The review form filled in: maintained, with findings and a next review in three months (no representation ticked). */
function reviewFields(form: string): [string, string][] {
  const next = new Date(days(90));
  return [
    ['_csrf', hidden(form, '_csrf')],
    ['revision', hidden(form, 'revision')],
    ['key', hidden(form, 'key')],
    ['outcome', 'maintain'],
    ['findings', 'The grounds still hold.'],
    ['nextReviewDueAt-day', String(next.getUTCDate())],
    ['nextReviewDueAt-month', String(next.getUTCMonth() + 1)],
    ['nextReviewDueAt-year', String(next.getUTCFullYear())],
  ];
}

describe('a court', () => {
  it("shows the designation page's court actions", async () => {
    const court = await new Browser(base).signIn('court-1', ['court']);
    const text = words(await (await court.get(`/console/designations/${ours}`)).text());
    for (const action of ['Record a court order', 'Audit trail', 'As in force on a date']) expect(text).toContain(action);
  });

  it('asks a court why it reads the bundle, then gives the root hash the verifier reports for the download, the bytes the API sends, not to be stored', async () => {
    const court = await new Browser(base).signIn('court-1', ['court']);
    expect(words(await (await court.get(`/console/designations/${ours}/bundle`)).text())).toContain('Which case or proceeding are you reading it for?');
    const { response, html } = await eventually(async () => {
      const answer = await court.get(`/console/designations/${ours}/bundle?purpose=${encodeURIComponent('Case T-1/26')}`);
      const text = await answer.text();
      return answer.status === 200 && !text.includes('not yet covered') ? { response: answer, html: text } : undefined;
    }, 'a checkpoint covering every event');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const printed = /id="root-hash">\s*([0-9a-f]{64})\s*</.exec(html)![1];
    expect(words(html)).toContain('npx sanctions-verify bundle.json --jwks jwks.json');

    const download = await court.get(/href="([^"]+\/download)"/.exec(html)![1]);
    expect(download.headers.get('content-disposition')).toMatch(/^attachment; filename="designation-[\w.-]+\.json"$/);
    expect(download.headers.get('cache-control')).toBe('no-store');
    const bytes = await download.text();
    const file = join(dir, 'bundle.json');
    const jwks = join(dir, 'jwks.json');
    writeFileSync(file, bytes);
    writeFileSync(jwks, await (await fetch(`${base}/.well-known/jwks.json`)).text());
    const { stdout } = await run(process.execPath, [verifier, file, '--jwks', jwks]);
    expect(stdout).toContain(`root hash ${printed}`);

    // The API's bundle is serialised alike; a later reading is a later bundle (the reading is logged), with the same events.
    const fromApi = await (await api(`/designations/${ours}/audit-trail?purpose=Case+T-1%2F26`, 'court')).text();
    const [saved, served] = [JSON.parse(bytes), JSON.parse(fromApi)];
    expect(bytes).toBe(JSON.stringify(saved));
    expect(fromApi).toBe(JSON.stringify(served));
    expect(JSON.stringify(saved.events)).toBe(JSON.stringify(served.events));
    expect([saved.format, saved.stream]).toEqual([served.format, served.stream]);

    // The document for judges is the same bundle (it carries it, byte for byte), under a policy allowing its own styles only.
    const document = await court.get(/id="document" href="([^"]+)"|href="([^"]+)"[^>]*id="document"/.exec(html)!.slice(1).find(Boolean)!);
    expect(document.headers.get('content-security-policy')).toMatch(/style-src 'sha256-[A-Za-z0-9+/]+=*';/);
    expect(document.headers.get('content-security-policy')).not.toContain('unsafe-inline');
    const carried = /href="data:application\/json;base64,([^"]+)"/.exec(await document.text())![1];
    expect(Buffer.from(carried, 'base64').toString('utf8')).toBe(bytes);

  });

  it('shows the designation as in force on a date before its approval took effect, and after', async () => {
    const official = await new Browser(base).signIn('official-2', ['official']);
    const before = words(await (await official.get(`/console/designations/${later}/as-of?date=${ymd(days(1))}`)).text());
    expect(before).toMatch(/As in force on .* as recorded now proposed Not in force/);
    expect(before).toContain('Already recorded but taking effect after');
    expect(before).toContain('Designation approved and issued, taking effect');
    const after = words(await (await official.get(`/console/designations/${later}/as-of?date=${ymd(days(12))}&known=${ymd(days(-1))}`)).text());
    expect(after).toMatch(/as recorded now active In force: its measures bound the target/);
    expect(after).toMatch(/as the record stood on .* Nothing about this designation had been recorded yet\./);
    const early = words(await (await official.get(`/console/designations/${later}/as-of?date=${ymd(days(-1))}`)).text());
    expect(early).toMatch(/There was no designation on .*: it was proposed on .*, after that date\./);
  });
});

describe('who may see these pages', () => {
  it('sends a visitor without a session to sign in', async () => {
    const visitor = new Browser(base);
    for (const path of ['/console/reviews', `/console/designations/${ours}/reviews`, `/console/designations/${ours}/bundle`, `/console/designations/${ours}/bundle/x/download`, `/console/designations/${ours}/as-of`]) {
      const response = await visitor.get(path);
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe(`/console/sign-in?next=${encodeURIComponent(path)}`);
    }
  });

  it('refuses an official the bundle', async () => {
    const official = await new Browser(base).signIn('official-2', ['official']);
    expect((await official.get(`/console/designations/${ours}/bundle`)).status).toBe(403);
    expect((await official.get(`/console/designations/${ours}/bundle/x/download`)).status).toBe(403);
  });
});
