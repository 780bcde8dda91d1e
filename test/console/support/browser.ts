import { mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { HtmlValidate } from 'html-validate';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startApiWithWorker, token } from '../../api/support/api-test-app';
import { exampleProposal } from '../../api/support/example-proposal';
import { freePort } from '../../support/free-port';

/**
 * The console's test harness: the real api and worker listening on a loopback port, designations
 * seeded through the JSON API, and Debian's Chromium driven by playwright-core (never a downloaded
 * browser): one browser per test file, one context per user, sign-in through the development form,
 * an axe-core sweep, a watch for console errors and CSP violations, and full-page screenshots.
 */

export const CHROMIUM_PATH = '/usr/bin/chromium';

// ---- The app under test -------------------------------------------------------------------

export interface ConsoleApp {
  app: NestFastifyApplication;
  baseUrl: string;
  close(): Promise<void>;
}

/** The api and the worker over a fresh database, listening on a free loopback port. */
export async function startConsole(env: Record<string, string> = {}): Promise<ConsoleApp> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const started = await startApiWithWorker({ PORT: String(port), PUBLIC_BASE_URL: baseUrl, ...env });
  await started.app.listen(port, '127.0.0.1');
  return { app: started.app, baseUrl, close: started.close };
}

export interface Seeded {
  id: string;
  position: number;
}

/**
 * Proposes a designation as an official and approves it as a senior official (four eyes), then
 * waits until the public register shows it.
 */
export async function seedDesignation(baseUrl: string, overrides: Record<string, unknown> = {}): Promise<Seeded> {
  const [official, senior] = await Promise.all([token('seed-official', ['official']), token('seed-senior', ['senior_official'])]);
  const json = async (path: string, bearer: string, body: unknown, status: number) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (response.status !== status) throw new Error(`POST ${path}: ${response.status} ${text}`);
    return JSON.parse(text) as Seeded;
  };
  const proposed = await json('/designations', official, { ...exampleProposal(), ...overrides }, 201);
  const approved = await json(`/designations/${proposed.id}/approve`, senior, {}, 200);
  const read = await fetch(`${baseUrl}/public/register?minPosition=${approved.position}`);
  if (read.status !== 200) throw new Error(`the public register did not reach position ${approved.position}: ${read.status}`);
  return { id: proposed.id, position: approved.position };
}

// ---- The browser --------------------------------------------------------------------------

/** Chromium, once per test file (close it in afterAll). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

export interface UserOptions {
  /** false: the page's own scripts never run (progressive enhancement must not be needed). */
  javaScriptEnabled?: boolean;
}

/** Contexts made with JavaScript disabled, where page.evaluate never settles (so axe cannot run). */
const withoutJavaScript = new WeakSet<BrowserContext>();

/** A new browser context (its own cookies, so its own session) and a page in it: one per user. */
export async function newUser(browser: Browser, { javaScriptEnabled = true }: UserOptions = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ javaScriptEnabled, viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1, locale: 'en-GB' });
  if (!javaScriptEnabled) withoutJavaScript.add(context);
  const page = await context.newPage();
  return { context, page };
}

export interface ConsoleUserSpec {
  id: string;
  name: string;
  roles: ('official' | 'senior_official' | 'reviewer' | 'court')[];
  ministry?: string;
}

/** Signs in through the development sign-in form, as a person would, and waits for the home page. */
export async function signInAs(page: Page, baseUrl: string, user: ConsoleUserSpec): Promise<void> {
  await page.goto(`${baseUrl}/console/sign-in`);
  await page.getByLabel('User id').fill(user.id);
  await page.getByLabel('Your name').fill(user.name);
  for (const role of user.roles) await page.locator(`input[name="roles"][value="${role}"]`).check();
  if (user.ministry) await page.getByLabel('Ministry (for reviewers)').fill(user.ministry);
  await Promise.all([page.waitForURL(`${baseUrl}/console`), page.getByRole('button', { name: 'Sign in' }).click()]);
}

// ---- What the page did wrong --------------------------------------------------------------

export interface PageWatch {
  /** Console errors (CSP violations included), uncaught page errors and failed subresource loads, as text. */
  readonly problems: string[];
  /** Only the Content Security Policy violations Chromium reported. */
  readonly cspViolations: string[];
  /** Forgets what was seen so far (for instance after a deliberate visit to an error page). */
  clear(): void;
  /**
   * Every HTML document the page received, as the server sent it, checked against the HTML
   * standard by html-validate (its `standard` rules: conformance, not style): the problems found,
   * as `<url> line <n>: <rule>: <message>` lines.
   */
  invalidHtml(): Promise<string[]>;
}

const htmlValidator = new HtmlValidate({ extends: ['html-validate:standard'] });

