import type { Browser } from 'playwright-core';
import { Designations } from '@app/application';
import { launchBrowser, newUser, openUntilShown, signInAs, startConsole, watchPage, type ConsoleApp } from './support/browser';
import { dayIn, proposeThroughPages } from './support/propose-pages';

/**
 * Proposing and approving with JavaScript disabled, in real Chromium: an official answers the
 * question pages, checks the answers and proposes; the proposal is in a second senior official's
 * queue but never in its proposer's own (the four eyes); the second official approves it from the
 * queue; the designation is then active and in the public register, with both officials recorded
 * as its actors. Nothing here needs a script of the page to run.
 */
jest.setTimeout(180_000);

let service: ConsoleApp;
let browser: Browser;

beforeAll(async () => {
  [service, browser] = await Promise.all([startConsole(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await service?.close();
});

it('proposes and approves through pages alone, with JavaScript disabled', async () => {
  const base = service.baseUrl;
  // Sam is an official and a senior official: he may propose, and may not approve his own.
  const sam = await newUser(browser, { javaScriptEnabled: false });
  const samWatch = watchPage(sam.page);
  await signInAs(sam.page, base, { id: 'sam', name: 'Sam Both', roles: ['official', 'senior_official'] });
  const id = await proposeThroughPages(sam.page, base, { name: 'Nojs Threat Group', sunset: dayIn(500), exemptionUntil: dayIn(400), ministry: 'foreign-affairs' });
  await sam.page.getByRole('link', { name: 'View the proposal' }).click();
  await sam.page.waitForURL(`${base}/console/designations/${id}`);
  await expectText(sam.page, 'main', 'proposed');
  // The page's own script (govuk-frontend's enhancements) never ran: it would have marked the body.
  expect(await sam.page.locator('body').getAttribute('class')).not.toContain('js-enabled');

  // Not in Sam's own queue; and opening its approval page directly, the domain refuses him in words.
  await sam.page.goto(`${base}/console/approvals`);
  expect(await sam.page.locator(`a[href="/console/designations/${id}/approve"]`).count()).toBe(0);
  await expectText(sam.page, 'main', '1 proposal of your own is waiting for another senior official');
  await sam.page.goto(`${base}/console/designations/${id}/approve`);
  await Promise.all([sam.page.waitForEvent('load'), sam.page.getByRole('button', { name: 'Approve the designation' }).click()]);
  await expectText(sam.page, '.govuk-error-summary', 'a different senior official must take this decision');

  // Bob, a second senior official, finds it in his queue and approves it.
  const bob = await newUser(browser, { javaScriptEnabled: false });
  const bobWatch = watchPage(bob.page);
  await signInAs(bob.page, base, { id: 'bob', name: 'Bob Senior', roles: ['senior_official'] });
  await openUntilShown(bob.page, `${base}/console/approvals`, `a[href="/console/designations/${id}/approve"]`);
  await Promise.all([bob.page.waitForEvent('load'), bob.page.locator(`a[href="/console/designations/${id}/approve"]`).click()]);
  await expectText(bob.page, 'main', 'Proposed by sam');
  await expectText(bob.page, 'main', 'Responsible for intrusions into the networks of several ministries.');
  await Promise.all([bob.page.waitForURL(`${base}/console/designations/${id}`), bob.page.getByRole('button', { name: 'Approve the designation' }).click()]);
  await expectText(bob.page, '.govuk-notification-banner', 'approved and issued');
  await expectText(bob.page, 'main', 'active');

  // What was recorded: the proposal by Sam, the approval by Bob, both in the history and the log.
  const history = await bob.page.locator('.app-history').innerText();
  expect(history).toMatch(/Designation approved and issued[\s\S]*by bob[\s\S]*Designation proposed[\s\S]*by sam/);
  const events = await service.app.get(Designations).events(id);
  expect(events.map((e) => [e.type, (e.metadata as unknown as { actor: { id: string } }).actor.id])).toEqual([
    ['DesignationProposed', 'sam'],
    ['DesignationIssued', 'bob'],
  ]);
  // In the public register, for anyone.
  await bob.page.goto(`${base}/register?q=nojs`);
  await expectText(bob.page, 'main', 'Nojs Threat Group');

  expect(samWatch.problems).toEqual([]);
  expect(bobWatch.problems).toEqual([]);
  // Every page both saw, the question pages and the error states included, is valid HTML.
  expect(await samWatch.invalidHtml()).toEqual([]);
  expect(await bobWatch.invalidHtml()).toEqual([]);
  await Promise.all([sam.context.close(), bob.context.close()]);
});

async function expectText(page: import('playwright-core').Page, selector: string, text: string): Promise<void> {
  expect(await page.locator(selector).first().innerText()).toContain(text);
}
