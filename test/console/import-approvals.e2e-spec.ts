import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { listStream, type ListImports } from '@app/imports';
import { LIST_IMPORTS } from '../../apps/api/src/lists/lists.tokens';
import { token } from '../api/support/api-test-app';
import { LISTS } from '../lists/support/shared-lists';
import { checkAccessibility, launchBrowser, newUser, signInAs, startConsole, watchPage, type ConsoleApp } from './support/browser';
import { hidden, textOf, Visitor, type Answer } from './support/visitor';

/**
 * A senior official's import approvals in the console, on a real release: the EU Financial
 * Sanctions File v1.1 excerpt of 2020-04-15 (five individuals under TAQA, COD, TERR and PRK; the
 * smallest real file in ../shared/lists, SOURCES.md). Senior official A prepares batches through
 * the JSON API; senior official B sees them in the queue (A does not), opens a batch, and approves
 * or rejects it through the pages. Each refusal (four eyes, a plain official, no reason, no CSRF
 * token, an unknown batch) is a page saying so, and records nothing on the list's stream; a page
 * without the decision forms says in words who decides (or who decided, and why), which is what a
 * refusal's error summary links to. axe in Chromium sweeps the queue, the batch page and its error.
 */
jest.setTimeout(60_000);

const FILE = 'eu/eu_fsf_1.1_2020-04-15_excerpt.xml';
const LIST_ID = 'own-eu-fsf-xml';
const PROGRAMS = ['TAQA', 'COD', 'TERR', 'PRK'];
/** The first batch maps only these: EU logicalIds 5295 (TAQA), 5463 and 5468 (PRK) are in it, 191 (TERR) and 5807 (COD) out of scope. */
const FIRST_PROGRAMS = ['TAQA', 'PRK'];
const FIRST_IDS = ['5295', '5463', '5468'];
const A = 'senior-alma';
const B = 'senior-bruno';
const OFFICIAL = 'official-olga';

let service: ConsoleApp;
let store: EventStore;
let imports: ListImports;
let releaseHash: string;
const as: Record<'a' | 'b' | 'official', Visitor> = {} as never;

const mapping = (category: string, programs: string[]) => ({
  programs: programs.map((program) => ({
    program,
    category,
    legalBasis: [{ instrument: 'Council Regulation (EU) implementing the programme', provision: 'Annex I', jurisdiction: 'multilateral' }],
    measures: ['asset_freeze'],
  })),
});

function terms() {
  return {
    sunsetAt: new Date(Date.now() + 2 * 365 * 24 * 3600 * 1000).toISOString(),
    reviewInterval: 'P12M',
    reviewingMinistries: ['foreign-affairs'],
    humanitarianWaiver: { justification: 'Licences under the general licences of the regime meet humanitarian needs' },
  };
}