/**
 * Records what a clean page never produces. Chromium reports CSP violations as console errors
 * mentioning "Content Security Policy". A page whose own status is an error (a 404 page, a form
 * shown again with 400) makes Chromium log "Failed to load resource" for the document; that is the
 * page working, so only subresources' failures count.
 */
export function watchPage(page: Page): PageWatch {
  const problems: string[] = [];
  const cspViolations: string[] = [];
  const documents = new Set<string>();
  const received: Promise<{ url: string; html: string } | undefined>[] = [];
  page.on('response', (response) => {
    const request = response.request();
    if (request.resourceType() === 'document') {
      documents.add(response.url());
      // A redirect has no body to read; a download is not a page.
      if ((response.headers()['content-type'] ?? '').startsWith('text/html') && response.status() !== 303) {
        received.push(response.text().then((html) => ({ url: response.url(), html }), () => undefined));
      }
    }
    else if (response.status() >= 400) problems.push(`${response.status()} for ${request.resourceType()} ${response.url()}`);
  });
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.resourceType()} ${request.url()} (${request.failure()?.errorText})`));
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    const text = message.text();
    if (/Content Security Policy/i.test(text)) {
      cspViolations.push(text);
      problems.push(`CSP violation: ${text}`);
      return;
    }
    if (message.type() !== 'error') return;
    const where = message.location().url;
    if (/^Failed to load resource: the server responded with a status of [45]\d\d/.test(text) && documents.has(where)) return;
    problems.push(`console error: ${text}${where ? ` (${where})` : ''}`);
  });
  return {
    problems,
    cspViolations,
    clear() {
      problems.length = 0;
      cspViolations.length = 0;
    },
    async invalidHtml() {
      const found: string[] = [];
      for (const page of await Promise.all(received)) {
        if (!page) continue;
        const report = await htmlValidator.validateString(page.html);
        for (const message of report.results.flatMap((result) => result.messages)) found.push(`${page.url} line ${message.line}: ${message.ruleId}: ${message.message}`);
      }
      return found;
    },
  };
}

// ---- Accessibility ------------------------------------------------------------------------

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
let axeSource: string | undefined;

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: string[]; failureSummary?: string; html: string }[];
}

/**
 * Runs axe-core over the page as it is now and fails with a readable list of its serious and
 * critical violations. The source is evaluated through DevTools, which the page's CSP does not
 * govern (the CSP itself stays on: no bypassCSP). Returns every violation, minor ones included.
 */
export async function checkAccessibility(page: Page, label: string): Promise<AxeViolation[]> {
  if (withoutJavaScript.has(page.context())) throw new Error(`checkAccessibility("${label}"): axe needs JavaScript, and this context has it disabled; sweep the page in a context with JavaScript enabled`);
  axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  const loaded = await page.evaluate(() => typeof (globalThis as { axe?: unknown }).axe === 'object');
  if (!loaded) await page.evaluate(axeSource);
  const violations = await page.evaluate(async (tags) => {
    const axe = (globalThis as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: tags, resultTypes: ['violations'] });
    return result.violations.map(({ id, impact, help, helpUrl, nodes }) => ({
      id,
      impact: impact ?? null,
      help,
      helpUrl,
      nodes: nodes.map(({ target, failureSummary, html }) => ({ target: target.map(String), failureSummary, html })),
    }));
  }, AXE_TAGS);
  const blocking = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (blocking.length > 0) {
    const list = blocking
      .map((v) => `- [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n${v.nodes.map((n) => `    at ${n.target.join(' ')}: ${n.html}\n      ${(n.failureSummary ?? '').replace(/\n/g, '\n      ')}`).join('\n')}`)
      .join('\n');
    throw new Error(`Accessibility violations on "${label}" (${page.url()}):\n${list}`);
  }
  return violations;
}

// ---- Screenshots --------------------------------------------------------------------------

export const SCREENSHOTS_DIR = process.env.CONSOLE_SCREENSHOTS ?? join(tmpdir(), 'console-screenshots');

/** A full-page PNG at `<SCREENSHOTS_DIR>/<name>.png`; returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  const path = join(SCREENSHOTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * Opens `url` and reloads it until `selector` is on it (at most `timeoutMs`), as a person refreshes
 * a list that comes from the read models, which follow the log a moment behind another person's
 * command (a user's own commands are waited for by the page itself).
 */
export async function openUntilShown(page: Page, url: string, selector: string, timeoutMs = 10_000): Promise<void> {
  await page.goto(url);
  const deadline = Date.now() + timeoutMs;
  while ((await page.locator(selector).count()) === 0) {
    if (Date.now() > deadline) throw new Error(`${selector} never appeared on ${url}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await page.reload();
  }
}
