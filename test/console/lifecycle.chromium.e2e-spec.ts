import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { Designations } from '@app/application';
import { newPrivateJwk } from '@app/audit';
import { checkAccessibility, launchBrowser, newUser, openUntilShown, screenshot, signInAs, startConsole, watchPage, type ConsoleApp, type PageWatch } from './support/browser';
import { dayIn, proposeThroughPages } from './support/propose-pages';
import { eventually } from './support/visitor';

/**
 * A designation's whole life through the console's pages alone, in real Chromium, each person in
 * their own browser: an official proposes; a second, senior official approves it from the queue;
 * the official records the notification of the target and a representation, and grants an
 * exemption; a reviewer of the reviewing ministry finds the review in the ministry's inbox and
 * completes it, having to consider the representation first; the senior official rolls a measure
 * back and lifts the designation from a later date; a court finds it, reads its audit trail,
 * downloads the bundle and verifies it with `sanctions-verify`, and views the designation on past
 * and future dates. axe-core runs on every page in every state reached (empty, with errors,
 * filled), every page is valid HTML as sent, and no page reports a console error, a failed load
 * or a CSP violation. The log then holds exactly the events of that life, each by the person who
 * did it.
 */
jest.setTimeout(300_000);

const run = promisify(execFile);
const verifier = join(__dirname, '../../bin/sanctions-verify.js');
const dir = mkdtempSync(join(tmpdir(), 'console-lifecycle-'));

let service: ConsoleApp;
let browser: Browser;
const watches: [string, PageWatch][] = [];

