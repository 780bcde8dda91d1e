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
import { eventually, hidden, signedIn, textOf, Visitor } from './support/visitor';

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
    const reviewer = await signedIn(base, 'reviewer-fa', ['reviewer'], { ministry: 'foreign-affairs' });
    const html = await eventually(async () => {
      const text = (await reviewer.get('/console/reviews')).body;
      return text.includes('Later Effect Group') && text.includes('Foreign Affairs Review Group') ? text : undefined;
    }, 'the inbox to show the reviews');
    expect(html).toContain(`href="/console/designations/${ours}/reviews"`);
    expect(html).not.toContain('Justice Review Group');
    expect(html).not.toContain(theirs);
    // Six months out, in words and relative.
    expect(textOf(html)).toMatch(/\d{1,2} \w{3} \d{4} \(in 1\d\d days\)/);
    expect(textOf(html)).toContain('Reminders received');
  });

  it('refuses a review that leaves a received representation unticked, at the checkbox, and records nothing', async () => {
    const reviewer = await signedIn(base, 'reviewer-fa', ['reviewer'], { ministry: 'foreign-affairs' });
    const form = (await reviewer.get(`/console/designations/${ours}/reviews`)).body;
    expect(textOf(form)).toContain('Representations considered');
    expect(textOf(form)).toContain('rep-1, received');
    expect(textOf(form)).toContain('From Counsel for the group: The infrastructure was sold in 2025.');
    expect(form).toMatch(/id="representationsConsidered" name="representationsConsidered" type="checkbox" value="rep-1"/);
    const before = (await designations.events(ours)).length;
    const refused = await reviewer.post(`/console/designations/${ours}/reviews`, reviewFields(form));
    expect(refused.status).toBe(409);
    const page = refused.body;
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
    const reviewer = await signedIn(base, 'reviewer-justice', ['reviewer'], { ministry: 'justice' });
    const form = (await reviewer.get(`/console/designations/${later}/reviews`)).body;
    expect(textOf(form)).toContain('Your ministry (justice) is not one of the reviewing ministries of this designation (foreign-affairs)');
    const before = (await designations.events(later)).length;
    const refused = await reviewer.post(`/console/designations/${later}/reviews`, reviewFields(form));
    expect(refused.status).toBe(409);
    expect(textOf(refused.body)).toContain('Your ministry is not one of the reviewing ministries of this designation. Only a reviewing ministry can complete its review.');
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
    const court = await signedIn(base, 'court-1', ['court']);
    const text = textOf((await court.get(`/console/designations/${ours}`)).body);
    for (const action of ['Record a court order', 'Audit trail', 'As in force on a date']) expect(text).toContain(action);
  });

  it('asks a court why it reads the bundle, then gives the root hash the verifier reports for the download, the bytes the API sends, not to be stored', async () => {
    const court = await signedIn(base, 'court-1', ['court']);
    expect(textOf((await court.get(`/console/designations/${ours}/bundle`)).body)).toContain('Which case or proceeding are you reading it for?');
    const { response, html } = await eventually(async () => {
      const answer = await court.get(`/console/designations/${ours}/bundle?purpose=${encodeURIComponent('Case T-1/26')}`);
      const text = answer.body;
      return answer.status === 200 && !text.includes('not yet covered') ? { response: answer, html: text } : undefined;
    }, 'a checkpoint covering every event');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const printed = /id="root-hash">\s*([0-9a-f]{64})\s*</.exec(html)![1];
    expect(textOf(html)).toContain('npx sanctions-verify bundle.json --jwks jwks.json');

    const download = await court.get(/href="([^"]+\/download)"/.exec(html)![1]);
    expect(download.headers.get('content-disposition')).toMatch(/^attachment; filename="designation-[\w.-]+\.json"$/);
    expect(download.headers.get('cache-control')).toBe('no-store');
    const bytes = download.body;
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
    const carried = /href="data:application\/json;base64,([^"]+)"/.exec(document.body)![1];
    expect(Buffer.from(carried, 'base64').toString('utf8')).toBe(bytes);

  });

  it('shows the designation as in force on a date before its approval took effect, and after', async () => {
    const official = await signedIn(base, 'official-2', ['official']);
    const before = textOf((await official.get(`/console/designations/${later}/as-of?date=${ymd(days(1))}`)).body);
    expect(before).toMatch(/As in force on .* as recorded now proposed Not in force/);
    expect(before).toContain('Already recorded but taking effect after');
    expect(before).toContain('Designation approved and issued, taking effect');
    const after = textOf((await official.get(`/console/designations/${later}/as-of?date=${ymd(days(12))}&known=${ymd(days(-1))}`)).body);
    expect(after).toMatch(/as recorded now active In force: its measures bound the target/);
    expect(after).toMatch(/as the record stood on .* Nothing about this designation had been recorded yet\./);
    const early = textOf((await official.get(`/console/designations/${later}/as-of?date=${ymd(days(-1))}`)).body);
    expect(early).toMatch(/There was no designation on .*: it was proposed on .*, after that date\./);
  });
});

describe('who may see these pages', () => {
  it('sends a visitor without a session to sign in', async () => {
    const visitor = new Visitor(base);
    for (const path of ['/console/reviews', `/console/designations/${ours}/reviews`, `/console/designations/${ours}/bundle`, `/console/designations/${ours}/bundle/x/download`, `/console/designations/${ours}/as-of`]) {
      const response = await visitor.get(path);
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe(`/console/sign-in?next=${encodeURIComponent(path)}`);
    }
  });

  it('refuses an official the bundle', async () => {
    const official = await signedIn(base, 'official-2', ['official']);
    expect((await official.get(`/console/designations/${ours}/bundle`)).status).toBe(403);
    expect((await official.get(`/console/designations/${ours}/bundle/x/download`)).status).toBe(403);
  });
});
