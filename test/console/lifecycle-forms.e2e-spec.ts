import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Designations } from '@app/application';
import type { RecordedEvent } from '@app/event-store';
import { startApiWithWorker, token } from '../api/support/api-test-app';
import { days, exampleProposal } from '../api/support/example-proposal';
import { freePort } from '../support/free-port';
import { signedIn, type NamedFields as Fields, type Visitor } from './support/visitor';

/**
 * The console's lifecycle forms, over HTTP as a browser without JavaScript sends them (a cookie
 * jar, form posts), against the real api and worker. For each form: a valid post records the very
 * event(s) the JSON API records for the same command (a twin designation gets the command through
 * POST /designations/:id/<route>), with the console user as actor; an invalid post is a 400 page
 * whose error summary links to the field; a role that may not use it gets 403 and no button; a
 * stale revision is a 409 saying what changed; and posting the same form twice records it once.
 */
jest.setTimeout(90_000);

/** The value of the first input named `name` on a page (hidden or not). */
function inputValue(html: string, name: string): string | undefined {
  const tag = html.match(new RegExp(`<input[^>]*name="${name}"[^>]*>`))?.[0];
  return tag?.match(/value="([^"]*)"/)?.[1];
}

/** A date as the form's three fields. */
const dateFields = (name: string, iso: string): Fields => {
  const date = new Date(iso);
  return { [`${name}-day`]: String(date.getUTCDate()), [`${name}-month`]: String(date.getUTCMonth() + 1), [`${name}-year`]: String(date.getUTCFullYear()) };
};
/** The instant those fields stand for (midnight UTC), as the JSON API would be sent it. */
const midnight = (iso: string) => `${iso.slice(0, 10)}T00:00:00Z`;

let app: NestFastifyApplication;
let close: () => Promise<void>;
let base: string;
const users: Record<'official' | 'senior' | 'court', Visitor> = {} as never;
/** The designation the console changes, and its twin that gets the same commands through the JSON API. */
let id: string;
let twin: string;

async function api(path: string, sub: string, roles: string[], body: unknown, extra: Record<string, unknown> = {}): Promise<{ id?: string }> {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await token(sub, roles, extra)}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

/** Proposed, approved by a second official and reviewed (a sunset moves only after a recent review). */
async function seedActive(proposal: unknown): Promise<string> {
  const { id: seeded } = await api('/designations', 'proposer', ['official'], proposal);
  await api(`/designations/${seeded}/approve`, 'approver', ['senior_official'], {});
  await api(`/designations/${seeded}/reviews`, 'reviewer-1', ['reviewer'], { outcome: 'maintain', findings: 'The grounds still hold.', representationsConsidered: [], nextReviewDueAt: days(90) }, { ministry: 'foreign-affairs' });
  return seeded!;
}

const events = (of: string): Promise<RecordedEvent[]> => app.get(Designations).events(of);

/** An event's data as compared between the doors: its own designation aside, instants of this run ("now") as such. */
function comparable(event: RecordedEvent): unknown {
  const { designationId: _id, ...data } = event.data as Record<string, unknown>;
  const recent = (value: unknown) => typeof value === 'string' && /^\d{4}-\d\d-\d\dT/.test(value) && Math.abs(Date.parse(value) - Date.now()) < 10 * 60_000;
  return { type: event.type, data: Object.fromEntries(Object.entries(data).map(([key, value]) => [key, recent(value) ? '<this run>' : value])) };
}

