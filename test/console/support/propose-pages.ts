import type { Page } from 'playwright-core';

/** What a test may want to do on each question page before continuing: look at it (axe, screenshots). */
export type OnPage = (label: string) => Promise<void>;

export interface ProposalAnswers {
  name: string;
  alias?: string;
  sunset: { day: number; month: number; year: number };
  exemptionUntil: { day: number; month: number; year: number };
  ministry: string;
}

const continueButton = (page: Page) => page.getByRole('button', { name: /^(Continue|Save and go back to your answers)$/ });

/** A date typed into the day, month and year fields of the one whose day field is `#<id>`. */
async function fillDate(page: Page, id: string, date: { day: number; month: number; year: number }): Promise<void> {
  await page.locator(`#${id}`).fill(String(date.day));
  await page.locator(`#${id}-month`).fill(String(date.month));
  await page.locator(`#${id}-year`).fill(String(date.year));
}

/** One item of evidence, the `index`th row of the evidence page. */
async function fillEvidence(page: Page, index: number, item: { ref: string; kind: string; classification: string; summary: string }): Promise<void> {
  await page.locator(`#ref-${index}`).fill(item.ref);
  await page.locator(`#kind-${index}`).selectOption(item.kind);
  await page.locator(`#classification-${index}`).selectOption(item.classification);
  await page.locator(`#summary-${index}`).fill(item.summary);
}

/** Clicks and waits for the page the form leads to (works with JavaScript disabled). */
async function submit(page: Page, button = continueButton(page)): Promise<void> {
  await Promise.all([page.waitForEvent('load'), button.click()]);
}

/**
 * Proposes a designation through the ten question pages and the check-your-answers page, as an
 * official would, and returns its id from the confirmation page. `onPage` is called on each page
 * once empty, once with its errors (the first page only) and once filled.
 */
export async function proposeThroughPages(page: Page, baseUrl: string, answers: ProposalAnswers, onPage: OnPage = async () => undefined): Promise<string> {
  await page.goto(`${baseUrl}/console/propose`);
  await onPage('propose: start');
  await submit(page, page.getByRole('button', { name: 'Start now' }));

  // 1. Target: first sent empty, to see the error summary.
  await onPage('propose: target, empty');
  await submit(page);
  await onPage('propose: target, with errors');
  await page.locator('input[name="kind"][value="entity"]').check();
  await page.getByLabel('Name', { exact: true }).fill(answers.name);
  if (answers.alias) await page.getByLabel('Other names (aliases)').fill(answers.alias);
  await page.getByLabel('Country', { exact: true }).fill('XX');
  await page.getByLabel('Identifiers').fill('domain: c2.example');
  await onPage('propose: target, filled');
  await submit(page);

  await page.locator('input[name="category"][value="cyber_espionage"]').check();
  await onPage('propose: category, filled');
  await submit(page);

  await page.locator('#instrument-0').fill('Regulation (EU) 2019/796');
  await page.locator('#provision-0').fill('Art. 3(1)');
  await page.locator('#jurisdiction-0').selectOption('multilateral');
  await onPage('propose: legal basis, filled');
  await submit(page);

  await page.locator('#statementOfReasons').fill('Responsible for intrusions into the networks of several ministries.');
  await onPage('propose: reasons, filled');
  await submit(page);

  await page.locator('input[name="confidence"][value="high"]').check();
  await fillEvidence(page, 0, { ref: 'EV-1', kind: 'technical', classification: 'restricted', summary: 'C2 infrastructure overlap' });
  await fillEvidence(page, 1, { ref: 'EV-2', kind: 'partner_shared', classification: 'secret', summary: 'Partner intelligence report' });
  await page.locator('#corroboratedBy-1').fill('PARTNER-A');
  await onPage('propose: evidence, filled');
  await submit(page);

  await page.locator('input[name="measures"][value="asset_freeze"]').check();
  await page.locator('#description-asset_freeze').fill('Freeze of funds and economic resources');
  await page.locator('#capabilities-asset_freeze').fill('hosting');
  await page.locator('input[name="measures"][value="travel_ban"]').check();
  await page.locator('#description-travel_ban').fill('Entry ban for named officers');
  await onPage('propose: measures, filled');
  await submit(page);

  await page.locator('#escalationCriteria').fill('Renewed intrusions after listing');
  await page.locator('#rollbackConditions').fill('Infrastructure verifiably dismantled\nTravel of officers no longer linked to operations');
  await onPage('propose: conditions, filled');
  await submit(page);

  await page.locator('input[name="reviewInterval"][value="P6M"]').check();
  await fillDate(page, 'sunsetAt', answers.sunset);
  await page.locator('#reviewingMinistries').fill(answers.ministry);
  await onPage('propose: review, filled');
  await submit(page);

  await page.locator('input[name="coordination"][value="coordinated"]').check();
  await page.locator('#partners').fill('PARTNER-A');
  await onPage('propose: coalition, filled');
  await submit(page);

  await page.locator('#exemptionKind-0').selectOption('medicine');
  await page.locator('input[name="measureIds-0"][value="m-asset-freeze"]').check();
  await page.locator('#beneficiary-0').fill('Hospitals in the affected region');
  await page.locator('#conditions-0').fill('Payments for medicine only');
  await page.locator('#oversightBody-0').fill('Financial Intelligence Unit');
  await fillDate(page, 'validUntil-0', answers.exemptionUntil);
  await onPage('propose: exemptions, filled');
  await submit(page);

  await onPage('propose: check your answers');
  await submit(page, page.getByRole('button', { name: 'Propose the designation' }));
  await onPage('propose: confirmation');
  const match = /\/console\/propose\/done\/([0-9a-f-]{36})$/.exec(page.url());
  if (!match) throw new Error(`expected the confirmation page, got ${page.url()}`);
  return match[1];
}

/** A date `days` from now, as the day, month and year a person types. */
export function dayIn(days: number): { day: number; month: number; year: number } {
  const date = new Date(Date.now() + days * 86_400_000);
  return { day: date.getUTCDate(), month: date.getUTCMonth() + 1, year: date.getUTCFullYear() };
}