async function api(method: string, path: string, sub: string, roles: string[], body?: BodyInit, contentType = 'application/json'): Promise<{ status: number; body: any }> {
  const response = await fetch(`${service.baseUrl}${path}`, { method, headers: { authorization: `Bearer ${await token(sub, roles)}`, 'content-type': contentType }, body });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/** Senior official A prepares a batch of the release through the JSON API. */
async function prepare(category: string, programs: string[]): Promise<{ batchId: string; counts: Record<string, number>; entries: { sourceId: string; name: string; refusal?: unknown }[] }> {
  const prepared = await api('POST', '/imports', A, ['senior_official'], JSON.stringify({ releaseHash, mapping: mapping(category, programs), terms: terms() }));
  expect([prepared.status, prepared.body.code, prepared.body.detail]).toEqual([201, undefined, undefined]);
  expect(prepared.body).toMatchObject({ listId: LIST_ID, status: 'prepared', preparedBy: A });
  return prepared.body;
}

/** The list's stream, as the log has it. */
async function listEvents(): Promise<{ type: string; data: any }[]> {
  const { events } = await store.readStream(listStream(LIST_ID));
  return events.map((e) => ({ type: e.type, data: e.data }));
}

async function signedIn(userId: string, roles: string[]): Promise<Visitor> {
  const visitor = new Visitor(service.baseUrl);
  expect((await visitor.signIn(userId, roles)).status).toBe(303);
  return visitor;
}

/** The page's error summary: each message with the fragment it links to. */
const errorLinks = (html: string) => [...html.matchAll(/<a href="(#[^"]+)">([^<]*)<\/a>/g)].filter(([, href]) => href !== '#main-content').map(([, href, text]) => [text.trim(), href]);

const decisionForms = (html: string) => [...html.matchAll(/<form method="post" action="([^"]+)"/g)].map(([, action]) => action).filter((action) => action.startsWith('/console/imports/'));

beforeAll(async () => {
  service = await startConsole({ LIST_IMPORT_POLL_MS: '100' });
  store = service.app.get(EVENT_STORE);
  imports = service.app.get(LIST_IMPORTS);
  const uploaded = await api('POST', '/lists/releases?format=eu-fsf-xml', A, ['senior_official'], readFileSync(resolve(LISTS, FILE)), 'application/xml');
  expect([uploaded.status, uploaded.body.code]).toEqual([201, undefined]);
  expect(uploaded.body).toMatchObject({ format: 'eu-fsf-xml', listings: 5 });
  releaseHash = uploaded.body.releaseHash;
  [as.a, as.b, as.official] = await Promise.all([signedIn(A, ['senior_official']), signedIn(B, ['senior_official']), signedIn(OFFICIAL, ['official'])]);
});

afterAll(async () => {
  await service?.close();
});

describe('import batches in the console, on the EU FSF excerpt of 2020-04-15', () => {
  let first: Awaited<ReturnType<typeof prepare>>;
  let page: (who: Visitor, batchId?: string) => Promise<Answer>;

  beforeAll(async () => {
    first = await prepare('cyber_crime', FIRST_PROGRAMS);
    page = (who, batchId = first.batchId) => who.get(`/console/imports/${batchId}`);
  });

  it("is in the other senior official's queue with its list, release date and counts, and not in the preparer's", async () => {
    expect(first.counts).toEqual({ added: 3, amended: 0, removed: 0, unchanged: 0, outOfScope: 2 });
    expect(first.entries.map((e) => e.sourceId).sort()).toEqual(FIRST_IDS);
    expect(first.entries.filter((e) => e.refusal)).toEqual([]);
    const queue = await as.b.get('/console/approvals');
    expect(queue.status).toBe(200);
    expect(queue.body).toContain(`href="/console/imports/${first.batchId}"`);
    const text = textOf(queue.body);
    expect(text).toContain(`${first.batchId} ${LIST_ID}, release of 15 Apr 2020 3 added, 0 amended, 0 removed, 2 out of scope ${A}`);
    expect(text).not.toContain('No import batches await your approval.');

    const own = await as.a.get('/console/approvals');
    expect(own.status).toBe(200);
    expect(own.body).not.toContain(first.batchId);
    expect(textOf(own.body)).toContain('No import batches await your approval.');
    expect(textOf(own.body)).toContain('1 batch you prepared is waiting for another senior official.');
  });

  it('shows the batch with its entries to the other senior official, with the decision forms', async () => {
    const shown = await page(as.b);
    expect(shown.status).toBe(200);
    const text = textOf(shown.body);
    expect(text).toContain(`List ${LIST_ID}`);
    expect(text).toContain('Release 15 Apr 2020');
    expect(text).toContain(releaseHash);
    expect(text).toContain('Status prepared');
    expect(text).toContain(`Prepared by ${A}`);
    expect(text).toContain('Changes 3 added, 0 amended, 0 removed, 0 unchanged, 2 out of scope');
    for (const entry of first.entries) expect(text).toContain(`${entry.sourceId} ${entry.name} add`);
    // Exactly the batch's entries: the out-of-scope listings are not rows.
    expect([...shown.body.matchAll(/<tr class="govuk-table__row"><td class="govuk-table__cell">([^<]*)<\/td>/g)].map(([, id]) => id).sort()).toEqual(FIRST_IDS);
    expect(decisionForms(shown.body)).toEqual([`/console/imports/${first.batchId}/approve`, `/console/imports/${first.batchId}/reject`]);
  });

  it('has no serious accessibility violation on the queue, the batch page, its decision in words and the missing-reason error (axe, Chromium)', async () => {
    const browser = await launchBrowser();
    try {
      for (const [id, name] of [[B, 'Bruno Senior'], [A, 'Alma Senior']]) {
        const { context, page: tab } = await newUser(browser);
        const watch = watchPage(tab);
        await signInAs(tab, service.baseUrl, { id, name, roles: ['senior_official'] });
        await tab.goto(`${service.baseUrl}/console/approvals`);
        await checkAccessibility(tab, `approvals queue (${id})`);
        await tab.goto(`${service.baseUrl}/console/imports/${first.batchId}`);
        await checkAccessibility(tab, `batch page (${id})`);
        if (id === B) {
          await tab.getByRole('button', { name: 'Reject the batch' }).click();
          await tab.waitForSelector('.govuk-error-summary');
          await checkAccessibility(tab, 'batch page, reject without a reason');
          await tab.getByRole('link', { name: 'Say why you are rejecting the batch' }).click();
          await expect(tab.evaluate(() => document.activeElement?.id)).resolves.toBe('reason');
        }
        expect(watch.problems).toEqual([]);
        await context.close();
      }
    } finally {
      await browser.close();
    }
    expect((await imports.findBatch(first.batchId)).batch.status).toBe('prepared');
  });

  it('refuses the preparer approving their own batch, in words, and records nothing', async () => {
    const before = await listEvents();
    const shown = await page(as.a);
    expect(decisionForms(shown.body)).toEqual([]);
    expect(textOf(shown.body)).toContain('Decision You prepared this batch, so a different senior official must approve or reject it.');
    const refused = await as.a.post(`/console/imports/${first.batchId}/approve`, { _csrf: hidden(shown.body, '_csrf') });
    expect(refused.status).toBe(409);
    expect(textOf(refused.body)).toContain('You prepared this batch, so a different senior official must approve it.');
    // The error summary links to what it is about, and that is on the page.
    expect(errorLinks(refused.body)).toEqual([['You prepared this batch, so a different senior official must approve it.', '#decision']]);
    expect(refused.body).toContain('id="decision"');
    expect(await listEvents()).toEqual(before);
    expect((await imports.findBatch(first.batchId)).batch.status).toBe('prepared');
  });

  it('shows an official the batch without the decision forms, and refuses their approval with 403', async () => {
    const before = await listEvents();
    const shown = await page(as.official);
    expect(shown.status).toBe(200);
    expect(textOf(shown.body)).toContain('Changes 3 added');
    expect(textOf(shown.body)).toContain('A senior official who did not prepare this batch approves or rejects it.');
    expect(decisionForms(shown.body)).toEqual([]);
    expect(shown.body).not.toContain('Approve the batch');
    const refused = await as.official.post(`/console/imports/${first.batchId}/approve`, { _csrf: hidden(shown.body, '_csrf') });
    expect(refused.status).toBe(403);
    expect(textOf(refused.body)).toContain('You cannot do this');
    expect(await listEvents()).toEqual(before);
  });

  it('refuses a post without the CSRF token with 403, and records nothing', async () => {
    const before = await listEvents();
    const refused = await as.b.post(`/console/imports/${first.batchId}/approve`, {});
    expect(refused.status).toBe(403);
    expect(textOf(refused.body)).toContain('Nothing was recorded');
    const rejected = await as.b.post(`/console/imports/${first.batchId}/reject`, { reason: 'forged' });
    expect(rejected.status).toBe(403);
    expect(await listEvents()).toEqual(before);
  });

  it('shows an unknown batch as a 404 page', async () => {
    for (const batchId of [randomUUID(), 'not-a-batch']) {
      const missing = await page(as.b, batchId);
      expect([batchId, missing.status]).toEqual([batchId, 404]);
      expect(textOf(missing.body)).toContain('Page not found');
    }
    const approve = await as.b.post(`/console/imports/${randomUUID()}/approve`, { _csrf: await as.b.csrf('/console/approvals') });
    expect(approve.status).toBe(404);
  });

  it('asks for a reason to reject (400, linked to #reason), then records the rejection with it', async () => {
    const before = await listEvents();
    const csrf = hidden((await page(as.b)).body, '_csrf');
    const noReason = await as.b.post(`/console/imports/${first.batchId}/reject`, { _csrf: csrf, reason: '   ' });
    expect(noReason.status).toBe(400);
    expect(errorLinks(noReason.body)).toEqual([['Say why you are rejecting the batch', '#reason']]);
    expect(noReason.body).toMatch(/<textarea[^>]*id="reason"/);
    expect(textOf(noReason.body)).toContain('Error: Say why you are rejecting the batch');
    expect(await listEvents()).toEqual(before);

    const reason = 'The mapping puts every programme under cyber crime; none of these regimes is about cyber crime.';
    const rejected = await as.b.post(`/console/imports/${first.batchId}/reject`, { _csrf: csrf, reason });
    expect(rejected.status).toBe(303);
    expect(rejected.location).toBe(`${service.baseUrl}/console/imports/${first.batchId}`);
    const after = await listEvents();
    expect(after.slice(before.length)).toEqual([{ type: 'ImportBatchRejected', data: { listId: LIST_ID, batchId: first.batchId, rejectedBy: B, reason } }]);
    expect((await imports.findBatch(first.batchId)).batch).toMatchObject({ status: 'rejected', rejection: { by: B, reason } });
    const shown = await page(as.b);
    expect(textOf(shown.body)).toContain('The import batch is rejected.');
    expect(textOf(shown.body)).toContain('Status rejected');
    expect(textOf(shown.body)).toContain(`Decision Rejected by ${B}: ${reason}`);
    expect(decisionForms(shown.body)).toEqual([]);
    // Decided: approving it now is refused in words, and records nothing.
    const late = await as.b.post(`/console/imports/${first.batchId}/approve`, { _csrf: csrf });
    expect(late.status).toBe(409);
    expect(errorLinks(late.body)).toEqual([['This batch has already been decided. Reload the page to see what happened.', '#decision']]);
    expect(await listEvents()).toEqual(after);
    expect(textOf((await as.b.get('/console/approvals')).body)).toContain('No import batches await your approval.');
  });

  it('records the approval by the other senior official, and the page then says the batch is approved', async () => {
    const second = await prepare('cyber_espionage', PROGRAMS);
    expect(second.counts).toEqual({ added: 5, amended: 0, removed: 0, unchanged: 0, outOfScope: 0 });
    const queue = textOf((await as.b.get('/console/approvals')).body);
    expect(queue).toContain(`${second.batchId} ${LIST_ID}, release of 15 Apr 2020 5 added, 0 amended, 0 removed, 0 out of scope ${A}`);
    const before = await listEvents();
    const shown = await page(as.b, second.batchId);
    const approved = await as.b.post(`/console/imports/${second.batchId}/approve`, { _csrf: hidden(shown.body, '_csrf') });
    expect(approved.status).toBe(303);
    expect(approved.location).toBe(`${service.baseUrl}/console/imports/${second.batchId}`);
    const recorded = (await listEvents()).slice(before.length);
    expect(recorded[0]).toMatchObject({ type: 'ImportBatchApproved', data: { listId: LIST_ID, batchId: second.batchId, approvedBy: B, approver: { id: B, roles: ['senior_official'] } } });
    const { batch } = await imports.findBatch(second.batchId);
    expect([batch.approvedBy, ['approved', 'applied'].includes(batch.status)]).toEqual([B, true]);
    const after = await as.b.get(approved.location!);
    expect(after.status).toBe(200);
    const text = textOf(after.body);
    expect(text).toContain('The import batch is approved.');
    expect(text).toMatch(/Status (approved|applied)/);
    expect(text).toContain(`Decision Approved by ${B}, `);
    expect(decisionForms(after.body)).toEqual([]);
    // The worker applies it on B's authority; the page says so.
    const deadline = Date.now() + 20_000;
    while ((await imports.findBatch(second.batchId)).batch.status !== 'applied') {
      if (Date.now() > deadline) throw new Error('the batch was not applied in 20 s');
      await new Promise((r) => setTimeout(r, 100));
    }
    expect((await imports.findBatch(second.batchId)).batch.applied).toMatchObject({ applied: { added: 5, lifted: 0, amended: 0 }, skipped: [] });
    const applied = textOf((await as.b.get(approved.location!)).body);
    expect(applied).toContain('Status applied');
    expect(applied).toContain('The worker has applied it.');
    expect(textOf((await as.a.get('/console/approvals')).body)).not.toContain('batch you prepared is waiting');
  });
});