/** The form's page, and what a browser would post back from it (its hidden fields and the given ones). */
async function openForm(browser: Visitor, slug: string): Promise<{ html: string; hidden: Record<string, string> }> {
  const page = await browser.get(`/console/designations/${id}/${slug}`);
  expect(page.status).toBe(200);
  const html = page.body;
  expect(html).not.toMatch(/<script(?![^>]*src="\/console\/assets\/)|\sstyle="/);
  // Every hidden field, as a browser posts them (the CSRF token, the revision seen, the form's key and any the form adds).
  const hidden: Record<string, string> = {};
  for (const [, name, value] of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) hidden[name] ??= value;
  expect(hidden._csrf).not.toBe('');
  expect(hidden.key).toMatch(/^[0-9a-f-]{36}$/);
  return { html, hidden };
}

async function postForm(browser: Visitor, slug: string, fields: Fields): Promise<{ status: number; html: string; location: string | null }> {
  const response = await browser.post(`/console/designations/${id}/${slug}`, fields);
  return { status: response.status, html: response.body, location: response.headers.get('location') };
}

interface Case {
  slug: string;
  as: keyof typeof users;
  roles: string[];
  /** Someone whose role may not use the form. */
  forbidden: keyof typeof users;
  /** A valid form; its fields as typed. */
  fields(html: string): Fields;
  /** The same command through the JSON API. */
  route: string;
  body: Record<string, unknown>;
  recorded: string[];
  /** An invalid form, and the field its error links to. */
  invalid: Fields;
  field: string;
  /** Its error, in words. */
  error: string;
}

const receivedAt = days(-2);
const validUntil = days(300);
const tomorrow = days(1);
const newSunset = days(800);

const CASES: Case[] = [
  {
    slug: 'representations', as: 'official', roles: ['official'], forbidden: 'senior',
    fields: (html) => {
      expect(inputValue(html, 'representationId')).toBe('rep-1');
      return { representationId: 'rep-1', ...dateFields('receivedAt', receivedAt), submittedBy: 'Counsel for the target', summary: 'Contests the attribution of the intrusions.' };
    },
    route: 'representations',
    body: { representationId: 'rep-1', receivedAt: midnight(receivedAt), submittedBy: 'Counsel for the target', summary: 'Contests the attribution of the intrusions.' },
    recorded: ['RepresentationReceived'],
    invalid: { representationId: 'rep-1', ...dateFields('receivedAt', receivedAt), submittedBy: 'Counsel', summary: '' },
    field: 'summary', error: 'Enter what the representation says',
  },
  {
    slug: 'exemptions', as: 'official', roles: ['official'], forbidden: 'court',
    fields: (html) => {
      expect(inputValue(html, 'exemptionId')).toBe('ex-1');
      expect(html).toContain('value="m-freeze"');
      return { exemptionId: 'ex-1', kind: 'food', measureIds: ['m-freeze'], beneficiary: 'Food banks', conditions: 'Staple food only', oversightBody: 'Financial Intelligence Unit', ...dateFields('validUntil', validUntil), justification: 'Winter needs' };
    },
    route: 'exemptions',
    body: { exemptionId: 'ex-1', kind: 'food', measureIds: ['m-freeze'], beneficiary: 'Food banks', conditions: 'Staple food only', oversightBody: 'Financial Intelligence Unit', validUntil: midnight(validUntil), justification: 'Winter needs' },
    recorded: ['ExemptionGranted'],
    invalid: { exemptionId: 'ex-1', kind: '', measureIds: ['m-freeze'], beneficiary: 'Food banks', conditions: 'Staple food only', oversightBody: 'FIU', ...dateFields('validUntil', validUntil) },
    field: 'kind', error: 'Choose the need the exemption meets',
  },
  {
    slug: 'escalations', as: 'senior', roles: ['senior_official'], forbidden: 'official',
    fields: (html) => {
      expect(html).toContain('Renewed intrusions after listing');
      return { criteriaMet: ['1'], justification: 'New intrusions in March.', 'type-0': 'export_control', 'description-0': 'Ban on exports of intrusion software', 'capabilities-0': 'tooling, hosting', ...dateFields('effectiveAt', tomorrow), humanitarianWaiver: '' };
    },
    route: 'escalations',
    body: { criteriaMet: [1], justification: 'New intrusions in March.', measures: [{ measureId: 'm-export-control', type: 'export_control', capabilities: ['tooling', 'hosting'], description: 'Ban on exports of intrusion software' }], effectiveAt: midnight(tomorrow) },
    recorded: ['MeasuresEscalated'],
    invalid: { criteriaMet: ['1'], justification: 'New intrusions.', 'type-0': '', 'description-0': 'Something' },
    field: 'type-0', error: 'Choose the measure to add',
  },
  {
    slug: 'rollbacks', as: 'senior', roles: ['senior_official'], forbidden: 'official',
    fields: (html) => {
      expect(html).toContain('Infrastructure verifiably dismantled');
      return { conditionsMet: ['1'], measureIds: ['m-travel'], justification: 'The officers left the group.', ...dateFields('effectiveAt', tomorrow) };
    },
    route: 'rollbacks',
    body: { conditionsMet: [1], measureIds: ['m-travel'], justification: 'The officers left the group.', effectiveAt: midnight(tomorrow) },
    recorded: ['MeasuresRolledBack'],
    invalid: { conditionsMet: ['1'], measureIds: ['m-travel'], justification: '' },
    field: 'justification', error: 'Enter why the measures are rolled back',
  },
  {
    slug: 'sunset-extensions', as: 'senior', roles: ['senior_official'], forbidden: 'official',
    fields: (html) => {
      expect(html).toMatch(/The designation ends on \d+ \w+ \d{4}/);
      return { ...dateFields('sunsetAt', newSunset), justification: 'The review found the threat persists.' };
    },
    route: 'sunset-extensions',
    body: { sunsetAt: midnight(newSunset), justification: 'The review found the threat persists.' },
    recorded: ['SunsetExtended'],
    invalid: { 'sunsetAt-day': '31', 'sunsetAt-month': '2', 'sunsetAt-year': '2029', justification: 'Persists.' },
    field: 'sunsetAt', error: 'Enter the new sunset, as day, month and year',
  },
  {
    slug: 'court-orders', as: 'court', roles: ['court'], forbidden: 'senior',
    fields: (html) => {
      expect(html).toContain('its measures stop binding');
      return { orderId: 'order-1', court: 'General Court', decision: 'suspend', reference: 'T-123/26', summary: 'Interim relief pending judgment.', ...dateFields('effectiveAt', tomorrow) };
    },
    route: 'court-orders',
    body: { orderId: 'order-1', court: 'General Court', decision: 'suspend', reference: 'T-123/26', summary: 'Interim relief pending judgment.', effectiveAt: midnight(tomorrow) },
    recorded: ['CourtOrderRecorded', 'DesignationSuspended'],
    invalid: { orderId: 'order-1', court: 'General Court', reference: 'T-123/26', summary: 'Interim relief.', ...dateFields('effectiveAt', tomorrow) },
    field: 'decision', error: 'Choose what the court decided',
  },
  {
    slug: 'lift', as: 'senior', roles: ['senior_official'], forbidden: 'official',
    fields: (html) => {
      expect(html).toContain('It cannot be undone');
      return { reason: 'diplomatic_settlement', justification: 'Settled by the agreement of 1 May.', ...dateFields('effectiveAt', days(2)) };
    },
    route: 'lift',
    body: { reason: 'diplomatic_settlement', justification: 'Settled by the agreement of 1 May.', effectiveAt: midnight(days(2)) },
    recorded: ['DesignationLifted'],
    invalid: { justification: 'Settled.' },
    field: 'reason', error: 'Choose why the designation is lifted',
  },
];

beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  ({ app, close } = await startApiWithWorker({ PORT: String(port), PUBLIC_BASE_URL: base }));
  await app.listen(port, '127.0.0.1');
  const proposal = exampleProposal();
  [id, twin] = [await seedActive(proposal), await seedActive(proposal)];
  users.official = await signedIn(base, 'console-official', ['official']);
  users.senior = await signedIn(base, 'console-senior', ['senior_official']);
  users.court = await signedIn(base, 'console-court', ['court']);
});
afterAll(() => close());