beforeAll(async () => {
  [service, browser] = await Promise.all([
    startConsole({ AUDIT_SIGNING_KEYS: JSON.stringify([newPrivateJwk('console-lifecycle-key')]), CHECKPOINT_EVERY_MS: '200' }),
    launchBrowser(),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await service?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A person at their own browser, signed in through the development sign-in. */
async function person(id: string, name: string, roles: ('official' | 'senior_official' | 'reviewer' | 'court')[], ministry?: string): Promise<Page> {
  const { page } = await newUser(browser);
  watches.push([id, watchPage(page)]);
  await signInAs(page, service.baseUrl, { id, name, roles, ministry });
  return page;
}

const a11y = (page: Page) => (label: string) => checkAccessibility(page, label).then(() => undefined);

async function click(page: Page, name: string | RegExp, kind: 'button' | 'link' = 'button'): Promise<void> {
  await Promise.all([page.waitForEvent('load'), page.getByRole(kind, { name }).first().click()]);
}

async function fillDate(page: Page, name: string, date: { day: number; month: number; year: number }): Promise<void> {
  await page.locator(`#${name}`).fill(String(date.day));
  await page.locator(`#${name}-month`).fill(String(date.month));
  await page.locator(`#${name}-year`).fill(String(date.year));
}

/** Opens an action from the designation's page, sends it empty (to see its errors), then fills and sends it. */
async function act(page: Page, id: string, button: string, label: string, fill: () => Promise<void>, send: string | RegExp = /^Record it$/): Promise<void> {
  await page.goto(`${service.baseUrl}/console/designations/${id}`);
  // The designation's actions are links drawn as buttons (govuk-frontend gives them role=button).
  await Promise.all([page.waitForEvent('load'), page.locator('.app-actions a', { hasText: button }).click()]);
  await checkAccessibility(page, `${label}: empty`);
  await click(page, send);
  await page.waitForSelector('.govuk-error-summary');
  await checkAccessibility(page, `${label}: with errors`);
  await fill();
  await checkAccessibility(page, `${label}: filled`);
  await Promise.all([page.waitForURL(`${service.baseUrl}/console/designations/${id}`), page.getByRole('button', { name: send }).first().click()]);
  await expectBanner(page);
  await checkAccessibility(page, `${label}: done`);
}

async function expectBanner(page: Page): Promise<void> {
  expect(await page.locator('.govuk-notification-banner--success').count()).toBe(1);
}

const text = (page: Page, selector = 'main') => page.locator(selector).first().innerText();

it('runs a designation from proposal to lifting, and a court verifies its record, through pages alone', async () => {
  const base = service.baseUrl;

  // An official proposes.
  const alice = await person('alice', 'Alice Official', ['official']);
  const id = await proposeThroughPages(alice, base, { name: 'Lifecycle Threat Group', alias: 'LTG', sunset: dayIn(500), exemptionUntil: dayIn(400), ministry: 'foreign-affairs' }, a11y(alice));
  await screenshot(alice, 'lifecycle-proposed');

  // A second, senior official approves from the queue.
  const bob = await person('bob', 'Bob Senior', ['senior_official']);
  await openUntilShown(bob, `${base}/console/approvals`, `a[href="/console/designations/${id}/approve"]`);
  await checkAccessibility(bob, 'approvals: one proposal');
  await screenshot(bob, 'approvals');
  await click(bob, /^Review/, 'link');
  await checkAccessibility(bob, 'approve: the proposal laid out');
  await screenshot(bob, 'approve');
  await Promise.all([bob.waitForURL(`${base}/console/designations/${id}`), bob.getByRole('button', { name: 'Approve the designation' }).click()]);
  await expectBanner(bob);
  expect(await text(bob)).toContain('active');

  // The official records the notification of the target, a representation, and grants an exemption.
  await act(alice, id, 'Record a notification of the target', 'notification', async () => {
    await alice.locator('input[name="channel"][value="official_journal"]').check();
    await fillDate(alice, 'notifiedAt', dayIn(0));
    await fillDate(alice, 'responseDeadline', dayIn(30));
  });
  await act(alice, id, 'Record a representation', 'representation', async () => {
    await alice.locator('input[name="representationId"]').fill('rep-1');
    await fillDate(alice, 'receivedAt', dayIn(0));
    await alice.locator('input[name="submittedBy"]').fill('Counsel for the target');
    await alice.locator('textarea[name="summary"]').fill('The group denies any link to the intrusions.');
  });
  await act(alice, id, 'Grant an exemption', 'exemption', async () => {
    await alice.locator('input[name="exemptionId"]').fill('ex-food');
    await alice.locator('select[name="kind"]').selectOption('food');
    await alice.locator('input[name="measureIds"][value="m-asset-freeze"]').check();
    await alice.locator('input[name="beneficiary"]').fill('Food importers of the region');
    await alice.locator('input[name="conditions"], textarea[name="conditions"]').first().fill('Payments for staple food only');
    await alice.locator('input[name="oversightBody"]').fill('Financial Intelligence Unit');
    await fillDate(alice, 'validUntil', dayIn(300));
  });

  // A reviewer of the reviewing ministry completes the review, and must consider the representation.
  const rita = await person('rita', 'Rita Reviewer', ['reviewer'], 'foreign-affairs');
  await rita.goto(`${base}/console/reviews`);
  await checkAccessibility(rita, 'reviews: the inbox');
  await screenshot(rita, 'reviews-inbox');
  expect(await text(rita)).toContain('Lifecycle Threat Group');
  await rita.goto(`${base}/console/designations/${id}/reviews`);
  await rita.locator('input[name="outcome"][value="maintain"]').check();
  await rita.locator('textarea[name="findings"]').fill('The grounds still hold; the representation does not rebut the attribution.');
  await fillDate(rita, 'nextReviewDueAt', dayIn(180));
  await click(rita, 'Record the review');
  expect(await text(rita, '.govuk-error-summary')).toContain('Every representation received since the last review must be considered');
  await checkAccessibility(rita, 'review: a representation not considered');
  await screenshot(rita, 'review-refused');
  await rita.locator('input[name="representationsConsidered"][value="rep-1"]').check();
  await Promise.all([rita.waitForURL(`${base}/console/designations/${id}`), rita.getByRole('button', { name: 'Record the review' }).click()]);
  await expectBanner(rita);

  // The senior official rolls the travel ban back, then lifts the designation from a later date.
  await act(bob, id, 'Roll back measures', 'rollback', async () => {
    await bob.locator('input[name="conditionsMet"][value="2"]').check();
    await bob.locator('input[name="measureIds"][value="m-travel-ban"]').check();
    await bob.locator('textarea[name="justification"]').fill('The officers no longer travel for the group.');
  });
  expect(await text(bob, 'main table')).not.toContain('travel ban');
  const liftOn = dayIn(5);
  await act(bob, id, 'Lift the designation', 'lift', async () => {
    await bob.locator('input[name="reason"][value="objectives_met"]').check();
    await bob.locator('textarea[name="justification"]').fill('The infrastructure has been dismantled.');
    await fillDate(bob, 'effectiveAt', liftOn);
  }, 'Lift the designation');
  await screenshot(bob, 'designation-lifted');

  // A court finds it, reads its audit trail, downloads the bundle and verifies it.
  const carl = await person('carl', 'Carl Court', ['court']);
  await carl.goto(`${base}/console/designations?q=${encodeURIComponent('Lifecycle Threat')}`);
  await checkAccessibility(carl, 'designations: a court searching');
  await click(carl, 'Lifecycle Threat Group', 'link');
  await Promise.all([carl.waitForEvent('load'), carl.locator('.app-actions a', { hasText: 'Audit trail' }).click()]);
  await checkAccessibility(carl, 'bundle: the purpose asked');
  await carl.getByLabel(/case or proceeding/i).fill('Case T-42/26');
  await click(carl, 'Read the audit trail');
  // The worker signs a checkpoint every 200 ms here; until one covers the lift, the page says so and is read again.
  const root = await eventually(async () => {
    const hash = carl.locator('#root-hash');
    if ((await hash.count()) > 0 && !(await text(carl)).includes('not yet covered')) return (await hash.innerText()).trim();
    await carl.reload();
    return undefined;
  }, 'a checkpoint covering every event', 30_000);
  await checkAccessibility(carl, 'bundle: the page');
  await screenshot(carl, 'bundle');
  const [download] = await Promise.all([carl.waitForEvent('download'), carl.locator('#download').click()]);
  const file = join(dir, 'bundle.json');
  await download.saveAs(file);
  writeFileSync(join(dir, 'jwks.json'), await (await fetch(`${base}/.well-known/jwks.json`)).text());
  const { stdout } = await run(process.execPath, [verifier, file, '--jwks', join(dir, 'jwks.json')]);
  expect(stdout).toContain(`root hash ${root}`);
  expect(JSON.parse(readFileSync(file, 'utf8')).events.map((e: { type: string }) => e.type)).toContain('DesignationLifted');

  // And views it as in force on past and future dates.
  const asOf = async (day: { day: number; month: number; year: number }) => {
    const date = `${day.year}-${String(day.month).padStart(2, '0')}-${String(day.day).padStart(2, '0')}`;
    await carl.goto(`${base}/console/designations/${id}/as-of?date=${date}`);
    return text(carl, '#in-force');
  };
  expect(await asOf(dayIn(-1))).toContain('There was no designation on');
  const today = await asOf(dayIn(0));
  expect(today).toContain('In force');
  expect(today).toContain('asset freeze');
  expect(today).not.toContain('travel ban');
  await checkAccessibility(carl, 'as of a date');
  await screenshot(carl, 'as-of');
  // The form asks for the date as day, month and year, as every form here does.
  await fillDate(carl, 'date', dayIn(10));
  await click(carl, 'Show the designation on this date');
  expect(await text(carl, '#in-force')).toContain('Not in force');

  // The log holds that life, each decision by the person who took it.
  const events = await service.app.get(Designations).events(id);
  expect(events.map((e) => `${e.type} by ${(e.metadata as unknown as { actor: { id: string } }).actor.id}`)).toEqual([
    'DesignationProposed by alice',
    'DesignationIssued by bob',
    'TargetNotified by alice',
    'RepresentationReceived by alice',
    'ExemptionGranted by alice',
    'ReviewCompleted by rita',
    'MeasuresRolledBack by bob',
    'DesignationLifted by bob',
  ]);
  for (const [who, watch] of watches) expect({ who, problems: watch.problems }).toEqual({ who, problems: [] });
  for (const [who, watch] of watches) expect({ who, invalid: await watch.invalidHtml() }).toEqual({ who, invalid: [] });
});