// In this order: each form finds the designation as the ones before it left it (active, then suspended, then lifted).
describe.each(CASES)('the $slug form', (c) => {
  it(`is refused to a role that may not use it, and offers no button to it`, async () => {
    const outsider = users[c.forbidden];
    const designationPage = await outsider.get(`/console/designations/${id}`);
    const html = designationPage.body;
    expect(designationPage.status).toBe(200);
    expect(html).not.toContain(`href="/console/designations/${id}/${c.slug}"`);
    expect((await users[c.as].get(`/console/designations/${id}`)).body).toContain(`href="/console/designations/${id}/${c.slug}"`);
    expect((await outsider.get(`/console/designations/${id}/${c.slug}`)).status).toBe(403);
    const before = (await events(id)).length;
    const posted = await postForm(outsider, c.slug, { _csrf: inputValue(html, '_csrf')!, revision: String(before - 1), key: randomUUID(), ...c.invalid });
    expect(posted.status).toBe(403);
    expect(await events(id)).toHaveLength(before);
  });

  it('shows an invalid form again with its error linked to the field, and records nothing', async () => {
    const { hidden } = await openForm(users[c.as], c.slug);
    const before = (await events(id)).length;
    const posted = await postForm(users[c.as], c.slug, { ...hidden, ...c.invalid });
    expect(posted.status).toBe(400);
    expect(posted.html).toContain('There is a problem');
    expect(posted.html).toContain(`href="#${c.field}">${c.error}</a>`);
    expect(posted.html).toContain(`id="${c.field}"`);
    expect(posted.html).toContain(`name="key" value="${hidden.key}"`);
    expect(await events(id)).toHaveLength(before);
  });

  it('refuses a post from before a change with the change shown, and records nothing', async () => {
    const { html, hidden } = await openForm(users[c.as], c.slug);
    const before = (await events(id)).length;
    const posted = await postForm(users[c.as], c.slug, { ...hidden, ...c.fields(html), revision: String(Number(hidden.revision) - 1) });
    expect(posted.status).toBe(409);
    expect(posted.html).toContain('Changed since you opened it');
    expect(posted.html).toContain('href="#changes"');
    expect(await events(id)).toHaveLength(before);
  });

  it('records what the JSON API records, as the console user, and only once when sent twice', async () => {
    const { html, hidden } = await openForm(users[c.as], c.slug);
    const form = { ...hidden, ...c.fields(html) };
    const before = (await events(id)).length;

    const posted = await postForm(users[c.as], c.slug, form);
    expect(posted).toMatchObject({ status: 303, location: `/console/designations/${id}` });
    const recorded = (await events(id)).slice(before);
    expect(recorded.map((e) => e.type)).toEqual(c.recorded);
    for (const event of recorded) expect(event.metadata.actor).toEqual({ id: `console-${c.as}`, roles: c.roles });

    const twinBefore = (await events(twin)).length;
    await api(`/designations/${twin}/${c.route}`, `console-${c.as}`, c.roles, c.body);
    expect(recorded.map(comparable)).toEqual((await events(twin)).slice(twinBefore).map(comparable));

    const again = await postForm(users[c.as], c.slug, form);
    expect(again).toMatchObject({ status: 303, location: `/console/designations/${id}` });
    expect(await events(id)).toHaveLength(before + c.recorded.length);
    expect((await users[c.as].get(`/console/designations/${id}`)).body).toContain('Done');
  });
});
